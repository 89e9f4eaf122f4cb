/**
 * When a board is "at risk" over a period (shown with the rule in the command center):
 *  - high_negative: at least `highNegativeShare` of its posts are negative (with at least `minPosts` posts);
 *  - rising_negative: its negative share rose by at least `risingPoints` (0.10 = 10 percentage points) over
 *    the previous period (with at least `minPosts` posts now);
 *  - unanswered: at least `unansweredThreads` questions asked in the period waited over
 *    `unansweredAfterHours` with no reply.
 */
export const AT_RISK_RULES = {
  minPosts: 5,
  highNegativeShare: 0.3,
  risingPoints: 0.1,
  unansweredThreads: 3,
  unansweredAfterHours: 24,
} as const;

export type AtRiskReason = "high_negative" | "rising_negative" | "unanswered";

export function atRiskReasons(b: {
  posts: number;
  negShare: number | null;
  previousPosts: number;
  previousNegShare: number | null;
  unansweredOver24h: number;
}): AtRiskReason[] {
  const r = AT_RISK_RULES;
  const reasons: AtRiskReason[] = [];
  const enough = b.posts >= r.minPosts && b.negShare !== null;
  if (enough && b.negShare! >= r.highNegativeShare) reasons.push("high_negative");
  // Rising needs a previous period to rise from.
  if (enough && b.previousNegShare !== null && b.negShare! - b.previousNegShare >= r.risingPoints - 1e-9)
    reasons.push("rising_negative");
  if (b.unansweredOver24h >= r.unansweredThreads) reasons.push("unanswered");
  return reasons;
}
