import { describe, expect, it } from "vitest";
import { atRiskReasons } from "./at-risk";

const base = { posts: 10, negShare: 0.1, previousPosts: 10, previousNegShare: 0.1, unansweredOver24h: 0 };

describe("atRiskReasons", () => {
  it.each([
    ["a calm board", base, []],
    ["30% negative", { ...base, negShare: 0.3 }, ["high_negative", "rising_negative"]],
    ["29% negative, +10 points", { ...base, negShare: 0.29, previousNegShare: 0.19 }, ["rising_negative"]],
    ["+9 points is not rising", { ...base, negShare: 0.19 }, []],
    ["too few posts to judge sentiment", { ...base, posts: 4, negShare: 1 }, []],
    ["no previous period: not rising", { ...base, negShare: 0.25, previousNegShare: null }, []],
    ["3 questions waiting over 24 h", { ...base, unansweredOver24h: 3 }, ["unanswered"]],
    ["2 questions waiting", { ...base, unansweredOver24h: 2 }, []],
    [
      "no posts at all, but unanswered",
      { ...base, posts: 0, negShare: null, unansweredOver24h: 5 },
      ["unanswered"],
    ],
  ] as const)("%s", (_name, input, expected) => {
    expect(atRiskReasons(input)).toEqual(expected);
  });
});
