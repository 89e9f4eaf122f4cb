import { describe, expect, it } from "vitest";
import {
  applyLiveEvent,
  decodeLiveEvent,
  emptyLiveState,
  encodeLiveEvent,
  pendingChanges,
  type LiveEvent,
} from "./live-event";

describe("encodeLiveEvent / decodeLiveEvent", () => {
  it("round-trips every kind and keeps the payload small", () => {
    const events: LiveEvent[] = [
      { threadId: 7, kind: "reply", postId: 12 },
      { threadId: 7, kind: "vote", postId: 12, score: -3 },
      { threadId: 7, kind: "accepted", postId: null },
      { threadId: 7, kind: "edited", postId: 9 },
      { threadId: 7, kind: "deleted", postId: 12, replyCount: 4 },
    ];
    for (const e of events) {
      const raw = encodeLiveEvent(e);
      expect(raw.length).toBeLessThan(120);
      expect(decodeLiveEvent(raw)).toEqual(e);
    }
  });

  it("drops fields that do not belong to the event", () => {
    const raw = encodeLiveEvent({ threadId: 1, kind: "reply", postId: 2, extra: "x" } as LiveEvent);
    expect(JSON.parse(raw)).toEqual({ threadId: 1, kind: "reply", postId: 2 });
  });

  it.each([
    ["not json", "{oops"],
    ["not an object", "42"],
    ["null", "null"],
    ["unknown kind", JSON.stringify({ threadId: 1, kind: "boom", postId: 2 })],
    ["thread id not a positive integer", JSON.stringify({ threadId: -1, kind: "reply", postId: 2 })],
    ["thread id a string", JSON.stringify({ threadId: "1", kind: "reply", postId: 2 })],
    ["post id fractional", JSON.stringify({ threadId: 1, kind: "reply", postId: 2.5 })],
    ["score not a number", JSON.stringify({ threadId: 1, kind: "vote", postId: 2, score: "9" })],
    ["reply without a post", JSON.stringify({ threadId: 1, kind: "reply", postId: null })],
    ["too long", JSON.stringify({ threadId: 1, kind: "reply", postId: 2, pad: "x".repeat(2000) })],
  ])("rejects %s", (_name, raw) => {
    expect(decodeLiveEvent(raw)).toBeNull();
  });
});

describe("applyLiveEvent", () => {
  const shown = new Set([1, 2, 3]);

  it("counts new replies once each, ignoring replies already on the page", () => {
    let s = emptyLiveState();
    s = applyLiveEvent(s, { threadId: 1, kind: "reply", postId: 10 });
    s = applyLiveEvent(s, { threadId: 1, kind: "reply", postId: 10 });
    s = applyLiveEvent(s, { threadId: 1, kind: "reply", postId: 11 });
    s = applyLiveEvent(s, { threadId: 1, kind: "reply", postId: 3 });
    expect(pendingChanges(s, shown)).toEqual({ newReplies: 2, otherChanges: false, firstNewPostId: 10 });
    // After a refresh the page shows them: nothing is pending any more.
    expect(pendingChanges(s, new Set([1, 2, 3, 10, 11]))).toEqual({
      newReplies: 0,
      otherChanges: false,
      firstNewPostId: null,
    });
  });

  it("keeps the latest score per post and does not mark a vote as a pending change", () => {
    let s = emptyLiveState();
    s = applyLiveEvent(s, { threadId: 1, kind: "vote", postId: 2, score: 4 });
    s = applyLiveEvent(s, { threadId: 1, kind: "vote", postId: 2, score: 5 });
    s = applyLiveEvent(s, { threadId: 1, kind: "vote", postId: 3, score: -1 });
    expect(s.scores).toEqual({ 2: 5, 3: -1 });
    expect(pendingChanges(s, shown)).toEqual({ newReplies: 0, otherChanges: false, firstNewPostId: null });
  });

  it("marks accept, edit, delete and resync as changes that need a refresh", () => {
    for (const kind of ["accepted", "edited", "deleted"] as const) {
      const s = applyLiveEvent(emptyLiveState(), { threadId: 1, kind, postId: 2 });
      expect(pendingChanges(s, shown).otherChanges).toBe(true);
    }
    const s = applyLiveEvent(emptyLiveState(), "resync");
    expect(pendingChanges(s, shown).otherChanges).toBe(true);
  });

  it("does not mutate the previous state", () => {
    const before = emptyLiveState();
    applyLiveEvent(before, { threadId: 1, kind: "vote", postId: 2, score: 1 });
    applyLiveEvent(before, { threadId: 1, kind: "reply", postId: 9 });
    expect(before).toEqual(emptyLiveState());
  });
});
