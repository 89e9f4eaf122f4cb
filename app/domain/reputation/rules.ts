/**
 * The reputation rule book: points per event, caps, anti-gaming thresholds, privileges and ranks.
 * Everything a brand may tune lives in this one file; the services only apply what it decides.
 */

export const REPUTATION = {
  /** A new member starts with this many points (a ledger row "signup"). */
  start: 1,
  /** Reputation never goes below this. */
  floor: 1,
  questionUpvoted: 5,
  answerUpvoted: 10,
  answerAccepted: 15,
  acceptedSomeonesAnswer: 2,
  postDownvoted: -2,
  downvoteCastOnAnswer: -1,
  removedAsSpam: -100,
  /** At most this many points a day from upvotes (accepted answers are not capped). */
  dailyUpvoteCap: 200,
  /** Votes from members below this reputation move the score but award nothing. */
  minVoterReputationToAward: 15,
  /** More than this many upvotes from one member to one author within the window are reversed. */
  serialVoteLimit: 5,
  serialVoteWindowHours: 24,
  /** "Days" (caps, streaks) follow the brand's time zone, UTC+7, which has no daylight saving. */
  dayOffsetMinutes: 7 * 60,
} as const;

/** Why a ledger row exists. Reversals carry the same reason with the opposite sign, except serial-vote ones. */
export const LEDGER_REASONS = [
  "signup",
  "question_upvoted",
  "answer_upvoted",
  "post_downvoted",
  "downvote_cast",
  "answer_accepted",
  "accepted_answer",
  "serial_vote_reversal",
  "removed_as_spam",
  /** A staff member's manual correction (and test set-up); never automatic. */
  "adjustment",
] as const;
export type LedgerReason = (typeof LEDGER_REASONS)[number];

/** Reasons whose points count against the daily upvote cap. */
export const CAPPED_REASONS: readonly LedgerReason[] = [
  "question_upvoted",
  "answer_upvoted",
  "serial_vote_reversal",
];

export const PRIVILEGES = [
  { key: "upvote", min: 1 },
  { key: "flag", min: 15 },
  { key: "downvote", min: 125 },
  { key: "edit_tags", min: 500 },
  { key: "edit_posts", min: 2000 },
] as const;
export type Privilege = (typeof PRIVILEGES)[number]["key"];

export const RANKS = [
  { key: "newcomer", min: 1, en: "Newcomer", vi: "Thành viên mới" },
  { key: "member", min: 50, en: "Member", vi: "Thành viên" },
  { key: "contributor", min: 200, en: "Contributor", vi: "Cộng tác viên" },
  { key: "advisor", min: 1_000, en: "Advisor", vi: "Cố vấn" },
  { key: "expert", min: 3_000, en: "Expert", vi: "Chuyên gia" },
  { key: "legend", min: 10_000, en: "Legend", vi: "Huyền thoại" },
] as const;
export type RankKey = (typeof RANKS)[number]["key"];

export const CHAMPIONS = {
  /** Accepted answers (on other members' questions) within the window to become a candidate. */
  minAcceptedAnswers: 10,
  windowDays: 90,
  /** Any removal as spam/abuse in the window disqualifies. */
  maxSpamRemovals: 0,
} as const;
