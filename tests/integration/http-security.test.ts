/**
 * HTTP hardening: security headers and the CSP nonce, the cross-site request check (pure decisions and the
 * Express middleware on a real server), request ids and log hygiene, and readiness against migrated, partly
 * migrated and unmigrated databases.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import express from "express";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { migrate, migrationsFolder, openPglite, openPostgres, type DbHandle } from "~db/client";
import { setDeps } from "~/deps.server";
import { systemClock } from "~/domain/shared/clock";
import {
  checkRequestOrigin,
  createNonce,
  csrfMiddleware,
  expectedOrigin,
  forbiddenBody,
  hasSessionCookie,
  isJsonContentType,
  isLoopbackHost,
  securityHeaders,
  securityHeadersMiddleware,
  type OriginCheckInput,
} from "~/http/security.server";
import {
  createLogger,
  loggablePath,
  prettyLine,
  requestIdFor,
  requestLogMiddleware,
} from "~/http/logger.server";
import { checkReadiness, compareMigrations } from "~/http/readiness.server";
import * as readyz from "~/routes/readyz";
import * as healthz from "~/routes/healthz";
import { SESSION_COOKIE } from "~/auth/session.server";
import { createTestDb, type TestDb } from "../support/db";
import { Client } from "../support/http";
import { withDatabase } from "../support/template";

describe("CSP nonce and security headers", () => {
  it("a nonce is 16 random bytes in base64, fresh every time", () => {
    const seen = new Set<string>();
    // 600 nonces: more than one 4 kB pool of random bytes (256 nonces), so refills are covered too.
    for (let i = 0; i < 600; i++) {
      const n = createNonce();
      expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(n, "base64")).toHaveLength(16);
      seen.add(n);
    }
    expect(seen.size).toBe(600);
  });

  it("the policy allows scripts only from us or with this nonce; no inline script, no framing", () => {
    const h = securityHeaders("abc123", { production: false });
    const csp = h["Content-Security-Policy"]!;
    const directives = Object.fromEntries(
      csp.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives["script-src"]).toEqual(["'self'", "'nonce-abc123'"]);
    expect(directives["default-src"]).toEqual(["'self'"]);
    expect(directives["object-src"]).toEqual(["'none'"]);
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    expect(directives["base-uri"]).toEqual(["'self'"]);
    expect(directives["form-action"]).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(directives["script-src"]).not.toContain("'unsafe-inline'");
    expect(h).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
      "Cross-Origin-Opener-Policy": "same-origin",
    });
    expect(h["Permissions-Policy"]).toContain("camera=()");
  });

  it("HSTS only in production and never for a loopback host", () => {
    const hsts = (production: boolean, host?: string) =>
      securityHeaders("n", { production, host })["Strict-Transport-Security"];
    expect(hsts(true, "lantern.example")).toBe("max-age=31536000; includeSubDomains");
    expect(hsts(true)).toBe("max-age=31536000; includeSubDomains");
    expect(hsts(false, "lantern.example")).toBeUndefined();
    for (const host of [
      "localhost",
      "localhost:3000",
      "127.0.0.1",
      "127.0.0.1:8080",
      "[::1]:3000",
      "app.localhost",
    ])
      expect(hsts(true, host), host).toBeUndefined();
    expect(isLoopbackHost("localhost.evil.example")).toBe(false);
  });
});

describe("cross-site request decisions", () => {
  const own = { host: "forum.example:3000" };
  const base = (over: Partial<OriginCheckInput>): OriginCheckInput => ({
    method: "POST",
    hasSessionCookie: true,
    expected: own,
    ...over,
  });

  it("safe methods always pass, whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"])
      expect(checkRequestOrigin(base({ method, origin: "https://evil.example" })).ok).toBe(true);
  });

  it("Origin decides when present: our host passes, another host, port or a null origin is refused", () => {
    expect(checkRequestOrigin(base({ origin: "http://forum.example:3000" }))).toEqual({
      ok: true,
      via: "origin",
    });
    expect(checkRequestOrigin(base({ origin: "https://FORUM.example:3000" })).ok).toBe(true);
    for (const origin of [
      "https://evil.example",
      "http://forum.example:3001",
      "http://forum.example",
      "http://forum.example.evil.example:3000",
      "not a url",
      "javascript:alert(1)",
    ])
      expect(checkRequestOrigin(base({ origin })), origin).toEqual({ ok: false, reason: "cross_origin" });
    expect(checkRequestOrigin(base({ origin: "null" }))).toEqual({ ok: false, reason: "null_origin" });
    // Origin wins over a same-origin looking Referer.
    expect(
      checkRequestOrigin(base({ origin: "https://evil.example", referer: "http://forum.example:3000/t/1" }))
        .ok,
    ).toBe(false);
    for (const method of ["PUT", "PATCH", "DELETE"])
      expect(checkRequestOrigin(base({ method, origin: "https://evil.example" })).ok).toBe(false);
  });

  it("with APP_URL the scheme, host and port must all match it", () => {
    const expected = expectedOrigin("https://lantern.example/some/path", "ignored:1");
    expect(expected).toEqual({ origin: "https://lantern.example" });
    expect(checkRequestOrigin(base({ expected, origin: "https://lantern.example" })).ok).toBe(true);
    expect(checkRequestOrigin(base({ expected, origin: "http://lantern.example" })).ok).toBe(false);
    expect(checkRequestOrigin(base({ expected, origin: "https://lantern.example:8443" })).ok).toBe(false);
    expect(expectedOrigin(undefined, "h:1")).toEqual({ host: "h:1" });
    expect(expectedOrigin("::bad::", "h:1")).toEqual({ host: "h:1" });
  });

  it("without Origin: Sec-Fetch-Site, then Referer", () => {
    expect(checkRequestOrigin(base({ secFetchSite: "same-origin" }))).toEqual({
      ok: true,
      via: "sec_fetch_site",
    });
    expect(checkRequestOrigin(base({ secFetchSite: "none" })).ok).toBe(true);
    expect(checkRequestOrigin(base({ secFetchSite: "same-site" }))).toEqual({
      ok: false,
      reason: "cross_site_fetch",
    });
    expect(
      checkRequestOrigin(base({ secFetchSite: "cross-site", referer: "http://forum.example:3000/" })).ok,
    ).toBe(false);
    expect(checkRequestOrigin(base({ referer: "http://forum.example:3000/t/5?x=1" }))).toEqual({
      ok: true,
      via: "referer",
    });
    expect(checkRequestOrigin(base({ referer: "https://evil.example/forum.example:3000" })).ok).toBe(false);
  });

  it("with no browser headers at all: a session cookie is refused unless the request is JSON", () => {
    expect(checkRequestOrigin(base({}))).toEqual({ ok: false, reason: "missing_origin" });
    expect(checkRequestOrigin(base({ jsonContentType: false }))).toEqual({
      ok: false,
      reason: "missing_origin",
    });
    expect(checkRequestOrigin(base({ hasSessionCookie: false }))).toEqual({
      ok: true,
      via: "no_credentials",
    });
    // A cookie-authenticated API client (curl -b jar -H 'Content-Type: application/json'): no form can send this.
    expect(checkRequestOrigin(base({ jsonContentType: true }))).toEqual({ ok: true, via: "json_client" });
    // JSON does not excuse a foreign Origin or a cross-site fetch.
    expect(checkRequestOrigin(base({ jsonContentType: true, origin: "https://evil.example" })).ok).toBe(
      false,
    );
    expect(checkRequestOrigin(base({ jsonContentType: true, secFetchSite: "cross-site" })).ok).toBe(false);
    expect(isJsonContentType("application/json; charset=utf-8")).toBe(true);
    expect(isJsonContentType("Application/JSON")).toBe(true);
    for (const ct of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
      null,
    ])
      expect(isJsonContentType(ct), String(ct)).toBe(false);
    // A cross-origin Origin is refused even without a cookie (e.g. login CSRF).
    expect(checkRequestOrigin(base({ hasSessionCookie: false, origin: "https://evil.example" })).ok).toBe(
      false,
    );
  });

  it("recognises the session cookie by name, not by substring", () => {
    expect(hasSessionCookie(`a=1; ${SESSION_COOKIE}=abc`)).toBe(true);
    expect(hasSessionCookie(`${SESSION_COOKIE}=`)).toBe(false);
    expect(hasSessionCookie(`x_${SESSION_COOKIE}=abc; lantern_lang=vi`)).toBe(false);
    expect(hasSessionCookie(undefined)).toBe(false);
  });

  it("the refusal is JSON for the API and a small page in the visitor's language otherwise", () => {
    const api = forbiddenBody("/api/v1/threads", {});
    expect(api.contentType).toMatch(/json/);
    expect(JSON.parse(api.body)).toEqual({
      error: { code: "cross_site_request", message: expect.any(String) as string },
    });
    const vi = forbiddenBody("/t/1", { cookie: "lantern_lang=vi" });
    expect(vi.body).toContain('<html lang="vi">');
    expect(vi.body).toContain("Yêu cầu bị từ chối");
    const en = forbiddenBody("/t/1", { acceptLanguage: "en-US,en;q=0.9" });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain("Request refused");
    expect(en.body).not.toMatch(/<script|\son[a-z]+=/i);
  });
});

describe("the middlewares on a real Express server", () => {
  let base: string;
  let server: ReturnType<ReturnType<typeof express>["listen"]>;
  const reached: { method: string; path: string; requestId?: string; nonce?: string }[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(requestLogMiddleware);
    app.use(securityHeadersMiddleware);
    app.use(csrfMiddleware);
    app.all("*", (req, res) => {
      reached.push({
        method: req.method,
        path: req.path,
        requestId: req.get("x-request-id"),
        nonce: res.locals.cspNonce as string,
      });
      res.json({ ok: true, nonce: res.locals.cspNonce as string });
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, "127.0.0.1", () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });
  afterEach(() => {
    delete process.env.APP_URL;
    reached.length = 0;
  });

  const session = { Cookie: `${SESSION_COOKIE}=s3ssion` };

  it("every response carries the headers and a fresh nonce that matches the CSP", async () => {
    const a = await fetch(`${base}/`);
    const b = await fetch(`${base}/`);
    const na = ((await a.json()) as { nonce: string }).nonce;
    const nb = ((await b.json()) as { nonce: string }).nonce;
    expect(na).not.toBe(nb);
    expect(a.headers.get("content-security-policy")).toContain(`'nonce-${na}'`);
    expect(b.headers.get("content-security-policy")).toContain(`'nonce-${nb}'`);
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });

  it("a request id is echoed when valid, replaced when not, and reaches the app", async () => {
    const kept = await fetch(`${base}/x`, { headers: { "X-Request-Id": "trace-1234abcd" } });
    expect(kept.headers.get("x-request-id")).toBe("trace-1234abcd");
    expect(reached.at(-1)?.requestId).toBe("trace-1234abcd");
    for (const bad of ["short", "has space in it", "<script>alert(1)</script>", "x".repeat(200)]) {
      const res = await fetch(`${base}/x`, { headers: { "X-Request-Id": bad } });
      const id = res.headers.get("x-request-id");
      expect(id, bad).toMatch(/^[0-9a-f-]{36}$/);
      expect(reached.at(-1)?.requestId).toBe(id);
    }
  });

  it("refuses a forged cross-origin POST with a session (403, JSON on /api/, page elsewhere); the app never sees it", async () => {
    const api = await fetch(`${base}/api/v1/threads`, {
      method: "POST",
      headers: { ...session, Origin: "https://evil.example", "Content-Type": "application/json" },
      body: "{}",
    });
    expect(api.status).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("cross_site_request");
    const page = await fetch(`${base}/t/1`, {
      method: "POST",
      headers: { ...session, Origin: "https://evil.example", "Accept-Language": "en" },
      body: new URLSearchParams({ intent: "reply" }),
    });
    expect(page.status).toBe(403);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain("Request refused");
    const noOrigin = await fetch(`${base}/t/1`, { method: "DELETE", headers: session });
    expect(noOrigin.status).toBe(403);
    // A body that parses as JSON but sent as text/plain (what a cross-site form can do) is still a form post.
    const textPlain = await fetch(`${base}/api/v1/threads`, {
      method: "POST",
      headers: { ...session, "Content-Type": "text/plain" },
      body: '{"title":"x"}',
    });
    expect(textPlain.status).toBe(403);
    expect(reached).toEqual([]);
  });

  it("lets same-origin posts and credential-less clients through", async () => {
    const same = await fetch(`${base}/t/1`, {
      method: "POST",
      headers: { ...session, Origin: base },
      body: "x",
    });
    expect(same.status).toBe(200);
    const curl = await fetch(`${base}/api/v1/auth/login`, { method: "POST", body: "{}" });
    expect(curl.status).toBe(200);
    const jsonClient = await fetch(`${base}/api/v1/threads`, {
      method: "POST",
      headers: { ...session, "Content-Type": "application/json" },
      body: "{}",
    });
    expect(jsonClient.status).toBe(200);
    expect(reached.map((r) => r.path)).toEqual(["/t/1", "/api/v1/auth/login", "/api/v1/threads"]);
  });

  it("with APP_URL set, only that origin is ours", async () => {
    process.env.APP_URL = "https://lantern.example";
    const own = await fetch(`${base}/t/1`, { method: "POST", headers: { ...session, Origin: base } });
    expect(own.status).toBe(403);
    const configured = await fetch(`${base}/t/1`, {
      method: "POST",
      headers: { ...session, Origin: "https://lantern.example" },
    });
    expect(configured.status).toBe(200);
  });
});

describe("logging", () => {
  it("request ids: valid incoming ones are kept, anything else becomes a UUID", () => {
    expect(requestIdFor("abcd-1234-EFGH")).toBe("abcd-1234-EFGH");
    expect(requestIdFor(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFor("bad id\nwith newline")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("paths are logged without the query string or long tokens", () => {
    expect(loggablePath("/search?q=secret&token=abc")).toBe("/search");
    const token = crypto.randomBytes(32).toString("base64url");
    expect(loggablePath(`/reset/${token}?x=1`)).toBe("/reset/:token");
    expect(loggablePath("/t/42-my-thread-title")).toBe("/t/42-my-thread-title");
  });

  it("is silent under vitest unless LOG_LEVEL says otherwise, and writes JSON lines with the request id", () => {
    expect(createLogger({ VITEST: "true" }).level).toBe("silent");
    const lines: string[] = [];
    const log = createLogger({ LOG_LEVEL: "info" }, { write: (s: string) => void lines.push(s) });
    log.info({ reqId: "r-12345678", status: 200 }, "GET / 200");
    log.debug("hidden");
    log.error({ err: new Error("boom"), reqId: "r-12345678" }, "unhandled error");
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 30, msg: "GET / 200", reqId: "r-12345678", status: 200 });
    const second = JSON.parse(lines[1]!) as { err: { stack: string; message: string } };
    expect(second.err.message).toBe("boom");
    expect(second.err.stack).toContain("Error: boom");
    expect(prettyLine(lines[0]!)).toMatch(/^\d\d:\d\d:\d\d INFO {2}GET \/ 200 status=200 \[r-12345678\]\n$/);
    const access = JSON.stringify({
      level: 30,
      time: "2026-01-01T10:00:00.000Z",
      msg: "GET /t/1 200 3 ms",
      method: "GET",
      path: "/t/1",
      status: 200,
      ms: 3,
      reqId: "r-1",
    });
    expect(prettyLine(access)).toBe("10:00:00 INFO  GET /t/1 200 3 ms [r-1]\n");
    const pretty = prettyLine(lines[1]!);
    expect(pretty).toMatch(/^\d\d:\d\d:\d\d ERROR unhandled error \[r-12345678\]\nError: boom/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** A brand-new, empty database of the configured kind (PGlite in memory, or a new PostgreSQL database). */
async function emptyDb(): Promise<{ handle: DbHandle; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openPglite();
    return { handle, close: () => handle.close() };
  }
  const name = `lantern_t_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const handle = await openPostgres(withDatabase(url, name), { max: 2 });
  return {
    handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/** A copy of db/migrations holding only the first `count` migrations (or every one, edited by `edit`). */
function migrationsCopy(count?: number, edit?: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lantern-migrations-"));
  fs.cpSync(migrationsFolder(), dir, { recursive: true });
  if (count !== undefined) {
    const journalPath = path.join(dir, "meta/_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalPath, "utf8")) as { entries: unknown[] };
    journal.entries = journal.entries.slice(0, count);
    fs.writeFileSync(journalPath, JSON.stringify(journal));
  }
  edit?.(dir);
  return dir;
}

async function migrateWith(handle: DbHandle, folder: string) {
  const saved = process.env.MIGRATIONS_DIR;
  process.env.MIGRATIONS_DIR = folder;
  try {
    await migrate(handle);
  } finally {
    if (saved === undefined) delete process.env.MIGRATIONS_DIR;
    else process.env.MIGRATIONS_DIR = saved;
  }
}

describe("readiness", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb({ installAsAppDeps: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("GET /readyz: 200 on the migrated database, never cached", async () => {
    const res = await new Client().call(readyz.loader, "/readyz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("GET /healthz only says the process is up (no database needed)", async () => {
    setDeps({ db: null as never, clock: systemClock });
    try {
      const res = await new Client().call(healthz.loader, "/healthz");
      expect(res).toMatchObject({ status: 200, body: { ok: true } });
      expect(res.headers.get("cache-control")).toBe("no-store");
    } finally {
      setDeps(t.deps);
    }
  });

  it("GET /readyz: 503 with a reason on a database that was never migrated", async () => {
    const empty = await emptyDb();
    setDeps({ db: empty.handle.db, clock: systemClock, handle: empty.handle });
    try {
      const res = await new Client().call(readyz.loader, "/readyz");
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ ok: false, reason: "database not migrated" });
      expect(res.headers.get("cache-control")).toBe("no-store");
    } finally {
      setDeps(t.deps);
      await empty.close();
    }
  });

  it("503 naming the pending migrations when only some are applied; 200 once all are", async () => {
    const total = (
      JSON.parse(fs.readFileSync(path.join(migrationsFolder(), "meta/_journal.json"), "utf8")) as {
        entries: { tag: string }[];
      }
    ).entries;
    const partial = migrationsCopy(total.length - 2);
    const db = await emptyDb();
    try {
      await migrateWith(db.handle, partial);
      const r = await checkReadiness(db.handle.db);
      expect(r).toEqual({
        ok: false,
        reason: `2 migration(s) pending: ${total
          .slice(-2)
          .map((e) => e.tag)
          .join(", ")}`,
      });
      await migrateWith(db.handle, migrationsFolder());
      expect(await checkReadiness(db.handle.db)).toEqual({ ok: true });
    } finally {
      await db.close();
      fs.rmSync(partial, { recursive: true, force: true });
    }
  });

  it("503 when an applied migration's file changed, or the database does not answer", async () => {
    const edited = migrationsCopy(undefined, (dir) => {
      const sqlFile = fs.readdirSync(dir).find((f) => f.startsWith("0001_"))!;
      fs.appendFileSync(path.join(dir, sqlFile), "\n-- edited later\n");
    });
    try {
      const r = await checkReadiness(t.db, { folder: edited });
      expect(r.ok).toBe(false);
      expect(r).toMatchObject({
        reason: expect.stringMatching(/changed after being applied: 0001_/) as string,
      });
    } finally {
      fs.rmSync(edited, { recursive: true, force: true });
    }
    const broken = { execute: () => Promise.reject(new Error("connection refused")) };
    expect(await checkReadiness(broken as never)).toEqual({ ok: false, reason: "database unavailable" });
    const hanging = { execute: () => new Promise(() => {}) };
    expect(await checkReadiness(hanging as never, { timeoutMs: 50 })).toEqual({
      ok: false,
      reason: "database timeout",
    });
  });

  it("compares like drizzle's migrator: pending = later than the last applied", () => {
    const expected = [
      { createdAt: 1, hash: "a", tag: "0000_a" },
      { createdAt: 2, hash: "b", tag: "0001_b" },
    ];
    expect(compareMigrations(expected, null)).toEqual({ ok: false, reason: "database not migrated" });
    expect(compareMigrations(expected, [])).toMatchObject({ ok: false });
    expect(compareMigrations(expected, [{ createdAt: 1, hash: "a" }])).toEqual({
      ok: false,
      reason: "1 migration(s) pending: 0001_b",
    });
    expect(
      compareMigrations(expected, [
        { createdAt: 1, hash: "a" },
        { createdAt: 2, hash: "b" },
      ]),
    ).toEqual({ ok: true });
  });
});
