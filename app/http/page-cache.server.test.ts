import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import {
  LISTS_TAG,
  PageCache,
  cacheablePage,
  pageCacheMiddleware,
  parseTags,
  threadTags,
  spliceNonce,
} from "./page-cache.server";
import { invalidatePages, listenForPageInvalidations } from "~/services/page-cache.server";
import { publishThreadEvent } from "~/services/live.server";
import { createTestDb, type TestDb } from "../../tests/support/db";

/** A stand-in for the Remix handler: counts renders, can be slowed down, echoes the nonce like Remix does. */
function fakeApp(cache: PageCache, opts: { delayMs?: number } = {}) {
  const state = { renders: 0, version: 1, setCookie: false, status: 200 };
  const app = express();
  let n = 0;
  app.use((_req, res, next) => {
    res.locals.nonce = `nonce${++n}`;
    next();
  });
  app.use(
    pageCacheMiddleware({
      cache,
      sessionCookie: "lantern_session",
      languageOf: (h) => (h.get("accept-language")?.startsWith("en") ? "en" : "vi"),
      nonceOf: (res) => (res as unknown as { locals: { nonce: string } }).locals.nonce,
    }),
  );
  app.get("*", async (req, res) => {
    state.renders += 1;
    const v = state.version;
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    if (state.setCookie) res.setHeader("Set-Cookie", "x=1");
    res.status(state.status).type("text/html");
    // Written in two chunks, like a streamed render.
    res.write(`<html><script nonce="${res.locals.nonce}">1</script>`);
    res.end(`<p>${req.url} v${v} ${req.headers["accept-language"] ?? ""}</p></html>`);
  });
  return { app, state };
}

async function serve(app: express.Express) {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("which pages are cached", () => {
  it("caches home, boards, tags and threads; nothing else", () => {
    expect(cacheablePage("/")).toEqual({ tags: [LISTS_TAG] });
    expect(cacheablePage("/b/billing")).toEqual({ tags: [LISTS_TAG] });
    expect(cacheablePage("/tags/wifi")).toEqual({ tags: [LISTS_TAG] });
    expect(cacheablePage("/t/42")).toEqual({ tags: ["thread:42"], threadId: 42 });
    expect(cacheablePage("/t/42-some-slug")).toEqual({ tags: ["thread:42"], threadId: 42 });
    for (const p of ["/t/42.data", "/t/42/events", "/u/lan", "/mod", "/search", "/t/0", "/b/x.data", "/ask"])
      expect(cacheablePage(p), p).toBeNull();
  });

  it("parses only well-formed tags from a notification", () => {
    expect(parseTags("thread:7 lists")).toEqual(["thread:7", "lists"]);
    expect(parseTags("thread:x <script> all")).toEqual(["all"]);
    expect(threadTags(3)).toEqual(["thread:3", "lists"]);
  });

  it("swaps only nonce attributes", () => {
    const parts = '<script nonce="a1">a1</script>'.split('nonce="a1"').map((x) => Buffer.from(x));
    expect(spliceNonce(parts, "a1", "b2").toString()).toBe('<script nonce="b2">a1</script>');
  });
});

describe("page cache middleware", () => {
  let cache: PageCache;
  let closeServer: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await closeServer?.();
    closeServer = null;
  });

  async function setup(opts: { delayMs?: number; now?: () => number } = {}) {
    cache = new PageCache({ ttlMs: 5_000, now: opts.now });
    const { app, state } = fakeApp(cache, opts);
    const s = await serve(app);
    closeServer = s.close;
    return { base: s.base, state };
  }

  it("renders an anonymous page once, then serves it from memory with the response's own nonce", async () => {
    const { base, state } = await setup();
    const a = await fetch(`${base}/t/5`);
    const bodyA = await a.text();
    expect(a.headers.get("x-cache")).toBe("MISS");
    const b = await fetch(`${base}/t/5`);
    const bodyB = await b.text();
    expect(b.headers.get("x-cache")).toBe("HIT");
    expect(state.renders).toBe(1);
    expect(bodyA).toContain('nonce="nonce1"');
    expect(bodyB).toContain('nonce="nonce2"');
    expect(bodyB.replace("nonce2", "nonce1")).toBe(bodyA);
    expect(b.headers.get("cache-control")).toBe("private, no-cache");
    expect(b.headers.get("vary")).toBe("Cookie, Accept-Language");
    expect(b.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("never caches for members", async () => {
    const { base, state } = await setup();
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${base}/t/5`, { headers: { Cookie: "lantern_lang=en; lantern_session=abc" } });
      expect(r.headers.get("x-cache")).toBeNull();
      await r.text();
    }
    expect(state.renders).toBe(3);
  });

  it("keeps one entry per language", async () => {
    const { base, state } = await setup();
    const en = await (await fetch(`${base}/`, { headers: { "Accept-Language": "en" } })).text();
    const vi = await (await fetch(`${base}/`, { headers: { "Accept-Language": "vi" } })).text();
    expect(en).not.toBe(vi);
    expect(await (await fetch(`${base}/`, { headers: { "Accept-Language": "en" } })).text()).toBe(
      en.replace("nonce1", "nonce3"),
    );
    expect(state.renders).toBe(2);
  });

  it("answers 304 to a matching If-None-Match, and the ETag ignores the nonce", async () => {
    const { base } = await setup();
    await (await fetch(`${base}/b/billing`)).text();
    const hit = await fetch(`${base}/b/billing`);
    await hit.text();
    const etag = hit.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"/);
    const again = await fetch(`${base}/b/billing`);
    await again.text();
    expect(again.headers.get("etag")).toBe(etag);
    const cond = await fetch(`${base}/b/billing`, { headers: { "If-None-Match": etag } });
    expect(cond.status).toBe(304);
  });

  it("drops exactly the invalidated pages", async () => {
    const { base, state } = await setup();
    for (const p of ["/t/5", "/t/6", "/"]) await (await fetch(base + p)).text();
    expect(state.renders).toBe(3);
    state.version = 2;
    cache.invalidate(["thread:5"]);
    expect(await (await fetch(`${base}/t/5`)).text()).toContain("v2");
    expect(await (await fetch(`${base}/t/6`)).text()).toContain("v1");
    expect(await (await fetch(`${base}/`)).text()).toContain("v1");
    cache.invalidate(threadTags(6));
    expect(await (await fetch(`${base}/t/6`)).text()).toContain("v2");
    expect(await (await fetch(`${base}/`)).text()).toContain("v2");
    cache.invalidate(["all"]);
    expect(cache.size).toBe(0);
  });

  it("expires entries after the TTL", async () => {
    let t = 1_000_000;
    const { base, state } = await setup({ now: () => t });
    await (await fetch(`${base}/t/9`)).text();
    t += 4_999;
    await (await fetch(`${base}/t/9`)).text();
    expect(state.renders).toBe(1);
    t += 1;
    await (await fetch(`${base}/t/9`)).text();
    expect(state.renders).toBe(2);
  });

  it("does not store responses that set a cookie, errors, or other paths", async () => {
    const { base, state } = await setup();
    state.setCookie = true;
    await (await fetch(`${base}/t/1`)).text();
    await (await fetch(`${base}/t/1`)).text();
    state.setCookie = false;
    state.status = 404;
    await (await fetch(`${base}/t/2`)).text();
    await (await fetch(`${base}/t/2`)).text();
    state.status = 200;
    await (await fetch(`${base}/u/lan`)).text();
    await (await fetch(`${base}/u/lan`)).text();
    expect(state.renders).toBe(6);
    expect(cache.size).toBe(0);
  });

  it("does not store a render that overlapped an invalidation of its page", async () => {
    const { base, state } = await setup({ delayMs: 80 });
    const slow = fetch(`${base}/t/5`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 20));
    state.version = 2;
    cache.invalidate(["thread:5"]);
    expect(await slow).toContain("v1");
    expect(cache.size).toBe(0);
    expect(await (await fetch(`${base}/t/5`)).text()).toContain("v2");
  });

  it("renders a page once when many visitors ask for it at the same moment", async () => {
    const { base, state } = await setup({ delayMs: 50 });
    const bodies = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${base}/t/5`).then((r) => r.text())),
    );
    expect(state.renders).toBe(1);
    expect(new Set(bodies.map((b) => b.replace(/nonce\d+/g, ""))).size).toBe(1);
  });

  it("evicts the least recently used pages beyond its size", () => {
    const small = new PageCache({ maxBytes: 40_000 });
    const body = "x".repeat(7_500); // ~8 kB each
    for (let i = 1; i <= 6; i++)
      small.set(
        { key: `k${i}`, tags: [`thread:${i}`], status: 200, headers: [], body, nonce: null },
        small.generation([`thread:${i}`]),
      );
    expect(small.totalBytes).toBeLessThanOrEqual(40_000);
    expect(small.get("k1")).toBeNull();
    expect(small.get("k6")).not.toBeNull();
  });
});

describe("cluster-wide invalidation through NOTIFY", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.close();
  });

  function cached(cache: PageCache, key: string, tags: string[]) {
    cache.set({ key, tags, status: 200, headers: [], body: "<p></p>", nonce: null }, cache.generation(tags));
  }

  async function eventually(check: () => boolean) {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    return check();
  }

  it("drops pages when a write commits, and not when it rolls back", async () => {
    const cache = new PageCache();
    const stop = await listenForPageInvalidations(cache, t.deps.handle!);
    try {
      cached(cache, "vi /t/11", ["thread:11"]);
      cached(cache, "vi /t/12", ["thread:12"]);
      cached(cache, "vi /", [LISTS_TAG]);
      await t.db
        .transaction(async (tx) => {
          await invalidatePages(tx, ["thread:12"]);
          await tx.execute(sql`select 1`);
          throw new Error("rollback");
        })
        .catch(() => {});
      await new Promise((r) => setTimeout(r, 150));
      expect(cache.get("vi /t/12")).not.toBeNull();

      // A live thread event (reply, vote…) drops the thread and the lists.
      await t.db.transaction(async (tx) => {
        await publishThreadEvent(tx, 11, { kind: "vote", postId: 3, score: 1 });
      });
      expect(await eventually(() => cache.get("vi /t/11") === null && cache.get("vi /") === null)).toBe(true);
      expect(cache.get("vi /t/12")).not.toBeNull();

      await t.db.transaction(async (tx) => invalidatePages(tx, ["thread:12"]));
      expect(await eventually(() => cache.get("vi /t/12") === null)).toBe(true);
    } finally {
      await stop();
    }
  });
});
