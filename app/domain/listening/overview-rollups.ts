// The arithmetic of the command center's rollups (app/data/overview.server.ts): they let a period's figures be
// read from one row per day, however many posts, threads or members the period holds.
//
// 1. Durations (time to first response, time to resolution) are kept per day as histograms over a fixed grid
//    of "nice" values: every second below 2 minutes, then steps that grow with the duration (5 s from 5 min,
//    1 min from 1 h, 3 min from 3 h, 10 min from 10 h, …), so a duration is stored within 1 % of itself
//    (within half a second below 2 minutes) and round durations (10 min, 1 h, 4 h, 30 h) exactly. A median
//    over any days is then the median of the summed histogram.
// 2. Distinct active members over a window of days: each member's activity on a day is counted with its gap,
//    the days since the member's previous active day. A member is counted in a window [A, B] exactly once: on
//    their first active day d in it, i.e. the day whose gap reaches before A (gap > d − A). Each day keeps
//    s[k] = members active that day with gap > k (k = 0 … MEMBER_GAP_DAYS − 1), so the window's count is the
//    sum over its days d of s[d − A]: one number per day.

/** The duration grid: [from, step] in seconds; a segment runs to the next one's `from` (the last one forever). */
export const DURATION_GRID: readonly (readonly [number, number])[] = [
  [0, 1],
  [120, 2],
  [300, 5],
  [600, 10],
  [1_800, 30],
  [3_600, 60],
  [10_800, 180],
  [36_000, 600],
  [108_000, 1_800],
  [345_600, 5_400],
  [1_209_600, 21_600],
  [3_888_000, 64_800],
  [15_552_000, 172_800],
  [31_104_000, 604_800],
];

/** Index of each segment's first bucket. */
const OFFSETS: number[] = (() => {
  const out = [0];
  for (let i = 1; i < DURATION_GRID.length; i++) {
    const [from, step] = DURATION_GRID[i - 1]!;
    out.push(out[i - 1]! + (DURATION_GRID[i]![0] - from) / step);
  }
  return out;
})();

/**
 * The bucket of a duration: the nearest grid value (halves round up). Negative durations (clock skew) count
 * as 0. The same arithmetic as the SQL function duration_bucket (db/migrations/0010), so rollups rebuilt in
 * SQL and rows written by the app agree.
 */
export function durationBucket(seconds: number): number {
  const s = seconds > 0 ? seconds : 0;
  let i = DURATION_GRID.length - 1;
  while (s < DURATION_GRID[i]![0]) i--;
  const [from, step] = DURATION_GRID[i]!;
  return OFFSETS[i]! + Math.floor((s - from) / step + 0.5);
}

/** The duration (seconds) a bucket stands for. */
export function bucketSeconds(bucket: number): number {
  let i = DURATION_GRID.length - 1;
  while (bucket < OFFSETS[i]!) i--;
  const [from, step] = DURATION_GRID[i]!;
  return from + (bucket - OFFSETS[i]!) * step;
}

/** Grid segments as SQL VALUES rows (from, step, first bucket), for duration_bucket's definition. */
export const durationGridRows = () =>
  DURATION_GRID.map(([from, step], i) => [from, step, OFFSETS[i]!] as const);

/**
 * The median of the durations a histogram holds (counts[bucket], missing = 0), as percentile_cont(0.5) would
 * give it over the bucket values: the middle value, or the mean of the two middle values. null when empty.
 */
export function histogramMedian(counts: ArrayLike<number>): number | null {
  let n = 0;
  for (let b = 0; b < counts.length; b++) n += counts[b] ?? 0;
  if (n === 0) return null;
  // 1-based ranks of the two middle values (the same rank when n is odd).
  const lowRank = Math.floor((n + 1) / 2);
  const highRank = Math.floor(n / 2) + 1;
  let low: number | null = null;
  let seen = 0;
  for (let b = 0; b < counts.length; b++) {
    seen += counts[b] ?? 0;
    if (low === null && seen >= lowRank) low = bucketSeconds(b);
    if (seen >= highRank) return (low! + bucketSeconds(b)) / 2;
  }
  return low;
}

/** Length of each day's member-gap row: windows of up to this many days are counted exactly. */
export const MEMBER_GAP_DAYS = 180;

/**
 * A member active on a day, `gapDays` after their previous active day (null: never active before), adds 1 to
 * that day's s[0 … span − 1]. (data/listening.server.ts markMemberActive does this arithmetic in its SQL.)
 */
export function memberGapSpan(gapDays: number | null): number {
  return gapDays === null ? MEMBER_GAP_DAYS : Math.max(1, Math.min(gapDays, MEMBER_GAP_DAYS));
}

/**
 * Distinct members active in a window, from each day's row (s as above): the sum of s[day − first day] over
 * the window's days. `days` maps a day's offset in the window (0 = its first day) to the row.
 */
export function distinctMembersOf(days: Iterable<readonly [offset: number, s: ArrayLike<number>]>): number {
  let n = 0;
  for (const [offset, s] of days) {
    if (offset < 0 || offset >= MEMBER_GAP_DAYS)
      throw new RangeError(`window longer than ${MEMBER_GAP_DAYS} days`);
    n += s[offset] ?? 0;
  }
  return n;
}
