import { AppError } from "../shared/app-error";
import { PRIVILEGES, RANKS, REPUTATION, type LedgerReason, type Privilege, type RankKey } from "./rules";

export interface LedgerEntry {
  userId: string;
  points: number;
  reason: LedgerReason;
  postId: number | null;
  actorId: string | null;
}

/** The member's rank for a reputation total. */
export function rankFor(reputation: number): { key: RankKey; en: string; vi: string; min: number } {
  let rank: (typeof RANKS)[number] = RANKS[0];
  for (const r of RANKS) if (reputation >= r.min) rank = r;
  return rank;
}

export function nextRank(reputation: number) {
  return RANKS.find((r) => r.min > reputation) ?? null;
}

export function privilegesFor(reputation: number, staff = false): Privilege[] {
  return PRIVILEGES.filter((p) => staff || reputation >= p.min).map((p) => p.key);
}

export function nextPrivilege(reputation: number) {
  return PRIVILEGES.find((p) => reputation < p.min) ?? null;
}

export function privilegeThreshold(privilege: Privilege): number {
  return PRIVILEGES.find((p) => p.key === privilege)!.min;
}

/** Throws a 403-kind error naming the threshold when the member lacks the privilege. Staff always pass. */
export function requirePrivilege(actor: { reputation: number; role: string }, privilege: Privilege) {
  if (actor.role === "moderator" || actor.role === "admin") return;
  const min = privilegeThreshold(privilege);
  if (actor.reputation < min) {
    throw new AppError(
      "forbidden",
      `privilege_${privilege}`,
      `You need ${min} reputation to ${privilege.replace("_", " ")} (you have ${actor.reputation})`,
      { privilege: String(min) },
    );
  }
}

/**
 * Applies the floor: a change that would take the total below the floor is reduced so it lands on it.
 * The ledger records the applied points, so the total always equals the ledger's sum.
 */
export function applyFloor(currentTotal: number, points: number): number {
  if (points >= 0) return points;
  return Math.max(points, Math.min(0, REPUTATION.floor - currentTotal));
}

/** How much of an upvote award fits under today's cap. */
export function capUpvoteAward(points: number, alreadyToday: number): number {
  if (points <= 0) return points;
  return Math.max(0, Math.min(points, REPUTATION.dailyUpvoteCap - alreadyToday));
}

export interface VoteAwardInput {
  voteValue: 1 | -1;
  postIsQuestion: boolean;
  voterReputation: number;
  /** Points the author already earned today from capped reasons. */
  authorUpvotePointsToday: number;
}

/**
 * Points a new vote gives the post's author (before the floor), and the points it costs the voter.
 * Low-reputation voters move the score but award nothing.
 */
export function voteAward(i: VoteAwardInput): { author: number; voter: number; reason: LedgerReason } {
  if (i.voteValue === 1) {
    const reason: LedgerReason = i.postIsQuestion ? "question_upvoted" : "answer_upvoted";
    if (i.voterReputation < REPUTATION.minVoterReputationToAward) return { author: 0, voter: 0, reason };
    const base = i.postIsQuestion ? REPUTATION.questionUpvoted : REPUTATION.answerUpvoted;
    return { author: capUpvoteAward(base, i.authorUpvotePointsToday), voter: 0, reason };
  }
  const voterCost = i.postIsQuestion ? 0 : REPUTATION.downvoteCastOnAnswer;
  if (i.voterReputation < REPUTATION.minVoterReputationToAward) {
    return { author: 0, voter: voterCost, reason: "post_downvoted" };
  }
  return { author: REPUTATION.postDownvoted, voter: voterCost, reason: "post_downvoted" };
}

/** True when this upvote (counting it) is beyond the serial-voting limit for this voter→author pair. */
export function isSerialVote(upvotesToAuthorInWindowIncludingThis: number): boolean {
  return upvotesToAuthorInWindowIncludingThis > REPUTATION.serialVoteLimit;
}

/** Accepting: the answer's author and the asker both earn, unless they are the same person. */
export function acceptAward(askerId: string, answerAuthorId: string): { author: number; asker: number } {
  if (askerId === answerAuthorId) return { author: 0, asker: 0 };
  return { author: REPUTATION.answerAccepted, asker: REPUTATION.acceptedSomeonesAnswer };
}

/** The calendar day (YYYY-MM-DD) of an instant in the brand's time zone. */
export function dayKey(at: Date): string {
  return new Date(at.getTime() + REPUTATION.dayOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** Start of the brand-time day containing `at`, as an instant. */
export function dayStart(at: Date): Date {
  const key = dayKey(at);
  return new Date(Date.parse(`${key}T00:00:00Z`) - REPUTATION.dayOffsetMinutes * 60_000);
}

/** Visit streak after a visit on `today`, given the last visit day and the streak then. */
export function nextStreak(lastDay: string | null, streak: number, today: string): number {
  if (lastDay === today) return Math.max(streak, 1);
  if (lastDay) {
    const prev = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    if (lastDay === prev) return streak + 1;
  }
  return 1;
}

export type LeaderboardPeriod = "week" | "month" | "all";

/** First day (brand time) of the calendar week (Monday) or month containing `at`; "all" has one period. */
export function periodStart(kind: LeaderboardPeriod, at: Date): string {
  if (kind === "all") return "1970-01-01";
  const day = dayKey(at);
  if (kind === "month") return `${day.slice(0, 8)}01`;
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(d.getTime() - weekday * 86_400_000).toISOString().slice(0, 10);
}
