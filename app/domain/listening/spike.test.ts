import { describe, expect, it } from "vitest";
import {
  alertLifecycle,
  checkWindow,
  detectSpike,
  poissonTail,
  refreshesAlertDetails,
  SPIKE_RULES,
  type SpikeInput,
} from "./spike";

/** A tiny seeded PRNG (mulberry32): the same seed always gives the same stream. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson-distributed count (Knuth), fine for the small rates used here. */
function poisson(rand: () => number, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

/** Expected negative posts per hour of the day: ~0.15 at night, ~2.5 at the weekday peak. */
const WEEKDAY = [
  0.15, 0.1, 0.1, 0.1, 0.1, 0.15, 0.3, 0.8, 1.5, 2.2, 2.5, 2.2, 1.6, 1.8, 2.5, 2.5, 2.3, 2.0, 1.8, 2.0, 2.0,
  1.4, 0.8, 0.4,
];
/** Weekends: quieter, and later. */
const WEEKEND = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 0.9, 1.3, 1.6, 1.7, 1.6, 1.7, 1.8, 1.8, 1.7, 1.8, 2.0, 2.0,
  1.7, 1.2, 0.6,
];
const rateAt = (day: number, hour: number) => (day % 7 >= 5 ? WEEKEND : WEEKDAY)[hour]!;

const WARM_UP_DAYS = SPIKE_RULES.historyDays;
const DAYS = WARM_UP_DAYS + 30;

/** Hourly negative-post counts for `days` days of normal life (day 0 is a Monday). */
function normalStream(seed: number, days = DAYS, scale: (day: number) => number = () => 1): number[] {
  const rand = mulberry32(seed);
  const counts: number[] = [];
  for (let d = 0; d < days; d++) {
    for (let h = 0; h < 24; h++) counts.push(poisson(rand, rateAt(d, h) * scale(d)));
  }
  return counts;
}

/** What the service would compute from the hourly rollup at the end of hour index `t`. */
function inputAt(counts: readonly number[], t: number): SpikeInput {
  const sum24 = (end: number) => {
    let s = 0;
    for (let i = end - 23; i <= end; i++) s += counts[i] ?? 0;
    return s;
  };
  const sameHourHistory: number[] = [];
  const dayHistory: number[] = [];
  for (let k = SPIKE_RULES.historyDays; k >= 1; k--) {
    sameHourHistory.push(counts[t - 24 * k] ?? 0);
    dayHistory.push(sum24(t - 24 * k));
  }
  return { lastHour: counts[t]!, sameHourHistory, lastDay: sum24(t), dayHistory };
}

const SEEDS = [1, 7, 42, 2024, 31337];

describe("SPIKE_RULES (the documented constants)", () => {
  it("are the values the ADR describes", () => {
    expect(SPIKE_RULES).toEqual({
      historyDays: 14,
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
    });
  });
});

describe("detectSpike: hand-made cases", () => {
  const zeros = Array<number>(14).fill(0);
  const threes = Array<number>(14).fill(3);
  const quietDays = Array<number>(14).fill(30);
  const cases: {
    name: string;
    input: SpikeInput;
    alert: boolean;
    window: "hour" | "day" | null;
  }[] = [
    {
      name: "quiet night, 3 negative posts: below minCount",
      input: { lastHour: 3, sameHourHistory: zeros, lastDay: 30, dayHistory: quietDays },
      alert: false,
      window: null,
    },
    {
      name: "quiet night, 4 negative posts: still below minCount",
      input: {
        lastHour: 4,
        sameHourHistory: [0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0],
        lastDay: 30,
        dayHistory: quietDays,
      },
      alert: false,
      window: null,
    },
    {
      name: "dead-quiet hour, 5 negative posts: the floor is reached and 5 is far from 0",
      input: { lastHour: 5, sameHourHistory: zeros, lastDay: 30, dayHistory: quietDays },
      alert: true,
      window: "hour",
    },
    {
      name: "busy hour at 8 against a steady 3: under 3× baseline",
      input: { lastHour: 8, sameHourHistory: threes, lastDay: 30, dayHistory: quietDays },
      alert: false,
      window: null,
    },
    {
      name: "busy hour at 12 against a steady 3: 4× and z 5.2, but Poisson noise does that (p ≈ 5e-5)",
      input: { lastHour: 12, sameHourHistory: threes, lastDay: 30, dayHistory: quietDays },
      alert: false,
      window: null,
    },
    {
      name: "busy hour at 15 against a steady 3",
      input: { lastHour: 15, sameHourHistory: threes, lastDay: 40, dayHistory: quietDays },
      alert: true,
      window: "hour",
    },
    {
      name: "a low hour (~0.7 usual) at 6: 3× and z 5 pass, Poisson does not",
      input: {
        lastHour: 6,
        sameHourHistory: [1, 0, 1, 1, 0, 2, 1, 0, 1, 1, 0, 1, 2, 0],
        lastDay: 30,
        dayHistory: quietDays,
      },
      alert: false,
      window: null,
    },
    {
      name: "a volatile hour (0..9 normal) at 12: ratio passes, z does not",
      input: {
        lastHour: 12,
        sameHourHistory: [0, 9, 1, 8, 0, 9, 2, 7, 0, 9, 1, 8, 0, 3],
        lastDay: 30,
        dayHistory: quietDays,
      },
      alert: false,
      window: null,
    },
    {
      name: "one past spike in the history does not raise the bar",
      input: {
        lastHour: 14,
        sameHourHistory: [2, 2, 2, 2, 2, 40, 2, 2, 2, 2, 2, 2, 2, 2],
        lastDay: 40,
        dayHistory: quietDays,
      },
      alert: true,
      window: "hour",
    },
    {
      name: "a day at 1.4× normal",
      input: { lastHour: 2, sameHourHistory: threes, lastDay: 42, dayHistory: quietDays },
      alert: false,
      window: null,
    },
    {
      name: "a day at 2.5× normal, no single hour stands out",
      input: { lastHour: 4, sameHourHistory: threes, lastDay: 75, dayHistory: quietDays },
      alert: true,
      window: "day",
    },
    {
      name: "both windows: the hour is reported",
      input: { lastHour: 20, sameHourHistory: threes, lastDay: 90, dayHistory: quietDays },
      alert: true,
      window: "hour",
    },
    {
      name: "a quiet board's day: 12 negative posts against ~2 is below the day's minCount",
      input: {
        lastHour: 1,
        sameHourHistory: zeros,
        lastDay: 12,
        dayHistory: [2, 1, 3, 2, 2, 1, 2, 3, 2, 2, 1, 2, 2, 3],
      },
      alert: false,
      window: null,
    },
    {
      name: "garbage counts are treated as 0",
      input: {
        lastHour: Number.NaN,
        sameHourHistory: [-3, Number.POSITIVE_INFINITY],
        lastDay: -1,
        dayHistory: [],
      },
      alert: false,
      window: null,
    },
  ];
  it.each(cases)("$name", ({ input, alert, window }) => {
    const r = detectSpike(input);
    expect(r.alert).toBe(alert);
    expect(r.window).toBe(window);
    const shown = window === "day" ? r.day : r.hour;
    expect(r).toMatchObject({ count: shown.count, baseline: shown.baseline, ratio: shown.ratio, z: shown.z });
    expect(Number.isFinite(r.ratio) && Number.isFinite(r.z)).toBe(true);
  });

  it.each([
    { k: 0, rate: 2, p: 1 },
    { k: 1, rate: 1, p: 1 - Math.exp(-1) },
    { k: 3, rate: 2, p: 1 - Math.exp(-2) * (1 + 2 + 2) },
    { k: 1, rate: 0, p: 0 },
    { k: 2, rate: 5, p: 1 - Math.exp(-5) * (1 + 5) },
  ])("poissonTail($k, $rate) = $p", ({ k, rate, p }) => {
    expect(poissonTail(k, rate)).toBeCloseTo(p, 12);
  });

  it("poissonTail agrees with a naive sum over small and large rates", () => {
    const naive = (k: number, rate: number) => {
      let pmf = Math.exp(-rate);
      let below = 0;
      for (let i = 0; i < k; i++) {
        below += pmf;
        pmf *= rate / (i + 1);
      }
      let above = 0;
      for (let i = k; i < k + 400; i++) {
        above += pmf;
        pmf *= rate / (i + 1);
      }
      return { below, above };
    };
    for (const rate of [0.15, 0.8, 2.5, 10, 33, 80]) {
      for (const k of [0, 1, 3, 5, 8, 14, 20, 40, 60, 100, 150]) {
        const { below, above } = naive(k, rate);
        const p = poissonTail(k, rate);
        if (above < 1e-3) expect(Math.abs(p - above) / Math.max(above, 1e-300)).toBeLessThan(1e-8);
        else expect(p).toBeCloseTo(1 - below, 10);
      }
    }
  });

  it.each([
    { history: [] as number[], baseline: 1, median: 0 },
    { history: [0, 0, 0, 0], baseline: 1, median: 0 },
    { history: [1, 2, 3, 4, 5], baseline: 4, median: 3 },
    { history: [5, 1, 4, 2, 3], baseline: 4, median: 3 },
    { history: [2, 2, 2, 40], baseline: 11.5, median: 2 },
  ])("hour baseline of $history is $baseline (75th percentile, floor 1)", ({ history, baseline, median }) => {
    const w = checkWindow("hour", 6, history);
    expect(w.baseline).toBeCloseTo(baseline, 10);
    expect(w.median).toBeCloseTo(median, 10);
    expect(w.ratio).toBeCloseTo(6 / baseline, 10);
  });

  it("uses only the most recent historyDays entries", () => {
    const old = Array<number>(30).fill(50);
    const recent = Array<number>(14).fill(1);
    expect(checkWindow("hour", 10, [...old, ...recent]).median).toBe(1);
    expect(checkWindow("hour", 10, [...old, ...recent]).alert).toBe(true);
  });
});

describe("detectSpike on synthetic streams (seeded)", () => {
  it.each(SEEDS)(
    "(a) seed %i: 30 days of normal noise with a daily and weekly cycle, every hour: no alert",
    (seed) => {
      const counts = normalStream(seed);
      const alerts: string[] = [];
      let peakHourMax = 0;
      for (let t = WARM_UP_DAYS * 24; t < counts.length; t++) {
        peakHourMax = Math.max(peakHourMax, counts[t]!);
        const r = detectSpike(inputAt(counts, t));
        if (r.alert) alerts.push(`day ${Math.floor(t / 24)} ${t % 24}:00 ${r.window} count ${r.count}`);
      }
      expect(alerts).toEqual([]);
      // The stream really is busy by day and quiet by night (so the test exercises both).
      expect(peakHourMax).toBeGreaterThanOrEqual(5);
      const nights = counts.filter((_, t) => t % 24 >= 2 && t % 24 <= 4);
      expect(Math.max(...nights)).toBeLessThanOrEqual(2);
    },
  );

  const spikes = [
    { seed: 1, day: 40, hour: 14, extra: 15, note: "busy afternoon" },
    { seed: 7, day: 38, hour: 10, extra: 25, note: "busy morning" },
    { seed: 42, day: 41, hour: 3, extra: 15, note: "the middle of the night" },
    { seed: 2024, day: 43, hour: 20, extra: 18, note: "Sunday evening" },
  ];
  it.each(spikes)(
    "(b) +$extra negative posts at $hour:00 on day $day ($note) alert in that very hour",
    (s) => {
      const counts = normalStream(s.seed);
      const t = s.day * 24 + s.hour;
      counts[t]! += s.extra;
      const before = detectSpike(inputAt(counts, t - 1));
      expect(before.alert).toBe(false);
      const r = detectSpike(inputAt(counts, t));
      expect(r.alert).toBe(true);
      expect(r.window).toBe("hour");
      expect(r.count).toBeGreaterThanOrEqual(s.extra);
    },
  );

  it("(b') a spike at the same hour yesterday does not hide today's", () => {
    const counts = normalStream(5);
    counts[39 * 24 + 15]! += 20;
    counts[40 * 24 + 15]! += 15;
    const r = detectSpike(inputAt(counts, 40 * 24 + 15));
    expect(r).toMatchObject({ alert: true, window: "hour" });
  });

  it.each([
    { seed: 3, day: 36, factor: 2 },
    { seed: 11, day: 37, factor: 2.5 },
    { seed: 19, day: 38, factor: 3 },
    { seed: 23, day: 35, factor: 2.5 },
  ])("(c) a day-long surge of $factor× normal (seed $seed, day $day) is caught by the day window", (s) => {
    const counts = normalStream(s.seed, DAYS, (d) => (d === s.day ? s.factor : 1));
    const endOfDay = s.day * 24 + 23;
    const r = detectSpike(inputAt(counts, endOfDay));
    expect(r.day.alert).toBe(true);
    expect(r.alert).toBe(true);
    // Late evening is quiet, so the hour window has nothing to say: this is the day window's catch.
    expect(r.hour.alert).toBe(false);
    expect(r.window).toBe("day");
    expect(r.day.ratio).toBeGreaterThanOrEqual(SPIKE_RULES.day.multiplier);
  });

  it.each(SEEDS)("(d) seed %i: a quiet night with 3 negative posts does not alert", (seed) => {
    const counts = normalStream(seed);
    for (const day of [30, 35, 40]) {
      const t = day * 24 + 3;
      counts[t] = 3;
      expect(detectSpike(inputAt(counts, t)).alert).toBe(false);
    }
  });
});

describe("alertLifecycle", () => {
  const alerting = (count: number) => ({ alert: true, count });
  const quiet = (count: number) => ({ alert: false, count });
  it.each([
    { existing: null, result: quiet(2), action: "none" },
    { existing: null, result: alerting(12), action: "raise" },
    { existing: { open: true, peakCount: 12 }, result: alerting(12), action: "none" },
    { existing: { open: true, peakCount: 12 }, result: alerting(9), action: "none" },
    { existing: { open: true, peakCount: 12 }, result: alerting(13), action: "update" },
    { existing: { open: true, peakCount: 12 }, result: quiet(3), action: "none" },
    { existing: { open: false, peakCount: 12 }, result: quiet(3), action: "none" },
    { existing: { open: false, peakCount: 12 }, result: alerting(8), action: "raise" },
  ] as const)("$existing + $result → $action", ({ existing, result, action }) => {
    expect(alertLifecycle(existing, result)).toBe(action);
  });

  it("(e) over a growing, flat, then fading incident: raised once, updated while growing, never closed", () => {
    const counts = [3, 14, 20, 20, 18, 26, 4, 2];
    let stored: { open: boolean; peakCount: number } | null = null;
    const actions: string[] = [];
    for (const lastHour of counts) {
      const r = detectSpike({
        lastHour,
        sameHourHistory: Array<number>(14).fill(2),
        lastDay: 40,
        dayHistory: Array<number>(14).fill(40),
      });
      const action = alertLifecycle(stored, r);
      actions.push(action);
      if (action === "raise" || action === "update") stored = { open: true, peakCount: r.count };
    }
    expect(actions).toEqual(["none", "raise", "update", "none", "none", "update", "none", "none"]);
    expect(stored).toEqual({ open: true, peakCount: 26 });
  });
});

describe("refreshesAlertDetails", () => {
  it.each([
    { peak: 5, count: 6, refresh: false },
    { peak: 7, count: 8, refresh: true },
    { peak: 6, count: 9, refresh: true },
    { peak: 8, count: 15, refresh: false },
    { peak: 15, count: 16, refresh: true },
    { peak: 16, count: 16, refresh: false },
    { peak: 20, count: 12, refresh: false },
    { peak: 0, count: 1, refresh: true },
  ])("peak $peak → count $count: $refresh", ({ peak, count, refresh }) => {
    expect(refreshesAlertDetails(peak, count)).toBe(refresh);
  });

  it("recomputes the details about log2(n) times while an incident grows one post at a time", () => {
    let peak = 5;
    let refreshes = 0;
    for (let count = 6; count <= 1000; count++) {
      if (refreshesAlertDetails(peak, count)) refreshes++;
      peak = count;
    }
    expect(refreshes).toBe(7); // at 8, 16, 32, 64, 128, 256, 512
  });
});
