import { describe, expect, it } from "vitest";
import { AppError } from "../shared/app-error";
import {
  assertCanMerge,
  assertCanReply,
  decideClose,
  decideLock,
  decideMove,
  decidePin,
  decideReopen,
  diffStats,
  isCloseReason,
  parseThreadRef,
  replyBlock,
  wordDiff,
  type ThreadToolState,
} from "./thread-tools";

const NOW = new Date("2026-06-01T08:00:00Z");
const EARLIER = new Date("2026-05-01T08:00:00Z");

const thread = (over: Partial<ThreadToolState> = {}): ThreadToolState => ({
  id: 10,
  boardId: 1,
  lockedAt: null,
  closedAt: null,
  closeReason: null,
  duplicateOfId: null,
  pinnedAt: null,
  mergedIntoId: null,
  ...over,
});

const member = { role: "member" };
const mod = { role: "moderator" };
const admin = { role: "admin" };

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected an AppError");
}

describe("replyBlock / assertCanReply", () => {
  const cases: [string, Partial<ThreadToolState>, { role: string } | null, string | null][] = [
    ["open thread, member", {}, member, null],
    ["open thread, anonymous", {}, null, null],
    ["locked, member", { lockedAt: EARLIER }, member, "locked"],
    ["locked, anonymous", { lockedAt: EARLIER }, null, "locked"],
    ["locked, moderator", { lockedAt: EARLIER }, mod, null],
    ["locked, admin", { lockedAt: EARLIER }, admin, null],
    ["closed, member", { closedAt: EARLIER }, member, "closed"],
    ["closed, moderator (nobody until reopened)", { closedAt: EARLIER }, mod, "closed"],
    ["closed and locked, moderator", { closedAt: EARLIER, lockedAt: EARLIER }, mod, "closed"],
    ["merged, moderator", { mergedIntoId: 3, closedAt: EARLIER }, mod, "merged"],
  ];
  it.each(cases)("%s", (_name, over, actor, expected) => {
    expect(replyBlock(actor, thread(over))).toBe(expected);
    if (expected === null) expect(() => assertCanReply(actor, thread(over))).not.toThrow();
    else {
      const e = errorOf(() => assertCanReply(actor, thread(over)));
      expect(e.kind).toBe("rule_violated");
      expect(e.code).toBe(`thread_${expected}`);
    }
  });
});

describe("assertCanReply on a thread that is not public (pending approval or hidden)", () => {
  const hiddenThread = (state: string) => ({ ...thread({}), moderationState: state, authorId: "author" });
  it.each(["pending", "hidden"])("%s: another member is told the thread does not exist", (state) => {
    const e = errorOf(() => assertCanReply({ role: "member", id: "someone" }, hiddenThread(state)));
    expect(e.kind).toBe("not_found");
  });
  it.each(["pending", "hidden"])("%s: its author is told why", (state) => {
    const e = errorOf(() => assertCanReply({ role: "member", id: "author" }, hiddenThread(state)));
    expect(e.code).toBe("thread_not_public");
  });
  it("staff may reply; a visible thread is open to everyone", () => {
    expect(() => assertCanReply({ role: "moderator", id: "m" }, hiddenThread("hidden"))).not.toThrow();
    expect(() => assertCanReply({ role: "member", id: "x" }, hiddenThread("visible"))).not.toThrow();
  });
});

describe("lock and pin", () => {
  it("locks an open thread with who and when, and unlocks it", () => {
    expect(decideLock(thread(), true, "m1", NOW)).toEqual({
      changed: true,
      set: { lockedAt: NOW, lockedBy: "m1" },
    });
    expect(decideLock(thread({ lockedAt: EARLIER }), false, "m1", NOW)).toEqual({
      changed: true,
      set: { lockedAt: null, lockedBy: null },
    });
  });
  it("does nothing when the thread is already in the asked state", () => {
    expect(decideLock(thread({ lockedAt: EARLIER }), true, "m1", NOW).changed).toBe(false);
    expect(decideLock(thread(), false, "m1", NOW).changed).toBe(false);
    expect(decidePin(thread({ pinnedAt: EARLIER }), true, NOW).changed).toBe(false);
    expect(decidePin(thread(), false, NOW).changed).toBe(false);
  });
  it("pins and unpins", () => {
    expect(decidePin(thread(), true, NOW)).toEqual({ changed: true, set: { pinnedAt: NOW } });
    expect(decidePin(thread({ pinnedAt: EARLIER }), false, NOW)).toEqual({
      changed: true,
      set: { pinnedAt: null },
    });
  });
  it("refuses every tool on a merged thread", () => {
    const merged = thread({ mergedIntoId: 99, closedAt: EARLIER });
    for (const fn of [
      () => decideLock(merged, true, "m", NOW),
      () => decidePin(merged, true, NOW),
      () => decideReopen(merged),
      () => decideMove(merged, 2),
      () => decideClose(thread({ mergedIntoId: 99 }), { reason: "resolved", duplicateOf: null }, "m", NOW),
    ]) {
      expect(errorOf(fn).code).toBe("thread_merged");
    }
  });
});

describe("close and reopen", () => {
  it("closes as resolved or off-topic without an original", () => {
    for (const reason of ["resolved", "off_topic"] as const) {
      expect(decideClose(thread(), { reason, duplicateOf: null }, "m1", NOW)).toEqual({
        changed: true,
        set: { closedAt: NOW, closedBy: "m1", closeReason: reason, duplicateOfId: null },
      });
    }
  });
  it("closes as duplicate of another live thread", () => {
    const p = decideClose(
      thread(),
      { reason: "duplicate", duplicateOf: { id: 7, mergedIntoId: null } },
      "m1",
      NOW,
    );
    expect(p.set).toMatchObject({ closeReason: "duplicate", duplicateOfId: 7 });
  });
  it.each([
    ["no original", null, "duplicate_required"],
    ["itself", { id: 10, mergedIntoId: null }, "duplicate_self"],
    ["a merged thread", { id: 7, mergedIntoId: 8 }, "duplicate_merged"],
  ])("refuses a duplicate of %s with a field error", (_n, original, code) => {
    const e = errorOf(() => decideClose(thread(), { reason: "duplicate", duplicateOf: original }, "m", NOW));
    expect(e.kind).toBe("invalid");
    expect(e.fields).toEqual({ duplicateOf: code });
  });
  it("refuses to close a closed thread (conflict) and reopens it", () => {
    const closed = thread({ closedAt: EARLIER, closeReason: "duplicate", duplicateOfId: 3 });
    expect(errorOf(() => decideClose(closed, { reason: "resolved", duplicateOf: null }, "m", NOW)).kind).toBe(
      "conflict",
    );
    expect(decideReopen(closed)).toEqual({
      changed: true,
      set: { closedAt: null, closedBy: null, closeReason: null, duplicateOfId: null },
    });
    expect(decideReopen(thread()).changed).toBe(false);
  });
  it("knows the close reasons", () => {
    expect(["duplicate", "resolved", "off_topic"].every(isCloseReason)).toBe(true);
    expect(isCloseReason("spam")).toBe(false);
    expect(isCloseReason(undefined)).toBe(false);
  });
});

describe("move and merge", () => {
  it("moves to another board, never to the same one", () => {
    expect(decideMove(thread(), 2)).toEqual({ changed: true, set: { boardId: 2 } });
    expect(errorOf(() => decideMove(thread(), 1)).fields).toEqual({ board: "move_same_board" });
  });
  it("merges two different live threads", () => {
    expect(() => assertCanMerge(thread(), thread({ id: 11 }))).not.toThrow();
    // The target may be closed or locked: merging duplicates into a closed original is common.
    expect(() =>
      assertCanMerge(thread(), thread({ id: 11, closedAt: EARLIER, lockedAt: EARLIER })),
    ).not.toThrow();
  });
  it.each([
    ["into itself", thread(), thread(), "merge_self"],
    ["into a merged thread", thread(), thread({ id: 11, mergedIntoId: 12 }), "merge_target_merged"],
  ])("refuses to merge %s", (_n, source, target, code) => {
    expect(errorOf(() => assertCanMerge(source, target)).fields).toEqual({ target: code });
  });
  it("refuses to merge a thread that was already merged", () => {
    expect(errorOf(() => assertCanMerge(thread({ mergedIntoId: 5 }), thread({ id: 11 }))).code).toBe(
      "thread_merged",
    );
  });
});

describe("parseThreadRef", () => {
  it.each([
    ["123", 123],
    [" #42 ", 42],
    ["/t/77", 77],
    ["/t/77#p-5", 77],
    ["/t/77?after=abc", 77],
    ["https://forum.example.vn/t/9001", 9001],
    ["http://localhost:3000/t/5/", 5],
    ["", null],
    ["abc", null],
    ["0", null],
    ["-3", null],
    ["/u/77", null],
    ["https://x.test/b/77", null],
    ["javascript:alert(1)", null],
    ["1".repeat(20), null],
  ])("%j → %j", (input, expected) => {
    expect(parseThreadRef(input)).toBe(expected);
  });
});

describe("wordDiff", () => {
  it("marks inserted and deleted words, keeping the rest", () => {
    const parts = wordDiff("Máy in của tôi bị lỗi", "Máy in mới của tôi vẫn bị lỗi");
    expect(parts.filter((p) => p.kind === "ins").map((p) => p.text.trim())).toEqual(["mới", "vẫn"]);
    expect(parts.filter((p) => p.kind === "del")).toEqual([]);
    // Joining "same" and "ins" parts gives the new text back; "same" and "del" the old one.
    expect(
      parts
        .filter((p) => p.kind !== "del")
        .map((p) => p.text)
        .join(""),
    ).toBe("Máy in mới của tôi vẫn bị lỗi");
    expect(
      parts
        .filter((p) => p.kind !== "ins")
        .map((p) => p.text)
        .join(""),
    ).toBe("Máy in của tôi bị lỗi");
  });
  it("shows a replaced word as a deletion and an insertion", () => {
    const parts = wordDiff("restart the router", "reset the router");
    expect(parts).toEqual([
      { kind: "del", text: "restart" },
      { kind: "ins", text: "reset" },
      { kind: "same", text: " the router" },
    ]);
    expect(diffStats(parts)).toEqual({ inserted: 1, deleted: 1 });
  });
  it("is empty-safe", () => {
    expect(wordDiff("", "")).toEqual([]);
    expect(wordDiff("", "new text")).toEqual([{ kind: "ins", text: "new text" }]);
  });
});
