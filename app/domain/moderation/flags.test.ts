import { describe, expect, it } from "vitest";
import { AppError } from "../shared/app-error";
import {
  decideReview,
  flagAccuracy,
  flagReasonsSummary,
  hiddenByFlags,
  isFlagReason,
  isReviewOutcome,
  OUTCOMES_BY_KIND,
  REVIEW_OUTCOMES,
  type ReviewKind,
  type ReviewOutcome,
} from "./flags";

describe("flag reasons", () => {
  it.each([
    ["spam", true],
    ["abusive", true],
    ["off_topic", true],
    ["needs_staff", true],
    ["rude", false],
    ["", false],
    [3, false],
    [null, false],
  ])("%s is a reason: %s", (v, ok) => {
    expect(isFlagReason(v)).toBe(ok);
  });
});

describe("hiddenByFlags", () => {
  it.each([
    { distinctOpenFlags: 2, threshold: 3, state: "visible", hidden: false },
    { distinctOpenFlags: 3, threshold: 3, state: "visible", hidden: true },
    { distinctOpenFlags: 4, threshold: 3, state: "visible", hidden: true },
    { distinctOpenFlags: 2, threshold: 2, state: "visible", hidden: true },
    { distinctOpenFlags: 1, threshold: 1, state: "visible", hidden: true },
    // A threshold below 1 is treated as 1: no post is hidden without a flag.
    { distinctOpenFlags: 0, threshold: 0, state: "visible", hidden: false },
    // Only a visible post is hidden by flags; other states keep theirs.
    { distinctOpenFlags: 5, threshold: 3, state: "pending", hidden: false },
    { distinctOpenFlags: 5, threshold: 3, state: "hidden", hidden: false },
    { distinctOpenFlags: 5, threshold: 3, state: "rejected", hidden: false },
  ] as const)("$distinctOpenFlags flags, threshold $threshold, $state → $hidden", (c) => {
    expect(hiddenByFlags(c)).toBe(c.hidden);
  });
});

describe("decideReview", () => {
  const visible = { state: "visible", reason: null } as const;
  const flagHidden = { state: "hidden", reason: "flags" } as const;
  const modHidden = { state: "hidden", reason: "moderator" } as const;
  const pending = { state: "pending", reason: "premoderation_board" } as const;

  it.each([
    // kind, outcome, post → state, reason, flags, publish, removal, thread
    ["flagged", "approve", flagHidden, "visible", null, "dismissed", false, null, "visible"],
    ["flagged", "approve", visible, "visible", null, "dismissed", false, null, "visible"],
    ["flagged", "dismiss", flagHidden, "visible", null, "dismissed", false, null, "visible"],
    ["flagged", "dismiss", modHidden, "hidden", "moderator", "dismissed", false, null, "hidden"],
    ["flagged", "dismiss", visible, "visible", null, "dismissed", false, null, "visible"],
    ["flagged", "hide", visible, "hidden", "moderator", "upheld", false, null, "hidden"],
    ["flagged", "hide", flagHidden, "hidden", "moderator", "upheld", false, null, "hidden"],
    ["flagged", "delete_spam", flagHidden, "hidden", "moderator", "upheld", false, "spam", "hidden"],
    ["flagged", "delete_abuse", visible, "hidden", "moderator", "upheld", false, "abuse", "hidden"],
    ["pending", "approve", pending, "visible", null, "dismissed", true, null, "visible"],
    ["pending", "reject", pending, "rejected", "premoderation_board", "upheld", false, null, "hidden"],
    ["pending", "delete_spam", pending, "rejected", "moderator", "upheld", false, "spam", "hidden"],
    ["pending", "delete_abuse", pending, "rejected", "moderator", "upheld", false, "abuse", "hidden"],
  ] as const)(
    "%s + %s on %o → %s",
    (kind, outcome, post, state, reason, flags, publish, removal, threadState) => {
      expect(decideReview(kind, outcome, post)).toEqual({
        state,
        reason,
        flags,
        publish,
        removal,
        threadState,
      });
    },
  );

  it.each([
    ["flagged", "reject"],
    ["pending", "hide"],
    ["pending", "dismiss"],
  ] as const)("refuses %s + %s", (kind, outcome) => {
    let err: unknown;
    try {
      decideReview(kind, outcome, visible);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).kind).toBe("rule_violated");
    expect((err as AppError).code).toBe("review_outcome_invalid");
  });

  it("every outcome is allowed for at least one kind, and the catalogue is closed", () => {
    const allowed = new Set(Object.values(OUTCOMES_BY_KIND).flat());
    expect([...allowed].sort()).toEqual([...REVIEW_OUTCOMES].sort());
    for (const o of REVIEW_OUTCOMES) expect(isReviewOutcome(o)).toBe(true);
    expect(isReviewOutcome("ban")).toBe(false);
  });

  it("only approving a pending post publishes it", () => {
    for (const kind of ["flagged", "pending"] as ReviewKind[]) {
      for (const outcome of OUTCOMES_BY_KIND[kind] as ReviewOutcome[]) {
        const post = kind === "pending" ? pending : visible;
        expect(decideReview(kind, outcome, post).publish).toBe(kind === "pending" && outcome === "approve");
      }
    }
  });
});

describe("flagAccuracy", () => {
  it.each([
    [
      { upheld: 0, dismissed: 0 },
      { percent: null, decided: 0 },
    ],
    [
      { upheld: 3, dismissed: 1 },
      { percent: 75, decided: 4 },
    ],
    [
      { upheld: 0, dismissed: 2 },
      { percent: 0, decided: 2 },
    ],
    [
      { upheld: 2, dismissed: 1 },
      { percent: 67, decided: 3 },
    ],
    [
      { upheld: 5, dismissed: 0 },
      { percent: 100, decided: 5 },
    ],
    [
      { upheld: -1, dismissed: 1 },
      { percent: 0, decided: 1 },
    ],
  ])("%o → %o", (input, expected) => {
    expect(flagAccuracy(input)).toEqual(expected);
  });
});

describe("flagReasonsSummary", () => {
  it("lists distinct known reasons, most frequent first, ties in catalogue order", () => {
    expect(flagReasonsSummary(["off_topic", "spam", "off_topic", "abusive", "nonsense"])).toEqual([
      "off_topic",
      "spam",
      "abusive",
    ]);
    expect(flagReasonsSummary([])).toEqual([]);
  });
});
