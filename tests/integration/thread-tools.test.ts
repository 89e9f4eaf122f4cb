/**
 * Thread tools (lock, close, reopen, pin, move, merge) and revision history, through the real thread page,
 * board page, revisions page and JSON API — PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient as loggedIn } from "../support/http";
import { rows } from "../support/ledger";
import { doc, insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import * as threadPage from "~/routes/t.$threadId";
import * as boardPage from "~/routes/b.$slug";
import * as revisionsPage from "~/routes/p.$postId.revisions";
import * as toolsApi from "~/routes/api.v1.threads.$id.moderation";
import { postReply } from "~/services/forum.server";
import { deletePost, editPost } from "~/services/post-actions.server";
import { AppError } from "~/domain/shared/app-error";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});

async function setup() {
  const mod = await insertTestUser(t.deps, { role: "moderator" });
  const asker = await insertTestUser(t.deps);
  const helper = await insertTestUser(t.deps);
  const board = await insertTestBoard(t.deps);
  const q = await insertTestThread(t.deps, asker, board.slug, { title: "Router keeps dropping the wifi" });
  await insertTestReply(t.deps, helper, q.threadId, "Update the firmware first.");
  return {
    mod,
    asker,
    helper,
    board,
    q,
    modC: await loggedIn(mod.username),
    askerC: await loggedIn(asker.username),
    helperC: await loggedIn(helper.username),
  };
}

const tool = (c: Client, threadId: number, action: string, fields: Record<string, string> = {}) =>
  c.call(threadPage.action, `/t/${threadId}`, {
    form: { intent: `thread-${action}`, ...fields },
    params: { threadId: String(threadId) },
  });

const viewThread = (c: Client, threadId: number) =>
  c.call(threadPage.loader, `/t/${threadId}`, { params: { threadId: String(threadId) } });

async function audit(action: string, targetId: number | string) {
  return rows<{ actor_id: string; before: unknown; after: unknown }>(
    t.db,
    sql`select actor_id, before, after from audit_log
        where action = ${action} and target_id = ${String(targetId)} order by id`,
  );
}

async function replyError(author: { id: string; role: "member" | "moderator" | "admin" }, threadId: number) {
  try {
    await postReply(t.deps, author, threadId, { body: doc("One more thing to try.") });
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

/** Board and thread counters must equal a recount from the rows they count. */
async function expectCountersMatchRecount(boardIds: number[], threadIds: number[], userIds: string[]) {
  const boards = await rows<{
    id: number;
    thread_count: number;
    post_count: number;
    threads: number;
    posts: number;
  }>(
    t.db,
    sql`select b.id, b.thread_count, b.post_count,
          (select count(*)::int from threads th where th.board_id = b.id and th.merged_into_id is null) as threads,
          (select count(*)::int from posts p join threads th on th.id = p.thread_id
            where th.board_id = b.id and p.deleted_at is null) as posts
        from boards b where b.id in ${sql.raw(`(${boardIds.join(",")})`)}`,
  );
  expect(boards).toHaveLength(boardIds.length);
  for (const b of boards)
    expect({ threads: b.thread_count, posts: b.post_count }).toEqual({ threads: b.threads, posts: b.posts });
  const threads = await rows<{ reply_count: number; replies: number }>(
    t.db,
    sql`select th.reply_count,
          (select count(*)::int from posts p where p.thread_id = th.id and not p.is_question and p.deleted_at is null) as replies
        from threads th where th.id in ${sql.raw(`(${threadIds.join(",")})`)}`,
  );
  for (const th of threads) expect(th.reply_count).toBe(th.replies);
  const users = await rows<{
    question_count: number;
    answer_count: number;
    questions: number;
    answers: number;
  }>(
    t.db,
    sql`select u.question_count, u.answer_count,
          (select count(*)::int from posts p where p.author_id = u.id and p.is_question) as questions,
          (select count(*)::int from posts p where p.author_id = u.id and not p.is_question and p.deleted_at is null) as answers
        from users u where u.id in ${sql.raw(`(${userIds.map((id) => `'${id}'`).join(",")})`)}`,
  );
  for (const u of users)
    expect({ q: u.question_count, a: u.answer_count }).toEqual({ q: u.questions, a: u.answers });
}

describe("lock", () => {
  it("locks a thread: members cannot reply, staff can; audited with before/after; unlock restores", async () => {
    const s = await setup();
    const res = await tool(s.modC, s.q.threadId, "lock");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/t/${s.q.threadId}?tool=lock`);

    expect(await replyError(s.helper, s.q.threadId)).toBe("thread_locked");
    // Through the page too: a clear error, not a 500.
    const viaPage = await s.helperC.call(threadPage.action, `/t/${s.q.threadId}`, {
      form: { intent: "reply", bodyText: "Let me add something." },
      params: { threadId: String(s.q.threadId) },
    });
    expect(viaPage.status).toBe(422);
    expect((viaPage.body as { error: { code: string } }).error.code).toBe("thread_locked");
    expect(await replyError(s.mod, s.q.threadId)).toBeNull();

    const page = await viewThread(s.helperC, s.q.threadId);
    expect(
      (page.body as { threadTools: { locked: boolean; replyBlocked: string | null } }).threadTools,
    ).toMatchObject({
      locked: true,
      replyBlocked: "locked",
    });
    const staffPage = await viewThread(s.modC, s.q.threadId);
    expect(
      (staffPage.body as { threadTools: { replyBlocked: string | null } }).threadTools.replyBlocked,
    ).toBeNull();

    const [entry] = await audit("thread.lock", s.q.threadId);
    expect(entry?.actor_id).toBe(s.mod.id);
    expect(entry?.before).toMatchObject({ lockedAt: null });
    expect(entry?.after).toMatchObject({ lockedAt: t.clock.now().toISOString() });

    // Locking again changes nothing and writes no second entry.
    const again = await tool(s.modC, s.q.threadId, "lock");
    expect(again.headers.get("Location")).toContain("unchanged=1");
    expect(await audit("thread.lock", s.q.threadId)).toHaveLength(1);

    await tool(s.modC, s.q.threadId, "unlock");
    expect(await replyError(s.helper, s.q.threadId)).toBeNull();
    expect(await audit("thread.unlock", s.q.threadId)).toHaveLength(1);
  });
});

describe("close and reopen", () => {
  it("closes as a duplicate with a link to the original; nobody replies until it is reopened", async () => {
    const s = await setup();
    const original = await insertTestThread(t.deps, s.helper, s.board.slug, {
      title: "Wifi drops every hour",
    });

    // No original given: a field error, and the moderator's choice is kept.
    const bad = await tool(s.modC, s.q.threadId, "close", { reason: "duplicate", duplicateOf: "" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      ok: false,
      error: { fields: { duplicateOf: "duplicate_required" } },
      values: { reason: "duplicate", intent: "thread-close" },
    });
    const garbage = await tool(s.modC, s.q.threadId, "close", {
      reason: "duplicate",
      duplicateOf: "see the other one",
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({
      error: { fields: { duplicateOf: "thread_ref" } },
      values: { duplicateOf: "see the other one" },
    });
    const missing = await tool(s.modC, s.q.threadId, "close", {
      reason: "duplicate",
      duplicateOf: "/t/999999",
    });
    expect(missing.body).toMatchObject({ error: { fields: { duplicateOf: "thread_unknown" } } });
    const self = await tool(s.modC, s.q.threadId, "close", {
      reason: "duplicate",
      duplicateOf: String(s.q.threadId),
    });
    expect(self.body).toMatchObject({ error: { fields: { duplicateOf: "duplicate_self" } } });

    const ok = await tool(s.modC, s.q.threadId, "close", {
      reason: "duplicate",
      duplicateOf: `http://localhost/t/${original.threadId}#p-1`,
    });
    expect(ok.status).toBe(302);
    const page = await viewThread(s.askerC, s.q.threadId);
    expect((page.body as { threadTools: unknown }).threadTools).toMatchObject({
      closed: true,
      closeReason: "duplicate",
      duplicateOf: { id: original.threadId, title: "Wifi drops every hour" },
      replyBlocked: "closed",
    });
    expect(await replyError(s.asker, s.q.threadId)).toBe("thread_closed");
    expect(await replyError(s.mod, s.q.threadId)).toBe("thread_closed");
    const [closed] = await audit("thread.close", s.q.threadId);
    expect(closed?.after).toMatchObject({ closeReason: "duplicate", duplicateOfId: original.threadId });

    // Closing a closed thread is a conflict.
    expect((await tool(s.modC, s.q.threadId, "close", { reason: "resolved" })).status).toBe(409);

    await tool(s.modC, s.q.threadId, "reopen");
    expect(await replyError(s.asker, s.q.threadId)).toBeNull();
    const [reopened] = await audit("thread.reopen", s.q.threadId);
    expect(reopened?.before).toMatchObject({ closeReason: "duplicate" });
    expect(reopened?.after).toMatchObject({ closedAt: null, closeReason: null });
  });

  it("closes as resolved or off-topic without an original", async () => {
    const s = await setup();
    await tool(s.modC, s.q.threadId, "close", { reason: "off_topic", duplicateOf: "" });
    const page = await viewThread(s.askerC, s.q.threadId);
    expect((page.body as { threadTools: unknown }).threadTools).toMatchObject({
      closed: true,
      closeReason: "off_topic",
      duplicateOf: null,
    });
    const bad = await tool(s.modC, s.q.threadId, "close", { reason: "spam" });
    expect(bad.status).toBe(400);
  });
});

describe("pin", () => {
  it("puts pinned threads first on the board's browsing list with a marker, without breaking pagination", async () => {
    const s = await setup();
    // 3 newer threads, so the pinned one would otherwise be last.
    for (let i = 0; i < 3; i++) {
      t.clock.advance(60_000);
      await insertTestThread(t.deps, s.helper, s.board.slug);
    }
    await tool(s.modC, s.q.threadId, "pin");
    const list = await s.helperC.call(boardPage.loader, `/b/${s.board.slug}`, {
      params: { slug: s.board.slug },
    });
    const items = (list.body as { threads: { id: number; pinned?: boolean }[] }).threads;
    expect(items[0]).toMatchObject({ id: s.q.threadId, pinned: true });
    expect(items.filter((i) => i.id === s.q.threadId)).toHaveLength(1);
    expect(items).toHaveLength(4);
    expect(await audit("thread.pin", s.q.threadId)).toHaveLength(1);

    await tool(s.modC, s.q.threadId, "unpin");
    const after = await s.helperC.call(boardPage.loader, `/b/${s.board.slug}`, {
      params: { slug: s.board.slug },
    });
    const again = (after.body as { threads: { id: number; pinned?: boolean }[] }).threads;
    expect(again.at(-1)?.id).toBe(s.q.threadId);
    expect(again.some((i) => i.pinned)).toBe(false);
  });
});

describe("move", () => {
  it("moves a thread to another board and keeps both boards' counters equal to a recount", async () => {
    const s = await setup();
    const other = await insertTestBoard(t.deps);
    await insertTestThread(t.deps, s.helper, other.slug);
    await insertTestReply(t.deps, s.asker, s.q.threadId, "Still broken after the update.");
    const same = await tool(s.modC, s.q.threadId, "move", { board: String(s.board.id) });
    expect(same.body).toMatchObject({ error: { fields: { board: "move_same_board" } } });
    const none = await tool(s.modC, s.q.threadId, "move", { board: "" });
    expect(none.body).toMatchObject({ error: { fields: { board: "board_required" } } });

    const res = await tool(s.modC, s.q.threadId, "move", { board: String(other.id) });
    expect(res.status).toBe(302);
    await expectCountersMatchRecount([s.board.id, other.id], [s.q.threadId], [s.asker.id, s.helper.id]);
    const page = await viewThread(s.askerC, s.q.threadId);
    expect((page.body as { thread: { boardSlug: string } }).thread.boardSlug).toBe(other.slug);
    const [entry] = await audit("thread.move", s.q.threadId);
    expect(entry?.before).toMatchObject({ boardId: s.board.id });
    expect(entry?.after).toMatchObject({ boardId: other.id });
  });
});

describe("merge", () => {
  it("moves the source's posts into the target, keeps counters equal to a recount and redirects", async () => {
    const s = await setup();
    const otherBoard = await insertTestBoard(t.deps);
    const target = await insertTestThread(t.deps, s.helper, otherBoard.slug, {
      title: "Wifi drops every evening",
    });
    await insertTestReply(t.deps, s.asker, target.threadId, "Same here.");
    // The source also has a deleted reply: it moves with the others but counts nowhere.
    const gone = await insertTestReply(t.deps, s.mod, s.q.threadId, "Wrong thread, sorry.");
    await deletePost(t.deps, s.mod, gone.postId);

    const self = await tool(s.modC, s.q.threadId, "merge", { target: String(s.q.threadId) });
    expect(self.body).toMatchObject({ error: { fields: { target: "merge_self" } } });

    const res = await tool(s.modC, s.q.threadId, "merge", { target: `/t/${target.threadId}` });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/t/${target.threadId}?tool=merge`);

    await expectCountersMatchRecount(
      [s.board.id, otherBoard.id],
      [s.q.threadId, target.threadId],
      [s.asker.id, s.helper.id, s.mod.id],
    );
    // The target now shows the source's question and its reply as answers.
    const page = await viewThread(s.helperC, target.threadId);
    const body = page.body as { thread: { replyCount: number }; replies: { id: number }[] };
    expect(body.thread.replyCount).toBe(3);
    expect(body.replies.map((r) => r.id)).toContain(s.q.postId);

    // The source's URL redirects permanently.
    const old = await viewThread(s.helperC, s.q.threadId);
    expect(old.status).toBe(301);
    expect(old.headers.get("Location")).toBe(`/t/${target.threadId}`);

    const [entry] = await audit("thread.merge", s.q.threadId);
    expect(entry?.actor_id).toBe(s.mod.id);
    expect(entry?.after).toMatchObject({ movedPosts: 2, source: { mergedIntoId: target.threadId } });

    // Nothing more can be done to the merged thread, nor can anything be merged into it.
    expect((await tool(s.modC, s.q.threadId, "lock")).body).toMatchObject({
      error: { code: "thread_merged" },
    });
    const third = await insertTestThread(t.deps, s.helper, s.board.slug);
    const intoMerged = await tool(s.modC, third.threadId, "merge", { target: String(s.q.threadId) });
    expect(intoMerged.body).toMatchObject({ error: { fields: { target: "merge_target_merged" } } });
    // And nobody replies to it.
    expect(await replyError(s.mod, s.q.threadId)).toBe("thread_merged");
    // It no longer appears on its board.
    const list = await s.helperC.call(boardPage.loader, `/b/${s.board.slug}`, {
      params: { slug: s.board.slug },
    });
    expect((list.body as { threads: { id: number }[] }).threads.map((x) => x.id)).not.toContain(s.q.threadId);
  });
});

describe("authorization", () => {
  const ACTIONS: [string, Record<string, string>][] = [
    ["lock", {}],
    ["unlock", {}],
    ["close", { reason: "resolved" }],
    ["reopen", {}],
    ["pin", {}],
    ["unpin", {}],
    ["move", { board: "1" }],
    ["merge", { target: "1" }],
  ];

  it.each(ACTIONS)(
    "a member gets 403 for %s on the page and the API; anonymous 401 on the API",
    async (action, fields) => {
      const s = await setup();
      // Even the thread's own author is not staff.
      const page = await tool(s.askerC, s.q.threadId, action, fields);
      expect(page.status).toBe(403);
      const viaApi = await s.askerC.call(toolsApi.action, `/api/v1/threads/${s.q.threadId}/moderation`, {
        json: { action, ...fields },
        params: { id: String(s.q.threadId) },
      });
      expect(viaApi.status).toBe(403);
      const anon = await new Client().call(toolsApi.action, `/api/v1/threads/${s.q.threadId}/moderation`, {
        json: { action, ...fields },
        params: { id: String(s.q.threadId) },
      });
      expect(anon.status).toBe(401);
      expect(await audit(`thread.${action}`, s.q.threadId)).toHaveLength(0);
    },
  );

  it("a moderator uses the API: 200, 400 for bad input, 404 for a missing thread", async () => {
    const s = await setup();
    const url = `/api/v1/threads/${s.q.threadId}/moderation`;
    const ok = await s.modC.call(toolsApi.action, url, {
      json: { action: "lock" },
      params: { id: String(s.q.threadId) },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      thread: { id: s.q.threadId, action: "lock", changed: true, location: `/t/${s.q.threadId}` },
    });
    const bad = await s.modC.call(toolsApi.action, url, {
      json: { action: "explode" },
      params: { id: String(s.q.threadId) },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { fields: { action: "thread_action" } } });
    const missing = await s.modC.call(toolsApi.action, "/api/v1/threads/999999/moderation", {
      json: { action: "lock" },
      params: { id: "999999" },
    });
    expect(missing.status).toBe(404);
    const moved = await s.modC.call(toolsApi.action, url, {
      json: { action: "move", board: "no-such-board" },
      params: { id: String(s.q.threadId) },
    });
    expect(moved.status).toBe(400);
    expect(moved.body).toMatchObject({ error: { fields: { board: "board_unknown" } } });
  });
});

describe("revision history", () => {
  it("shows the author and moderators a word diff between versions; other members are refused", async () => {
    const s = await setup();
    const ownEdit = await editPost(t.deps, s.asker, s.q.postId, {
      body: doc("My router keeps dropping the wifi every hour."),
    });
    expect(ownEdit.revision).toBe(2);
    t.clock.advance(60_000);
    await editPost(t.deps, s.mod, s.q.postId, {
      body: doc("My new router keeps dropping the wifi every evening."),
    });

    const url = `/p/${s.q.postId}/revisions`;
    const params = { postId: String(s.q.postId) };
    const mine = await s.askerC.call(revisionsPage.loader, url, { params });
    expect(mine.status).toBe(200);
    const h = mine.body as {
      revisions: { revision: number; by: string; current: boolean }[];
      diff: { from: number; to: number; body: { kind: string; text: string }[] };
    };
    expect(h.revisions.map((r) => [r.revision, r.by, r.current])).toEqual([
      [3, s.mod.username, true],
      [2, s.asker.username, false],
      [1, s.asker.username, false],
    ]);
    expect(h.diff).toMatchObject({ from: 2, to: 3 });
    expect(h.diff.body.filter((p) => p.kind === "ins").map((p) => p.text.trim())).toEqual(["new", "evening"]);
    expect(h.diff.body.filter((p) => p.kind === "del").map((p) => p.text.trim())).toEqual(["hour"]);

    // Any two versions: 1 → 3.
    const first = await s.modC.call(revisionsPage.loader, `${url}?from=1&to=3`, { params });
    expect(first.status).toBe(200);
    const d = (first.body as { diff: { from: number; to: number; body: { kind: string; text: string }[] } })
      .diff;
    expect(d).toMatchObject({ from: 1, to: 3 });
    // The diff rebuilds both versions: unchanged + removed = version 1, unchanged + added = version 3.
    const rebuild = (skip: string) =>
      d.body
        .filter((p) => p.kind !== skip)
        .map((p) => p.text)
        .join("");
    expect(rebuild("ins")).toBe("Details of the problem.");
    expect(rebuild("del")).toBe("My new router keeps dropping the wifi every evening.");

    const other = await s.helperC.call(revisionsPage.loader, url, { params });
    expect(other.status).toBe(403);
    const anon = await new Client().call(revisionsPage.loader, url, { params });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toContain("/login");

    // The moderator's edit of someone else's post is audited; the author's own edit is not.
    const entries = await audit("post.edit", s.q.postId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_id: s.mod.id, before: { revision: 2 }, after: { revision: 3 } });
  });
});
