import { describe, expect, it } from "vitest";
import {
  BADGES,
  BADGE_BY_SLUG,
  EMPTY_STATS,
  isWelcome,
  newlyEarned,
  type BadgeStats,
  type BadgeTier,
} from "./catalog";

const stats = (over: Partial<BadgeStats>): BadgeStats => ({ ...EMPTY_STATS, ...over });
const slugs = (s: BadgeStats, held: ReadonlySet<string> = new Set()) =>
  newlyEarned(s, held).map((b) => b.slug);

describe("catalog", () => {
  it("has at least 18 badges with unique slugs", () => {
    expect(BADGES.length).toBeGreaterThanOrEqual(18);
    expect(new Set(BADGES.map((b) => b.slug)).size).toBe(BADGES.length);
    expect(BADGE_BY_SLUG.size).toBe(BADGES.length);
  });

  it("slugs are kebab-case (used as i18n keys badges.<slug>.rule)", () => {
    for (const b of BADGES) expect(b.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(["bronze", "silver", "gold"] as const)("tier %s is present", (tier) => {
    expect(BADGES.some((b) => b.tier === tier)).toBe(true);
  });

  it.each([
    ["first-question", "bronze"],
    ["first-answer", "bronze"],
    ["first-solution", "bronze"],
    ["supporter", "bronze"],
    ["welcomer", "bronze"],
    ["streak-7", "bronze"],
    ["helpful", "silver"],
    ["problem-solver", "silver"],
    ["streak-30", "silver"],
    ["guru", "gold"],
  ] as const)("%s exists and is %s", (slug, tier: BadgeTier) => {
    const b = BADGE_BY_SLUG.get(slug);
    expect(b).toBeDefined();
    expect(b!.tier).toBe(tier);
  });

  it("BADGE_BY_SLUG returns the same definitions", () => {
    for (const b of BADGES) expect(BADGE_BY_SLUG.get(b.slug)).toBe(b);
  });
});

describe("EMPTY_STATS", () => {
  it("earns nothing", () => {
    expect(newlyEarned(EMPTY_STATS, new Set())).toEqual([]);
    for (const b of BADGES) expect(b.earned(EMPTY_STATS)).toBe(false);
  });

  it("starts at reputation 1 with zero counters", () => {
    const { reputation, isChampion, ...counters } = EMPTY_STATS;
    expect(reputation).toBe(1);
    expect(isChampion).toBe(false);
    for (const v of Object.values(counters)) expect(v).toBe(0);
  });
});

describe("badge thresholds", () => {
  const cases: { slug: string; below: Partial<BadgeStats>; at: Partial<BadgeStats> }[] = [
    { slug: "first-question", below: { questionCount: 0 }, at: { questionCount: 1 } },
    { slug: "first-answer", below: { answerCount: 0 }, at: { answerCount: 1 } },
    { slug: "first-solution", below: { acceptedCount: 0 }, at: { acceptedCount: 1 } },
    { slug: "supporter", below: { upvotesCast: 0 }, at: { upvotesCast: 1 } },
    { slug: "critic", below: { downvotesCast: 0 }, at: { downvotesCast: 1 } },
    { slug: "scholar", below: { acceptsGiven: 0 }, at: { acceptsGiven: 1 } },
    { slug: "welcomer", below: { welcomes: 0 }, at: { welcomes: 1 } },
    { slug: "citizen-patrol", below: { flagsCast: 0 }, at: { flagsCast: 1 } },
    { slug: "editor", below: { editsMade: 0 }, at: { editsMade: 1 } },
    { slug: "nice-question", below: { bestQuestionScore: 4 }, at: { bestQuestionScore: 5 } },
    { slug: "streak-7", below: { streakDays: 6 }, at: { streakDays: 7 } },
    { slug: "helpful", below: { bestAnswerScore: 9 }, at: { bestAnswerScore: 10 } },
    { slug: "enlightened", below: { bestAcceptedScore: 4 }, at: { bestAcceptedScore: 5 } },
    { slug: "good-question", below: { bestQuestionScore: 9 }, at: { bestQuestionScore: 10 } },
    { slug: "mentor", below: { welcomes: 9 }, at: { welcomes: 10 } },
    { slug: "problem-solver", below: { acceptedCount: 24 }, at: { acceptedCount: 25 } },
    { slug: "streak-30", below: { streakDays: 29 }, at: { streakDays: 30 } },
    { slug: "great-answer", below: { bestAnswerScore: 24 }, at: { bestAnswerScore: 25 } },
    { slug: "guru", below: { acceptedCount: 99 }, at: { acceptedCount: 100 } },
    { slug: "legend", below: { reputation: 9_999 }, at: { reputation: 10_000 } },
    { slug: "champion", below: { isChampion: false }, at: { isChampion: true } },
  ];

  it("every catalog badge has a threshold case here", () => {
    expect(cases.map((c) => c.slug).sort()).toEqual(BADGES.map((b) => b.slug).sort());
  });

  it.each(cases)("$slug: not earned below, earned at the threshold", ({ slug, below, at }) => {
    const badge = BADGE_BY_SLUG.get(slug)!;
    expect(badge.earned(stats(below))).toBe(false);
    expect(badge.earned(stats(at))).toBe(true);
    expect(slugs(stats(below))).not.toContain(slug);
    expect(slugs(stats(at))).toContain(slug);
  });

  it.each([
    { over: { bestAnswerScore: 10 }, expected: ["helpful"] },
    { over: { bestAnswerScore: 25 }, expected: ["helpful", "great-answer"] },
    { over: { acceptedCount: 25 }, expected: ["first-solution", "problem-solver"] },
    { over: { acceptedCount: 100 }, expected: ["first-solution", "problem-solver", "guru"] },
    { over: { streakDays: 30 }, expected: ["streak-7", "streak-30"] },
    { over: { welcomes: 10 }, expected: ["welcomer", "mentor"] },
    { over: { bestQuestionScore: 10 }, expected: ["nice-question", "good-question"] },
    { over: { reputation: 9_999 }, expected: [] },
  ])("stats $over earn exactly $expected", ({ over, expected }) => {
    expect(slugs(stats(over)).sort()).toEqual([...expected].sort());
  });
});

describe("newlyEarned", () => {
  const rich = stats({
    questionCount: 3,
    answerCount: 40,
    acceptedCount: 30,
    bestAnswerScore: 12,
    streakDays: 8,
  });
  const richExpected = [
    "first-question",
    "first-answer",
    "first-solution",
    "problem-solver",
    "helpful",
    "streak-7",
  ];

  it("returns every qualifying badge when none are held", () => {
    expect(slugs(rich).sort()).toEqual([...richExpected].sort());
  });

  it("is idempotent: feeding the result back as held returns nothing", () => {
    const first = newlyEarned(rich, new Set());
    const held = new Set(first.map((b) => b.slug));
    expect(newlyEarned(rich, held)).toEqual([]);
  });

  it("does not return held badges, only the new ones", () => {
    const held = new Set(["first-question", "first-answer", "first-solution", "helpful"]);
    expect(slugs(rich, held).sort()).toEqual(["problem-solver", "streak-7"]);
  });

  it("crossing a new threshold returns only the newly crossed badge", () => {
    const held = new Set(slugs(rich));
    expect(slugs({ ...rich, acceptedCount: 100 }, held)).toEqual(["guru"]);
  });

  it("held badges that no longer qualify are not revoked or returned", () => {
    const held = new Set(["champion", "helpful"]);
    expect(slugs(EMPTY_STATS, held)).toEqual([]);
  });

  it("unknown held slugs are ignored", () => {
    expect(slugs(stats({ questionCount: 1 }), new Set(["no-such-badge"]))).toEqual(["first-question"]);
  });

  it("returns definitions in catalog order", () => {
    const all = stats({
      questionCount: 1,
      answerCount: 1,
      acceptedCount: 100,
      upvotesCast: 1,
      downvotesCast: 1,
      flagsCast: 1,
      editsMade: 1,
      acceptsGiven: 1,
      welcomes: 10,
      bestAnswerScore: 25,
      bestQuestionScore: 10,
      bestAcceptedScore: 5,
      streakDays: 30,
      reputation: 10_000,
      isChampion: true,
    });
    expect(newlyEarned(all, new Set())).toEqual([...BADGES]);
  });
});

describe("isWelcome", () => {
  const q = new Date("2026-03-01T10:00:00Z");
  const after = (ms: number) => new Date(q.getTime() + ms);
  const base = {
    questionIsAuthorsFirst: true,
    questionAuthorId: "asker",
    answererId: "helper",
    questionAt: q,
    answerAt: after(5 * 60_000),
  };
  const cases: { note: string; over: Partial<typeof base>; expected: boolean }[] = [
    { note: "first question answered by someone else in 5 min", over: {}, expected: true },
    { note: "answered instantly", over: { answerAt: after(0) }, expected: true },
    { note: "exactly 60 minutes", over: { answerAt: after(3_600_000) }, expected: true },
    { note: "60 minutes + 1 ms", over: { answerAt: after(3_600_001) }, expected: false },
    { note: "two hours later", over: { answerAt: after(7_200_000) }, expected: false },
    { note: "not the author's first question", over: { questionIsAuthorsFirst: false }, expected: false },
    { note: "author answers own question", over: { answererId: "asker" }, expected: false },
    {
      note: "own question, not first, late",
      over: { answererId: "asker", questionIsAuthorsFirst: false, answerAt: after(3_600_001) },
      expected: false,
    },
  ];
  it.each(cases)("$note → $expected", ({ over, expected }) => {
    expect(isWelcome({ ...base, ...over })).toBe(expected);
  });
});
