/**
 * The segment of a member for the staff's member 360° view, from facts the data layer reads in one query for a
 * whole page of members. Plain rules, no I/O: "days ago" are counted by the caller from the brand-time day.
 *
 * Segments (first match wins, see SEGMENT_ORDER):
 *  - at_risk:  at least one post of theirs in the last 14 days is negative (a moderator's correction wins over
 *              the scorer) and no staff member has replied in that thread after it. First, because it is the
 *              one segment that asks staff to act, and it must not hide behind "champion" or "loyal".
 *  - champion: confirmed community champion (users.isChampion).
 *  - new:      joined less than 30 days ago, or fewer than 3 posts (questions + answers) in total.
 *  - loyal:    a regular contributor for 90+ days: active (asked, answered or voted: member_activity_daily) in at
 *              least 6 of the last 13 weeks (91 days), and in each of the three 30-day periods of the last 90 days
 *              (days 0–29, 30–59, 60–89 ago), so the activity spans the whole 90 days.
 *  - engaged:  active in the last 30 days.
 *  - inactive: none of the above (an established member who has gone quiet). The issue names five segments;
 *              this sixth one keeps every member in exactly one segment.
 */
export const SEGMENT_RULES = {
  atRiskDays: 14,
  newJoinedDays: 30,
  /** "Fewer than 3 posts" = at most 2. */
  newMaxPosts: 2,
  loyalWindowWeeks: 13,
  loyalMinWeeks: 6,
  loyalPeriodDays: 30,
  loyalPeriods: 3,
  engagedDays: 30,
} as const;

export const SEGMENT_ORDER = ["at_risk", "champion", "new", "loyal", "engaged", "inactive"] as const;
export type Segment = (typeof SEGMENT_ORDER)[number];

export const isSegment = (v: unknown): v is Segment =>
  typeof v === "string" && (SEGMENT_ORDER as readonly string[]).includes(v);

export interface MemberFacts {
  /** Whole days since the member joined. */
  joinedDaysAgo: number;
  /** Questions + answers written. */
  posts: number;
  isChampion: boolean;
  /** Days with activity within the loyal window, as "days ago" (0 = today); any order, duplicates allowed. */
  activeDaysAgo: number[];
  /** Negative posts of the last 14 days with no staff reply after them in their thread. */
  negativeUnanswered: number;
}

export type SegmentReason =
  | { segment: "at_risk"; negativeUnanswered: number; days: number }
  | { segment: "champion" }
  | { segment: "new"; why: "joined"; joinedDaysAgo: number }
  | { segment: "new"; why: "few_posts"; posts: number }
  | { segment: "loyal"; activeWeeks: number; windowWeeks: number }
  | { segment: "engaged"; lastActiveDaysAgo: number }
  | { segment: "inactive"; lastActiveDaysAgo: number | null };

/** Distinct weeks (0 = the last 7 days) with activity inside the loyal window. */
export function activeWeeks(activeDaysAgo: number[]): number {
  const limit = SEGMENT_RULES.loyalWindowWeeks * 7;
  return new Set(activeDaysAgo.filter((d) => d >= 0 && d < limit).map((d) => Math.floor(d / 7))).size;
}

function isLoyal(activeDaysAgo: number[]): boolean {
  const r = SEGMENT_RULES;
  if (activeWeeks(activeDaysAgo) < r.loyalMinWeeks) return false;
  for (let p = 0; p < r.loyalPeriods; p++) {
    const from = p * r.loyalPeriodDays;
    if (!activeDaysAgo.some((d) => d >= from && d < from + r.loyalPeriodDays)) return false;
  }
  return true;
}

/** The member's segment and why, in the precedence order documented above. */
export function memberSegment(f: MemberFacts): SegmentReason {
  const r = SEGMENT_RULES;
  const recent = f.activeDaysAgo.filter((d) => d >= 0);
  const last = recent.length ? Math.min(...recent) : null;
  if (f.negativeUnanswered > 0)
    return { segment: "at_risk", negativeUnanswered: f.negativeUnanswered, days: r.atRiskDays };
  if (f.isChampion) return { segment: "champion" };
  if (f.joinedDaysAgo < r.newJoinedDays)
    return { segment: "new", why: "joined", joinedDaysAgo: f.joinedDaysAgo };
  if (f.posts <= r.newMaxPosts) return { segment: "new", why: "few_posts", posts: f.posts };
  if (isLoyal(recent))
    return { segment: "loyal", activeWeeks: activeWeeks(recent), windowWeeks: r.loyalWindowWeeks };
  if (last !== null && last < r.engagedDays) return { segment: "engaged", lastActiveDaysAgo: last };
  return { segment: "inactive", lastActiveDaysAgo: last };
}

// ---------------------------------------------------------------------------------------------------------
// Sentiment trend of a member's posts

export const TREND_RULES = {
  weeks: 12,
  /** Each half (6 weeks) needs this many labelled posts before a direction is claimed. */
  minPostsPerHalf: 3,
  /** Change of the net share (pos − neg) / all between the halves that counts as a change. */
  minChange: 0.15,
} as const;

export interface WeekCounts {
  pos: number;
  neg: number;
  neu: number;
}

export type TrendDirection = "improving" | "worsening" | "stable" | "insufficient";

export interface SentimentTrend {
  direction: TrendDirection;
  /** Net share of the earlier and the recent 6 weeks, null when the half has no posts. */
  earlierNet: number | null;
  recentNet: number | null;
  totals: WeekCounts;
}

const net = (c: WeekCounts) => {
  const all = c.pos + c.neg + c.neu;
  return all === 0 ? null : (c.pos - c.neg) / all;
};
const sum = (ws: WeekCounts[]): WeekCounts =>
  ws.reduce((a, w) => ({ pos: a.pos + w.pos, neg: a.neg + w.neg, neu: a.neu + w.neu }), {
    pos: 0,
    neg: 0,
    neu: 0,
  });

/** Weekly counts, oldest first (missing weeks count as empty), to a direction: recent 6 weeks vs the 6 before. */
export function sentimentTrend(weeks: WeekCounts[]): SentimentTrend {
  const r = TREND_RULES;
  const padded = [
    ...Array<WeekCounts>(Math.max(0, r.weeks - weeks.length)).fill({ pos: 0, neg: 0, neu: 0 }),
    ...weeks,
  ].slice(-r.weeks);
  const half = r.weeks / 2;
  const earlier = sum(padded.slice(0, half));
  const recent = sum(padded.slice(half));
  const earlierNet = net(earlier);
  const recentNet = net(recent);
  const totals = sum(padded);
  const count = (c: WeekCounts) => c.pos + c.neg + c.neu;
  if (
    count(earlier) < r.minPostsPerHalf ||
    count(recent) < r.minPostsPerHalf ||
    earlierNet === null ||
    recentNet === null
  )
    return { direction: "insufficient", earlierNet, recentNet, totals };
  const change = recentNet - earlierNet;
  const direction: TrendDirection =
    change >= r.minChange - 1e-9 ? "improving" : change <= -r.minChange + 1e-9 ? "worsening" : "stable";
  return { direction, earlierNet, recentNet, totals };
}
