/**
 * Rate limits on posting, voting (and accepting), flagging, searching and the JSON API, through the real
 * route modules: the request past the limit gets 429 + Retry-After, writes nothing (only the counter), the
 * page keeps what the member typed, other members are not affected, and the next window works again (time
 * is the deps clock). The stores: PostgreSQL / PGlite and Redis semantics, and two store instances (as two
 * server processes would have) sharing one count. RATE_LIMITS=off (the test default) enforces nothing.
 */
import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { Redis } from "ioredis";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient } from "../support/http";
import { withDatabase } from "../support/template";
import { insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import { flags, threads, votes } from "~db/schema";
import { openPostgres, type DbHandle } from "~db/client";
import * as threadPage from "~/routes/t.$threadId";
import * as ask from "~/routes/ask";
import * as searchPage from "~/routes/search";
import * as apiThreads from "~/routes/api.v1.threads";
import * as apiReplies from "~/routes/api.v1.threads.$id.replies";
import * as apiVote from "~/routes/api.v1.posts.$postId.vote";
import * as apiAccept from "~/routes/api.v1.threads.$id.accept";
import * as apiFlags from "~/routes/api.v1.posts.$postId.flags";
import * as apiFlag from "~/routes/api.v1.posts.$postId.flag";
import * as apiSearch from "~/routes/api.v1.search";
import * as apiSimilar from "~/routes/api.v1.search.similar";
import * as apiBoards from "~/routes/api.v1.boards";
import {
  hitRateLimit,
  postgresRateStore,
  redisRateStore,
  setRateLimitsEnabled,
  type RateStore,
  type RedisLike,
} from "~/services/rate-limit.server";
import { RATE_RULES, decide, rateSubject } from "~/domain/security";
import { rowsOf } from "~/data/reputation.server";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createI18n } from "~/i18n/config";
import { RateLimitNotice, type LimitKind } from "~/components/rate-limit-notice";

const REDIS_URL = "redis://127.0.0.1:6379";

let t: TestDb;
let boardSlug: string;

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  boardSlug = (await insertTestBoard(t.deps)).slug;
});
afterAll(async () => {
  setRateLimitsEnabled(undefined);
  await t?.close();
});
beforeEach(() => setRateLimitsEnabled(true));
afterEach(async () => {
  setRateLimitsEnabled(undefined);
  await t.db.execute(sql`delete from rate_limits`);
});

async function postCount() {
  const r = await t.db.execute(sql`select count(*)::int as n from posts`);
  return Number(rowsOf(r)[0]!.n);
}

/** A member with enough reputation to vote and flag, and a client holding their session. */
async function member(reputation = 50) {
  const user = await insertTestUser(t.deps, { reputation });
  // Logging in is itself an API call (the general limit), counted for the address, not the member.
  const client = await loggedInClient(user.username);
  return { user, client };
}

function retryAfter(res: { headers: Headers }) {
  const v = res.headers.get("Retry-After");
  expect(v).toMatch(/^\d+$/);
  return Number(v);
}

describe("posting: 10 per minute per member", () => {
  it("page action: the 11th reply is refused with 429 + Retry-After, stores nothing and keeps the text", async () => {
    const asker = await insertTestUser(t.deps);
    const q = await insertTestThread(t.deps, asker, boardSlug);
    const params = { threadId: String(q.threadId) };
    const a = await member();
    const b = await member();

    for (let i = 1; i <= 10; i++) {
      const ok = await a.client.call(threadPage.action, `/t/${q.threadId}`, {
        params,
        form: { intent: "reply", bodyText: `Reply number ${i}: restart the router.` },
      });
      expect(ok.status).toBe(302);
    }
    const before = await postCount();
    const text = "My eleventh reply: check the cable.\n\nThen restart.";
    const refused = await a.client.call(threadPage.action, `/t/${q.threadId}`, {
      params,
      form: { intent: "reply", bodyText: text },
    });
    expect(refused.status).toBe(429);
    const wait = retryAfter(refused);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(refused.body).toMatchObject({
      ok: false,
      error: { code: "rate_limited", retryAfter: wait },
      values: { intent: "reply", bodyText: text },
    });
    expect(await postCount()).toBe(before);

    // A new question counts in the same bucket: refused too, with everything typed echoed back.
    const askRefused = await a.client.call(ask.action, "/ask", {
      form: { board: boardSlug, title: "Modem blinks red all night long", bodyText: "Help", tags: "modem" },
    });
    expect(askRefused.status).toBe(429);
    expect(retryAfter(askRefused)).toBe(wait);
    expect(askRefused.body).toMatchObject({
      error: { code: "rate_limited", retryAfter: wait },
      values: { board: boardSlug, title: "Modem blinks red all night long", bodyText: "Help", tags: "modem" },
    });
    expect(await postCount()).toBe(before);

    // Another member is not affected.
    const other = await b.client.call(threadPage.action, `/t/${q.threadId}`, {
      params,
      form: { intent: "reply", bodyText: "A reply from someone else." },
    });
    expect(other.status).toBe(302);
    expect(await postCount()).toBe(before + 1);

    // Once the window has passed, the first member can post again.
    t.clock.advance(60_000);
    const again = await a.client.call(threadPage.action, `/t/${q.threadId}`, {
      params,
      form: { intent: "reply", bodyText: text },
    });
    expect(again.status).toBe(302);
    expect(await postCount()).toBe(before + 2);
  });

  it("JSON API: replies and new threads share the limit with the pages; the 11th is a 429 with Retry-After", async () => {
    const asker = await insertTestUser(t.deps);
    const q = await insertTestThread(t.deps, asker, boardSlug);
    const a = await member();
    for (let i = 1; i <= 5; i++) {
      const ok = await a.client.call(threadPage.action, `/t/${q.threadId}`, {
        params: { threadId: String(q.threadId) },
        form: { intent: "reply", bodyText: `Page reply ${i}` },
      });
      expect(ok.status).toBe(302);
    }
    for (let i = 1; i <= 5; i++) {
      const ok = await a.client.call(apiReplies.action, `/api/v1/threads/${q.threadId}/replies`, {
        params: { id: String(q.threadId) },
        json: {
          body: {
            type: "doc",
            content: [{ type: "paragraph", content: [{ type: "text", text: `API ${i}` }] }],
          },
        },
      });
      expect(ok.status).toBe(201);
    }
    const before = await postCount();
    const refused = await a.client.call(apiReplies.action, `/api/v1/threads/${q.threadId}/replies`, {
      params: { id: String(q.threadId) },
      json: {
        body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "11th" }] }] },
      },
    });
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ error: { code: "rate_limited" } });
    const newThread = await a.client.call(apiThreads.action, "/api/v1/threads", {
      json: { board: boardSlug, title: "Another question about my modem", body: "Details" },
    });
    expect(newThread.status).toBe(429);
    expect(newThread.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await postCount()).toBe(before);
  });

  it("with limits off (RATE_LIMITS=off, the default in tests) nothing is counted or refused", async () => {
    setRateLimitsEnabled(false);
    const asker = await insertTestUser(t.deps);
    const q = await insertTestThread(t.deps, asker, boardSlug);
    const a = await member();
    for (let i = 1; i <= 12; i++) {
      const ok = await a.client.call(threadPage.action, `/t/${q.threadId}`, {
        params: { threadId: String(q.threadId) },
        form: { intent: "reply", bodyText: `Reply ${i}` },
      });
      expect(ok.status).toBe(302);
    }
    const r = await t.db.execute(sql`select count(*)::int as n from rate_limits`);
    expect(Number(rowsOf(r)[0]!.n)).toBe(0);
  });
});

describe("votes and accepts: 60 per minute per member", () => {
  it("the 61st vote is refused (API and page) and changes nothing; accepting counts in the same bucket", async () => {
    const asker = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const q = await insertTestThread(t.deps, asker, boardSlug);
    const r = await insertTestReply(t.deps, helper, q.threadId);
    const voter = await member();
    const path = `/api/v1/posts/${r.postId}/vote`;
    const params = { postId: String(r.postId) };
    for (let i = 1; i <= 60; i++) {
      const ok = await voter.client.call(apiVote.action, path, { params, json: { value: i % 2 } });
      expect(ok.status).toBe(200);
    }
    // The 60th vote was value 0 (no vote): a refused upvote must not store one.
    const refused = await voter.client.call(apiVote.action, path, { params, json: { value: 1 } });
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ error: { code: "rate_limited" } });
    const pageVote = await voter.client.call(threadPage.action, `/t/${q.threadId}`, {
      params: { threadId: String(q.threadId) },
      form: { intent: "vote", postId: String(r.postId), value: "1" },
    });
    expect(pageVote.status).toBe(429);
    expect(pageVote.body).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    const stored = await t.db
      .select()
      .from(votes)
      .where(and(eq(votes.postId, r.postId), eq(votes.userId, voter.user.id)));
    expect(stored.filter((v) => v.value !== 0)).toEqual([]);

    // The asker has used the minute's 60 votes (counted straight into the shared bucket to save time),
    // so accepting an answer waits for the window to end.
    const asAsker = await loggedInClient(asker.username);
    for (let i = 1; i <= 60; i++) {
      expect((await hitRateLimit(t.deps, "vote", rateSubject(asker.id, null))).allowed).toBe(true);
    }
    const accept = await asAsker.call(threadPage.action, `/t/${q.threadId}`, {
      params: { threadId: String(q.threadId) },
      form: { intent: "accept", replyId: String(r.postId) },
    });
    expect(accept.status).toBe(429);
    expect(retryAfter(accept)).toBeGreaterThanOrEqual(1);
    expect(accept.body).toMatchObject({ error: { code: "rate_limited" }, values: { intent: "accept" } });
    const apiAcc = await asAsker.call(apiAccept.action, `/api/v1/threads/${q.threadId}/accept`, {
      params: { id: String(q.threadId) },
      json: { replyId: r.postId },
    });
    expect(apiAcc.status).toBe(429);
    const [row] = await t.db.select().from(threads).where(eq(threads.id, q.threadId));
    expect(row!.status).not.toBe("solved");

    t.clock.advance(61_000);
    const later = await asAsker.call(apiAccept.action, `/api/v1/threads/${q.threadId}/accept`, {
      params: { id: String(q.threadId) },
      json: { replyId: r.postId },
    });
    expect(later.status).toBe(200);
  });
});

describe("flags: 20 per hour per member", () => {
  it("the 21st flag is refused on both API paths and the page, stores no flag, and works an hour later", async () => {
    const author = await insertTestUser(t.deps);
    const q = await insertTestThread(t.deps, author, boardSlug);
    const first = await insertTestReply(t.deps, author, q.threadId, "Buy cheap watches here");
    const second = await insertTestReply(t.deps, author, q.threadId, "Another advert");
    const flagger = await member();
    const ok = await flagger.client.call(apiFlags.action, `/api/v1/posts/${first.postId}/flags`, {
      params: { postId: String(first.postId) },
      json: { reason: "spam" },
    });
    expect(ok.status).toBe(201);
    // Repeats are refused by the service (409) but still count: the limit is on attempts.
    for (let i = 2; i <= 20; i++) {
      const dup = await flagger.client.call(apiFlag.action, `/api/v1/posts/${first.postId}/flag`, {
        params: { postId: String(first.postId) },
        json: { reason: "spam" },
      });
      expect(dup.status).toBe(409);
    }
    const refused = await flagger.client.call(apiFlags.action, `/api/v1/posts/${second.postId}/flags`, {
      params: { postId: String(second.postId) },
      json: { reason: "spam" },
    });
    expect(refused.status).toBe(429);
    const wait = retryAfter(refused);
    expect(wait).toBeGreaterThan(60);
    expect(wait).toBeLessThanOrEqual(3600);
    const page = await flagger.client.call(threadPage.action, `/t/${q.threadId}`, {
      params: { threadId: String(q.threadId) },
      form: { intent: "flag", postId: String(second.postId), reason: "spam", note: "" },
    });
    expect(page.status).toBe(429);
    expect(page.body).toMatchObject({ ok: false, error: { code: "rate_limited", retryAfter: wait } });
    expect(await t.db.select().from(flags).where(eq(flags.postId, second.postId))).toEqual([]);

    t.clock.advance(3600_000);
    const later = await flagger.client.call(apiFlags.action, `/api/v1/posts/${second.postId}/flags`, {
      params: { postId: String(second.postId) },
      json: { reason: "spam" },
    });
    expect(later.status).toBe(201);
    expect(await t.db.select().from(flags).where(eq(flags.postId, second.postId))).toHaveLength(1);
  });
});

describe("searches: 60 per minute per member or address", () => {
  it("a visitor's 61st search (page or API) is a 429 with the form kept; other addresses and the empty page are free", async () => {
    const visitor = new Client();
    const ip = "203.0.113.7";
    for (let i = 1; i <= 30; i++) {
      const ok = await visitor.call(searchPage.loader, `/search?q=modem+${i}`, { context: { ip } });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ limited: null });
    }
    for (let i = 1; i <= 29; i++) {
      const ok = await visitor.call(apiSearch.loader, `/api/v1/search?q=router`, { context: { ip } });
      expect(ok.status).toBe(200);
    }
    const similar = await visitor.call(apiSimilar.loader, `/api/v1/search/similar?title=modem+blinks`, {
      context: { ip },
    });
    expect(similar.status).toBe(200);
    // Opening the search page without searching does not count.
    expect((await visitor.call(searchPage.loader, "/search", { context: { ip } })).status).toBe(200);

    const refused = await visitor.call(searchPage.loader, `/search?q=modem+red&board=${boardSlug}`, {
      context: { ip },
    });
    expect(refused.status).toBe(429);
    const wait = retryAfter(refused);
    expect(refused.body).toMatchObject({
      limited: wait,
      results: [],
      values: { q: "modem red", board: boardSlug },
    });
    const api = await visitor.call(apiSearch.loader, `/api/v1/search?q=router`, { context: { ip } });
    expect(api.status).toBe(429);
    expect(api.body).toMatchObject({ error: { code: "rate_limited" } });

    const elsewhere = await new Client().call(searchPage.loader, `/search?q=modem`, {
      context: { ip: "198.51.100.20" },
    });
    expect(elsewhere.status).toBe(200);

    // A signed-in member counts as themself, not as their address.
    const m = await member();
    const asMember = await m.client.call(searchPage.loader, `/search?q=modem`, { context: { ip } });
    expect(asMember.status).toBe(200);

    t.clock.advance(60_000);
    expect((await visitor.call(searchPage.loader, `/search?q=modem`, { context: { ip } })).status).toBe(200);
  });
});

describe("the general JSON API limit: 300 per minute per member or address", () => {
  it("every /api/v1 route counts; the 301st call is a 429 with Retry-After; others are not affected", async () => {
    const ip = "192.0.2.44";
    const c = new Client();
    // Six batches of 50 concurrent calls: the count stays exact under concurrency.
    for (let i = 0; i < 6; i++) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, () => c.call(apiBoards.loader, "/api/v1/boards", { context: { ip } })),
      );
      expect(batch.map((r) => r.status)).toEqual(Array(50).fill(200));
    }
    const refused = await c.call(apiBoards.loader, "/api/v1/boards", { context: { ip } });
    expect(refused.status).toBe(429);
    expect(retryAfter(refused)).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ error: { code: "rate_limited" } });
    // A write through the API is refused by the general limit too, before anything is stored.
    const anonReply = await c.call(apiThreads.action, "/api/v1/threads", {
      context: { ip },
      json: { board: boardSlug, title: "A question that never gets stored", body: "x" },
    });
    expect(anonReply.status).toBe(429);

    expect(
      (await new Client().call(apiBoards.loader, "/api/v1/boards", { context: { ip: "192.0.2.45" } })).status,
    ).toBe(200);
    t.clock.advance(60_000);
    expect((await c.call(apiBoards.loader, "/api/v1/boards", { context: { ip } })).status).toBe(200);
  });
});

/** Store semantics shared by both back ends (Redis windows use real TTLs, so the window is 1 s there). */
describe("rate stores", () => {
  const rule = { limit: 3, windowSeconds: 60 };

  it("PostgreSQL store: counts within a window, resets after it, reports resetAt, peek and reset", async () => {
    const store = postgresRateStore(t.deps);
    const key = `test:${crypto.randomUUID()}`;
    const t0 = new Date("2026-06-01T09:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    expect(await store.hit(key, rule, t0)).toEqual({ count: 1, resetAt: at(60) });
    expect(await store.hit(key, rule, at(30))).toEqual({ count: 2, resetAt: at(60) });
    expect(await store.peek(key, at(30))).toEqual({ count: 2, resetAt: at(60) });
    const third = await store.hit(key, rule, at(59));
    const fourth = await store.hit(key, rule, at(59));
    expect(decide(rule, third.count, third.resetAt, at(59))).toMatchObject({ allowed: true, count: 3 });
    expect(decide(rule, fourth.count, fourth.resetAt, at(59))).toEqual({
      allowed: false,
      count: 4,
      limit: 3,
      retryAfterSeconds: 1,
    });
    // The window ends at resetAt: a hit then starts a new one.
    expect(await store.peek(key, at(60))).toEqual({ count: 0, resetAt: null });
    expect(await store.hit(key, rule, at(60))).toEqual({ count: 1, resetAt: at(120) });
    await store.reset(key);
    expect(await store.peek(key, at(61))).toEqual({ count: 0, resetAt: null });
    expect(await store.hit(key, rule, at(61))).toEqual({ count: 1, resetAt: at(121) });
  });

  it("PostgreSQL store: two instances (two server processes) share one count, atomically", async () => {
    let second: DbHandle | null = null;
    let otherDeps = t.deps;
    if (t.kind === "postgres") {
      // A separate connection pool to the same database, as another server process would have.
      const name = String(rowsOf(await t.db.execute(sql`select current_database() as n`))[0]!.n);
      second = await openPostgres(withDatabase(process.env.DATABASE_URL!, name), { max: 5 });
      otherDeps = { ...t.deps, db: second.db };
    }
    try {
      const a = postgresRateStore(t.deps);
      const b = postgresRateStore(otherDeps);
      await expectSharedCount(a, b);
    } finally {
      await second?.close();
    }
  });

  describe("Redis store", () => {
    const prefix = `lantern:test:${process.pid}:${crypto.randomBytes(4).toString("hex")}:`;
    let r1: Redis;
    let r2: Redis;
    beforeAll(() => {
      r1 = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      r2 = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    });
    afterAll(async () => {
      const keys = await r1.keys(`${prefix}*`);
      if (keys.length) await r1.del(...keys);
      await r1.quit();
      await r2.quit();
    });

    it("counts within a window, expires after it, reports resetAt, peek and reset", async () => {
      const store = redisRateStore(r1 as unknown as RedisLike, prefix);
      const short = { limit: 2, windowSeconds: 1 };
      const key = `sem:${crypto.randomUUID()}`;
      const now = new Date();
      const h1 = await store.hit(key, short, now);
      expect(h1.count).toBe(1);
      expect(h1.resetAt.getTime() - now.getTime()).toBeGreaterThan(500);
      expect(h1.resetAt.getTime() - now.getTime()).toBeLessThanOrEqual(1000);
      const h2 = await store.hit(key, short, now);
      expect(h2.count).toBe(2);
      // The window does not slide: the second hit keeps the first hit's expiry.
      expect(Math.abs(h2.resetAt.getTime() - h1.resetAt.getTime())).toBeLessThan(100);
      const h3 = await store.hit(key, short, now);
      expect(decide(short, h3.count, h3.resetAt, now)).toMatchObject({ allowed: false, count: 3 });
      expect((await store.peek(key, now)).count).toBe(3);
      await new Promise((res) => setTimeout(res, 1100));
      expect(await store.peek(key, new Date())).toEqual({ count: 0, resetAt: null });
      expect((await store.hit(key, short, new Date())).count).toBe(1);
      await store.reset(key);
      expect(await store.peek(key, new Date())).toEqual({ count: 0, resetAt: null });
      expect(await r1.exists(prefix + key)).toBe(0);
    });

    it("two clients (two server processes) share one count, atomically", async () => {
      const a = redisRateStore(r1 as unknown as RedisLike, prefix);
      const b = redisRateStore(r2 as unknown as RedisLike, prefix);
      await expectSharedCount(a, b);
    });
  });

  /** Hits alternate between two stores, then race: every hit gets its own count, 1…n, one window. */
  async function expectSharedCount(a: RateStore, b: RateStore) {
    const key = `shared:${crypto.randomUUID()}`;
    const now = t.clock.now();
    expect((await a.hit(key, rule, now)).count).toBe(1);
    expect((await b.hit(key, rule, now)).count).toBe(2);
    expect((await a.peek(key, now)).count).toBe(2);
    const raced = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit(key, rule, now)),
    );
    expect(raced.map((r) => r.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 3),
    );
    expect((await b.peek(key, now)).count).toBe(22);
    await a.reset(key);
    expect((await b.peek(key, now)).count).toBe(0);
  }
});

describe("the message people see", () => {
  const render = (lang: "en" | "vi", kind: LimitKind, retryAfter: number, kept?: "text" | "search") =>
    renderToStaticMarkup(
      createElement(
        I18nextProvider,
        { i18n: createI18n(lang) },
        createElement(RateLimitNotice, { kind, retryAfter, kept }),
      ),
    ).replace(/&#x27;/g, "'");

  it("says what was too fast and when to try again, in both languages", () => {
    const en = render("en", "post", 42, "text");
    expect(en).toContain('role="alert"');
    expect(en).toContain("You're posting too fast; try again in 42 seconds.");
    expect(en).toContain("What you wrote is kept, so you can send it again then.");
    const vi = render("vi", "post", 42, "text");
    expect(vi).toContain("Bạn đang đăng bài quá nhanh; hãy thử lại sau 42 giây.");
    expect(vi).toContain("Nội dung bạn đã viết vẫn được giữ");
    expect(render("en", "vote", 1)).toContain("You're voting too fast; try again in 1 second.");
    // Long waits (the hourly flag limit) are given in minutes.
    expect(render("en", "flag", 3412)).toContain("try again in 57 minutes.");
    expect(render("vi", "flag", 3412)).toContain("hãy thử lại sau 57 phút.");
    expect(render("vi", "search", 5, "search")).toContain(
      "Bạn đang tìm kiếm quá nhanh; hãy thử lại sau 5 giây.",
    );
  });
});

it("pages pass the Retry-After of a refused request on to the document response", () => {
  for (const route of [threadPage, ask, searchPage]) {
    const args = {
      loaderHeaders: new Headers(route === searchPage ? { "Retry-After": "12" } : {}),
      actionHeaders: new Headers(route === searchPage ? {} : { "Retry-After": "12" }),
      parentHeaders: new Headers({ "X-Parent": "kept" }),
      errorHeaders: undefined,
    };
    const h = new Headers(route.headers(args as never));
    expect(h.get("Retry-After")).toBe("12");
    expect(h.get("X-Parent")).toBe("kept");
    const none = new Headers(
      route.headers({ ...args, loaderHeaders: new Headers(), actionHeaders: new Headers() } as never),
    );
    expect(none.get("Retry-After")).toBeNull();
  }
});

// The rules this file relies on: if they change, the figures above must change with them.
it("the rules are the documented ones", () => {
  expect(RATE_RULES.post).toEqual({ limit: 10, windowSeconds: 60 });
  expect(RATE_RULES.vote).toEqual({ limit: 60, windowSeconds: 60 });
  expect(RATE_RULES.flag).toEqual({ limit: 20, windowSeconds: 3600 });
  expect(RATE_RULES.search).toEqual({ limit: 60, windowSeconds: 60 });
  expect(RATE_RULES.api).toEqual({ limit: 300, windowSeconds: 60 });
});
