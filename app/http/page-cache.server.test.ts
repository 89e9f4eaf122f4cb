import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import {
  LISTS_TAG,
  LEADERBOARD_TAG,
  PageCache,
  cacheablePage,
  pageCacheMiddleware,
  parseTags,
  threadTags,
  spliceNonce,
  type MemberPagesHooks,
} from "./page-cache.server";
import type { SharedPageViewer } from "./shared-page";
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

interface FakeMember {
  id: string;
  username: string;
  unread: number;
  votes: Record<string, number>;
  following: boolean;
  privileges: string[];
}

interface MemberRender {
  url: string;
  method: string;
  /** The id the middleware handed to the render in `res.locals.sharedPage`, if any. */
  sharedFor: string | null;
  cookie: string;
}

/**
 * A stand-in for the Remix handler with shared member pages (ADR 017): a render in shared mode (the middleware set
 * `res.locals.sharedPage`) writes the slot where the member's header goes, shows what depends on the member's view
 * (votes on shown posts, following, privileges) and reports it; any other render is a plain page of its own.
 */
function memberFakeApp(cache: PageCache) {
  const slot = `lantern-member-${crypto.randomUUID()}`;
  const s = {
    members: new Map<string, FakeMember>(),
    thread: { postIds: [11, 12, 13], authorIds: ["a1", "a2"] },
    version: 1,
    status: 200,
    setCookie: false,
    shareable: true,
    /** Whether the page's "loader" reports what it depended on (a page that does not is never shared). */
    report: true,
    /** A hook that throws (the database is away). */
    fail: null as "member" | "state" | null,
    delayMs: 0,
    /** Send the page with express's res.send (it sets Content-Length and ETag over the body with the slot). */
    send: false,
    /** Call res.writeHead before writing (legal for any Node handler; Remix's adapter does not). */
    writeHead: false,
    /** Errors thrown by res.write/res.end inside the render (the connection is then dropped). */
    errors: [] as unknown[],
    renders: [] as MemberRender[],
    memberCalls: 0,
    /** What the state hook was asked: `follow` is the target key of the page's shape (null: shape unknown). */
    stateCalls: [] as Array<{ id: string; follow: string | null; postIds: number[] }>,
  };
  const add = (m: Partial<FakeMember> & { id: string }) =>
    s.members.set(m.id, {
      username: m.id,
      unread: 0,
      votes: {},
      following: false,
      privileges: ["vote_up"],
      ...m,
    });
  const hooks: MemberPagesHooks = {
    slot,
    async member(req) {
      s.memberCalls += 1;
      if (s.fail === "member") throw new Error("connection refused");
      const m = /(?:^|;\s*)lantern_session=([^;]*)/.exec(req.headers.cookie ?? "");
      const u = m ? s.members.get(m[1]!) : undefined;
      // Staff and unknown sessions: their pages are their own.
      if (!u) return null;
      return {
        id: u.id,
        username: u.username,
        role: "member",
        reputation: 50,
        privileges: [...u.privileges],
      };
    },
    async state(member, follow, postIds) {
      s.stateCalls.push({ id: member.id, follow: follow?.targetKey ?? null, postIds: [...postIds] });
      if (s.fail === "state") throw new Error("connection refused");
      const u = s.members.get(member.id)!;
      return { unread: u.unread, following: u.following, votes: { ...u.votes } };
    },
    renderNav: (lang, me) => `<nav lang="${lang}">${me.username}:${me.unread}</nav>`,
  };
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
      members: hooks,
    }),
  );
  app.get("*", async (req, res) => {
    const sp = res.locals.sharedPage as SharedPageViewer | undefined;
    s.renders.push({
      url: req.url,
      method: req.method,
      sharedFor: sp?.id ?? null,
      cookie: req.headers.cookie ?? "",
    });
    const v = s.version;
    if (s.delayMs) await new Promise((r) => setTimeout(r, s.delayMs));
    const nonce = res.locals.nonce as string;
    if (s.setCookie) res.setHeader("Set-Cookie", "x=1");
    res.status(s.status).type("text/html");
    const head = `<html><head><script nonce="${nonce}">1</script></head><body>`;
    if (!sp) {
      res.write(head);
      res.end(`<header><nav>own</nav></header><main>${req.url} v${v} plain</main></body></html>`);
      return;
    }
    const u = s.members.get(sp.id)!;
    const shown = s.thread.postIds;
    const votes = Object.entries(u.votes)
      .filter(([id, x]) => shown.includes(Number(id)) && x !== 0)
      .map(([id, x]) => `${id}${x > 0 ? "+" : "-"}`)
      .join(",");
    if (s.report)
      sp.report({
        postIds: [...shown],
        authorIds: [...s.thread.authorIds],
        votes: { ...u.votes },
        follow: { targetType: "thread", targetKey: /^\/t\/(\d+)/.exec(req.url)?.[1] ?? "" },
        following: u.following,
        shareable: s.shareable && !s.thread.authorIds.includes(sp.id),
      });
    const rest =
      `<header>${sp.slot}</header><main>${req.url} v${v} votes=${votes} following=${u.following} ` +
      `privileges=${[...u.privileges].sort().join(",")} Chủ đề</main>` +
      `<style nonce="${nonce}"></style><footer>${sp.slot}</footer></body></html>`;
    try {
      if (s.writeHead) res.writeHead(s.status);
      if (s.send) res.send(head + rest);
      else {
        // Two chunks, like a streamed render.
        res.write(head);
        res.end(rest);
      }
    } catch (e) {
      s.errors.push(e);
      res.destroy();
    }
  });
  return { app, s, add, slot };
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
    expect(cacheablePage("/leaderboard")).toEqual({ tags: [LEADERBOARD_TAG], members: false });
    for (const p of [
      "/t/42.data",
      "/t/42/events",
      "/u/lan",
      "/mod",
      "/search",
      "/t/0",
      "/b/x.data",
      "/ask",
      "/leaderboard/x",
    ])
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
    // The write lands while the render runs (once it has read the page), whatever the machine's load.
    while (state.renders === 0) await new Promise((r) => setTimeout(r, 2));
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

describe("shared member pages", () => {
  let cache: PageCache;
  let closeServer: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await closeServer?.();
    closeServer = null;
  });

  async function setup() {
    cache = new PageCache({ ttlMs: 5_000 });
    const fake = memberFakeApp(cache);
    const srv = await serve(fake.app);
    closeServer = srv.close;
    const { s } = fake;
    /** A request as member `id` (the session cookie's value); `extra` headers and method as given. */
    const get = async (
      path: string,
      id: string,
      init: { method?: string; headers?: Record<string, string> } = {},
    ) => {
      const r = await fetch(srv.base + path, {
        method: init.method ?? "GET",
        headers: { Cookie: `lantern_lang=vi; lantern_session=${id}`, ...init.headers },
      });
      return { status: r.status, headers: r.headers, xCache: r.headers.get("x-cache"), body: await r.text() };
    };
    const sharedRenders = () => s.renders.filter((r) => r.sharedFor !== null).length;
    return { ...fake, base: srv.base, get, sharedRenders };
  }

  const nonces = (body: string) => [...body.matchAll(/nonce="([^"]*)"/g)].map((m) => m[1]);

  it("renders a view once and serves it to the next member with their own header and nonce", async () => {
    const { s, add, get, slot } = await setup();
    add({ id: "u1", username: "alice", unread: 2 });
    add({ id: "u2", username: "bảo", unread: 0 });

    const a = await get("/t/5", "u1");
    expect(a.status).toBe(200);
    expect(a.xCache).toBe("MISS-SHARED");
    expect(s.renders).toEqual([{ url: "/t/5", method: "GET", sharedFor: "u1", cookie: expect.any(String) }]);
    expect(a.body).toContain('<header><nav lang="vi">alice:2</nav></header>');
    expect(a.body).toContain('<footer><nav lang="vi">alice:2</nav></footer>');
    expect(a.body).not.toContain(slot);
    expect(a.body).not.toContain("bảo");
    expect(nonces(a.body)).toEqual(["nonce1", "nonce1"]);
    expect(a.headers.get("cache-control")).toBe("private, no-cache");
    expect(a.headers.get("vary")).toBe("Cookie, Accept-Language");
    // The member-independent part of the view: the shape is not known yet.
    expect(s.stateCalls).toEqual([{ id: "u1", follow: null, postIds: [] }]);

    const b = await get("/t/5", "u2");
    expect(b.status).toBe(200);
    expect(b.xCache).toBe("HIT-SHARED");
    expect(s.renders).toHaveLength(1);
    expect(s.stateCalls[1]).toEqual({ id: "u2", follow: "5", postIds: [11, 12, 13] });
    expect(b.body).toContain('<header><nav lang="vi">bảo:0</nav></header>');
    expect(b.body).toContain('<footer><nav lang="vi">bảo:0</nav></footer>');
    expect(b.body).not.toContain("alice");
    expect(b.body).not.toContain(slot);
    expect(nonces(b.body)).toEqual(["nonce2", "nonce2"]);
    expect(b.headers.get("content-type")).toMatch(/^text\/html/);
    expect(b.headers.get("cache-control")).toBe("private, no-cache");
    expect(b.headers.get("vary")).toBe("Cookie, Accept-Language");
    expect(b.headers.get("set-cookie")).toBeNull();
    expect(Number(b.headers.get("content-length"))).toBe(Buffer.byteLength(b.body));
    // Same page apart from the header and the nonce.
    const plain = (x: string) => x.replace(/<nav[^>]*>[^<]*<\/nav>/g, "NAV").replace(/nonce\d+/g, "N");
    expect(plain(b.body)).toBe(plain(a.body));

    // The first member again: a hit, with their unread count as it is now.
    s.members.get("u1")!.unread = 7;
    const c = await get("/t/5", "u1");
    expect(c.xCache).toBe("HIT-SHARED");
    expect(c.body).toContain('<nav lang="vi">alice:7</nav>');
    expect(c.body).not.toContain("alice:2");
    expect(c.body).not.toContain("bảo");
    expect(nonces(c.body)).toEqual(["nonce3", "nonce3"]);
    expect(s.renders).toHaveLength(1);
    expect(cache.stats.memberHits).toBe(2);
    expect(cache.stats.memberMisses).toBe(1);
  });

  it("serves the leaderboard from the cache to visitors only; members get their own render, not a shared one", async () => {
    const { s, add, get, base } = await setup();
    add({ id: "u1", username: "alice", unread: 2 });
    const anon = async () => {
      const r = await fetch(`${base}/leaderboard?period=month`);
      await r.text();
      return r.headers.get("x-cache");
    };
    expect(await anon()).toBe("MISS");
    expect(await anon()).toBe("HIT");
    for (let i = 0; i < 2; i++) {
      const m = await get("/leaderboard?period=month", "u1");
      expect(m.status).toBe(200);
      expect(m.xCache).toBeNull();
    }
    expect(s.renders.filter((r) => r.url.startsWith("/leaderboard"))).toEqual([
      { url: "/leaderboard?period=month", method: "GET", sharedFor: null, cookie: expect.any(String) },
      { url: "/leaderboard?period=month", method: "GET", sharedFor: null, cookie: expect.any(String) },
      { url: "/leaderboard?period=month", method: "GET", sharedFor: null, cookie: expect.any(String) },
    ]);
  });

  it("keeps one shared render per language and per URL", async () => {
    const { add, get, sharedRenders } = await setup();
    add({ id: "u1", username: "alice" });
    add({ id: "u2", username: "bob" });
    await get("/t/5", "u1");
    const en = await get("/t/5", "u2", { headers: { "Accept-Language": "en" } });
    expect(en.xCache).toBe("MISS-SHARED");
    expect(en.body).toContain('<nav lang="en">bob:0</nav>');
    const other = await get("/t/5-slug", "u2");
    expect(other.xCache).toBe("MISS-SHARED");
    expect(sharedRenders()).toBe(3);
    expect((await get("/t/5", "u2")).xCache).toBe("HIT-SHARED");
    expect((await get("/t/5", "u1", { headers: { "Accept-Language": "en" } })).xCache).toBe("HIT-SHARED");
    expect(sharedRenders()).toBe(3);
  });

  it("gives members who voted on a shown post, follow the thread or have other privileges their own render", async () => {
    const { add, get, sharedRenders } = await setup();
    add({ id: "u1", username: "plain1" });
    add({ id: "u2", username: "plain2", votes: { 99: 1, 12: 0 } }); // no vote on a shown post
    add({ id: "v1", username: "up1", votes: { 12: 1 } });
    add({ id: "v2", username: "up2", votes: { 12: 1, 99: -1 } });
    add({ id: "v3", username: "down", votes: { 12: -1 } });
    add({ id: "f1", username: "follow1", following: true });
    add({ id: "f2", username: "follow2", following: true });
    add({ id: "p1", username: "priv1", privileges: ["vote_up", "vote_down"] });
    add({ id: "p2", username: "priv2", privileges: ["vote_down", "vote_up"] });

    expect((await get("/t/5", "u1")).xCache).toBe("MISS-SHARED");
    const u2 = await get("/t/5", "u2");
    expect(u2.xCache).toBe("HIT-SHARED");
    expect(u2.body).toContain("votes= following=false privileges=vote_up ");
    expect(sharedRenders()).toBe(1);

    const v1 = await get("/t/5", "v1");
    expect(v1.xCache).toBe("MISS-SHARED");
    expect(v1.body).toContain("votes=12+ ");
    expect(sharedRenders()).toBe(2);
    const v2 = await get("/t/5", "v2");
    expect(v2.xCache).toBe("HIT-SHARED");
    expect(v2.body).toContain("votes=12+ ");
    expect(v2.body).toContain(">up2:0<");
    const v3 = await get("/t/5", "v3");
    expect(v3.xCache).toBe("MISS-SHARED");
    expect(v3.body).toContain("votes=12- ");
    expect(sharedRenders()).toBe(3);

    const f1 = await get("/t/5", "f1");
    expect(f1.xCache).toBe("MISS-SHARED");
    expect(f1.body).toContain("following=true");
    const f2 = await get("/t/5", "f2");
    expect(f2.xCache).toBe("HIT-SHARED");
    expect(f2.body).toContain("following=true");
    expect(sharedRenders()).toBe(4);

    const p1 = await get("/t/5", "p1");
    expect(p1.xCache).toBe("MISS-SHARED");
    expect(p1.body).toContain("privileges=vote_down,vote_up ");
    const p2 = await get("/t/5", "p2");
    expect(p2.xCache).toBe("HIT-SHARED");
    expect(p2.body).toContain("privileges=vote_down,vote_up ");
    expect(sharedRenders()).toBe(5);

    // Every view is still there, and none leaked into another.
    for (const [id, bit] of [
      ["u1", "votes= following=false privileges=vote_up "],
      ["v2", "votes=12+ following=false"],
      ["v3", "votes=12- following=false"],
      ["f2", "votes= following=true"],
      ["p1", "votes= following=false privileges=vote_down,vote_up "],
    ] as const) {
      const r = await get("/t/5", id);
      expect(r.xCache, id).toBe("HIT-SHARED");
      expect(r.body, id).toContain(bit);
    }
    expect(sharedRenders()).toBe(5);
  });

  it("renders the page of a shown post's author for them alone, every time", async () => {
    const { s, add, get, sharedRenders } = await setup();
    add({ id: "u1", username: "alice" });
    add({ id: "a1", username: "author" });
    await get("/t/5", "u1");
    const statesBefore = s.stateCalls.length;
    for (let i = 0; i < 2; i++) {
      const r = await get("/t/5", "a1");
      expect(r.xCache).toBeNull();
      expect(r.body).toContain("<nav>own</nav>");
      expect(r.body).toContain("plain");
      expect(r.body).not.toContain("alice");
    }
    expect(s.renders.slice(1)).toEqual([
      expect.objectContaining({ url: "/t/5", sharedFor: null }),
      expect.objectContaining({ url: "/t/5", sharedFor: null }),
    ]);
    expect(s.stateCalls).toHaveLength(statesBefore);
    expect(sharedRenders()).toBe(1);
    // Others still share.
    expect((await get("/t/5", "u1")).xCache).toBe("HIT-SHARED");
  });

  it("lets an author who comes first render in shared mode, but stores nothing of theirs", async () => {
    const { s, add, get, slot } = await setup();
    add({ id: "a2", username: "author" });
    add({ id: "u1", username: "alice" });
    const a = await get("/t/5", "a2");
    expect(a.xCache).toBe("MISS-SHARED");
    expect(a.body).toContain(">author:0</nav>");
    expect(a.body).not.toContain(slot);
    expect(cache.size).toBe(0);
    expect((await get("/t/5", "u1")).xCache).toBe("MISS-SHARED");
    expect(s.renders.map((r) => r.sharedFor)).toEqual(["a2", "u1"]);
  });

  it("renders for members the hooks do not share (staff, unknown session) the usual way", async () => {
    const { s, add, get } = await setup();
    add({ id: "u1", username: "alice" });
    await get("/t/5", "u1");
    for (let i = 0; i < 2; i++) {
      for (const id of ["staff", "nobody"]) {
        const r = await get("/t/5", id);
        expect(r.xCache).toBeNull();
        expect(r.body).toContain("<nav>own</nav>");
        expect(r.body).not.toContain("alice");
      }
    }
    expect(s.renders.map((r) => r.sharedFor)).toEqual(["u1", null, null, null, null]);
    expect(s.stateCalls).toHaveLength(1);
    expect(s.memberCalls).toBe(5);
  });

  it("renders the usual way when the member's session or state cannot be read", async () => {
    const { s, add, get } = await setup();
    add({ id: "u1", username: "alice" });
    await get("/t/5", "u1");
    for (const fail of ["member", "state"] as const) {
      s.fail = fail;
      const r = await get("/t/5", "u1");
      expect(r.status, fail).toBe(200);
      expect(r.xCache, fail).toBeNull();
      expect(r.body, fail).toContain("<nav>own</nav>");
      expect(s.renders.at(-1)?.sharedFor, fail).toBeNull();
    }
  });

  it("does not store a render that is not shareable, not a 200 or sets a cookie, yet splices the header in", async () => {
    const { s, add, get, slot, sharedRenders } = await setup();
    add({ id: "u1", username: "alice", unread: 1 });
    add({ id: "u2", username: "bob", unread: 3 });
    const cases: Array<[string, () => void, () => void]> = [
      ["/t/1", () => (s.shareable = false), () => (s.shareable = true)],
      ["/t/2", () => (s.status = 404), () => (s.status = 200)],
      ["/t/3", () => (s.setCookie = true), () => (s.setCookie = false)],
    ];
    for (const [path, on, off] of cases) {
      on();
      const before = sharedRenders();
      const a = await get(path, "u1");
      const b = await get(path, "u2");
      off();
      expect(sharedRenders() - before, path).toBe(2);
      expect([a.xCache, b.xCache], path).toEqual(["MISS-SHARED", "MISS-SHARED"]);
      expect(a.body, path).toContain('<header><nav lang="vi">alice:1</nav></header>');
      expect(b.body, path).toContain('<header><nav lang="vi">bob:3</nav></header>');
      expect(a.body + b.body, path).not.toContain(slot);
      expect(a.body, path).not.toContain("bob");
      expect(b.body, path).not.toContain("alice");
      expect(cache.size, path).toBe(0);
    }
  });

  it("does not store a render over a known shape when it is not shareable", async () => {
    const { s, add, get, sharedRenders } = await setup();
    add({ id: "u1", username: "alice" });
    add({ id: "v1", username: "up1", votes: { 11: 1 } });
    add({ id: "v2", username: "up2", votes: { 11: 1 } });
    await get("/t/5", "u1");
    s.status = 500;
    expect((await get("/t/5", "v1")).xCache).toBe("MISS-SHARED");
    s.status = 200;
    const v2 = await get("/t/5", "v2");
    expect(v2.xCache).toBe("MISS-SHARED");
    expect(v2.body).toContain(">up2:0<");
    expect(sharedRenders()).toBe(3);
    expect((await get("/t/5", "v1")).xCache).toBe("HIT-SHARED");
  });

  it("sends a correct length when the render uses res.send", async () => {
    const { s, add, get, slot } = await setup();
    s.send = true;
    add({ id: "u1", username: "a-much-longer-username-than-the-slot-itself-ừ", unread: 12 });
    add({ id: "u2", username: "b" });
    for (const id of ["u1", "u2", "u1"]) {
      const r = await get("/t/5", id);
      expect(r.body).toMatch(/<\/html>$/);
      expect(r.body).not.toContain(slot);
      expect(Number(r.headers.get("content-length"))).toBe(Buffer.byteLength(r.body));
    }
  });

  // A render that sent its headers itself (res.writeHead) must still reach the member: the wrapper may not set
  // headers after that (it used to, and res.end threw ERR_HTTP_HEADERS_SENT).
  it("sends a render that called res.writeHead, with the member's header", async () => {
    const { s, add, get, slot } = await setup();
    add({ id: "u1", username: "alice" });
    s.writeHead = true;
    const r = await get("/t/5", "u1").catch((e: unknown) => ({ failed: String(e) }));
    expect(s.errors.map(String)).toEqual([]);
    expect(r).toMatchObject({ status: 200 });
    expect("body" in r && r.body).toContain('<nav lang="vi">alice:0</nav>');
    expect("body" in r && r.body).not.toContain(slot);
  });

  it("drops a thread's shared renders and its shape when the thread is invalidated", async () => {
    const { s, add, get, sharedRenders } = await setup();
    add({ id: "u1", username: "alice" });
    add({ id: "u2", username: "bob" });
    await get("/t/5", "u1");
    await get("/t/6", "u1");
    expect((await get("/t/5", "u2")).xCache).toBe("HIT-SHARED");
    s.version = 2;
    cache.invalidate(["thread:5"]);
    const b = await get("/t/5", "u2");
    expect(b.xCache).toBe("MISS-SHARED");
    expect(b.body).toContain("/t/5 v2");
    // The shape went too: the member's state was asked without shown posts.
    expect(s.stateCalls.at(-1)).toEqual({ id: "u2", follow: null, postIds: [] });
    expect(sharedRenders()).toBe(3);
    const c = await get("/t/6", "u2");
    expect(c.xCache).toBe("HIT-SHARED");
    expect(c.body).toContain("/t/6 v1");
    const a = await get("/t/5", "u1");
    expect(a.xCache).toBe("HIT-SHARED");
    expect(a.body).toContain("/t/5 v2");
    cache.invalidate(["all"]);
    expect((await get("/t/6", "u2")).xCache).toBe("MISS-SHARED");
  });

  it("does not store a render that overlapped an invalidation of its thread", async () => {
    const { s, add, get, sharedRenders } = await setup();
    add({ id: "u1", username: "alice" });
    add({ id: "u2", username: "bob" });
    s.delayMs = 80;
    const started = s.renders.length;
    const slow = get("/t/5", "u1");
    // The write lands while the render runs (once it has read the page), whatever the machine's load.
    while (s.renders.length === started) await new Promise((r) => setTimeout(r, 2));
    s.version = 2;
    cache.invalidate(["thread:5"]);
    const a = await slow;
    expect(a.xCache).toBe("MISS-SHARED");
    expect(a.body).toContain("/t/5 v1");
    expect(a.body).toContain(">alice:0<");
    expect(cache.size).toBe(0);
    s.delayMs = 0;
    const b = await get("/t/5", "u2");
    expect(b.xCache).toBe("MISS-SHARED");
    expect(b.body).toContain("/t/5 v2");
    expect(sharedRenders()).toBe(2);
  });

  it("does not store a render over a known shape that overlapped an invalidation", async () => {
    const { s, add, get, sharedRenders } = await setup();
    add({ id: "u1", username: "alice" });
    add({ id: "v1", username: "up1", votes: { 13: -1 } });
    add({ id: "v2", username: "up2", votes: { 13: -1 } });
    await get("/t/5", "u1");
    s.delayMs = 80;
    const started = s.renders.length;
    const slow = get("/t/5", "v1");
    while (s.renders.length === started) await new Promise((r) => setTimeout(r, 2));
    s.version = 2;
    cache.invalidate(["thread:5"]);
    expect((await slow).body).toContain("/t/5 v1 votes=13-");
    expect(cache.size).toBe(0);
    s.delayMs = 0;
    const v2 = await get("/t/5", "v2");
    expect(v2.xCache).toBe("MISS-SHARED");
    expect(v2.body).toContain("/t/5 v2 votes=13-");
    expect(sharedRenders()).toBe(3);
  });

  it("never takes the member path for HEAD, .data, _data or pages that are never cached", async () => {
    const { s, add, get } = await setup();
    add({ id: "u1", username: "alice" });
    await get("/t/5", "u1");
    expect(s.memberCalls).toBe(1);
    const head = await get("/t/5", "u1", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.xCache).toBeNull();
    for (const path of ["/t/5.data", "/t/5?_data=routes%2Ft.%24threadId", "/u/alice", "/search?q=x"]) {
      const r = await get(path, "u1");
      expect(r.xCache, path).toBeNull();
      expect(r.body, path).toContain("<nav>own</nav>");
    }
    expect(s.memberCalls).toBe(1);
    expect(s.stateCalls).toHaveLength(1);
    expect(s.renders.slice(1).map((r) => [r.method, r.sharedFor])).toEqual(
      Array.from({ length: 5 }, (_, i) => [i === 0 ? "HEAD" : "GET", null]),
    );
    expect(cache.size).toBe(2); // the shared render and the shape of /t/5, nothing else
  });

  it("shares home, board and tag pages too, by what the member follows", async () => {
    const { add, get, sharedRenders } = await setup();
    add({ id: "u1", username: "alice" });
    add({ id: "u2", username: "bob", unread: 2 });
    add({ id: "f1", username: "fan", following: true });
    for (const path of ["/", "/b/billing", "/tags/wifi"]) {
      const before = sharedRenders();
      expect((await get(path, "u1")).xCache, path).toBe("MISS-SHARED");
      const bob = await get(path, "u2");
      expect(bob.xCache, path).toBe("HIT-SHARED");
      expect(bob.body).toContain('<nav lang="vi">bob:2</nav>');
      expect(bob.body).not.toContain("alice");
      // Following is part of the view: a follower gets (and then shares) their own render.
      expect((await get(path, "f1")).xCache, path).toBe("MISS-SHARED");
      expect((await get(path, "f1")).xCache, path).toBe("HIT-SHARED");
      expect(sharedRenders() - before, path).toBe(2);
    }
  });

  it("never stores a render whose page did not report what it depended on", async () => {
    const { s, add, get, sharedRenders, slot } = await setup();
    add({ id: "u1", username: "alice" });
    add({ id: "u2", username: "bob" });
    s.report = false;
    const a = await get("/b/billing", "u1");
    const b = await get("/b/billing", "u2");
    expect([a.xCache, b.xCache]).toEqual(["MISS-SHARED", "MISS-SHARED"]);
    expect(sharedRenders()).toBe(2);
    // Each still gets their own header, never the slot.
    expect(b.body).toContain('<nav lang="vi">bob:0</nav>');
    expect(b.body).not.toContain(slot);
    expect(cache.size).toBe(0);
  });

  it("renders a known-shape view once when members with that view ask at the same moment", async () => {
    const { s, add, get, sharedRenders, slot } = await setup();
    add({ id: "u1", username: "alice" });
    const ids = Array.from({ length: 8 }, (_, i) => `v${i}`);
    for (const [i, id] of ids.entries()) add({ id, username: `user${i}`, unread: i, votes: { 11: 1 } });
    await get("/t/5", "u1");
    s.delayMs = 50;
    const all = await Promise.all(ids.map((id) => get("/t/5", id)));
    expect(sharedRenders()).toBe(2);
    expect(all.filter((r) => r.xCache === "MISS-SHARED")).toHaveLength(1);
    expect(all.filter((r) => r.xCache === "HIT-SHARED")).toHaveLength(ids.length - 1);
    all.forEach((r, i) => {
      expect(r.body).toContain(`<nav lang="vi">user${i}:${i}</nav>`);
      expect(r.body).not.toContain(slot);
      expect(r.body).toContain("votes=11+");
      for (const [j] of ids.entries()) if (j !== i) expect(r.body).not.toContain(`user${j}:`);
    });
    expect(new Set(all.map((r) => nonces(r.body)[0])).size).toBe(ids.length);
  });

  it("renders an unknown shape once when members ask at the same moment, each with their own header", async () => {
    const { s, add, get, slot, sharedRenders } = await setup();
    const ids = Array.from({ length: 6 }, (_, i) => `u${i}`);
    for (const [i, id] of ids.entries()) add({ id, username: `user${i}`, unread: i });
    s.delayMs = 30;
    const all = await Promise.all(ids.map((id) => get("/t/5", id)));
    // Right after a write nobody knows the page's shape: the first renders, the others wait and share it.
    expect(sharedRenders()).toBe(1);
    expect(all.filter((r) => r.xCache === "MISS-SHARED")).toHaveLength(1);
    all.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.body).toContain(`<nav lang="vi">user${i}:${i}</nav>`);
      expect(r.body).not.toContain(slot);
      for (const [j] of ids.entries()) if (j !== i) expect(r.body).not.toContain(`user${j}:`);
    });
    s.delayMs = 0;
    expect((await get("/t/5", "u0")).xCache).toBe("HIT-SHARED");
  });
});
