import { describe, expect, it } from "vitest";
import { FANOUT_CAP, followTargetsForThread, recipientsFor } from "./recipients";

const base = { threadId: 7, title: "Hoàn tiền", actor: "an" };

describe("recipientsFor", () => {
  it("a reply notifies the asker, mentioned members and thread followers once each, never the actor", () => {
    const got = recipientsFor({
      type: "reply",
      ...base,
      postId: 70,
      actorId: "u-actor",
      threadAuthorId: "u-asker",
      mentionedIds: ["u-m", "u-actor", "u-asker"],
      followerIds: ["u-asker", "u-f1", "u-f1", "u-m", "u-actor"],
    });
    expect(got.map((r) => [r.userId, r.kind])).toEqual([
      ["u-m", "mention"],
      ["u-asker", "mention"],
      ["u-f1", "thread_reply"],
    ]);
    expect(got[0]!.data).toEqual({ threadId: 7, postId: 70, title: "Hoàn tiền", actor: "an" });
  });

  it("a reply by the asker notifies followers but not the asker", () => {
    const got = recipientsFor({
      type: "reply",
      ...base,
      postId: 70,
      actorId: "u-asker",
      threadAuthorId: "u-asker",
      mentionedIds: [],
      followerIds: ["u-asker", "u-f"],
    });
    expect(got.map((r) => [r.userId, r.kind])).toEqual([["u-f", "thread_reply"]]);
  });

  it("a reply without mentions tells the asker 'reply'", () => {
    const got = recipientsFor({
      type: "reply",
      ...base,
      postId: 70,
      actorId: "u-x",
      threadAuthorId: "u-asker",
      mentionedIds: [],
      followerIds: ["u-asker"],
    });
    expect(got.map((r) => [r.userId, r.kind])).toEqual([["u-asker", "reply"]]);
  });

  it("a new thread notifies board and tag followers once, mentions win", () => {
    const got = recipientsFor({
      type: "question",
      ...base,
      postId: 71,
      actorId: "u-a",
      boardFollowerIds: ["u-b", "u-both", "u-a"],
      tagFollowerIds: ["u-t", "u-both", "u-m"],
      mentionedIds: ["u-m"],
    });
    expect(got.map((r) => [r.userId, r.kind, r.data.via])).toEqual([
      ["u-m", "mention", undefined],
      ["u-b", "followed_thread", "board"],
      ["u-both", "followed_thread", "board"],
      ["u-t", "followed_thread", "tag"],
    ]);
  });

  it("caps the followers notified by one event", () => {
    const many = Array.from({ length: FANOUT_CAP + 50 }, (_, i) => `f${i}`);
    const got = recipientsFor({
      type: "question",
      ...base,
      postId: 1,
      actorId: "u-a",
      boardFollowerIds: many,
      tagFollowerIds: [],
      mentionedIds: ["u-m"],
    });
    expect(got).toHaveLength(FANOUT_CAP + 1);
  });

  it("an accepted answer notifies its author unless they accepted it themselves", () => {
    const ev = { type: "accepted" as const, ...base, postId: 9, actorId: "u-asker", answerAuthorId: "u-b" };
    expect(recipientsFor(ev).map((r) => [r.userId, r.kind])).toEqual([["u-b", "accepted"]]);
    expect(recipientsFor({ ...ev, answerAuthorId: "u-asker" })).toEqual([]);
  });

  it("an escalation update notifies the thread's author (not staff acting on their own thread)", () => {
    const ev = {
      type: "escalation" as const,
      ...base,
      actorId: "u-mod",
      threadAuthorId: "u-asker",
      change: "status" as const,
      status: "in_progress",
    };
    expect(recipientsFor(ev)).toEqual([
      {
        userId: "u-asker",
        kind: "escalation_update",
        data: { threadId: 7, title: "Hoàn tiền", actor: "an", change: "status", status: "in_progress" },
      },
    ]);
    expect(recipientsFor({ ...ev, threadAuthorId: "u-mod" })).toEqual([]);
  });
});

describe("followTargetsForThread", () => {
  it("lists the board and each tag", () => {
    expect(followTargetsForThread(3, ["a", "b"])).toEqual([
      { targetType: "board", targetKey: "3" },
      { targetType: "tag", targetKey: "a" },
      { targetType: "tag", targetKey: "b" },
    ]);
  });
});
