/**
 * Flags, the review queue and pre-moderation, end to end through the real services, pages and API on a real
 * database: hiding at the threshold, what the author / other members / staff see, rulings and their effects
 * (accuracy counters, spam penalty, deferred counters on approval), and staff-only access.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient as loggedIn } from "../support/http";
import { expectAppError, ledgerMark, ledgerSince, reputationOf, rows } from "../support/ledger";
import { doc, insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import * as threadPage from "~/routes/t.$threadId";
import * as queuePage from "~/routes/mod.queue";
import * as settingsPage from "~/routes/mod.settings";
import * as queueApi from "~/routes/api.v1.mod.queue";
import * as flagsApi from "~/routes/api.v1.posts.$postId.flags";
import {
  flagPost,
  resolveReviewItem,
  setBoardPremoderation,
  updateModerationSettings,
} from "~/services/moderation.server";
import { askQuestion, postReply } from "~/services/forum.server";
import { listThreads } from "~/data/threads.server";
import { REPUTATION } from "~/domain/reputation";
import { getReviewQueuePage } from "~/data/review-queue-page.server";
import { decodeCursor } from "~/domain/shared/cursor";

let t: TestDb;
let admin: Awaited<ReturnType<typeof insertTestUser>>;
let mod: Awaited<ReturnType<typeof insertTestUser>>;

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  admin = await insertTestUser(t.deps, { role: "admin" });
  mod = await insertTestUser(t.deps, { role: "moderator" });
});
afterAll(async () => {
  await t?.close();
});

type PagePost = { id: number; moderationState: string; bodyHtml: string };
type ThreadPageBody = {
  question: PagePost | null;
  replies: PagePost[];
  flagReasons: Record<string, string[]>;
};

async function viewThread(c: Client, threadId: number) {
  return c.call(threadPage.loader, `/t/${threadId}`, { params: { threadId: String(threadId) } });
}

async function openItemFor(postId: number) {
  const [r] = await rows<{ id: number; kind: string; flag_count: number }>(
    t.db,
    sql`select id::int as id, kind, flag_count from review_items where post_id = ${postId} and status = 'open'`,
  );
  return r ?? null;
}

async function userRow(id: string) {
  const [r] = await rows<{
    flags_upheld: number;
    flags_dismissed: number;
    approved_posts: number;
    answer_count: number;
    question_count: number;
  }>(
    t.db,
    sql`select flags_upheld, flags_dismissed, approved_posts, answer_count, question_count from users where id = ${id}`,
  );
  return r!;
}

async function setThreshold(n: number) {
  await updateModerationSettings(t.deps, admin, { flagHideThreshold: n, newMemberPremodPosts: 0 });
}

/** A thread with one reply by `author`, and `n` members able to flag. */
async function flaggedScenario(n: number) {
  const board = await insertTestBoard(t.deps);
  const asker = await insertTestUser(t.deps);
  const author = await insertTestUser(t.deps);
  const q = await insertTestThread(t.deps, asker, board.slug);
  const reply = await insertTestReply(t.deps, author, q.threadId, "Buy cheap followers at spam.example");
  const flaggers = [];
  for (let i = 0; i < n; i++) flaggers.push(await insertTestUser(t.deps, { reputation: 20 }));
  return { board, asker, author, q, reply, flaggers };
}

describe("flags hide a post at the threshold", () => {
  it("two distinct flags (threshold 2) hide the reply at once; its author sees why, others do not see it", async () => {
    await setThreshold(2);
    const s = await flaggedScenario(2);
    const first = await flagPost(t.deps, s.flaggers[0]!, s.reply.postId, {
      reason: "spam",
      note: "link farm",
    });
    expect(first.hidden).toBe(false);
    expect((await openItemFor(s.reply.postId))?.flag_count).toBe(1);
    const second = await flagPost(t.deps, s.flaggers[1]!, s.reply.postId, { reason: "abusive" });
    expect(second.hidden).toBe(true);
    const item = await openItemFor(s.reply.postId);
    expect(item).toMatchObject({ kind: "flagged", flag_count: 2 });

    // Another member: the reply is gone from the thread page.
    const other = await loggedIn((await insertTestUser(t.deps)).username);
    const seen = (await viewThread(other, s.q.threadId)).body as ThreadPageBody;
    expect(seen.replies.map((r) => r.id)).not.toContain(s.reply.postId);
    // Anonymous: same.
    const anon = (await viewThread(new Client(), s.q.threadId)).body as ThreadPageBody;
    expect(anon.replies.map((r) => r.id)).not.toContain(s.reply.postId);

    // The author: still there, marked hidden by flags, with the reasons.
    const own = (await viewThread(await loggedIn(s.author.username), s.q.threadId)).body as ThreadPageBody;
    const mine = own.replies.find((r) => r.id === s.reply.postId);
    expect(mine?.moderationState).toBe("hidden");
    expect(own.flagReasons[String(s.reply.postId)]?.sort()).toEqual(["abusive", "spam"]);

    // Staff see it too.
    const staff = (await viewThread(await loggedIn(mod.username), s.q.threadId)).body as ThreadPageBody;
    expect(staff.replies.map((r) => r.id)).toContain(s.reply.postId);

    // Webhooks hear about each flag through the outbox.
    const events = await rows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from outbox where event = 'post.flagged' and (payload->>'postId')::bigint = ${s.reply.postId}`,
    );
    expect(events[0]?.n).toBe(2);
  });

  it("one flag per member per post (409), not on one's own post (403), and needs the flag privilege (403)", async () => {
    await setThreshold(3);
    const s = await flaggedScenario(1);
    await flagPost(t.deps, s.flaggers[0]!, s.reply.postId, { reason: "spam" });
    await expectAppError(
      flagPost(t.deps, s.flaggers[0]!, s.reply.postId, { reason: "off_topic" }),
      "conflict",
    );
    const ownReply = await insertTestReply(t.deps, s.flaggers[0]!, s.q.threadId, "My own reply");
    await expectAppError(
      flagPost(t.deps, s.flaggers[0]!, ownReply.postId, { reason: "spam" }),
      "forbidden",
      "flag_own_post",
    );
    const newbie = await insertTestUser(t.deps);
    await expectAppError(
      flagPost(t.deps, newbie, s.reply.postId, { reason: "spam" }),
      "forbidden",
      "privilege_flag",
    );
    await expectAppError(
      flagPost(t.deps, s.flaggers[0]!, s.reply.postId, { reason: "rude" }),
      "invalid",
      "invalid_input",
    );
  });
});

describe("review outcomes", () => {
  it("approve restores a post hidden by flags and dismisses the flags (accuracy counters, audit)", async () => {
    await setThreshold(2);
    const s = await flaggedScenario(2);
    for (const f of s.flaggers) await flagPost(t.deps, f, s.reply.postId, { reason: "off_topic" });
    const item = (await openItemFor(s.reply.postId))!;
    await resolveReviewItem(t.deps, mod, item.id, { outcome: "approve" });
    const other = await loggedIn((await insertTestUser(t.deps)).username);
    const seen = (await viewThread(other, s.q.threadId)).body as ThreadPageBody;
    expect(seen.replies.find((r) => r.id === s.reply.postId)?.moderationState).toBe("visible");
    for (const f of s.flaggers)
      expect(await userRow(f.id)).toMatchObject({ flags_upheld: 0, flags_dismissed: 1 });
    expect(await openItemFor(s.reply.postId)).toBeNull();
    const audit = await rows<{ action: string; actor_id: string; before: unknown; after: unknown }>(
      t.db,
      sql`select action, actor_id, before, after from audit_log where target_type = 'post' and target_id = ${String(s.reply.postId)}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "post.approve",
      actor_id: mod.id,
      before: { state: "hidden", reason: "flags" },
      after: { state: "visible", reason: null },
    });
    // A second ruling on the same item is refused: someone already handled it.
    await expectAppError(
      resolveReviewItem(t.deps, mod, item.id, { outcome: "hide" }),
      "conflict",
      "review_resolved",
    );
  });

  it("delete as spam applies the reputation penalty (ledger) and upholds the flags", async () => {
    await setThreshold(3);
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const author = await insertTestUser(t.deps, { reputation: 300 });
    const flagger = await insertTestUser(t.deps, { reputation: 20 });
    const q = await insertTestThread(t.deps, asker, board.slug);
    const reply = await insertTestReply(t.deps, author, q.threadId, "Cheap followers at spam.example");
    await flagPost(t.deps, flagger, reply.postId, { reason: "spam" });
    const item = (await openItemFor(reply.postId))!;
    const mark = await ledgerMark(t.db);
    await resolveReviewItem(t.deps, mod, item.id, { outcome: "delete_spam" });
    expect(await ledgerSince(t.db, mark)).toEqual([
      {
        userId: author.id,
        points: REPUTATION.removedAsSpam,
        reason: "removed_as_spam",
        postId: reply.postId,
        actorId: mod.id,
      },
    ]);
    expect(await reputationOf(t.db, author.id)).toBe(300 + REPUTATION.removedAsSpam);
    expect(await userRow(flagger.id)).toMatchObject({ flags_upheld: 1, flags_dismissed: 0 });
    const [p] = await rows<{ deleted_reason: string }>(
      t.db,
      sql`select deleted_reason from posts where id = ${reply.postId}`,
    );
    expect(p?.deleted_reason).toBe("spam");
    expect(await userRow(author.id)).toMatchObject({ answer_count: 0 });
    expect(await threadReplies(q.threadId)).toBe(0);
  });

  it("a spam question removed from the queue hides its thread and leaves the lists and counters", async () => {
    await setThreshold(1);
    const board = await insertTestBoard(t.deps);
    const spammer = await insertTestUser(t.deps);
    const flagger = await insertTestUser(t.deps, { reputation: 20 });
    const q = await insertTestThread(t.deps, spammer, board.slug, {
      title: "Cheap followers, click this link now",
    });
    const before = await boardCounts(board.slug);
    const r = await flagPost(t.deps, flagger, q.postId, { reason: "spam" });
    expect(r.hidden).toBe(true);
    const other = await loggedIn((await insertTestUser(t.deps)).username);
    expect((await viewThread(other, q.threadId)).status).toBe(404);
    await resolveReviewItem(t.deps, mod, (await openItemFor(q.postId))!.id, { outcome: "delete_spam" });
    expect((await viewThread(other, q.threadId)).status).toBe(404);
    const id = (await boardId(board.slug))!;
    const list = await listThreads(t.db, { boardId: id, filter: "newest", cursor: null, limit: 20 });
    expect(list.items.map((i) => i.id)).not.toContain(q.threadId);
    expect(await boardCounts(board.slug)).toEqual({ threads: before.threads - 1, posts: before.posts - 1 });
    expect(await userRow(spammer.id)).toMatchObject({ question_count: 0 });
    await setThreshold(3);
  });

  it("delete as spam costs a well-reputed author the full penalty", async () => {
    await setThreshold(3);
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const author = await insertTestUser(t.deps, { reputation: 500 });
    const flagger = await insertTestUser(t.deps, { reputation: 20 });
    const q = await insertTestThread(t.deps, asker, board.slug);
    const reply = await insertTestReply(t.deps, author, q.threadId);
    await flagPost(t.deps, flagger, reply.postId, { reason: "abusive" });
    const before = await reputationOf(t.db, author.id);
    await resolveReviewItem(t.deps, mod, (await openItemFor(reply.postId))!.id, { outcome: "delete_abuse" });
    expect(await reputationOf(t.db, author.id)).toBe(before + REPUTATION.removedAsSpam);
  });
});

describe("pre-moderation", () => {
  it("a pre-moderated board holds a reply: invisible, uncounted until approval, then counted once", async () => {
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const q = await insertTestThread(t.deps, asker, board.slug);
    await setBoardPremoderation(t.deps, admin, (await boardId(board.slug))!, { premoderated: true });
    const author = await insertTestUser(t.deps);
    const before = await boardCounts(board.slug);
    const r = await postReply(t.deps, author, q.threadId, { body: doc("Held reply text") });
    expect(r.pending).toBe(true);
    expect(await boardCounts(board.slug)).toEqual(before);
    expect(await threadReplies(q.threadId)).toBe(0);
    expect(await userRow(author.id)).toMatchObject({ answer_count: 0, approved_posts: 0 });
    const [n] = await rows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from notifications where user_id = ${author.id}`,
    );
    expect(n?.n).toBe(0);

    const other = await loggedIn((await insertTestUser(t.deps)).username);
    expect(((await viewThread(other, q.threadId)).body as ThreadPageBody).replies).toHaveLength(0);
    const own = (await viewThread(await loggedIn(author.username), q.threadId)).body as ThreadPageBody;
    expect(own.replies[0]).toMatchObject({ id: r.postId, moderationState: "pending" });

    // It is in the queue (pending filter), and the staff member approves it.
    const modClient = await loggedIn(mod.username);
    const queue = await modClient.call(queuePage.loader, "/mod/queue?kind=pending");
    const items = (queue.body as { items: { id: number; post: { id: number }; actions: string[] }[] }).items;
    const item = items.find((i) => i.post.id === r.postId)!;
    expect(item.actions).toEqual(["approve", "reject", "delete_spam", "delete_abuse"]);
    const res = await modClient.call(queuePage.action, "/mod/queue?kind=pending", {
      form: { intent: "approve", itemId: String(item.id) },
    });
    expect(res.status).toBe(302);
    expect(await threadReplies(q.threadId)).toBe(1);
    expect(await boardCounts(board.slug)).toEqual({ threads: before.threads, posts: before.posts + 1 });
    expect(await userRow(author.id)).toMatchObject({ answer_count: 1, approved_posts: 1 });
    expect(((await viewThread(other, q.threadId)).body as ThreadPageBody).replies.map((x) => x.id)).toEqual([
      r.postId,
    ]);
  });

  it("a held question keeps its thread out of lists and 404 for others; a rejected one stays readable to its author", async () => {
    const board = await insertTestBoard(t.deps);
    await setBoardPremoderation(t.deps, admin, (await boardId(board.slug))!, { premoderated: true });
    const author = await insertTestUser(t.deps);
    const q = await askQuestion(t.deps, author, {
      board: board.slug,
      title: "Announcement draft needing approval",
      body: doc("Please keep this text, I have no copy."),
    });
    expect(q.pending).toBe(true);
    const list = await listThreads(t.db, {
      boardId: (await boardId(board.slug))!,
      filter: "newest",
      cursor: null,
      limit: 20,
    });
    expect(list.items.map((i) => i.id)).not.toContain(q.threadId);
    const other = await loggedIn((await insertTestUser(t.deps)).username);
    expect((await viewThread(other, q.threadId)).status).toBe(404);
    expect((await viewThread(new Client(), q.threadId)).status).toBe(404);

    const item = (await openItemFor(q.postId))!;
    await resolveReviewItem(t.deps, mod, item.id, { outcome: "reject" });
    expect((await viewThread(other, q.threadId)).status).toBe(404);
    const own = await viewThread(await loggedIn(author.username), q.threadId);
    expect(own.status).toBe(200);
    const question = (own.body as ThreadPageBody).question!;
    expect(question.moderationState).toBe("rejected");
    expect(question.bodyHtml).toContain("Please keep this text");
    expect(await userRow(author.id)).toMatchObject({ question_count: 0, approved_posts: 0 });
  });

  it("new members' first N posts wait (setting), staff never wait, and approved posts count toward N", async () => {
    await updateModerationSettings(t.deps, admin, { newMemberPremodPosts: 1 });
    try {
      const board = await insertTestBoard(t.deps);
      const asker = await insertTestUser(t.deps, { role: "moderator" });
      const q = await askQuestion(t.deps, asker, {
        board: board.slug,
        title: "Staff question is never held",
        body: doc("Staff text"),
      });
      expect(q.pending).toBe(false);
      const newbie = await insertTestUser(t.deps);
      const first = await postReply(t.deps, newbie, q.threadId, { body: doc("My first reply") });
      expect(first.pending).toBe(true);
      await resolveReviewItem(t.deps, mod, (await openItemFor(first.postId))!.id, { outcome: "approve" });
      const second = await postReply(t.deps, newbie, q.threadId, { body: doc("My second reply") });
      expect(second.pending).toBe(false);
      expect(await userRow(newbie.id)).toMatchObject({ approved_posts: 2, answer_count: 2 });
    } finally {
      await updateModerationSettings(t.deps, admin, { newMemberPremodPosts: 0 });
    }
  });
});

describe("staff only", () => {
  it("members get 403 on the queue page, its actions, the settings page and its actions; anonymous 401 on the API", async () => {
    const member = await loggedIn((await insertTestUser(t.deps, { reputation: 5000 })).username);
    expect((await member.call(queuePage.loader, "/mod/queue")).status).toBe(403);
    expect(
      (await member.call(queuePage.action, "/mod/queue", { form: { intent: "approve", itemId: "1" } }))
        .status,
    ).toBe(403);
    expect((await member.call(settingsPage.loader, "/mod/settings")).status).toBe(403);
    expect(
      (
        await member.call(settingsPage.action, "/mod/settings", {
          form: { intent: "settings", flagHideThreshold: "1" },
        })
      ).status,
    ).toBe(403);
    expect((await member.call(queueApi.loader, "/api/v1/mod/queue")).status).toBe(403);
    expect((await new Client().call(queueApi.loader, "/api/v1/mod/queue")).status).toBe(401);
    const someone = await insertTestUser(t.deps, { reputation: 5000 });
    for (const outcome of ["approve", "hide", "delete_spam", "delete_abuse", "dismiss", "reject"]) {
      await expectAppError(resolveReviewItem(t.deps, someone, 1, { outcome }), "forbidden", "staff_only");
    }
  });

  it("moderators read the settings, only admins change them (audited); bad input is a field error", async () => {
    const modClient = await loggedIn(mod.username);
    const page = await modClient.call(settingsPage.loader, "/mod/settings");
    expect(page.status).toBe(200);
    expect((page.body as { canEdit: boolean }).canEdit).toBe(false);
    const refused = await modClient.call(settingsPage.action, "/mod/settings", {
      form: { intent: "settings", flagHideThreshold: "4", newMemberPremodPosts: "0" },
    });
    expect(refused.status).toBe(403);

    const adminClient = await loggedIn(admin.username);
    const bad = await adminClient.call(settingsPage.action, "/mod/settings", {
      form: { intent: "settings", flagHideThreshold: "lots", newMemberPremodPosts: "0" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { fields: { flagHideThreshold: "setting_range" } },
      values: { flagHideThreshold: "lots" },
    });
    const ok = await adminClient.call(settingsPage.action, "/mod/settings", {
      form: { intent: "settings", flagHideThreshold: "4", newMemberPremodPosts: "0" },
    });
    expect(ok.status).toBe(302);
    const [a] = await rows<{ after: unknown }>(
      t.db,
      sql`select after from audit_log where action = 'setting.update' and target_id = 'flagHideThreshold' order by id desc limit 1`,
    );
    expect(a?.after).toEqual({ flagHideThreshold: 4 });
  });
});

describe("API", () => {
  it("POST /api/v1/posts/:id/flags: 401, 403, 201, 409 duplicate, 400 bad reason; GET /api/v1/mod/queue lists it", async () => {
    await setThreshold(3);
    const s = await flaggedScenario(1);
    const call = (c: Client, json: unknown) =>
      c.call(flagsApi.action, `/api/v1/posts/${s.reply.postId}/flags`, {
        params: { postId: String(s.reply.postId) },
        json,
      });
    expect((await call(new Client(), { reason: "spam" })).status).toBe(401);
    const low = await loggedIn((await insertTestUser(t.deps)).username);
    expect((await call(low, { reason: "spam" })).status).toBe(403);
    const flagger = await loggedIn(s.flaggers[0]!.username);
    const bad = await call(flagger, { reason: "rude" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { fields: { reason: "flag_reason" } } });
    const created = await call(flagger, { reason: "spam", note: "same link everywhere" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ flag: { id: expect.any(Number) }, hidden: false });
    expect((await call(flagger, { reason: "spam" })).status).toBe(409);

    const modClient = await loggedIn(mod.username);
    const q = await modClient.call(queueApi.loader, "/api/v1/mod/queue?kind=flagged");
    expect(q.status).toBe(200);
    const items = (q.body as { items: { post: { id: number }; flags: { reason: string; note: string }[] }[] })
      .items;
    const mine = items.find((i) => i.post.id === s.reply.postId);
    expect(mine?.flags).toEqual([expect.objectContaining({ reason: "spam", note: "same link everywhere" })]);
    expect((await modClient.call(queueApi.loader, "/api/v1/mod/queue?kind=bogus")).status).toBe(400);
  });

  it("the queue is oldest first and keyset-paginated", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let guard = 0;
    do {
      const page = await getReviewQueuePage(t.db, { kind: null, cursor: decodeCursor(cursor), limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next;
    } while (cursor && ++guard < 100);
    const all = await rows<{ id: number }>(
      t.db,
      sql`select id::int as id from review_items where status = 'open' order by created_at, id`,
    );
    expect(all.length).toBeGreaterThan(2);
    expect(seen).toEqual(all.map((r) => Number(r.id)));
  });
});

async function boardId(slug: string) {
  const [r] = await rows<{ id: number }>(t.db, sql`select id from boards where slug = ${slug}`);
  return r ? Number(r.id) : null;
}
async function boardCounts(slug: string) {
  const [r] = await rows<{ threads: number; posts: number }>(
    t.db,
    sql`select thread_count as threads, post_count as posts from boards where slug = ${slug}`,
  );
  return { threads: Number(r!.threads), posts: Number(r!.posts) };
}
async function threadReplies(threadId: number) {
  const [r] = await rows<{ n: number }>(
    t.db,
    sql`select reply_count as n from threads where id = ${threadId}`,
  );
  return Number(r!.n);
}
