/**
 * Lantern is stateless behind PostgreSQL (docs/scaling.md): two server processes (`node server.js`, the
 * production build) on two ports against one scratch database. A session made on A works on B, a reply
 * posted on A shows on B's thread page and reaches a live-update subscriber on B (LISTEN/NOTIFY crosses
 * processes), and a once-per-cluster job runs once when two processes start it together.
 *
 * PostgreSQL only (PGlite is one in-process database); needs the built app (`npm run build`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import crypto from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type DbHandle } from "~db/client";
import type { AppDeps } from "~/deps.server";
import { systemClock } from "~/domain/shared/clock";
import { runExclusive } from "~/services/job-lock.server";
import { refreshRecentTriageOnce } from "~/services/sentiment-backfill.server";
import { FACTORY_PASSWORD, doc, insertTestBoard, insertTestThread, insertTestUser } from "../factories";
import { withDatabase } from "../support/template";

const root = process.cwd();
const BUILT = path.join(root, "build/server/index.js");
const hasBuild = fs.existsSync(BUILT);
const url = process.env.DATABASE_URL;
const skipReason = !url
  ? "needs DATABASE_URL (PGlite is single-process)"
  : !hasBuild
    ? "needs the production build: run `npm run build` (build/server/index.js is missing)"
    : null;
if (skipReason) console.warn(`cluster.test.ts skipped: ${skipReason}`);

/** A free port in 3500–3599 (the range kept for helpers' servers). */
async function freePort(): Promise<number> {
  const start = 3500 + (process.pid % 100);
  for (let i = 0; i < 100; i++) {
    const port = 3500 + ((start - 3500 + i) % 100);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(false));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error("no free port in 3500–3599");
}

interface Server {
  base: string;
  child: ChildProcess;
  output: string[];
}

async function startServer(databaseUrl: string, port: number): Promise<Server> {
  const child = spawn(process.execPath, ["server.js"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED: "none",
      // Long enough that only an invalidation (not expiry) can refresh a cached anonymous page here.
      PAGE_CACHE_TTL_MS: "120000",
      // The logger is silent under vitest unless told otherwise; the "ready" line is how we know it listens.
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server on ${port} not ready:\n${output.join("")}`)),
      20_000,
    );
    const onData = (b: Buffer) => {
      output.push(b.toString());
      if (output.join("").includes("Lantern is ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (b: Buffer) => output.push(b.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server on ${port} exited (${code}):\n${output.join("")}`));
    });
  });
  return { base: `http://127.0.0.1:${port}`, child, output };
}

async function stopServer(s: Server | undefined) {
  if (!s || s.child.exitCode !== null) return;
  const exited = new Promise((r) => s.child.once("exit", r));
  s.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 8_000))]);
  if (s.child.exitCode === null) s.child.kill("SIGKILL");
}

describe.skipIf(skipReason !== null)("two server processes on one database", () => {
  const name = `lantern_cluster_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  let admin: ReturnType<typeof postgres>;
  let a: Server | undefined;
  let b: Server | undefined;
  let handle: DbHandle;
  let deps: AppDeps;
  let dbUrl: string;

  beforeAll(async () => {
    admin = postgres(withDatabase(url!, "postgres"), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    dbUrl = withDatabase(url!, name);
    // A first: it migrates the empty database (start:cluster starts the others once the first listens).
    a = await startServer(dbUrl, await freePort());
    b = await startServer(dbUrl, await freePort());
    handle = await openPostgres(dbUrl, { max: 4 });
    deps = { db: handle.db, clock: systemClock, handle };
  }, 60_000);

  afterAll(async () => {
    await Promise.all([stopServer(a), stopServer(b)]);
    await handle?.close();
    await admin?.unsafe(`drop database if exists "${name}" with (force)`);
    await admin?.end();
  });

  it("session from A works on B; a reply posted on A is on B's page and B's live stream", async () => {
    const asker = await insertTestUser(deps);
    const board = await insertTestBoard(deps);
    const q = await insertTestThread(deps, asker, board.slug);

    // Sign up on A.
    const username = `m${crypto.randomBytes(4).toString("hex")}`;
    const signup = await fetch(`${a!.base}/api/v1/auth/signup`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: a!.base },
      body: JSON.stringify({
        username,
        email: `${username}@cluster.test`,
        password: "a long enough password 1",
      }),
    });
    expect(signup.status, await signup.clone().text()).toBe(201);
    const cookie = signup.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    expect(cookie).not.toBe("");

    // The session works on B: a members-only page answers instead of sending to the login page.
    const anon = await fetch(`${b!.base}/notifications`, { redirect: "manual" });
    expect(anon.status).toBeGreaterThanOrEqual(300);
    const signedIn = await fetch(`${b!.base}/notifications`, {
      headers: { Cookie: cookie },
      redirect: "manual",
    });
    expect(signedIn.status).toBe(200);

    // A live subscriber on B…
    const ac = new AbortController();
    const events = await fetch(`${b!.base}/t/${q.threadId}/events`, { signal: ac.signal });
    expect(events.status).toBe(200);
    const reader = events.body!.getReader();
    const decoder = new TextDecoder();
    let streamed = "";
    const readUntil = async (needle: string, ms: number) => {
      const until = Date.now() + ms;
      while (!streamed.includes(needle) && Date.now() < until) {
        const chunk = await Promise.race([
          reader.read(),
          new Promise<null>((r) => setTimeout(() => r(null), until - Date.now())),
        ]);
        if (!chunk || chunk.done) break;
        streamed += decoder.decode(chunk.value, { stream: true });
      }
      return streamed.includes(needle);
    };
    expect(await readUntil(`: live ${q.threadId}`, 5_000)).toBe(true);

    // …then a reply posted on A (the member as signed up there).
    const text = `Reply across processes ${crypto.randomBytes(4).toString("hex")}`;
    const reply = await fetch(`${a!.base}/api/v1/threads/${q.threadId}/replies`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, Origin: a!.base },
      body: JSON.stringify({ body: doc(text) }),
    });
    expect(reply.status, await reply.clone().text()).toBe(201);
    const { reply: posted } = (await reply.json()) as { reply: { postId: number } };

    // B's live stream gets the event (NOTIFY from A's transaction, LISTEN on B's connection).
    expect(await readUntil(`"postId":${posted.postId}`, 5_000), streamed).toBe(true);
    expect(streamed).toMatch(/event: thread/);
    ac.abort();

    // B's thread page shows it (to its author at least: a new member's reply may await approval).
    const page = await fetch(`${b!.base}/t/${q.threadId}`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(text);
  }, 30_000);

  it("an anonymous page cached on B is dropped when a reply commits on A", async () => {
    const asker = await insertTestUser(deps);
    const replier = await insertTestUser(deps, { reputation: 500 });
    const board = await insertTestBoard(deps);
    const q = await insertTestThread(deps, asker, board.slug);
    const anonGet = async (s: Server, p: string) => {
      const r = await fetch(`${s.base}${p}`);
      return { cache: r.headers.get("x-cache"), html: await r.text(), etag: r.headers.get("etag") };
    };
    const first = await anonGet(b!, `/t/${q.threadId}`);
    expect(first.cache).toBe("MISS");
    const second = await anonGet(b!, `/t/${q.threadId}`);
    expect(second.cache).toBe("HIT");
    expect((await anonGet(b!, "/")).cache).toBe("MISS");
    expect((await anonGet(b!, "/")).cache).toBe("HIT");

    // The reply is written on A (log in there over HTTP).
    const login = await fetch(`${a!.base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: a!.base },
      body: JSON.stringify({ login: replier.username, password: FACTORY_PASSWORD }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const text = `Cached page refreshed ${crypto.randomBytes(4).toString("hex")}`;
    const reply = await fetch(`${a!.base}/api/v1/threads/${q.threadId}/replies`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie, Origin: a!.base },
      body: JSON.stringify({ body: doc(text) }),
    });
    expect(reply.status, await reply.clone().text()).toBe(201);

    // B drops the thread page and the lists as soon as the NOTIFY arrives (the TTL here is 2 minutes).
    let after = await anonGet(b!, `/t/${q.threadId}`);
    for (let i = 0; i < 50 && !after.html.includes(text); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await anonGet(b!, `/t/${q.threadId}`);
    }
    expect(after.html).toContain(text);
    expect(after.etag).not.toBe(second.etag);
    expect((await anonGet(b!, "/")).cache).toBe("MISS");
  }, 30_000);

  it("a once-per-cluster job runs once when two processes start it together", async () => {
    // Two more connection pools stand in for two processes' job timers.
    const other = await openPostgres(dbUrl, { max: 4 });
    const otherDeps: AppDeps = { db: other.db, clock: systemClock, handle: other };
    try {
      let runs = 0;
      const job = async () => {
        runs += 1;
        await new Promise((r) => setTimeout(r, 300));
        return "done";
      };
      const results = await Promise.all([
        runExclusive(deps, "cluster-test", job),
        runExclusive(otherDeps, "cluster-test", job),
      ]);
      expect(runs).toBe(1);
      expect(results.map((r) => r.ran).sort()).toEqual([false, true]);

      // The real timer job skips its turn while another process holds its lock…
      let release!: () => void;
      const held = runExclusive(otherDeps, "triage-refresh", () => new Promise<void>((r) => (release = r)));
      await new Promise((r) => setTimeout(r, 100));
      expect((await refreshRecentTriageOnce(deps)).ran).toBe(false);
      release();
      await held;
      // …and runs once it is free again (the lock ends with its transaction).
      expect((await refreshRecentTriageOnce(deps)).ran).toBe(true);
    } finally {
      await other.close();
    }
  });
});
