/**
 * Badges as data: each has a tier and a rule over a member's stats. Awarding is idempotent (a badge is
 * held once); the rule texts shown on the badges page are the i18n keys badges.<slug>.rule.
 */

export type BadgeTier = "bronze" | "silver" | "gold";

/** What the rules look at; kept as counters on the member's row, updated in the same transaction. */
export interface BadgeStats {
  questionCount: number;
  answerCount: number;
  acceptedCount: number;
  upvotesCast: number;
  downvotesCast: number;
  flagsCast: number;
  editsMade: number;
  /** Times this member accepted another member's answer on their own question. */
  acceptsGiven: number;
  /** Newcomers' first questions this member answered within an hour. */
  welcomes: number;
  bestAnswerScore: number;
  bestQuestionScore: number;
  bestAcceptedScore: number;
  streakDays: number;
  reputation: number;
  isChampion: boolean;
}

export interface BadgeDef {
  slug: string;
  tier: BadgeTier;
  earned: (s: BadgeStats) => boolean;
}

export const BADGES: readonly BadgeDef[] = [
  // Bronze: the first steps of helping.
  { slug: "first-question", tier: "bronze", earned: (s) => s.questionCount >= 1 },
  { slug: "first-answer", tier: "bronze", earned: (s) => s.answerCount >= 1 },
  { slug: "first-solution", tier: "bronze", earned: (s) => s.acceptedCount >= 1 },
  { slug: "supporter", tier: "bronze", earned: (s) => s.upvotesCast >= 1 },
  { slug: "critic", tier: "bronze", earned: (s) => s.downvotesCast >= 1 },
  { slug: "scholar", tier: "bronze", earned: (s) => s.acceptsGiven >= 1 },
  { slug: "welcomer", tier: "bronze", earned: (s) => s.welcomes >= 1 },
  { slug: "citizen-patrol", tier: "bronze", earned: (s) => s.flagsCast >= 1 },
  { slug: "editor", tier: "bronze", earned: (s) => s.editsMade >= 1 },
  { slug: "nice-question", tier: "bronze", earned: (s) => s.bestQuestionScore >= 5 },
  { slug: "streak-7", tier: "bronze", earned: (s) => s.streakDays >= 7 },
  // Silver: sustained, visible help.
  { slug: "helpful", tier: "silver", earned: (s) => s.bestAnswerScore >= 10 },
  { slug: "enlightened", tier: "silver", earned: (s) => s.bestAcceptedScore >= 5 },
  { slug: "good-question", tier: "silver", earned: (s) => s.bestQuestionScore >= 10 },
  { slug: "mentor", tier: "silver", earned: (s) => s.welcomes >= 10 },
  { slug: "problem-solver", tier: "silver", earned: (s) => s.acceptedCount >= 25 },
  { slug: "streak-30", tier: "silver", earned: (s) => s.streakDays >= 30 },
  // Gold: the community's pillars.
  { slug: "great-answer", tier: "gold", earned: (s) => s.bestAnswerScore >= 25 },
  { slug: "guru", tier: "gold", earned: (s) => s.acceptedCount >= 100 },
  { slug: "legend", tier: "gold", earned: (s) => s.reputation >= 10_000 },
  { slug: "champion", tier: "gold", earned: (s) => s.isChampion },
];

export const BADGE_BY_SLUG = new Map(BADGES.map((b) => [b.slug, b]));

/** Badges the stats qualify for that are not held yet (never revoked here; champion is handled apart). */
export function newlyEarned(stats: BadgeStats, held: ReadonlySet<string>): BadgeDef[] {
  return BADGES.filter((b) => !held.has(b.slug) && b.earned(stats));
}

export const EMPTY_STATS: BadgeStats = {
  questionCount: 0,
  answerCount: 0,
  acceptedCount: 0,
  upvotesCast: 0,
  downvotesCast: 0,
  flagsCast: 0,
  editsMade: 0,
  acceptsGiven: 0,
  welcomes: 0,
  bestAnswerScore: 0,
  bestQuestionScore: 0,
  bestAcceptedScore: 0,
  streakDays: 0,
  reputation: 1,
  isChampion: false,
};

/** "Answered a newcomer's first question within an hour." */
export function isWelcome(i: {
  questionIsAuthorsFirst: boolean;
  questionAuthorId: string;
  answererId: string;
  questionAt: Date;
  answerAt: Date;
}): boolean {
  return (
    i.questionIsAuthorsFirst &&
    i.questionAuthorId !== i.answererId &&
    i.answerAt.getTime() - i.questionAt.getTime() <= 3_600_000
  );
}
