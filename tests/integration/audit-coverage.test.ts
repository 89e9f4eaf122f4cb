/**
 * Every moderator action outside the review queue, thread tools, escalations and governance (which have their
 * own tests) leaves one audit entry with actor, target and before/after; a member's own actions leave none.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import { auditLog } from "~db/schema";
import { insertAlert } from "~/data/listening.server";
import { deletePost, removeAsSpam, retagThread } from "~/services/post-actions.server";
import { closeAlert, correctSentiment, markThreadHandled, takeThread } from "~/services/listening.server";
import { decideChampion } from "~/services/community.server";
import type { Actor } from "~/domain/forum";

type U = Actor & { username: string };
let t: TestDb;
let moderator: U;
let member: U;
let other: U;
let board: string;

beforeAll(async () => {
  t = await createTestDb();
  moderator = await insertTestUser(t.deps, { role: "moderator" });
  member = await insertTestUser(t.deps, { reputation: 5_000 });
  other = await insertTestUser(t.deps);
  board = (await insertTestBoard(t.deps)).slug;
});
afterAll(async () => {
  await t?.close();
});

async function entriesFor(targetType: string, targetId: number | string) {
  return t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, targetType), eq(auditLog.targetId, String(targetId))))
    .orderBy(desc(auditLog.id));
}

describe("audit entries of moderator actions", () => {
  it("a moderator deleting or removing someone's reply as spam is audited; an author deleting their own is not", async () => {
    const q = await insertTestThread(t.deps, member, board);
    const r1 = await insertTestReply(t.deps, other, q.threadId, "Buy followers now");
    const r2 = await insertTestReply(t.deps, other, q.threadId, "Off topic reply");
    const r3 = await insertTestReply(t.deps, other, q.threadId, "My own mistake");
    await removeAsSpam(t.deps, moderator, r1.postId);
    await deletePost(t.deps, moderator, r2.postId);
    await deletePost(t.deps, other, r3.postId);
    const [spam] = await entriesFor("post", r1.postId);
    expect(spam).toMatchObject({ actorId: moderator.id, action: "post.spam", after: { deleted: true } });
    const [del] = await entriesFor("post", r2.postId);
    expect(del).toMatchObject({ actorId: moderator.id, action: "post.delete" });
    expect(await entriesFor("post", r3.postId)).toEqual([]);
  });

  it("retagging another member's thread records the tags before and after", async () => {
    const q = await insertTestThread(t.deps, member, board);
    await retagThread(t.deps, member, q.threadId, { tags: ["own-edit"] });
    expect(await entriesFor("thread", q.threadId)).toEqual([]);
    await retagThread(t.deps, moderator, q.threadId, { tags: ["wifi", "router"] });
    const [e] = await entriesFor("thread", q.threadId);
    expect(e).toMatchObject({
      action: "thread.retag",
      before: { tags: ["own-edit"] },
      after: { tags: ["wifi", "router"] },
    });
  });

  it("sentiment corrections, triage take / handled and alert closing are audited", async () => {
    const q = await insertTestThread(t.deps, member, board);
    await correctSentiment(t.deps, moderator, q.postId, { label: "neg" });
    const [c] = await entriesFor("post", q.postId);
    expect(c).toMatchObject({ action: "post.sentiment", after: { label: "neg" } });

    await takeThread(t.deps, moderator, q.threadId);
    await markThreadHandled(t.deps, moderator, q.threadId);
    expect((await entriesFor("thread", q.threadId)).map((e) => e.action)).toEqual([
      "thread.handled",
      "thread.take",
    ]);

    const now = t.clock.now();
    const alertId = await t.db.transaction((tx) =>
      insertAlert(tx, {
        boardId: 0,
        window: "hour",
        raisedAt: now,
        updatedAt: now,
        peakCount: 5,
        baseline: 1,
        threadIds: [],
        terms: ["mất mạng"],
      }),
    );
    await closeAlert(t.deps, moderator, alertId, { note: "Đã báo nhóm kỹ thuật" });
    const [a] = await entriesFor("alert", alertId);
    expect(a).toMatchObject({ action: "alert.close", actorId: moderator.id, after: { status: "closed" } });
    expect(a!.searchText).toContain("da bao nhom ky thuat");
  });

  it("champion decisions are audited", async () => {
    await decideChampion(t.deps, moderator, {
      username: other.username,
      decision: "confirm",
      note: "Helpful",
    });
    await decideChampion(t.deps, moderator, { username: other.username, decision: "revoke" });
    expect((await entriesFor("user", other.id)).map((e) => e.action)).toEqual([
      "user.champion_revoke",
      "user.champion_confirm",
    ]);
  });
});
