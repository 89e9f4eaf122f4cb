import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TRIAGE_WEIGHTS } from "./rules";
import { triagePriority, type TriageInput, type TriageReason } from "./triage-priority";

const NOW = new Date("2026-03-10T12:00:00Z");
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

const calm: TriageInput = {
  sentiment: { mood: "neu", negativeShare: 0, mostNegative: 0 },
  title: "How do I change my avatar?",
  text: "Where is the setting for the profile picture?",
  createdAt: ago(5 / 60),
  lastActivityAt: ago(5 / 60),
  replyCount: 0,
  repliesLastHour: 0,
  firstAnswerAt: null,
  firstStaffResponseAt: null,
  author: { isFirstPost: false, atRisk: false },
  escalated: false,
  solved: false,
  handled: false,
};

const angryRefund: TriageInput = {
  ...calm,
  sentiment: { mood: "neg", negativeShare: 1, mostNegative: -0.8 },
  title: "Hoàn tiền ngay!",
  text: "Tôi bị trừ tiền hai lần. I want a refund.",
  createdAt: ago(30),
  lastActivityAt: ago(29),
};

const with_ = (base: TriageInput, over: Partial<TriageInput>): TriageInput => ({ ...base, ...over });
const codes = (reasons: TriageReason[]) => reasons.map((r) => r.code);

describe("TRIAGE_WEIGHTS", () => {
  it("signal maxima add up to exactly 100 (the scale)", () => {
    const w = TRIAGE_WEIGHTS;
    const total =
      w.negative.max +
      w.urgentTerms.max +
      w.noAnswer.max +
      w.noStaffResponse.max +
      w.velocity.max +
      w.firstPost.max +
      w.atRiskMember.max;
    expect(total).toBe(100);
    expect(w.negative.moodPart + w.negative.sharePart + w.negative.intensityPart).toBeCloseTo(1, 12);
  });
});

describe("triagePriority: the angry refund complaint", () => {
  const result = triagePriority(angryRefund, NOW);

  it("scores and explains itself with everything the UI needs", () => {
    expect(result).toEqual({
      score: 59,
      reasons: [
        { code: "negative", weight: 28, mood: "neg", negativeShare: 1, mostNegative: -0.8 },
        { code: "urgent_terms", weight: 14, terms: ["hoàn tiền", "trừ tiền", "refund"] },
        { code: "no_answer", weight: 11, hours: 30 },
        { code: "no_staff_response", weight: 6, hours: 30 },
      ],
    });
  });

  it("beats a neutral how-to posted 5 minutes ago, which scores 0 with no reasons", () => {
    const howTo = triagePriority(calm, NOW);
    expect(howTo).toEqual({ score: 0, reasons: [] });
    expect(result.score).toBeGreaterThan(howTo.score + 40);
  });

  it("is deterministic", () => {
    expect(triagePriority(angryRefund, NOW)).toEqual(result);
  });
});

describe("triagePriority: scenarios", () => {
  const cases: {
    name: string;
    input: TriageInput;
    score: number;
    reasons: TriageReason["code"][];
  }[] = [
    {
      name: "solved: near zero",
      input: with_(angryRefund, { solved: true }),
      score: 2,
      reasons: ["negative", "urgent_terms", "no_answer", "no_staff_response", "solved"],
    },
    {
      name: "handled by a moderator: near zero",
      input: with_(angryRefund, { handled: true }),
      score: 2,
      reasons: ["negative", "urgent_terms", "no_answer", "no_staff_response", "handled"],
    },
    {
      name: "escalated: halved, not zeroed",
      input: with_(angryRefund, { escalated: true }),
      score: 30,
      reasons: ["negative", "urgent_terms", "no_answer", "no_staff_response", "escalated"],
    },
    {
      name: "escalated then solved",
      input: with_(angryRefund, { escalated: true, solved: true }),
      score: 1,
      reasons: ["negative", "urgent_terms", "no_answer", "no_staff_response", "escalated", "solved"],
    },
    {
      name: "calm + first post",
      input: with_(calm, { author: { isFirstPost: true, atRisk: false } }),
      score: 5,
      reasons: ["first_post"],
    },
    {
      name: "calm + at-risk member",
      input: with_(calm, { author: { isFirstPost: false, atRisk: true } }),
      score: 7,
      reasons: ["at_risk_member"],
    },
    {
      name: "calm + both",
      input: with_(calm, { author: { isFirstPost: true, atRisk: true } }),
      score: 12,
      reasons: ["at_risk_member", "first_post"],
    },
    {
      name: "angry + first post + at risk",
      input: with_(angryRefund, { author: { isFirstPost: true, atRisk: true } }),
      score: 71,
      reasons: ["negative", "urgent_terms", "no_answer", "at_risk_member", "no_staff_response", "first_post"],
    },
    {
      name: "unanswered within the 2 h grace",
      input: with_(calm, { createdAt: ago(2) }),
      score: 0,
      reasons: [],
    },
    {
      name: "unanswered 25 h",
      input: with_(calm, { createdAt: ago(25) }),
      score: 14,
      reasons: ["no_answer", "no_staff_response"],
    },
    {
      name: "unanswered 48 h: both at their max",
      input: with_(calm, { createdAt: ago(48) }),
      score: 28,
      reasons: ["no_answer", "no_staff_response"],
    },
    {
      name: "unanswered 10 days: capped",
      input: with_(calm, { createdAt: ago(240) }),
      score: 28,
      reasons: ["no_answer", "no_staff_response"],
    },
    {
      name: "community answered, no staff yet (48 h)",
      input: with_(calm, { createdAt: ago(48), firstAnswerAt: ago(40) }),
      score: 10,
      reasons: ["no_staff_response"],
    },
    {
      name: "staff answered (48 h)",
      input: with_(calm, { createdAt: ago(48), firstAnswerAt: ago(40), firstStaffResponseAt: ago(40) }),
      score: 0,
      reasons: [],
    },
    {
      name: "urgent terms in two categories",
      input: with_(calm, { title: "Scam!", text: "I want a refund" }),
      score: 17,
      reasons: ["urgent_terms"],
    },
    {
      name: "urgency cues without diacritics",
      input: with_(calm, { title: "lua dao", text: "toi muon hoan tien, se khoi kien" }),
      score: 20,
      reasons: ["urgent_terms"],
    },
    {
      name: "'download' and 'sự kiện' are not cues",
      input: with_(calm, { title: "Download sự kiện", text: "điều kiện" }),
      score: 0,
      reasons: [],
    },
    {
      name: "neutral mood with one mildly negative post",
      input: with_(calm, { sentiment: { mood: "neu", negativeShare: 0.1, mostNegative: -0.3 } }),
      score: 4,
      reasons: ["negative"],
    },
    {
      name: "positive thread",
      input: with_(calm, { sentiment: { mood: "pos", negativeShare: 0, mostNegative: 0.4 } }),
      score: 0,
      reasons: [],
    },
  ];
  it.each(cases)("$name → $score", ({ input, score, reasons }) => {
    const r = triagePriority(input, NOW);
    expect(r.score).toBe(score);
    expect(codes(r.reasons)).toEqual(reasons);
  });

  it("first post and at-risk each raise the score by their weight", () => {
    const base = triagePriority(angryRefund, NOW).score;
    const first = triagePriority(
      with_(angryRefund, { author: { isFirstPost: true, atRisk: false } }),
      NOW,
    ).score;
    const risk = triagePriority(
      with_(angryRefund, { author: { isFirstPost: false, atRisk: true } }),
      NOW,
    ).score;
    expect(first - base).toBe(TRIAGE_WEIGHTS.firstPost.max);
    expect(risk - base).toBe(TRIAGE_WEIGHTS.atRiskMember.max);
  });

  it("escalated lowers but keeps it above an idle calm thread; solved drops below 4", () => {
    const base = triagePriority(angryRefund, NOW).score;
    const esc = triagePriority(with_(angryRefund, { escalated: true }), NOW);
    expect(esc.score).toBeLessThan(base);
    expect(esc.score).toBeGreaterThan(0);
    expect(esc.reasons.at(-1)).toEqual({ code: "escalated", weight: esc.score - base });
    const solved = triagePriority(with_(angryRefund, { solved: true, handled: true }), NOW);
    expect(solved.score).toBeLessThanOrEqual(3);
    expect(solved.reasons.slice(-2)).toEqual([
      { code: "solved", weight: solved.score - base },
      { code: "handled", weight: 0 },
    ]);
  });
});

describe("triagePriority: velocity", () => {
  const busy = with_(calm, { lastActivityAt: ago(0.1), replyCount: 12 });
  it.each([
    { replies: 2, views: undefined, weight: 0 },
    { replies: 3, views: undefined, weight: 2 },
    { replies: 5, views: undefined, weight: 6 },
    { replies: 5, views: 250, weight: 8 },
    { replies: 0, views: 420, weight: 4 },
    { replies: 12, views: 900, weight: 10 },
    { replies: 40, views: undefined, weight: 10 }, // bounded by replyCount (12) and by the max
  ])("$replies replies, $views views in the last hour → $weight", ({ replies, views, weight }) => {
    const r = triagePriority(with_(busy, { repliesLastHour: replies, viewsLastHour: views }), NOW);
    const v = r.reasons.find((x) => x.code === "velocity");
    if (weight === 0) expect(v).toBeUndefined();
    else {
      expect(v).toEqual(
        views === undefined
          ? { code: "velocity", weight, repliesLastHour: Math.min(replies, 12) }
          : { code: "velocity", weight, repliesLastHour: Math.min(replies, 12), viewsLastHour: views },
      );
    }
  });

  it("ignores a stale rollup when nothing happened in the last hour", () => {
    const r = triagePriority(with_(busy, { lastActivityAt: ago(3), repliesLastHour: 8 }), NOW);
    expect(codes(r.reasons)).not.toContain("velocity");
  });
});

describe("triagePriority: bounds and invariants (property)", () => {
  const date = fc.integer({ min: -1000, max: 2000 }).map((h) => ago(h));
  const input: fc.Arbitrary<TriageInput> = fc.record({
    sentiment: fc.record({
      mood: fc.constantFrom("pos" as const, "neg" as const, "neu" as const),
      negativeShare: fc.oneof(fc.double({ min: -2, max: 3 }), fc.constant(Number.NaN)),
      mostNegative: fc.oneof(fc.double({ min: -5, max: 5 }), fc.constant(Number.NaN)),
    }),
    title: fc.constantFrom("", "refund", "lừa đảo", "scam, lawsuit, hacked, outage, urgent", "download"),
    text: fc.constantFrom("", "hoàn tiền gấp, luật sư, mất mạng, rò rỉ", "sự kiện", "hello"),
    createdAt: date,
    lastActivityAt: date,
    replyCount: fc.integer({ min: -5, max: 500 }),
    repliesLastHour: fc.integer({ min: -5, max: 500 }),
    viewsLastHour: fc.option(fc.integer({ min: -5, max: 100_000 }), { nil: undefined }),
    firstAnswerAt: fc.option(date, { nil: null }),
    firstStaffResponseAt: fc.option(date, { nil: null }),
    author: fc.record({ isFirstPost: fc.boolean(), atRisk: fc.boolean() }),
    escalated: fc.boolean(),
    solved: fc.boolean(),
    handled: fc.boolean(),
  });

  it("score is an integer in 0..100, equal to the sum of the reasons' weights; signals come largest first", () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = triagePriority(i, NOW);
        expect(Number.isInteger(r.score)).toBe(true);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(r.reasons.reduce((s, x) => s + x.weight, 0)).toBe(r.score);
        const signals = r.reasons.filter((x) => !["escalated", "solved", "handled"].includes(x.code));
        for (let k = 1; k < signals.length; k++)
          expect(signals[k - 1]!.weight).toBeGreaterThanOrEqual(signals[k]!.weight);
        for (const s of signals) expect(s.weight).toBeGreaterThan(0);
        if (i.solved || i.handled) expect(r.score).toBeLessThanOrEqual(3);
      }),
      { numRuns: 500, seed: 20260310 },
    );
  });

  it("everything at once reaches exactly 100", () => {
    const worst = with_(angryRefund, {
      sentiment: { mood: "neg", negativeShare: 1, mostNegative: -1 },
      title: "SCAM, lawsuit, data leak, outage, urgent",
      text: "hoàn tiền, hủy dịch vụ, nguy hiểm",
      createdAt: ago(72),
      lastActivityAt: ago(0),
      replyCount: 50,
      repliesLastHour: 20,
      viewsLastHour: 5000,
      author: { isFirstPost: true, atRisk: true },
    });
    expect(triagePriority(worst, NOW).score).toBe(100);
  });

  it("a thread from the future (clock skew) is not 'unanswered for -3 hours'", () => {
    const r = triagePriority(with_(calm, { createdAt: ago(-3) }), NOW);
    expect(r).toEqual({ score: 0, reasons: [] });
  });
});
