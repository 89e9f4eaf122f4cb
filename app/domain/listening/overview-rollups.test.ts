import { describe, expect, it } from "vitest";
import {
  bucketSeconds,
  distinctMembersOf,
  DURATION_GRID,
  durationBucket,
  histogramMedian,
  MEMBER_GAP_DAYS,
  memberGapSpan,
} from "./overview-rollups";

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stored = (s: number) => bucketSeconds(durationBucket(s));

/** percentile_cont(0.5) over values. */
function median(values: number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

function histogram(values: number[]): number[] {
  const h: number[] = [];
  for (const s of values) {
    const b = durationBucket(s);
    h[b] = (h[b] ?? 0) + 1;
  }
  return Array.from(h, (x) => x ?? 0);
}

describe("duration buckets", () => {
  it.each([0, 1, 59, 119, 120, 122, 300, 600, 1_800, 3_600, 7_200, 14_400, 18_000, 36_000, 86_400, 108_000])(
    "%i s (a round duration) is stored exactly",
    (s) => expect(stored(s)).toBe(s),
  );

  it("keeps every duration within half a second below 2 minutes and within 1 % above", () => {
    const next = random(7);
    for (let i = 0; i < 20_000; i++) {
      const s = Math.exp(next() * Math.log(4e8)) - 1; // 0 s … 12 years, log-uniform
      const err = Math.abs(stored(s) - s);
      if (s < 120) expect(err).toBeLessThanOrEqual(0.5);
      else expect(err / s).toBeLessThanOrEqual(0.01);
    }
  });

  it("orders buckets like durations, segment boundaries included", () => {
    let last = -1;
    for (let b = 0; b < 2_000; b++) {
      expect(bucketSeconds(b)).toBeGreaterThan(last);
      last = bucketSeconds(b);
      expect(durationBucket(bucketSeconds(b))).toBe(b);
    }
    for (const [from, step] of DURATION_GRID.slice(1)) {
      // Just below a segment's start rounds up to it (half of the previous step).
      expect(stored(from - 0.0001)).toBe(from);
      expect(stored(from + step / 2)).toBe(from + step);
    }
  });

  it("counts negative durations (clock skew) as zero", () => {
    expect(durationBucket(-5)).toBe(0);
  });
});

describe("histogramMedian", () => {
  it("is the middle value, or the mean of the two middle values", () => {
    expect(histogramMedian(histogram([3_600, 108_000, 600]))).toBe(3_600);
    expect(histogramMedian(histogram([3_600, 7_200]))).toBe(5_400);
    expect(histogramMedian(histogram([14_400]))).toBe(14_400);
    expect(histogramMedian(histogram([]))).toBeNull();
    expect(histogramMedian([0, 0, 0])).toBeNull();
  });

  it("equals percentile_cont over the stored values, for any sample", () => {
    const next = random(11);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(next() * 60);
      const values = Array.from({ length: n }, () => Math.floor(next() * next() * 300_000));
      expect(histogramMedian(histogram(values))).toBe(median(values.map(stored)));
    }
  });
});

describe("distinct members from per-day gap rows", () => {
  it("equals the distinct members of any window, for random activity", () => {
    const next = random(3);
    const DAYS = 400;
    // Who was active on which day.
    const active: Set<number>[] = Array.from({ length: DAYS }, () => new Set());
    for (let m = 0; m < 120; m++) {
      const rate = next() * next();
      for (let d = 0; d < DAYS; d++) if (next() < rate) active[d]!.add(m);
    }
    // Each day's row, as the write side keeps it: s[0 … span − 1] += 1 per member active that day.
    const rows = active.map(() => new Array<number>(MEMBER_GAP_DAYS).fill(0));
    const lastSeen = new Map<number, number>();
    active.forEach((members, d) => {
      for (const m of members) {
        const prev = lastSeen.get(m);
        const span = memberGapSpan(prev === undefined ? null : d - prev);
        for (let k = 0; k < span; k++) rows[d]![k]!++;
        lastSeen.set(m, d);
      }
    });
    for (let i = 0; i < 200; i++) {
      const length = 1 + Math.floor(next() * MEMBER_GAP_DAYS);
      const from = Math.floor(next() * (DAYS - length));
      const expected = new Set<number>();
      const days: [number, number[]][] = [];
      for (let d = from; d < from + length; d++) {
        for (const m of active[d]!) expected.add(m);
        days.push([d - from, rows[d]!]);
      }
      expect(distinctMembersOf(days)).toBe(expected.size);
    }
  });

  it("spans: a first visit or a long absence fills the whole row", () => {
    expect(memberGapSpan(null)).toBe(MEMBER_GAP_DAYS);
    expect(memberGapSpan(1_000)).toBe(MEMBER_GAP_DAYS);
    expect(memberGapSpan(1)).toBe(1);
    expect(() => distinctMembersOf([[MEMBER_GAP_DAYS, []]])).toThrow(RangeError);
  });
});
