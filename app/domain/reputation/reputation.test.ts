import { describe, expect, it } from "vitest";
import { AppError } from "../shared/app-error";
import {
  acceptAward,
  applyFloor,
  capUpvoteAward,
  dayKey,
  dayStart,
  isSerialVote,
  nextPrivilege,
  nextRank,
  nextStreak,
  privilegeThreshold,
  privilegesFor,
  rankFor,
  requirePrivilege,
  voteAward,
  type VoteAwardInput,
} from "./reputation";
import {
  CAPPED_REASONS,
  LEDGER_REASONS,
  PRIVILEGES,
  RANKS,
  REPUTATION,
  type Privilege,
  type RankKey,
} from "./rules";

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to throw");
}

describe("REPUTATION defaults (product rules)", () => {
  it.each([
    ["start", 1],
    ["floor", 1],
    ["questionUpvoted", 5],
    ["answerUpvoted", 10],
    ["answerAccepted", 15],
    ["acceptedSomeonesAnswer", 2],
    ["postDownvoted", -2],
    ["downvoteCastOnAnswer", -1],
    ["removedAsSpam", -100],
    ["dailyUpvoteCap", 200],
    ["minVoterReputationToAward", 15],
    ["serialVoteLimit", 5],
    ["serialVoteWindowHours", 24],
    ["dayOffsetMinutes", 420],
  ] as const)("%s is %d", (key, value) => {
    expect(REPUTATION[key]).toBe(value);
  });

  it("accepted answers are not capped; upvotes and serial reversals are", () => {
    expect(CAPPED_REASONS).not.toContain("answer_accepted");
    expect(CAPPED_REASONS).not.toContain("accepted_answer");
    expect([...CAPPED_REASONS].sort()).toEqual([
      "answer_upvoted",
      "question_upvoted",
      "serial_vote_reversal",
    ]);
    for (const r of CAPPED_REASONS) expect(LEDGER_REASONS).toContain(r);
  });
});

describe("applyFloor", () => {
  const cases: { total: number; points: number; applied: number; note: string }[] = [
    { total: 1, points: 10, applied: 10, note: "positive change untouched at floor" },
    { total: 0, points: 5, applied: 5, note: "positive change untouched below floor" },
    { total: 500, points: 15, applied: 15, note: "positive change untouched" },
    { total: 1, points: 0, applied: 0, note: "zero stays zero" },
    { total: 50, points: -2, applied: -2, note: "negative well above floor untouched" },
    { total: 3, points: -2, applied: -2, note: "lands exactly on the floor" },
    { total: 2, points: -2, applied: -1, note: "reduced to land on floor" },
    { total: 1, points: -2, applied: 0, note: "already on floor: nothing taken" },
    { total: 1, points: -100, applied: 0, note: "spam at floor" },
    { total: 60, points: -100, applied: -59, note: "spam reduced to land on floor" },
    { total: 101, points: -100, applied: -100, note: "spam lands exactly on floor" },
    { total: 102, points: -100, applied: -100, note: "spam fits" },
    { total: 0, points: -1, applied: 0, note: "below floor (legacy): never pushes further down or up" },
  ];
  it.each(cases)("$note: total $total, points $points → $applied", ({ total, points, applied }) => {
    const result = applyFloor(total, points);
    expect(result).toBe(applied);
    if (points < 0 && total >= REPUTATION.floor)
      expect(total + result).toBeGreaterThanOrEqual(REPUTATION.floor);
  });
});

describe("capUpvoteAward", () => {
  const cases: { points: number; already: number; awarded: number }[] = [
    { points: 10, already: 0, awarded: 10 },
    { points: 10, already: 190, awarded: 10 },
    { points: 10, already: 195, awarded: 5 },
    { points: 5, already: 198, awarded: 2 },
    { points: 10, already: 199, awarded: 1 },
    { points: 10, already: 200, awarded: 0 },
    { points: 5, already: 200, awarded: 0 },
    { points: 10, already: 250, awarded: 0 },
    { points: 5, already: 195, awarded: 5 },
    { points: -2, already: 200, awarded: -2 },
    { points: -10, already: 250, awarded: -10 },
    { points: -10, already: 0, awarded: -10 },
    { points: 0, already: 0, awarded: 0 },
  ];
  it.each(cases)("points $points with $already already today → $awarded", ({ points, already, awarded }) => {
    expect(capUpvoteAward(points, already)).toBe(awarded);
  });
});

describe("voteAward", () => {
  const base: Omit<VoteAwardInput, "voteValue" | "postIsQuestion"> = {
    voterReputation: 100,
    authorUpvotePointsToday: 0,
  };
  const cases: {
    name: string;
    input: VoteAwardInput;
    author: number;
    voter: number;
    reason: string;
  }[] = [
    {
      name: "upvote on question",
      input: { ...base, voteValue: 1, postIsQuestion: true },
      author: 5,
      voter: 0,
      reason: "question_upvoted",
    },
    {
      name: "upvote on answer",
      input: { ...base, voteValue: 1, postIsQuestion: false },
      author: 10,
      voter: 0,
      reason: "answer_upvoted",
    },
    {
      name: "downvote on question costs the voter nothing",
      input: { ...base, voteValue: -1, postIsQuestion: true },
      author: -2,
      voter: 0,
      reason: "post_downvoted",
    },
    {
      name: "downvote on answer costs the voter 1",
      input: { ...base, voteValue: -1, postIsQuestion: false },
      author: -2,
      voter: -1,
      reason: "post_downvoted",
    },
    {
      name: "upvote on answer partially capped",
      input: { ...base, voteValue: 1, postIsQuestion: false, authorUpvotePointsToday: 195 },
      author: 5,
      voter: 0,
      reason: "answer_upvoted",
    },
    {
      name: "upvote on question at cap",
      input: { ...base, voteValue: 1, postIsQuestion: true, authorUpvotePointsToday: 200 },
      author: 0,
      voter: 0,
      reason: "question_upvoted",
    },
    {
      name: "downvote not affected by the cap",
      input: { ...base, voteValue: -1, postIsQuestion: false, authorUpvotePointsToday: 200 },
      author: -2,
      voter: -1,
      reason: "post_downvoted",
    },
    {
      name: "upvote from voter at exactly 15 awards",
      input: { ...base, voteValue: 1, postIsQuestion: false, voterReputation: 15 },
      author: 10,
      voter: 0,
      reason: "answer_upvoted",
    },
    {
      name: "upvote from voter at 14 awards nothing",
      input: { ...base, voteValue: 1, postIsQuestion: false, voterReputation: 14 },
      author: 0,
      voter: 0,
      reason: "answer_upvoted",
    },
    {
      name: "upvote on question from voter at 1 awards nothing",
      input: { ...base, voteValue: 1, postIsQuestion: true, voterReputation: 1 },
      author: 0,
      voter: 0,
      reason: "question_upvoted",
    },
    {
      name: "low-rep downvote on question: nothing either way",
      input: { ...base, voteValue: -1, postIsQuestion: true, voterReputation: 14 },
      author: 0,
      voter: 0,
      reason: "post_downvoted",
    },
    {
      // As written: the author is spared, but the voter still pays the answer-downvote cost.
      name: "low-rep downvote on answer: author 0, voter still pays -1",
      input: { ...base, voteValue: -1, postIsQuestion: false, voterReputation: 14 },
      author: 0,
      voter: -1,
      reason: "post_downvoted",
    },
    {
      name: "downvote from voter at exactly 15 penalises author",
      input: { ...base, voteValue: -1, postIsQuestion: true, voterReputation: 15 },
      author: -2,
      voter: 0,
      reason: "post_downvoted",
    },
  ];
  it.each(cases)("$name", ({ input, author, voter, reason }) => {
    expect(voteAward(input)).toEqual({ author, voter, reason });
  });
});

describe("isSerialVote", () => {
  it.each([
    [0, false],
    [1, false],
    [4, false],
    [5, false],
    [6, true],
    [7, true],
    [100, true],
  ] as const)("upvote #%d in window → %s", (n, serial) => {
    expect(isSerialVote(n)).toBe(serial);
  });
});

describe("acceptAward", () => {
  it.each([
    { asker: "u1", author: "u1", expected: { author: 0, asker: 0 } },
    { asker: "u1", author: "u2", expected: { author: 15, asker: 2 } },
    { asker: "u2", author: "u1", expected: { author: 15, asker: 2 } },
    { asker: "", author: "u1", expected: { author: 15, asker: 2 } },
  ])("asker $asker, answer by $author → $expected", ({ asker, author, expected }) => {
    expect(acceptAward(asker, author)).toEqual(expected);
  });
});

describe("privileges", () => {
  it("the thresholds are the product rules, in ascending order", () => {
    expect(PRIVILEGES.map((p) => [p.key, p.min])).toEqual([
      ["upvote", 1],
      ["flag", 15],
      ["downvote", 125],
      ["edit_tags", 500],
      ["edit_posts", 2000],
    ]);
  });

  it.each([
    ["upvote", 1],
    ["flag", 15],
    ["downvote", 125],
    ["edit_tags", 500],
    ["edit_posts", 2000],
  ] as const)("privilegeThreshold(%s) = %d", (key, min) => {
    expect(privilegeThreshold(key)).toBe(min);
  });

  const table: { rep: number; has: Privilege[]; next: Privilege | null }[] = [
    { rep: 0, has: [], next: "upvote" },
    { rep: 1, has: ["upvote"], next: "flag" },
    { rep: 14, has: ["upvote"], next: "flag" },
    { rep: 15, has: ["upvote", "flag"], next: "downvote" },
    { rep: 16, has: ["upvote", "flag"], next: "downvote" },
    { rep: 124, has: ["upvote", "flag"], next: "downvote" },
    { rep: 125, has: ["upvote", "flag", "downvote"], next: "edit_tags" },
    { rep: 499, has: ["upvote", "flag", "downvote"], next: "edit_tags" },
    { rep: 500, has: ["upvote", "flag", "downvote", "edit_tags"], next: "edit_posts" },
    { rep: 1999, has: ["upvote", "flag", "downvote", "edit_tags"], next: "edit_posts" },
    { rep: 2000, has: ["upvote", "flag", "downvote", "edit_tags", "edit_posts"], next: null },
    { rep: 2001, has: ["upvote", "flag", "downvote", "edit_tags", "edit_posts"], next: null },
    { rep: 1_000_000, has: ["upvote", "flag", "downvote", "edit_tags", "edit_posts"], next: null },
  ];

  it.each(table)("reputation $rep: privilegesFor → $has, nextPrivilege → $next", ({ rep, has, next }) => {
    expect(privilegesFor(rep)).toEqual(has);
    expect(privilegesFor(rep, false)).toEqual(has);
    expect(nextPrivilege(rep)?.key ?? null).toBe(next);
    if (next) expect(nextPrivilege(rep)?.min).toBe(privilegeThreshold(next));
  });

  it.each([1, 14, 500])("staff get every privilege at reputation %d", (rep) => {
    expect(privilegesFor(rep, true)).toEqual(PRIVILEGES.map((p) => p.key));
  });
});

describe("requirePrivilege", () => {
  const allowed: { rep: number; role: string; privilege: Privilege }[] = [
    { rep: 1, role: "member", privilege: "upvote" },
    { rep: 15, role: "member", privilege: "flag" },
    { rep: 125, role: "member", privilege: "downvote" },
    { rep: 500, role: "member", privilege: "edit_tags" },
    { rep: 2000, role: "member", privilege: "edit_posts" },
    { rep: 9999, role: "member", privilege: "edit_posts" },
    { rep: 1, role: "moderator", privilege: "edit_posts" },
    { rep: 1, role: "admin", privilege: "edit_posts" },
    { rep: 1, role: "moderator", privilege: "downvote" },
    { rep: 0, role: "admin", privilege: "upvote" },
  ];
  it.each(allowed)("$role with $rep may $privilege", ({ rep, role, privilege }) => {
    expect(() => requirePrivilege({ reputation: rep, role }, privilege)).not.toThrow();
  });

  const refused: { rep: number; role: string; privilege: Privilege; min: number }[] = [
    { rep: 0, role: "member", privilege: "upvote", min: 1 },
    { rep: 14, role: "member", privilege: "flag", min: 15 },
    { rep: 124, role: "member", privilege: "downvote", min: 125 },
    { rep: 499, role: "member", privilege: "edit_tags", min: 500 },
    { rep: 1999, role: "member", privilege: "edit_posts", min: 2000 },
    { rep: 1, role: "member", privilege: "edit_posts", min: 2000 },
    // Only moderator/admin are staff; any other role is held to the threshold.
    { rep: 1, role: "Moderator", privilege: "downvote", min: 125 },
    { rep: 1, role: "guest", privilege: "flag", min: 15 },
  ];
  it.each(refused)("$role with $rep may not $privilege", ({ rep, role, privilege, min }) => {
    const e = catchError(() => requirePrivilege({ reputation: rep, role }, privilege));
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.kind).toBe("forbidden");
    expect(err.code).toBe(`privilege_${privilege}`);
    expect(err.fields).toEqual({ privilege: String(min) });
    expect(err.message).toContain(String(min));
    expect(err.message).toContain(`you have ${rep}`);
  });
});

describe("ranks", () => {
  it("are the product ranks in ascending order, each with a distinct Vietnamese name", () => {
    expect(RANKS.map((r) => [r.key, r.min, r.en])).toEqual([
      ["newcomer", 1, "Newcomer"],
      ["member", 50, "Member"],
      ["contributor", 200, "Contributor"],
      ["advisor", 1000, "Advisor"],
      ["expert", 3000, "Expert"],
      ["legend", 10000, "Legend"],
    ]);
    for (const r of RANKS) {
      expect(r.vi.trim().length).toBeGreaterThan(0);
      expect(r.vi).not.toBe(r.en);
    }
    expect(new Set(RANKS.map((r) => r.vi)).size).toBe(RANKS.length);
  });

  const table: { rep: number; rank: RankKey; next: RankKey | null }[] = [
    { rep: 0, rank: "newcomer", next: "newcomer" },
    { rep: 1, rank: "newcomer", next: "member" },
    { rep: 49, rank: "newcomer", next: "member" },
    { rep: 50, rank: "member", next: "contributor" },
    { rep: 199, rank: "member", next: "contributor" },
    { rep: 200, rank: "contributor", next: "advisor" },
    { rep: 999, rank: "contributor", next: "advisor" },
    { rep: 1000, rank: "advisor", next: "expert" },
    { rep: 2999, rank: "advisor", next: "expert" },
    { rep: 3000, rank: "expert", next: "legend" },
    { rep: 9999, rank: "expert", next: "legend" },
    { rep: 10000, rank: "legend", next: null },
    { rep: 123456, rank: "legend", next: null },
  ];
  it.each(table)("reputation $rep → $rank, next $next", ({ rep, rank, next }) => {
    const r = rankFor(rep);
    expect(r.key).toBe(rank);
    const def = RANKS.find((x) => x.key === rank)!;
    expect(r).toMatchObject({ en: def.en, vi: def.vi, min: def.min });
    expect(nextRank(rep)?.key ?? null).toBe(next);
  });
});

describe("dayKey / dayStart (brand time zone UTC+7)", () => {
  const cases: { at: string; day: string; start: string }[] = [
    { at: "2026-01-01T16:59:59.999Z", day: "2026-01-01", start: "2025-12-31T17:00:00.000Z" },
    { at: "2026-01-01T16:59:59Z", day: "2026-01-01", start: "2025-12-31T17:00:00.000Z" },
    { at: "2026-01-01T17:00:00Z", day: "2026-01-02", start: "2026-01-01T17:00:00.000Z" },
    { at: "2026-01-01T17:00:00.001Z", day: "2026-01-02", start: "2026-01-01T17:00:00.000Z" },
    { at: "2026-01-01T00:00:00Z", day: "2026-01-01", start: "2025-12-31T17:00:00.000Z" },
    { at: "2025-12-31T17:00:00Z", day: "2026-01-01", start: "2025-12-31T17:00:00.000Z" },
    { at: "2025-12-31T16:59:59Z", day: "2025-12-31", start: "2025-12-30T17:00:00.000Z" },
    { at: "2026-02-28T17:00:00Z", day: "2026-03-01", start: "2026-02-28T17:00:00.000Z" },
    { at: "2028-02-28T17:00:00Z", day: "2028-02-29", start: "2028-02-28T17:00:00.000Z" },
    { at: "2026-06-30T23:59:59Z", day: "2026-07-01", start: "2026-06-30T17:00:00.000Z" },
  ];
  it.each(cases)("$at is day $day starting $start", ({ at, day, start }) => {
    const d = new Date(at);
    expect(dayKey(d)).toBe(day);
    const s = dayStart(d);
    expect(s.toISOString()).toBe(start);
    expect(s.getTime()).toBeLessThanOrEqual(d.getTime());
    expect(d.getTime() - s.getTime()).toBeLessThan(86_400_000);
    expect(dayKey(s)).toBe(day);
    expect(dayKey(new Date(s.getTime() - 1))).not.toBe(day);
  });
});

describe("nextStreak", () => {
  const cases: { last: string | null; streak: number; today: string; expected: number; note: string }[] = [
    { last: null, streak: 0, today: "2026-01-05", expected: 1, note: "first visit" },
    { last: null, streak: 9, today: "2026-01-05", expected: 1, note: "no last day ignores stale streak" },
    { last: "2026-01-05", streak: 3, today: "2026-01-05", expected: 3, note: "same day keeps" },
    { last: "2026-01-05", streak: 0, today: "2026-01-05", expected: 1, note: "same day at least 1" },
    { last: "2026-01-04", streak: 3, today: "2026-01-05", expected: 4, note: "consecutive day" },
    { last: "2026-01-03", streak: 3, today: "2026-01-05", expected: 1, note: "one-day gap resets" },
    { last: "2025-12-05", streak: 30, today: "2026-01-05", expected: 1, note: "long gap resets" },
    { last: "2026-01-31", streak: 6, today: "2026-02-01", expected: 7, note: "month boundary" },
    { last: "2025-12-31", streak: 29, today: "2026-01-01", expected: 30, note: "year boundary" },
    { last: "2026-02-28", streak: 2, today: "2026-03-01", expected: 3, note: "non-leap February" },
    { last: "2028-02-28", streak: 2, today: "2028-03-01", expected: 1, note: "leap year skips the 29th" },
    { last: "2028-02-29", streak: 2, today: "2028-03-01", expected: 3, note: "leap day" },
    { last: "2026-04-30", streak: 1, today: "2026-05-01", expected: 2, note: "30-day month" },
    {
      last: "2026-01-06",
      streak: 4,
      today: "2026-01-05",
      expected: 1,
      note: "last day in the future resets",
    },
  ];
  it.each(cases)("$note: $last ($streak) → $today = $expected", ({ last, streak, today, expected }) => {
    expect(nextStreak(last, streak, today)).toBe(expected);
  });

  it("chains with dayKey across the UTC+7 midnight", () => {
    const d1 = dayKey(new Date("2026-01-01T16:59:59Z"));
    const d2 = dayKey(new Date("2026-01-01T17:00:00Z"));
    expect(nextStreak(d1, 5, d2)).toBe(6);
    expect(nextStreak(d2, 6, d2)).toBe(6);
  });
});
