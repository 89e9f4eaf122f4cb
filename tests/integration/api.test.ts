import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client } from "../support/http";
import { doc, insertTestBoard, insertTestUser } from "../factories";
import * as signup from "~/routes/api.v1.auth.signup";
import * as login from "~/routes/api.v1.auth.login";
import * as logout from "~/routes/api.v1.auth.logout";
import * as boards from "~/routes/api.v1.boards";
import * as threads from "~/routes/api.v1.threads";
import * as threadById from "~/routes/api.v1.threads.$id";
import * as replies from "~/routes/api.v1.threads.$id.replies";
import * as accept from "~/routes/api.v1.threads.$id.accept";
import * as votePost from "~/routes/api.v1.posts.$postId.vote";
import * as users from "~/routes/api.v1.users.$username";
import * as healthz from "~/routes/healthz";

let t: TestDb;
let boardSlug: string;
beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  boardSlug = (await insertTestBoard(t.deps)).slug;
});
afterAll(async () => {
  await t?.close();
});

async function rowCounts() {
  const r = await t.db.execute(sql`select
      (select count(*)::int from users) as users,
      (select count(*)::int from threads) as threads,
      (select count(*)::int from posts) as posts,
      (select count(*)::int from votes) as votes`);
  return ((r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[]))[0];
}

async function member(name: string) {
  const c = new Client();
  const res = await c.call(signup.action, "/api/v1/auth/signup", {
    json: { username: name, email: `${name}@example.test`, password: "a good password" },
  });
  expect(res.status).toBe(201);
  return c;
}

describe("JSON API", () => {
  it("health check answers when the database does", async () => {
    const res = await new Client().call(healthz.loader, "/healthz");
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
  });

  it("signup → session cookie (HttpOnly, SameSite=Lax) → logout → login", async () => {
    const c = new Client();
    const res = await c.call(signup.action, "/api/v1/auth/signup", {
      json: { username: "lan.nguyen", email: "lan@example.test", password: "mật khẩu dài" },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ user: { username: "lan.nguyen" } });
    const cookie = res.headers.get("Set-Cookie") ?? "";
    expect(cookie).toMatch(/lantern_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);

    const out = await c.call(logout.action, "/api/v1/auth/logout", { method: "POST" });
    expect(out.status).toBe(200);
    expect(c.cookies.has("lantern_session")).toBe(false);

    const again = await c.call(login.action, "/api/v1/auth/login", {
      json: { login: "LAN@example.test", password: "mật khẩu dài" },
    });
    expect(again.status).toBe(200);
    expect(c.cookies.has("lantern_session")).toBe(true);
  });

  it("signup refuses duplicates (409) and bad fields (400 with fields); login does not reveal which part was wrong", async () => {
    await member("dup_user");
    const before = await rowCounts();
    const dup = await new Client().call(signup.action, "/api/v1/auth/signup", {
      json: { username: "DUP_user", email: "other@example.test", password: "a good password" },
    });
    expect(dup).toMatchObject({
      status: 409,
      body: { error: { code: "account_exists", fields: { username: "username_taken" } } },
    });
    const bad = await new Client().call(signup.action, "/api/v1/auth/signup", {
      json: { username: "x", email: "nope", password: "short" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { fields: { username: "username_length", email: "email_invalid", password: "password_length" } },
    });
    expect(await rowCounts()).toEqual(before);

    const wrongPw = await new Client().call(login.action, "/api/v1/auth/login", {
      json: { login: "dup_user", password: "wrong password" },
    });
    const noUser = await new Client().call(login.action, "/api/v1/auth/login", {
      json: { login: "ghost", password: "wrong password" },
    });
    expect(wrongPw.status).toBe(401);
    expect(noUser.status).toBe(401);
    expect(wrongPw.body).toEqual(noUser.body);
  });

  it("malformed JSON and wrong methods are 4xx, never 500", async () => {
    const c = new Client();
    expect((await c.call(signup.action, "/api/v1/auth/signup", { json: "{oops" })).status).toBe(400);
    expect((await c.call(signup.action, "/api/v1/auth/signup", { json: "[1,2]" })).status).toBe(400);
    expect((await c.call(signup.loader, "/api/v1/auth/signup")).status).toBe(405);
    expect((await c.call(threadById.loader, "/api/v1/threads/abc", { params: { id: "abc" } })).status).toBe(
      404,
    );
    expect(
      (
        await c.call(threadById.loader, "/api/v1/threads/99999999999999999999", {
          params: { id: "99999999999999999999" },
        })
      ).status,
    ).toBe(404);
  });

  it("the whole Q&A flow: boards, ask, read, reply, vote, accept, profile", async () => {
    const asker = await member("asker_api");
    const helper = await member("helper_api");

    const b = await new Client().call(boards.loader, "/api/v1/boards");
    expect(b.status).toBe(200);
    expect(
      (b.body as { boards: { slug: string; threadCount: number }[] }).boards.find(
        (x) => x.slug === boardSlug,
      ),
    ).toMatchObject({ threadCount: 0 });

    const created = await asker.call(threads.action, "/api/v1/threads", {
      json: { board: boardSlug, title: "Cannot activate my eSIM", body: doc("The QR code fails.") },
    });
    expect(created.status).toBe(201);
    const { id: threadId, postId } = (created.body as { thread: { id: number; postId: number } }).thread;

    const reply = await helper.call(replies.action, `/api/v1/threads/${threadId}/replies`, {
      params: { id: String(threadId) },
      json: { body: doc("Update the carrier settings first.") },
    });
    expect(reply.status).toBe(201);
    const replyId = (reply.body as { reply: { id: number } }).reply.id;

    const v = await helper.call(votePost.action, `/api/v1/posts/${postId}/vote`, {
      params: { postId: String(postId) },
      json: { value: 1 },
    });
    expect(v).toMatchObject({ status: 200, body: { score: 1 } });
    const own = await asker.call(votePost.action, `/api/v1/posts/${postId}/vote`, {
      params: { postId: String(postId) },
      json: { value: 1 },
    });
    expect(own).toMatchObject({ status: 403, body: { error: { code: "vote_own_post" } } });
    const missing = await asker.call(votePost.action, `/api/v1/posts/77777777/vote`, {
      params: { postId: "77777777" },
      json: { value: 1 },
    });
    expect(missing.status).toBe(404);

    const stolen = await helper.call(accept.action, `/api/v1/threads/${threadId}/accept`, {
      params: { id: String(threadId) },
      json: { replyId },
    });
    expect(stolen).toMatchObject({ status: 403, body: { error: { code: "accept_not_asker" } } });
    const ok = await asker.call(accept.action, `/api/v1/threads/${threadId}/accept`, {
      params: { id: String(threadId) },
      json: { replyId },
    });
    expect(ok).toMatchObject({
      status: 200,
      body: { thread: { status: "solved", acceptedReplyId: replyId } },
    });

    const read = await new Client().call(threadById.loader, `/api/v1/threads/${threadId}`, {
      params: { id: String(threadId) },
    });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      thread: {
        id: threadId,
        postId,
        title: "Cannot activate my eSIM",
        bodyHtml: "<p>The QR code fails.</p>",
        author: { username: "asker_api" },
        score: 1,
        status: "solved",
        acceptedReplyId: replyId,
      },
      replies: [
        {
          id: replyId,
          postId: replyId,
          bodyHtml: "<p>Update the carrier settings first.</p>",
          author: { username: "helper_api" },
          score: 0,
        },
      ],
    });

    const profile = await new Client().call(users.loader, "/api/v1/users/helper_api", {
      params: { username: "helper_api" },
    });
    expect(profile).toMatchObject({
      status: 200,
      body: { user: { username: "helper_api", questionCount: 0, answerCount: 1, acceptedCount: 1 } },
    });
    expect(
      (await new Client().call(users.loader, "/api/v1/users/nobody", { params: { username: "nobody" } }))
        .status,
    ).toBe(404);
  });

  it("writes need a session (401) and bad bodies are refused with nothing written", async () => {
    const anon = new Client();
    const before = await rowCounts();
    const r = await anon.call(threads.action, "/api/v1/threads", {
      json: { board: boardSlug, title: "Anonymous question here", body: doc("x") },
    });
    expect(r).toMatchObject({ status: 401, body: { error: { code: "login_required" } } });
    const c = await member("bad_input_user");
    const afterSignup = await rowCounts();
    expect(afterSignup).toEqual({ ...(before as object), users: (before as { users: number }).users + 1 });
    const xss = await c.call(threads.action, "/api/v1/threads", {
      json: {
        board: boardSlug,
        title: "A link with a script in it",
        body: {
          type: "doc",
          content: [
            {
              type: "paragraph",
              content: [
                {
                  type: "text",
                  text: "x",
                  marks: [{ type: "link", attrs: { href: "javascript:alert(document.cookie)" } }],
                },
              ],
            },
          ],
        },
      },
    });
    expect(xss).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input", fields: { body: "body_unsafe_link" } } },
    });
    const bigTitle = await c.call(threads.action, "/api/v1/threads", {
      json: { board: boardSlug, title: "t".repeat(500), body: doc("x") },
    });
    expect(bigTitle).toMatchObject({ status: 400, body: { error: { fields: { title: "title_too_long" } } } });
    const malformed = await c.call(threads.action, "/api/v1/threads", {
      json: { board: boardSlug, title: "Malformed body here", body: { type: "doc", content: "nope" } },
    });
    expect(malformed).toMatchObject({
      status: 400,
      body: { error: { fields: { body: "body_not_a_document" } } },
    });
    expect(await rowCounts()).toEqual(afterSignup);
  });

  it("a member cannot accept an answer on someone else's thread via the API, even with a valid reply", async () => {
    const owner = await insertTestUser(t.deps);
    void owner;
    const c = await member("intruder");
    const asker = await member("real_asker");
    const created = await asker.call(threads.action, "/api/v1/threads", {
      json: { board: boardSlug, title: "Router keeps rebooting", body: doc("help") },
    });
    const threadId = (created.body as { thread: { id: number } }).thread.id;
    const rep = await c.call(replies.action, `/api/v1/threads/${threadId}/replies`, {
      params: { id: String(threadId) },
      json: { body: doc("answer") },
    });
    const replyId = (rep.body as { reply: { id: number } }).reply.id;
    const res = await c.call(accept.action, `/api/v1/threads/${threadId}/accept`, {
      params: { id: String(threadId) },
      json: { replyId },
    });
    expect(res.status).toBe(403);
    const read = await new Client().call(threadById.loader, `/api/v1/threads/${threadId}`, {
      params: { id: String(threadId) },
    });
    expect(read.body).toMatchObject({ thread: { status: "open", acceptedReplyId: null } });
  });
});
