import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client } from "../support/http";
import {
  doc,
  FACTORY_PASSWORD,
  insertTestBoard,
  insertTestReply,
  insertTestThread,
  insertTestUser,
} from "../factories";
import * as root from "~/root";
import * as home from "~/routes/_index";
import * as board from "~/routes/b.$slug";
import * as thread from "~/routes/t.$threadId";
import * as ask from "~/routes/ask";
import * as loginPage from "~/routes/login";
import * as signupPage from "~/routes/signup";
import * as lang from "~/routes/lang";
import * as profile from "~/routes/u.$username";
import { acceptAnswer } from "~/services/forum.server";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});

async function loggedIn(username: string) {
  const c = new Client();
  const res = await c.call(loginPage.action, "/login", {
    form: { login: username, password: FACTORY_PASSWORD, redirectTo: "/ask" },
  });
  expect(res.status).toBe(302);
  expect(res.headers.get("Location")).toBe("/ask");
  return c;
}

describe("pages", () => {
  it("board page: filters and keyset pagination without overlap or gaps", async () => {
    const author = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const b = await insertTestBoard(t.deps);
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) {
      t.clock.advance(60_000);
      ids.push(
        (await insertTestThread(t.deps, author, b.slug, { title: `Question number ${i} about routers` }))
          .threadId,
      );
    }
    // Answer and solve a few, so filters differ.
    for (const id of ids.slice(0, 4)) {
      t.clock.advance(1000);
      const r = await insertTestReply(t.deps, helper, id);
      if (id === ids[0]) await acceptAnswer(t.deps, author, id, { replyId: r.postId });
    }
    const c = new Client();
    const p1 = await c.call(board.loader, `/b/${b.slug}`, { params: { slug: b.slug } });
    const first = p1.body as { threads: { id: number }[]; next: string | null };
    expect(first.threads).toHaveLength(20);
    expect(first.threads[0]!.id).toBe(ids[24]);
    expect(first.next).toBeTruthy();
    const p2 = await c.call(board.loader, `/b/${b.slug}?cursor=${first.next}`, { params: { slug: b.slug } });
    const second = p2.body as { threads: { id: number }[]; next: string | null };
    expect(second.threads.map((x) => x.id)).toEqual(ids.slice(0, 5).reverse());
    expect(second.next).toBeNull();

    const unanswered = (
      await c.call(board.loader, `/b/${b.slug}?filter=unanswered`, { params: { slug: b.slug } })
    ).body as { threads: { id: number }[] };
    expect(unanswered.threads.map((x) => x.id)).not.toContain(ids[0]);
    expect(unanswered.threads).toHaveLength(20);
    const solved = (await c.call(board.loader, `/b/${b.slug}?filter=solved`, { params: { slug: b.slug } }))
      .body as { threads: { id: number }[] };
    expect(solved.threads.map((x) => x.id)).toEqual([ids[0]]);
    const active = (await c.call(board.loader, `/b/${b.slug}?filter=active`, { params: { slug: b.slug } }))
      .body as { threads: { id: number }[] };
    expect(active.threads[0]!.id).toBe(ids[3]); // answered last
    const junk = await c.call(board.loader, `/b/${b.slug}?filter=<script>&cursor=%%%`, {
      params: { slug: b.slug },
    });
    expect(junk.status).toBe(200);
    const missing = await c.call(board.loader, `/b/nope`, { params: { slug: "nope" } });
    expect(missing.status).toBe(404);

    const h = (await c.call(home.loader, "/")).body as {
      boards: { slug: string; threadCount: number }[];
      latest: unknown[];
    };
    expect(h.boards.find((x) => x.slug === b.slug)?.threadCount).toBe(25);
    expect(h.latest).toHaveLength(10);
  });

  it("ask page: anonymous visitors are sent to log in; bad input keeps the text and shows field errors", async () => {
    const anon = await new Client().call(ask.loader, "/ask");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toBe("/login?redirectTo=%2Fask");

    const user = await insertTestUser(t.deps);
    const b = await insertTestBoard(t.deps);
    const c = await loggedIn(user.username);
    const bad = await c.call(ask.action, "/ask", {
      form: { board: b.slug, title: "short", bodyText: "My modem blinks red.\n\nPlease help" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      ok: false,
      error: { fields: { title: "title_too_short" } },
      values: { title: "short", bodyText: "My modem blinks red.\n\nPlease help" },
    });

    const good = await c.call(ask.action, "/ask", {
      form: {
        board: b.slug,
        title: "My modem blinks red all night",
        bodyText: "My modem blinks red.\n\nPlease help",
      },
    });
    expect(good.status).toBe(302);
    const threadId = Number(good.headers.get("Location")?.split("/").pop());
    const page = (await c.call(thread.loader, `/t/${threadId}`, { params: { threadId: String(threadId) } }))
      .body as { question: { bodyHtml: string } };
    expect(page.question.bodyHtml).toBe("<p>My modem blinks red.</p><p>Please help</p>");
  });

  it("thread page: vote and accept through the page action; script in a body is never rendered", async () => {
    const asker = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const b = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, asker, b.slug, {
      body: doc("<script>alert(1)</script><img src=x onerror=alert(2)>"),
    });
    const r = await insertTestReply(t.deps, helper, q.threadId);
    const asAsker = await loggedIn(asker.username);
    const asHelper = await loggedIn(helper.username);
    const params = { threadId: String(q.threadId) };

    const v = await asAsker.call(thread.action, `/t/${q.threadId}`, {
      params,
      form: { intent: "vote", postId: String(r.postId), value: "1" },
    });
    expect(v.body).toMatchObject({ ok: true, score: 1, value: 1 });
    const own = await asHelper.call(thread.action, `/t/${q.threadId}`, {
      params,
      form: { intent: "vote", postId: String(r.postId), value: "1" },
    });
    expect(own.status).toBe(403);

    const stolen = await asHelper.call(thread.action, `/t/${q.threadId}`, {
      params,
      form: { intent: "accept", replyId: String(r.postId) },
    });
    expect(stolen.status).toBe(403);
    const acc = await asAsker.call(thread.action, `/t/${q.threadId}`, {
      params,
      form: { intent: "accept", replyId: String(r.postId) },
    });
    expect(acc.status).toBe(302);

    const view = (await asAsker.call(thread.loader, `/t/${q.threadId}`, { params })).body as {
      thread: { status: string };
      accepted: { id: number } | null;
      question: { bodyHtml: string };
      myVotes: Record<string, number>;
      canAccept: boolean;
    };
    expect(view.thread.status).toBe("solved");
    expect(view.accepted?.id).toBe(r.postId);
    expect(view.myVotes[String(r.postId)]).toBe(1);
    expect(view.canAccept).toBe(true);
    expect(view.question.bodyHtml).not.toMatch(/<script|<img/);
    expect(view.question.bodyHtml).toContain("&lt;script&gt;");

    const emptyReply = await asHelper.call(thread.action, `/t/${q.threadId}`, {
      params,
      form: { intent: "reply", bodyText: "   " },
    });
    expect(emptyReply).toMatchObject({ status: 400, body: { error: { fields: { body: "body_empty" } } } });
    const anonVote = await new Client().call(thread.action, `/t/${q.threadId}`, {
      params,
      form: { intent: "vote", postId: String(r.postId), value: "1" },
    });
    expect(anonVote.status).toBe(302);
    expect(anonVote.headers.get("Location")).toMatch(/^\/login/);
    const missing = await new Client().call(thread.loader, `/t/999999`, { params: { threadId: "999999" } });
    expect(missing.status).toBe(404);
  });

  it("thread page for a member: privileges follow their reputation of the moment; the browser gets only who is logged in", async () => {
    const member = await insertTestUser(t.deps, { reputation: 600 });
    const b = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, member, b.slug);
    const c = await loggedIn(member.username);
    const params = { threadId: String(q.threadId) };
    const privileges = async () =>
      ((await c.call(thread.loader, `/t/${q.threadId}`, { params })).body as { privileges: string[] })
        .privileges;
    expect(await privileges()).toEqual(["upvote", "flag", "downvote", "edit_tags"]);
    // Read with the session on each request, not kept from the login.
    await t.deps.db.execute(sql`update users set reputation = 20 where id = ${member.id}`);
    expect(await privileges()).toEqual(["upvote", "flag"]);
    const rootData = (await c.call(root.loader, "/")).body as { user: unknown };
    expect(rootData.user).toEqual({ id: member.id, username: member.username, role: "member" });
  });

  it("signup page keeps the typed values (never the password) on error", async () => {
    const res = await new Client().call(signupPage.action, "/signup", {
      form: { username: "a b", email: "someone@example.test", password: "x" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      values: { username: "a b", email: "someone@example.test" },
      error: { fields: { username: "username_chars", password: "password_length" } },
    });
    expect(JSON.stringify(res.body)).not.toContain('"password":"x"');
  });

  it("language: Accept-Language by default, the switcher's cookie wins, redirects stay on this site", async () => {
    const c = new Client();
    const en = await c.call(root.loader, "/", { headers: { "Accept-Language": "en-US,en;q=0.9,vi;q=0.5" } });
    expect((en.body as { lang: string }).lang).toBe("en");
    const vi = await c.call(root.loader, "/", { headers: { "Accept-Language": "vi-VN,vi;q=0.9" } });
    expect((vi.body as { lang: string }).lang).toBe("vi");
    const sw = await c.call(lang.action, "/lang", { form: { lang: "vi", redirectTo: "//evil.example/" } });
    expect(sw.headers.get("Location")).toBe("/");
    const after = await c.call(root.loader, "/", { headers: { "Accept-Language": "en" } });
    expect((after.body as { lang: string }).lang).toBe("vi");
  });

  it("profile page lists a member's questions, answers and accepted solutions", async () => {
    const asker = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const b = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, asker, b.slug);
    const r = await insertTestReply(t.deps, helper, q.threadId);
    await acceptAnswer(t.deps, asker, q.threadId, { replyId: r.postId });
    const c = new Client();
    const params = { username: helper.username };
    const sol = (await c.call(profile.loader, `/u/${helper.username}?tab=solutions`, { params })).body as {
      profile: { answerCount: number; acceptedCount: number };
      answers: { postId: number; accepted: boolean }[];
    };
    expect(sol.profile).toMatchObject({ answerCount: 1, acceptedCount: 1 });
    expect(sol.answers).toEqual([expect.objectContaining({ postId: r.postId, accepted: true })]);
    const qs = (
      await c.call(profile.loader, `/u/${asker.username}`, { params: { username: asker.username } })
    ).body as { questions: { id: number }[] };
    expect(qs.questions.map((x) => x.id)).toEqual([q.threadId]);
  });
});
