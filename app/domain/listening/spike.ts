/**
 * Crisis early warning: is the number of negative posts in the last hour (or day) far above what is normal
 * for that same hour (or day) over the previous two weeks? Four tests must all pass; each covers a blind
 * spot of the others:
 *  - `minCount`: an absolute floor. A quiet night going from 0 to 3 negative posts is noise, not a crisis.
 *  - `multiplier`: count ≥ multiplier × baseline, where baseline is a high-but-normal level (the 75th
 *    percentile of the history, at least `baselineFloor`): "three times a busy normal", what people mean by a spike.
 *  - `minZ`: a robust z-score, (count − median) / σ with σ = max(1.4826 × MAD, √median, minSigma). Median and
 *    MAD ignore the odd past incident; MAD widens σ for histories that swing a lot (weekdays vs weekends).
 *  - `maxPValue`: counts of posts are Poisson-like, and small counts have long tails a z-score underrates
 *    (at ~2 posts an hour, 6 happens every few days). The count must be that improbable as Poisson noise
 *    around the usual rate: P(X ≥ count | rate) ≤ maxPValue, with rate = the history's mean without its
 *    largest value (one past incident does not raise it), at least `minRate` so an all-zero history still
 *    means "rare", not "impossible".
 * Calibrated on synthetic streams (see spike.test.ts and ADR 010): at a weekday peak of ~2.5 an hour the
 * hour window needs ~14 posts; on a dead-quiet night, 5.
 */
export const SPIKE_RULES = {
  /** History used: the most recent entries, one per previous day (same clock hour, or whole day). */
  historyDays: 14,
  /** Scales MAD to a standard deviation for normally distributed data. */
  madScale: 1.4826,
  hour: {
    minCount: 5,
    multiplier: 3,
    minZ: 4,
    baselineQuantile: 0.75,
    baselineFloor: 1,
    minSigma: 1,
    maxPValue: 1e-6,
    minRate: 0.15,
  },
  day: {
    minCount: 20,
    multiplier: 1.5,
    minZ: 3.5,
    baselineQuantile: 0.75,
    baselineFloor: 5,
    minSigma: 2,
    maxPValue: 1e-5,
    minRate: 1,
  },
} as const;

export type SpikeWindow = "hour" | "day";

export interface SpikeInput {
  /** Negative posts in the last hour (for one scope: a board, or the whole forum). */
  lastHour: number;
  /** The same clock hour on each previous day, oldest first (14 days). */
  sameHourHistory: number[];
  /** Negative posts in the last 24 hours. */
  lastDay: number;
  /** The previous full days (ideally the 24 hours ending at the same clock hour), oldest first (14 days). */
  dayHistory: number[];
}

export interface WindowCheck {
  alert: boolean;
  count: number;
  /** The normal-but-busy level the count is compared with (75th percentile of the history, floored). */
  baseline: number;
  /** count / baseline. */
  ratio: number;
  /** Robust z-score of the count against the history. */
  z: number;
  median: number;
  /** The usual rate the Poisson test assumes. */
  rate: number;
  /** P(X ≥ count) for Poisson noise at `rate`: how often normal life would produce this count. */
  pValue: number;
}

export interface SpikeResult {
  alert: boolean;
  /** The window that alerted; the hour wins when both do (it is the sharper signal). */
  window: SpikeWindow | null;
  /** Figures of the alerting window, or of the hour window when neither alerts. */
  count: number;
  baseline: number;
  ratio: number;
  z: number;
  hour: WindowCheck;
  day: WindowCheck;
}

function clean(n: number): number {
  return Number.isFinite(n) && n > 0 ? n : 0;
}

/** Linear-interpolation quantile of sorted values (R type 7); 0 for no values. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

const LN_FACTORIAL_SMALL: number[] = [0];
for (let i = 1; i <= 20; i++) LN_FACTORIAL_SMALL.push(LN_FACTORIAL_SMALL[i - 1]! + Math.log(i));

/** ln(k!), exact below 21 and Stirling's series above (error < 1e-10 there). */
function lnFactorial(k: number): number {
  if (k <= 20) return LN_FACTORIAL_SMALL[k]!;
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k ** 3);
}

/** P(X ≥ k) for X ~ Poisson(rate), summed in the direction that converges (no 1 − tiny cancellation). */
export function poissonTail(k: number, rate: number): number {
  const n = Math.ceil(k);
  if (n <= 0) return 1;
  if (!(rate > 0)) return 0;
  const lnPmf = (i: number) => -rate + i * Math.log(rate) - lnFactorial(i);
  if (n > rate) {
    // Upper tail: terms shrink geometrically once i > rate.
    let term = Math.exp(lnPmf(n));
    let sum = 0;
    for (let i = n; term > 0 && term > sum * 1e-17; i++) {
      sum += term;
      term *= rate / (i + 1);
    }
    return Math.min(1, sum);
  }
  // Lower part P(X < n), from n − 1 downwards: terms shrink once i < rate.
  let term = Math.exp(lnPmf(n - 1));
  let sum = 0;
  for (let i = n - 1; i >= 0 && term > 0 && term > sum * 1e-17; i--) {
    sum += term;
    term *= i / rate;
  }
  return Math.max(0, 1 - sum);
}

export function checkWindow(window: SpikeWindow, count: number, history: readonly number[]): WindowCheck {
  const rule = SPIKE_RULES[window];
  const c = clean(count);
  const h = history
    .slice(-SPIKE_RULES.historyDays)
    .map(clean)
    .sort((a, b) => a - b);
  const median = quantile(h, 0.5);
  const mad = quantile(
    h.map((x) => Math.abs(x - median)).sort((a, b) => a - b),
    0.5,
  );
  const sigma = Math.max(SPIKE_RULES.madScale * mad, Math.sqrt(median), rule.minSigma);
  const baseline = Math.max(rule.baselineFloor, quantile(h, rule.baselineQuantile));
  const usual = h.length >= 4 ? h.slice(0, -1) : h;
  const rate = Math.max(rule.minRate, usual.reduce((sum, x) => sum + x, 0) / Math.max(1, usual.length));
  const ratio = c / baseline;
  const z = (c - median) / sigma;
  const pValue = poissonTail(c, rate);
  const alert = c >= rule.minCount && ratio >= rule.multiplier && z >= rule.minZ && pValue <= rule.maxPValue;
  return { alert, count: c, baseline, ratio, z, median, rate, pValue };
}

/** Is there an unusual burst of negative posts in this scope right now? See `SPIKE_RULES` for the rule. */
export function detectSpike(input: SpikeInput): SpikeResult {
  const hour = checkWindow("hour", input.lastHour, input.sameHourHistory);
  const day = checkWindow("day", input.lastDay, input.dayHistory);
  const window: SpikeWindow | null = hour.alert ? "hour" : day.alert ? "day" : null;
  const shown = window === "day" ? day : hour;
  return {
    alert: window !== null,
    window,
    count: shown.count,
    baseline: shown.baseline,
    ratio: shown.ratio,
    z: shown.z,
    hour,
    day,
  };
}

export type AlertAction = "raise" | "update" | "none";

/**
 * What to do with a detection, given the scope's open alert (or null): one alert per incident, raised once,
 * updated while it grows past its recorded peak. Alerts are closed only by a moderator, never here; once
 * closed, the next alerting detection starts a new incident.
 */
export function alertLifecycle(
  existing: { open: boolean; peakCount: number } | null,
  result: Pick<SpikeResult, "alert" | "count">,
): AlertAction {
  if (!result.alert) return "none";
  if (!existing || !existing.open) return "raise";
  return result.count > existing.peakCount ? "update" : "none";
}

/**
 * Whether an update of a growing alert also recomputes its details (the rising terms and the threads involved)
 * from the posts: when its count reaches the next power of two past the recorded peak. An incident of n posts
 * costs about log2(n) such scans instead of one per post; in between, an update moves the peak and puts the new
 * post's thread first in the alert's list.
 */
export function refreshesAlertDetails(peakCount: number, count: number): boolean {
  if (count <= peakCount) return false;
  const bits = (n: number) => (n >= 1 ? Math.floor(Math.log2(n)) + 1 : 0);
  return bits(count) > bits(peakCount);
}
