import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client } from "../support/http";
import { doc, insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import * as signup from "~/routes/api.v1.auth.signup";
import * as login from "~/routes/api.v1.auth.login";
import * as threads from "~/routes/api.v1.threads";
import * as replies from "~/routes/api.v1.threads.$id.replies";
import * as accept from "~/routes/api.v1.threads.$id.accept";
import * as votePost from "~/routes/api.v1.posts.$postId.vote";
import * as threadPage from "~/routes/t.$threadId";
import * as askPage from "~/routes/ask";

// Values a user (or a script) can send where we expect something else.
const HOSTILE: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  "",
  " ",
  "x".repeat(200_000),
  "<b>", // (a longer title containing markup is a valid title, stored as text and escaped when shown)
  "\u0000\u202e",
  [],
  [1, 2],
  {},
  { type: "doc" },
  { type: "doc", content: [null] },
  { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: 5 }] }] },
  { type: "doc", content: [{ type: "paragraph", attrs: { __proto__: { polluted: 1 } } }] },
  JSON.parse('{"__proto__":{"polluted":true},"type":"doc","content":[]}'),
  { type: "doc", content: Array.from({ length: 5000 }, () => ({ type: "paragraph" })) },
];

let t: TestDb;
let c: Client;
let threadId: number;
let postId: number;
let boardSlug: string;

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  boardSlug = (await insertTestBoard(t.deps)).slug;
  const other = await insertTestUser(t.deps);
  const q = await insertTestThread(t.deps, other, boardSlug);
  threadId = q.threadId;
  postId = (await insertTestReply(t.deps, other, threadId)).postId;
  c = new Client();
  const r = await c.call(signup.action, "/api/v1/auth/signup", {
    json: { username: "fuzzer", email: "fuzz@example.test", password: "long enough" },
  });
  expect(r.status).toBe(201);
});
afterAll(async () => {
  await t?.close();
});

async function snapshot() {
  const r = await t.db.execute(sql`select
    (select count(*)::int from users) u, (select count(*)::int from threads) th, (select count(*)::int from posts) p,
    (select count(*)::int from votes) v, (select count(*) from threads where status = 'solved')::int s`);
  return ((r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[]))[0];
}

describe("hostile input never causes a 5xx and never writes", () => {
  it("API write routes", async () => {
    const before = await snapshot();
    const bad: string[] = [];
    for (const v of HOSTILE) {
      const calls = [
        () =>
          c.call(threads.action, "/api/v1/threads", {
            json: { board: boardSlug, title: v, body: doc("ok") },
          }),
        () =>
          c.call(threads.action, "/api/v1/threads", {
            json: { board: v, title: "A fine title here", body: doc("ok") },
          }),
        () =>
          c.call(threads.action, "/api/v1/threads", {
            json: { board: boardSlug, title: "A fine title here", body: v },
          }),
        () =>
          c.call(replies.action, `/api/v1/threads/${threadId}/replies`, {
            params: { id: String(threadId) },
            json: { body: v },
          }),
        // -1 and 0 are real vote values; everything else must be refused.
        ...(v === -1 || v === 0
          ? []
          : [
              () =>
                c.call(votePost.action, `/api/v1/posts/${postId}/vote`, {
                  params: { postId: String(postId) },
                  json: { value: v },
                }),
            ]),
        // null un-accepts (a valid no-op here).
        ...(v === null
          ? []
          : [
              () =>
                c.call(accept.action, `/api/v1/threads/${threadId}/accept`, {
                  params: { id: String(threadId) },
                  json: { replyId: v },
                }),
            ]),
        () => c.call(login.action, "/api/v1/auth/login", { json: { login: v, password: v } }),
        () => c.call(signup.action, "/api/v1/auth/signup", { json: { username: v, email: v, password: v } }),
        () =>
          c.call(threads.action, "/api/v1/threads", { json: v === undefined ? "null" : JSON.stringify(v) }),
      ];
      for (const call of calls) {
        const r = await call();
        // 201 only for inputs that happen to be valid; here none are (the thread and reply bodies are all bad).
        if (r.status >= 500 || r.status < 400) bad.push(`${r.status} for ${JSON.stringify(v)?.slice(0, 60)}`);
      }
    }
    expect(bad).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("page actions", async () => {
    const before = await snapshot();
    const statuses: number[] = [];
    for (const v of ["", "abc", "-5", "1e999", "99999999999999999999", "<x>", "0"]) {
      for (const form of <Record<string, string>[]>[
        { intent: "vote", postId: v, value: "1" },
        { intent: "vote", postId: String(postId), value: v },
        { intent: "accept", replyId: v },
        { intent: v },
        { intent: "reply", body: v },
      ]) {
        const r = await c.call(threadPage.action, `/t/${threadId}`, {
          params: { threadId: String(threadId) },
          form,
        });
        statuses.push(r.status);
      }
      const r = await c.call(threadPage.action, `/t/${v}`, {
        params: { threadId: v },
        form: { intent: "reply", bodyText: "hello" },
      });
      statuses.push(r.status);
      const a = await c.call(askPage.action, "/ask", { form: { board: v, title: v, body: v } });
      statuses.push(a.status);
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // "vote value 0" by a member who never voted is a no-op 200; "accept replyId ''" un-accepts (no change) → redirect.
    expect(await snapshot()).toEqual(before);
  });
});

describe("hostile URLs are 404s, not 500s", () => {
  it("board and profile pages and the user API", async () => {
    const board = await import("~/routes/b.$slug");
    const profile = await import("~/routes/u.$username");
    const user = await import("~/routes/api.v1.users.$username");
    for (const v of ["\u0000", "a\u0000b", "x".repeat(5000), "../../etc", "%", "<script>"]) {
      expect((await c.call(board.loader, "/b/x", { params: { slug: v } })).status).toBe(404);
      expect((await c.call(profile.loader, "/u/x", { params: { username: v } })).status).toBe(404);
      expect((await c.call(user.loader, "/api/v1/users/x", { params: { username: v } })).status).toBe(404);
    }
  });
});
