import { describe, expect, it } from "vitest";
import {
  activeWeeks,
  isSegment,
  memberSegment,
  sentimentTrend,
  type MemberFacts,
  type WeekCounts,
} from "./segment";

/** An established member: joined long ago, many posts, no activity, nothing negative. */
const base: MemberFacts = {
  joinedDaysAgo: 400,
  posts: 20,
  isChampion: false,
  activeDaysAgo: [],
  negativeUnanswered: 0,
};
/** Active once a week for 13 weeks (days 0, 7, …, 84). */
const weekly = Array.from({ length: 13 }, (_, i) => i * 7);

describe("memberSegment", () => {
  it.each<[string, Partial<MemberFacts>, string]>([
    ["joined yesterday", { joinedDaysAgo: 1, activeDaysAgo: [0] }, "new"],
    ["joined 29 days ago", { joinedDaysAgo: 29 }, "new"],
    ["joined 30 days ago with many posts, active", { joinedDaysAgo: 30, activeDaysAgo: [2] }, "engaged"],
    ["an old member with 2 posts", { posts: 2, activeDaysAgo: weekly }, "new"],
    ["an old member with 3 posts, active last week", { posts: 3, activeDaysAgo: [8] }, "engaged"],
    ["active 29 days ago", { activeDaysAgo: [29] }, "engaged"],
    ["last active 30 days ago", { activeDaysAgo: [30, 45] }, "inactive"],
    ["never active", {}, "inactive"],
    ["active every week for 13 weeks", { activeDaysAgo: weekly }, "loyal"],
    ["6 weeks spread over the three periods", { activeDaysAgo: [1, 8, 35, 42, 70, 77] }, "loyal"],
    ["5 weeks only", { activeDaysAgo: [1, 8, 35, 70, 77] }, "engaged"],
    [
      "many weeks but nothing 60–89 days ago",
      { activeDaysAgo: [0, 7, 14, 21, 28, 35, 42, 49, 56] },
      "engaged",
    ],
    [
      "many weeks but nothing in the last 30 days",
      { activeDaysAgo: [30, 37, 44, 51, 58, 65, 72, 79] },
      "inactive",
    ],
    ["a champion", { isChampion: true }, "champion"],
    ["a champion who is also loyal", { isChampion: true, activeDaysAgo: weekly }, "champion"],
    ["a new champion", { isChampion: true, joinedDaysAgo: 3 }, "champion"],
    ["a negative post with no staff reply", { negativeUnanswered: 1 }, "at_risk"],
    ["at risk beats champion", { negativeUnanswered: 2, isChampion: true }, "at_risk"],
    ["at risk beats new", { negativeUnanswered: 1, joinedDaysAgo: 2, posts: 1 }, "at_risk"],
  ])("%s → %s", (_name, over, expected) => {
    expect(memberSegment({ ...base, ...over }).segment).toBe(expected);
  });

  it("says why, with the numbers staff see", () => {
    expect(memberSegment({ ...base, negativeUnanswered: 2 })).toEqual({
      segment: "at_risk",
      negativeUnanswered: 2,
      days: 14,
    });
    expect(memberSegment({ ...base, joinedDaysAgo: 5 })).toEqual({
      segment: "new",
      why: "joined",
      joinedDaysAgo: 5,
    });
    expect(memberSegment({ ...base, posts: 1 })).toEqual({ segment: "new", why: "few_posts", posts: 1 });
    expect(memberSegment({ ...base, activeDaysAgo: weekly })).toEqual({
      segment: "loyal",
      activeWeeks: 13,
      windowWeeks: 13,
    });
    expect(memberSegment({ ...base, activeDaysAgo: [12, 3, 20] })).toEqual({
      segment: "engaged",
      lastActiveDaysAgo: 3,
    });
    expect(memberSegment(base)).toEqual({ segment: "inactive", lastActiveDaysAgo: null });
  });
});

describe("activeWeeks", () => {
  it("counts distinct weeks inside the 13-week window", () => {
    expect(activeWeeks([0, 1, 6, 7, 13, 14, 90, 91, 200, -1])).toBe(4); // weeks 0, 1, 2, 12
    expect(activeWeeks([])).toBe(0);
  });
});

describe("isSegment", () => {
  it("accepts only known segments", () => {
    expect(isSegment("loyal")).toBe(true);
    expect(isSegment("at_risk")).toBe(true);
    expect(isSegment("vip")).toBe(false);
    expect(isSegment(null)).toBe(false);
  });
});

describe("sentimentTrend", () => {
  const w = (pos: number, neg: number, neu = 0): WeekCounts => ({ pos, neg, neu });
  const flat = (c: WeekCounts, n: number) => Array.from({ length: n }, () => c);

  it("is improving when the recent six weeks are clearly more positive", () => {
    const t = sentimentTrend([...flat(w(0, 1), 6), ...flat(w(1, 0), 6)]);
    expect(t.direction).toBe("improving");
    expect(t.earlierNet).toBe(-1);
    expect(t.recentNet).toBe(1);
    expect(t.totals).toEqual({ pos: 6, neg: 6, neu: 0 });
  });
  it("is worsening when they are clearly more negative", () => {
    expect(sentimentTrend([...flat(w(1, 0, 1), 6), ...flat(w(0, 1, 1), 6)]).direction).toBe("worsening");
  });
  it("is stable under the threshold", () => {
    // earlier net 0.5 (3 pos, 0 neg, 3 neu), recent 0.4 (4 pos, 0 neg, 6 neu) → change −0.1
    const earlier = [w(1, 0, 1), w(1, 0, 1), w(1, 0, 1), w(0, 0), w(0, 0), w(0, 0)];
    const recent = [w(2, 0, 3), w(2, 0, 3), w(0, 0), w(0, 0), w(0, 0), w(0, 0)];
    expect(sentimentTrend([...earlier, ...recent]).direction).toBe("stable");
  });
  it("claims nothing with too few posts in a half", () => {
    expect(sentimentTrend([...flat(w(0, 0), 6), ...flat(w(1, 0), 6)]).direction).toBe("insufficient");
    expect(sentimentTrend([]).direction).toBe("insufficient");
  });
  it("pads a short series at the old end and keeps only the last 12 weeks", () => {
    // Only 6 weeks given: they are the recent half; the earlier half is empty.
    expect(sentimentTrend(flat(w(1, 0), 6)).earlierNet).toBeNull();
    // 14 weeks: the first two (very negative) fall out of the window.
    const t = sentimentTrend([w(0, 9), w(0, 9), ...flat(w(1, 0), 12)]);
    expect(t.totals).toEqual({ pos: 12, neg: 0, neu: 0 });
    expect(t.direction).toBe("stable");
  });
});
