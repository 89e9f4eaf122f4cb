/** Every privilege is refused below its threshold — through the JSON API and through the page actions. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import * as login from "~/routes/api.v1.auth.login";
import * as votePost from "~/routes/api.v1.posts.$postId.vote";
import * as flag from "~/routes/api.v1.posts.$postId.flag";
import * as edit from "~/routes/api.v1.posts.$postId.edit";
import * as del from "~/routes/api.v1.posts.$postId.delete";
import * as tags from "~/routes/api.v1.threads.$id.tags";
import * as threadPage from "~/routes/t.$threadId";
import * as editPage from "~/routes/p.$postId.edit";
import * as users from "~/routes/api.v1.users.$username";

let t: TestDb;
let threadId: number;
let questionPostId: number;
let answerPostId: number;

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  const board = await insertTestBoard(t.deps);
  const owner = await insertTestUser(t.deps);
  const q = await insertTestThread(t.deps, owner, board.slug);
  threadId = q.threadId;
  questionPostId = q.postId;
  answerPostId = (await insertTestReply(t.deps, owner, threadId)).postId;
});
afterAll(async () => {
  await t?.close();
});

async function as(reputation: number, role: "member" | "moderator" = "member") {
  const u = await insertTestUser(t.deps, { reputation, role });
  const c = new Client();
  const r = await c.call(login.action, "/api/v1/auth/login", {
    json: { login: u.username, password: FACTORY_PASSWORD },
  });
  expect(r.status).toBe(200);
  return { c, u };
}

const cases = [
  {
    privilege: "downvote",
    min: 125,
    api: (c: Client) =>
      c.call(votePost.action, `/api/v1/posts/${answerPostId}/vote`, {
        params: { postId: String(answerPostId) },
        json: { value: -1 },
      }),
    page: (c: Client) =>
      c.call(threadPage.action, `/t/${threadId}`, {
        params: { threadId: String(threadId) },
        form: { intent: "vote", postId: String(answerPostId), value: "-1" },
      }),
  },
  {
    privilege: "flag",
    min: 15,
    api: (c: Client) =>
      c.call(flag.action, `/api/v1/posts/${answerPostId}/flag`, {
        params: { postId: String(answerPostId) },
        json: { reason: "spam" },
      }),
    page: (c: Client) =>
      c.call(threadPage.action, `/t/${threadId}`, {
        params: { threadId: String(threadId) },
        form: { intent: "flag", postId: String(answerPostId), reason: "off_topic" },
      }),
  },
  {
    privilege: "edit_tags",
    min: 500,
    api: (c: Client) =>
      c.call(tags.action, `/api/v1/threads/${threadId}/tags`, {
        params: { id: String(threadId) },
        json: { tags: ["wifi"] },
      }),
    page: (c: Client) =>
      c.call(threadPage.action, `/t/${threadId}`, {
        params: { threadId: String(threadId) },
        form: { intent: "retag", tags: "router" },
      }),
  },
  {
    privilege: "edit_posts",
    min: 2000,
    api: (c: Client) =>
      c.call(edit.action, `/api/v1/posts/${questionPostId}/edit`, {
        params: { postId: String(questionPostId) },
        json: { body: doc("Edited by someone else") },
      }),
    page: (c: Client) =>
      c.call(editPage.action, `/p/${questionPostId}/edit`, {
        params: { postId: String(questionPostId) },
        form: { bodyText: "Edited through the page" },
      }),
  },
] as const;

describe.each(cases)("privilege $privilege ($min)", ({ privilege, min, api, page }) => {
  it(`is refused with 403 and the threshold below ${min}, through the API and the page`, async () => {
    const { c } = await as(min - 1);
    const a = await api(c);
    expect(a.status).toBe(403);
    expect(a.body).toMatchObject({
      error: { code: `privilege_${privilege}`, fields: { privilege: String(min) } },
    });
    expect((a.body as { error: { message: string } }).error.message).toContain(String(min));
    const p = await page(c);
    expect(p.status).toBe(403);
    expect(p.body).toMatchObject({ error: { code: `privilege_${privilege}` } });
  });

  it(`is allowed at ${min}`, async () => {
    const { c } = await as(min);
    const a = await api(c);
    expect(a.status).toBeLessThan(300);
  });

  it("is allowed to moderators whatever their reputation", async () => {
    const { c } = await as(1, "moderator");
    const p = await page(c);
    expect(p.status).toBeLessThan(400);
  });
});

describe("only staff and authors", () => {
  it("a member cannot remove someone's answer as spam or delete it; a moderator can", async () => {
    const { c } = await as(5000);
    const spam = await c.call(del.action, `/api/v1/posts/${answerPostId}/delete`, {
      params: { postId: String(answerPostId) },
      json: { spam: true },
    });
    expect(spam).toMatchObject({ status: 403, body: { error: { code: "staff_only" } } });
    const plain = await c.call(del.action, `/api/v1/posts/${answerPostId}/delete`, {
      params: { postId: String(answerPostId) },
      json: {},
    });
    expect(plain).toMatchObject({ status: 403, body: { error: { code: "delete_not_author" } } });
    const pageSpam = await c.call(threadPage.action, `/t/${threadId}`, {
      params: { threadId: String(threadId) },
      form: { intent: "spam", postId: String(answerPostId) },
    });
    expect(pageSpam.status).toBe(403);
  });

  it("the profile API lists reputation, rank, badges and privileges", async () => {
    const { u } = await as(130);
    const r = await new Client().call(users.loader, `/api/v1/users/${u.username}`, {
      params: { username: u.username },
    });
    expect(r.body).toMatchObject({
      user: { reputation: 130, rank: "member", privileges: ["upvote", "flag", "downvote"], badges: [] },
    });
  });
});
