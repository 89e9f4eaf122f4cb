/**
 * Following and the notifications members get (engagement): follow/unfollow through the /follow route,
 * auto-follow on ask/answer, who is notified of replies, mentions, new threads, accepted answers and escalation
 * updates (never the actor, once each), marking one read, the tag page and the username suggester.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient as loggedIn } from "../support/http";
import { doc, insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import * as followRoute from "~/routes/follow";
import * as tagPage from "~/routes/tags.$tag";
import * as boardPage from "~/routes/b.$slug";
import * as threadPage from "~/routes/t.$threadId";
import * as notificationsPage from "~/routes/notifications";
import * as suggestApi from "~/routes/api.v1.users.suggest";
import { acceptAnswer, askQuestion, postReply } from "~/services/forum.server";
import { setFollow } from "~/services/engagement.server";
import { addMemberToTeam, escalateThread, updateEscalation } from "~/services/escalation.server";
import { findTeam } from "~/data/escalations.server";
import { rowsOf } from "~/data/reputation.server";
import { BELL_COUNT_CAP, FANOUT_CAP } from "~/domain/engagement";
import { countUnreadNotifications } from "~/data/notifications.server";
import { memberPageState } from "~/data/shared-pages.server";
import { renderMemberNav } from "~/services/member-pages.server";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});

type Notif = { user_id: string; kind: string; data: Record<string, unknown> };

/** Notifications written after `id`, badges left out (first posts earn some). */
async function notificationsSince(id: number): Promise<Notif[]> {
  return rowsOf(
    await t.db.execute(
      sql`select user_id, kind, data from notifications where id > ${id} and kind <> 'badge' order by id`,
    ),
  ) as Notif[];
}
async function lastNotificationId() {
  const [r] = rowsOf(await t.db.execute(sql`select coalesce(max(id), 0)::int as id from notifications`));
  return Number((r as { id: number }).id);
}
async function followsOf(userId: string) {
  return rowsOf(
    await t.db.execute(
      sql`select target_type, target_key from follows where user_id = ${userId} order by target_type, target_key`,
    ),
  ) as { target_type: string; target_key: string }[];
}

describe("following", () => {
  it("follow and unfollow a board, a tag and a thread through /follow; both are idempotent", async () => {
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const fan = await insertTestUser(t.deps);
    const th = await insertTestThread(t.deps, asker, board.slug);
    const c = await loggedIn(fan.username);
    const post = (form: Record<string, string>) =>
      c.call(followRoute.action, "/follow", { form: { redirectTo: `/b/${board.slug}`, ...form } });

    for (let i = 0; i < 2; i++) {
      const r = await post({ intent: "follow", targetType: "board", targetKey: String(board.id) });
      expect(r.status).toBe(302);
      expect(r.headers.get("Location")).toBe(`/b/${board.slug}`);
    }
    await post({ intent: "follow", targetType: "tag", targetKey: "Billing" });
    await post({ intent: "follow", targetType: "thread", targetKey: String(th.threadId) });
    expect(await followsOf(fan.id)).toEqual([
      { target_type: "board", target_key: String(board.id) },
      { target_type: "tag", target_key: "billing" },
      { target_type: "thread", target_key: String(th.threadId) },
    ]);

    // The pages show the state (aria-pressed button), and the Following list on /notifications lists them.
    const bp = await c.call(boardPage.loader, `/b/${board.slug}`, { params: { slug: board.slug } });
    expect((bp.body as { follow: { following: boolean } }).follow.following).toBe(true);
    const tp = await c.call(threadPage.loader, `/t/${th.threadId}`, {
      params: { threadId: String(th.threadId) },
    });
    expect((tp.body as { following: boolean }).following).toBe(true);
    const np = await c.call(notificationsPage.loader, "/notifications");
    const following = (
      np.body as { following: { items: { targetType: string; boardSlug: string | null }[] } }
    ).following.items;
    expect(following.map((f) => f.targetType)).toEqual(["board", "tag", "thread"]);
    expect(following[0]!.boardSlug).toBe(board.slug);

    for (let i = 0; i < 2; i++)
      await post({ intent: "unfollow", targetType: "board", targetKey: String(board.id) });
    expect((await followsOf(fan.id)).map((f) => f.target_type)).toEqual(["tag", "thread"]);
  });

  it("rejects unknown targets with 400/404 (no 500), anonymous users go to login, open redirects are refused", async () => {
    const fan = await insertTestUser(t.deps);
    const c = await loggedIn(fan.username);
    const call = (form: Record<string, string>) => c.call(followRoute.action, "/follow", { form });
    expect((await call({ intent: "follow", targetType: "planet", targetKey: "x" })).status).toBe(400);
    expect((await call({ intent: "follow", targetType: "tag", targetKey: "no spaces!" })).status).toBe(400);
    expect((await call({ intent: "follow", targetType: "board", targetKey: "99999999" })).status).toBe(404);
    expect((await call({ intent: "follow", targetType: "thread", targetKey: "abc" })).status).toBe(400);
    expect((await call({ intent: "dance", targetType: "tag", targetKey: "x1" })).status).toBe(400);
    const evil = await call({
      intent: "follow",
      targetType: "tag",
      targetKey: "abc",
      redirectTo: "//evil.test",
    });
    expect(evil.headers.get("Location")).toBe("/notifications");
    const anon = await new Client().call(followRoute.action, "/follow", {
      form: { intent: "follow", targetType: "tag", targetKey: "abc" },
    });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toMatch(/^\/login/);
  });

  it("asking or answering follows the thread automatically", async () => {
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const th = await insertTestThread(t.deps, asker, board.slug);
    await insertTestReply(t.deps, helper, th.threadId);
    await insertTestReply(t.deps, helper, th.threadId);
    expect(await followsOf(asker.id)).toEqual([{ target_type: "thread", target_key: String(th.threadId) }]);
    expect(await followsOf(helper.id)).toEqual([{ target_type: "thread", target_key: String(th.threadId) }]);
  });
});

describe("notifications", () => {
  it("a reply notifies the asker and the thread's followers once each, never the one replying", async () => {
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const follower = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const th = await insertTestThread(t.deps, asker, board.slug, { title: "Hoàn tiền cho đơn hàng" });
    await setFollow(t.deps, follower, { targetType: "thread", targetKey: String(th.threadId), follow: true });
    await setFollow(t.deps, asker, { targetType: "thread", targetKey: String(th.threadId), follow: true });
    await setFollow(t.deps, helper, { targetType: "thread", targetKey: String(th.threadId), follow: true });
    const mark = await lastNotificationId();
    const r = await insertTestReply(t.deps, helper, th.threadId);
    const got = await notificationsSince(mark);
    expect(got.map((n) => [n.user_id, n.kind])).toEqual([
      [asker.id, "reply"],
      [follower.id, "thread_reply"],
    ]);
    expect(got[0]!.data).toEqual({
      threadId: th.threadId,
      postId: r.postId,
      title: "Hoàn tiền cho đơn hàng",
      actor: helper.username,
    });

    // The asker answering their own thread notifies the followers (helper, follower), not the asker.
    const mark2 = await lastNotificationId();
    await insertTestReply(t.deps, asker, th.threadId);
    expect((await notificationsSince(mark2)).map((n) => [n.user_id, n.kind]).sort()).toEqual(
      [
        [follower.id, "thread_reply"],
        [helper.id, "thread_reply"],
      ].sort(),
    );
  });

  it("a mention notifies the mentioned member (not unknown names, not oneself, not inside code)", async () => {
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const named = await insertTestUser(t.deps, { username: `Mai_${Date.now().toString(36)}` });
    const coded = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const th = await insertTestThread(t.deps, asker, board.slug);
    const mark = await lastNotificationId();
    await postReply(t.deps, helper, th.threadId, {
      body: {
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [
              {
                type: "text",
                text: `cảm ơn @${named.username.toLowerCase()} và @nobody_here_xyz, @${helper.username} `,
              },
              { type: "text", text: `@${coded.username}`, marks: [{ type: "code" }] },
              { type: "text", text: ` mail me: x@${coded.username}.com` },
            ],
          },
        ],
      },
    });
    const got = await notificationsSince(mark);
    expect(got.map((n) => [n.user_id, n.kind])).toEqual([
      [named.id, "mention"],
      [asker.id, "reply"],
    ]);
  });

  it("a new thread notifies followers of its board and tags once each; the asker is not notified", async () => {
    const board = await insertTestBoard(t.deps);
    const boardFan = await insertTestUser(t.deps);
    const tagFan = await insertTestUser(t.deps);
    const both = await insertTestUser(t.deps);
    const asker = await insertTestUser(t.deps);
    await setFollow(t.deps, boardFan, { targetType: "board", targetKey: String(board.id), follow: true });
    await setFollow(t.deps, tagFan, { targetType: "tag", targetKey: "refund", follow: true });
    await setFollow(t.deps, both, { targetType: "board", targetKey: String(board.id), follow: true });
    await setFollow(t.deps, both, { targetType: "tag", targetKey: "refund", follow: true });
    await setFollow(t.deps, asker, { targetType: "board", targetKey: String(board.id), follow: true });
    const mark = await lastNotificationId();
    const th = await askQuestion(t.deps, asker, {
      board: board.slug,
      title: "Refund for a cancelled order?",
      body: doc("I cancelled it yesterday."),
      tags: "refund, orders",
    });
    const got = await notificationsSince(mark);
    expect(got.map((n) => [n.user_id, n.kind, n.data.via]).sort()).toEqual(
      [
        [boardFan.id, "followed_thread", "board"],
        [both.id, "followed_thread", "board"],
        [tagFan.id, "followed_thread", "tag"],
      ].sort(),
    );
    expect(got.every((n) => n.data.threadId === th.threadId)).toBe(true);

    // The tag page lists the thread, keyset-paginated, and shows the follow state.
    const c = await loggedIn(tagFan.username);
    const page = await c.call(tagPage.loader, "/tags/refund", { params: { tag: "refund" } });
    const body = page.body as { threads: { id: number; tags: string[] }[]; following: boolean };
    expect(body.threads.map((x) => x.id)).toContain(th.threadId);
    expect(body.following).toBe(true);
    const upper = await c.call(tagPage.loader, "/tags/Refund", { params: { tag: "Refund" } });
    expect(upper.status).toBe(301);
    const bad = await c.call(tagPage.loader, "/tags/x%20y", { params: { tag: "x y" } });
    expect(bad.status).toBe(404);
  });

  it("the tag page pages with a cursor, newest first", async () => {
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const ids: number[] = [];
    for (let i = 0; i < 23; i++) {
      t.clock.advance(1000);
      const r = await askQuestion(t.deps, asker, {
        board: board.slug,
        title: `Paging question number ${i}`,
        body: doc("x"),
        tags: "pagingtag",
      });
      ids.push(r.threadId);
    }
    const c = new Client();
    const p1 = await c.call(tagPage.loader, "/tags/pagingtag", { params: { tag: "pagingtag" } });
    const b1 = p1.body as { threads: { id: number }[]; next: string };
    expect(b1.threads.map((x) => x.id)).toEqual(ids.slice(-20).reverse());
    const p2 = await c.call(tagPage.loader, `/tags/pagingtag?cursor=${b1.next}`, {
      params: { tag: "pagingtag" },
    });
    const b2 = p2.body as { threads: { id: number }[]; next: string | null };
    expect(b2.threads.map((x) => x.id)).toEqual(ids.slice(0, 3).reverse());
    expect(b2.next).toBeNull();
  });

  it("an accepted answer notifies its author", async () => {
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const th = await insertTestThread(t.deps, asker, board.slug);
    const r = await insertTestReply(t.deps, helper, th.threadId);
    const mark = await lastNotificationId();
    await acceptAnswer(t.deps, asker, th.threadId, { replyId: r.postId });
    const got = await notificationsSince(mark);
    expect(got.map((n) => [n.user_id, n.kind, n.data.postId])).toEqual([[helper.id, "accepted", r.postId]]);
  });

  it("escalation status changes and a published resolution notify the thread's author; internal notes do not", async () => {
    const admin = await insertTestUser(t.deps, { role: "admin" });
    const mod = await insertTestUser(t.deps, { role: "moderator" });
    const member = await insertTestUser(t.deps);
    const board = await insertTestBoard(t.deps);
    const billing = (await findTeam(t.db, { slug: "billing" }))!;
    await addMemberToTeam(t.deps, admin, billing.id, { username: mod.username });
    const th = await insertTestThread(t.deps, member, board.slug, { title: "Charged twice" });
    const e = await escalateThread(t.deps, mod, th.threadId, { team: "billing", priority: 2 });

    let mark = await lastNotificationId();
    await updateEscalation(t.deps, mod, e.id, { note: "Checked the ledger: internal only" });
    await updateEscalation(t.deps, mod, e.id, { priority: 1 });
    expect(await notificationsSince(mark)).toEqual([]);

    mark = await lastNotificationId();
    await updateEscalation(t.deps, mod, e.id, { status: "in_progress" });
    let got = await notificationsSince(mark);
    expect(got.map((n) => [n.user_id, n.kind, n.data.change, n.data.status])).toEqual([
      [member.id, "escalation_update", "status", "in_progress"],
    ]);

    // A summary written but kept internal says nothing; publishing it does.
    mark = await lastNotificationId();
    await updateEscalation(t.deps, mod, e.id, { resolutionSummary: "Refunded the duplicate charge." });
    expect(await notificationsSince(mark)).toEqual([]);
    await updateEscalation(t.deps, mod, e.id, { resolutionPublic: true });
    got = await notificationsSince(mark);
    expect(got.map((n) => [n.user_id, n.kind, n.data.change])).toEqual([
      [member.id, "escalation_update", "resolution"],
    ]);
    expect(JSON.stringify(got)).not.toContain("internal only");
  });

  it("the notifications page renders the new kinds with links, and marks one read (only one's own)", async () => {
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const other = await insertTestUser(t.deps);
    const th = await insertTestThread(t.deps, asker, board.slug, { title: "Tài khoản bị khoá" });
    const r = await insertTestReply(t.deps, helper, th.threadId);
    const c = await loggedIn(asker.username);
    const page = await c.call(notificationsPage.loader, "/notifications");
    type Item = {
      id: number;
      unread: boolean;
      engagement: { key: string; href: string; vars: { title: string } };
    };
    const body = page.body as { items: Item[]; unread: number };
    const item = body.items.find((n) => n.engagement?.key === "reply")!;
    expect(item.engagement.href).toBe(`/t/${th.threadId}#p-${r.postId}`);
    expect(item.engagement.vars.title).toBe("Tài khoản bị khoá");
    expect(item.unread).toBe(true);

    // Somebody else cannot mark it read (404), a junk id is a 404 too — not a 500.
    const oc = await loggedIn(other.username);
    const foreign = await oc.call(notificationsPage.action, "/notifications", {
      form: { intent: "mark-read", id: String(item.id) },
    });
    expect(foreign.status).toBe(404);
    const junk = await c.call(notificationsPage.action, "/notifications", {
      form: { intent: "mark-read", id: "x" },
    });
    expect(junk.status).toBe(404);

    const done = await c.call(notificationsPage.action, "/notifications", {
      form: { intent: "mark-read", id: String(item.id) },
    });
    expect(done.status).toBe(302);
    const after = (await c.call(notificationsPage.loader, "/notifications")).body as {
      items: Item[];
      unread: number;
    };
    expect(after.items.find((n) => n.id === item.id)!.unread).toBe(false);
    expect(after.unread).toBe(body.unread - 1);
  });
});

describe("fan-out cap", () => {
  it(`a reply to a thread with more than FANOUT_CAP followers notifies exactly FANOUT_CAP of them, in one statement`, async () => {
    const board = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const th = await insertTestThread(t.deps, asker, board.slug);
    const n = FANOUT_CAP + 25;
    await t.db.execute(sql`
      insert into users (id, username, email, password_hash, created_at)
      select 'fan' || g, 'fan_' || g, 'fan' || g || '@example.test', 'x', now() from generate_series(1, ${n}) g`);
    await t.db.execute(sql`
      insert into follows (user_id, target_type, target_key, created_at)
      select 'fan' || g, 'thread', ${String(th.threadId)}, now() from generate_series(1, ${n}) g`);
    // Baseline: a reply on a thread nobody else follows.
    const quiet = await insertTestThread(t.deps, asker, board.slug);
    await insertTestReply(t.deps, helper, quiet.threadId);
    const b0 = performance.now();
    await insertTestReply(t.deps, helper, quiet.threadId);
    const baseline = performance.now() - b0;
    const mark = await lastNotificationId();
    const started = performance.now();
    await insertTestReply(t.deps, helper, th.threadId);
    const ms = performance.now() - started;
    const got = await notificationsSince(mark);
    expect(got.filter((x) => x.kind === "thread_reply")).toHaveLength(FANOUT_CAP);
    expect(got.filter((x) => x.user_id === asker.id).map((x) => x.kind)).toEqual(["reply"]);
    console.info(
      `[engagement] reply with ${n} thread followers (${got.length} notifications): ${ms.toFixed(0)} ms; baseline reply ${baseline.toFixed(0)} ms (${t.kind})`,
    );
  });
});

describe("GET /api/v1/users/suggest", () => {
  it("prefix match on the username (case-insensitive, @ ignored), at most 8, members only", async () => {
    const stem = `zq${Date.now().toString(36)}`;
    for (let i = 0; i < 10; i++) await insertTestUser(t.deps, { username: `${stem}_${i}` });
    await insertTestUser(t.deps, { username: `${stem.toUpperCase()}X` });
    await insertTestUser(t.deps, { username: `a${stem}` });
    const me = await insertTestUser(t.deps);
    const c = await loggedIn(me.username);
    const res = await c.call(suggestApi.loader, `/api/v1/users/suggest?q=@${stem.toUpperCase()}`);
    expect(res.status).toBe(200);
    const users = (res.body as { users: { username: string }[] }).users.map((u) => u.username);
    expect(users).toHaveLength(8);
    expect(users.every((u) => u.toLowerCase().startsWith(stem))).toBe(true);
    expect(users).toEqual([...users].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

    // "_" is a literal, not a LIKE wildcard.
    const under = await c.call(suggestApi.loader, `/api/v1/users/suggest?q=${stem}_1`);
    expect((under.body as { users: { username: string }[] }).users.map((u) => u.username)).toEqual([
      `${stem}_1`,
    ]);
    // Junk and empty queries give an empty list, not an error.
    for (const q of ["", "%25", "<script>", "a".repeat(40)]) {
      const r = await c.call(suggestApi.loader, `/api/v1/users/suggest?q=${q}`);
      expect(r.status).toBe(200);
      expect((r.body as { users: unknown[] }).users).toEqual([]);
    }
    expect((await new Client().call(suggestApi.loader, `/api/v1/users/suggest?q=${stem}`)).status).toBe(401);
  });
});

describe("query plans", () => {
  /** The plan of a query with sequential scans discouraged: shows which index can serve it. */
  async function planOf(query: ReturnType<typeof sql>) {
    return t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = rowsOf(await tx.execute(sql`explain ${query}`)) as { "QUERY PLAN": string }[];
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
  }

  it("suggestions use users_username_lower_idx, follower fan-out follows_target_idx, tag pages threads_tags_idx", async () => {
    const suggest = await planOf(
      sql`select username from users where lower(username) >= 'ab' and lower(username) < ${"ab\u{10FFFF}"} and lower(username) like 'ab%' order by lower(username) limit 8`,
    );
    expect(suggest).toContain("users_username_lower_idx");
    const fanout = await planOf(
      sql`select user_id from follows where target_type = 'board' and target_key = '1' and user_id <> 'x' order by user_id limit 1000`,
    );
    expect(fanout).toContain("follows_target_idx");
    expect(fanout).not.toContain("Sort");
    const tag = await planOf(
      sql`select id from threads where tags @> array['refund']::text[] order by created_at desc, id desc limit 21`,
    );
    expect(tag).toContain("threads_tags_idx");
  });
});

describe("header bell", () => {
  it("counts unread notifications up to the cap; the notifications page keeps the exact figure; the bell says 99+", async () => {
    const u = await insertTestUser(t.deps);
    await t.db.execute(sql`
      insert into notifications (user_id, kind, data, created_at)
      select ${u.id}, 'followed_thread', '{}'::jsonb, now() - make_interval(secs => g) from generate_series(1, 130) g`);
    // One read notification does not count.
    await t.db.execute(sql`
      insert into notifications (user_id, kind, data, created_at, read_at) values (${u.id}, 'followed_thread', '{}'::jsonb, now(), now())`);
    expect(await countUnreadNotifications(t.db, u.id)).toBe(130);
    expect(await countUnreadNotifications(t.db, u.id, { cap: BELL_COUNT_CAP })).toBe(BELL_COUNT_CAP);
    expect((await memberPageState(t.db, u.id, null, [])).unread).toBe(BELL_COUNT_CAP);
    const few = await insertTestUser(t.deps);
    await t.db.execute(sql`
      insert into notifications (user_id, kind, data, created_at) values (${few.id}, 'followed_thread', '{}'::jsonb, now())`);
    expect(await countUnreadNotifications(t.db, few.id, { cap: BELL_COUNT_CAP })).toBe(1);
    expect((await memberPageState(t.db, few.id, null, [])).unread).toBe(1);

    const en = renderMemberNav("en", { username: u.username, unread: BELL_COUNT_CAP });
    expect(en).toContain(">99+<");
    expect(en).toContain('aria-label="Notifications (more than 99 unread)"');
    expect(renderMemberNav("vi", { username: u.username, unread: BELL_COUNT_CAP })).toContain(
      'aria-label="Thông báo (hơn 99 chưa đọc)"',
    );
    const one = renderMemberNav("en", { username: few.username, unread: 1 });
    expect(one).toContain(">1<");
    expect(one).toContain('aria-label="Notifications (1 unread)"');
  });
});
