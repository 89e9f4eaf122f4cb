/**
 * Flags and the review queue, as rules: which reasons a member may give, when flags hide a post at once,
 * and what each moderator outcome does to the post, to its open flags and to the flaggers' accuracy record.
 */
import { AppError } from "../shared/app-error";

export const FLAG_REASONS = ["spam", "abusive", "off_topic", "needs_staff"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
export const isFlagReason = (v: unknown): v is FlagReason =>
  typeof v === "string" && (FLAG_REASONS as readonly string[]).includes(v);

export type PostModerationState = "visible" | "pending" | "hidden" | "rejected";
export type ModerationReason = "flags" | "moderator" | "premoderation_board" | "premoderation_new_member";
export type ReviewKind = "flagged" | "pending";

/**
 * Flags hide a post at once when this many distinct members have open flags on it. Only a visible post is
 * hidden this way: a pending, rejected or already hidden post keeps its state (and its reason).
 */
export function hiddenByFlags(p: {
  distinctOpenFlags: number;
  threshold: number;
  state: PostModerationState;
}): boolean {
  return p.state === "visible" && p.distinctOpenFlags >= Math.max(1, p.threshold);
}

export const REVIEW_OUTCOMES = [
  "approve",
  "hide",
  "delete_spam",
  "delete_abuse",
  "dismiss",
  "reject",
] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const isReviewOutcome = (v: unknown): v is ReviewOutcome =>
  typeof v === "string" && (REVIEW_OUTCOMES as readonly string[]).includes(v);

/** What the moderator may do with each kind of item. */
export const OUTCOMES_BY_KIND: Record<ReviewKind, readonly ReviewOutcome[]> = {
  flagged: ["approve", "hide", "delete_spam", "delete_abuse", "dismiss"],
  pending: ["approve", "reject", "delete_spam", "delete_abuse"],
};

/** The stored resolution of a review item for each outcome. */
export const RESOLUTION: Record<ReviewOutcome, string> = {
  approve: "approved",
  hide: "hidden",
  delete_spam: "deleted_spam",
  delete_abuse: "deleted_abuse",
  dismiss: "dismissed",
  reject: "rejected",
};

export interface ReviewDecision {
  /** The post's moderation state afterwards (a deleted post keeps its state: deletedAt hides it). */
  state: PostModerationState;
  reason: ModerationReason | null;
  /** Open flags on the post become upheld or dismissed (each flagger's accuracy moves accordingly). */
  flags: "upheld" | "dismissed";
  /** The post becomes public for the first time: counters, response times, badges apply now. */
  publish: boolean;
  /** Remove the post (soft delete) with the reputation penalty. */
  removal: "spam" | "abuse" | null;
  /** A question's thread follows its question's state. */
  threadState: "visible" | "pending" | "hidden";
}

const threadStateOf = (s: PostModerationState): ReviewDecision["threadState"] =>
  s === "visible" ? "visible" : s === "pending" ? "pending" : "hidden";

/**
 * Decides what a review outcome does. Throws rule_violated for an outcome that does not fit the item
 * (rejecting a flagged post, dismissing flags on a post awaiting approval).
 */
export function decideReview(
  kind: ReviewKind,
  outcome: ReviewOutcome,
  post: { state: PostModerationState; reason: string | null },
): ReviewDecision {
  if (!OUTCOMES_BY_KIND[kind].includes(outcome)) {
    throw new AppError(
      "rule_violated",
      "review_outcome_invalid",
      `A ${kind} post cannot be given "${outcome}"`,
    );
  }
  const pending = post.state === "pending";
  const keep = { state: post.state, reason: (post.reason as ModerationReason | null) ?? null };
  let d: Omit<ReviewDecision, "threadState">;
  switch (outcome) {
    case "approve":
      d = { state: "visible", reason: null, flags: "dismissed", publish: pending, removal: null };
      break;
    case "dismiss":
      // Dismissing flags restores a post the flags had hidden; a moderator's own hiding stays.
      d =
        post.state === "hidden" && post.reason === "flags"
          ? { state: "visible", reason: null, flags: "dismissed", publish: false, removal: null }
          : { ...keep, flags: "dismissed", publish: false, removal: null };
      break;
    case "hide":
      d = { state: "hidden", reason: "moderator", flags: "upheld", publish: false, removal: null };
      break;
    case "reject":
      d = { state: "rejected", reason: keep.reason, flags: "upheld", publish: false, removal: null };
      break;
    case "delete_spam":
    case "delete_abuse":
      d = {
        // A pending post that is deleted never becomes public: it stays out of every count.
        state: pending ? "rejected" : "hidden",
        reason: "moderator",
        flags: "upheld",
        publish: false,
        removal: outcome === "delete_spam" ? "spam" : "abuse",
      };
      break;
  }
  return { ...d, threadState: threadStateOf(d.state) };
}

/** A flagger's accuracy as shown on their profile and in the queue: null until a moderator ruled on a flag. */
export function flagAccuracy(r: { upheld: number; dismissed: number }): {
  percent: number | null;
  decided: number;
} {
  const decided = Math.max(0, r.upheld) + Math.max(0, r.dismissed);
  if (decided === 0) return { percent: null, decided: 0 };
  return { percent: Math.round((Math.max(0, r.upheld) * 100) / decided), decided };
}

/** The reasons of a post's open flags, most frequent first (ties in catalogue order), for the author's banner. */
export function flagReasonsSummary(reasons: readonly string[]): FlagReason[] {
  const counts = new Map<FlagReason, number>();
  for (const r of reasons) if (isFlagReason(r)) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || FLAG_REASONS.indexOf(a[0]) - FLAG_REASONS.indexOf(b[0]))
    .map(([r]) => r);
}
