/**
 * Graceful shutdown of the production server (server.js, the build in build/): on SIGTERM the requests in
 * flight finish (a reply whose body is still arriving, page loads, a live event stream), new connections are
 * refused, and the process exits with code 0 within 10 s. On PostgreSQL when DATABASE_URL is set, else on
 * PGlite (a data folder prepared here, opened by the server).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openPglite, openPostgres, type DbHandle } from "~db/client";
import type { AppDeps } from "~/deps.server";
import { systemClock } from "~/domain/shared/clock";
import { rowsOf } from "~/data/reputation.server";
import { doc, FACTORY_PASSWORD, insertTestBoard, insertTestThread, insertTestUser } from "../factories";
import { hasBuild, logInOverHttp, sleep, startServer, type ServerProcess } from "../support/server-process";
import { withDatabase } from "../support/template";

const url = process.env.DATABASE_URL;
const PORT = 3205;
const skipReason = hasBuild()
  ? null
  : "needs the production build: run `npm run build` (build/server/index.js is missing)";
if (skipReason) console.warn(`shutdown.test.ts skipped: ${skipReason}`);

interface Sent {
  /** Resolves with the status and the whole body once the response has ended. */
  done: Promise<{ status: number; body: string }>;
  /** Resolves once the request (or its first part) is on the wire. */
  written: Promise<void>;
  req: http.ClientRequest;
}

/** A request on its own connection (no keep-alive pool), so the test sees exactly what the server does. */
function send(base: string, p: string, opts: { method?: string; headers?: http.OutgoingHttpHeaders } = {}) {
  const u = new URL(p, base);
  let onWritten!: () => void;
  const written = new Promise<void>((r) => (onWritten = r));
  const req = http.request({
    host: u.hostname,
    port: u.port,
    path: u.pathname + u.search,
    method: opts.method ?? "GET",
    headers: opts.headers,
    agent: false,
  });
  const done = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
  req.on("socket", (s) => s.once("connect", () => setImmediate(onWritten)));
  return { done, written, req } satisfies Sent;
}

function canConnect(port: number): Promise<"connected" | string> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve("connected");
    });
    s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe.skipIf(skipReason !== null)(`SIGTERM drains the server (${url ? "PostgreSQL" : "PGlite"})`, () => {
  const name = `lantern_shutdown_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lantern-shutdown-"));
  let admin: ReturnType<typeof postgres> | undefined;
  let server: ServerProcess | undefined;
  let serverEnv: Record<string, string | undefined>;
  let threadId: number;
  let username: string;
  let reopen: () => Promise<DbHandle>;

  beforeAll(async () => {
    // The data first (the server then opens a database that already has a member and a thread).
    if (url) {
      admin = postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`);
      const dbUrl = withDatabase(url, name);
      reopen = () => openPostgres(dbUrl, { max: 2 });
      serverEnv = { DATABASE_URL: dbUrl };
    } else {
      reopen = () => openPglite({ dataDir: path.join(dataDir, "pglite") });
      serverEnv = { DATABASE_URL: undefined, DATA_DIR: dataDir };
    }
    const handle = await reopen();
    try {
      await migrate(handle);
      const deps: AppDeps = { db: handle.db, clock: systemClock, handle };
      const board = await insertTestBoard(deps);
      const member = await insertTestUser(deps);
      username = member.username;
      const asker = await insertTestUser(deps);
      threadId = (await insertTestThread(deps, asker, board.slug)).threadId;
    } finally {
      await handle.close();
    }
    server = await startServer(PORT, serverEnv);
  }, 90_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null)
      server.child.kill("SIGKILL");
    await admin?.unsafe(`drop database if exists "${name}" with (force)`);
    await admin?.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("finishes in-flight requests with success, refuses new connections, exits 0 within 10 s", async () => {
    const s = server!;
    const cookie = await logInOverHttp(s.base, username, FACTORY_PASSWORD);

    // In flight at SIGTERM: a live event stream, a reply whose body has only half arrived, and page loads.
    const stream = send(s.base, `/t/${threadId}/events`, { headers: { Accept: "text/event-stream" } });
    stream.req.end();
    const text = `Posted across the shutdown ${crypto.randomBytes(4).toString("hex")}`;
    const body = Buffer.from(JSON.stringify({ body: doc(text) }));
    const reply = send(s.base, `/api/v1/threads/${threadId}/replies`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Content-Length": body.length,
        Cookie: cookie,
        Origin: s.base,
      },
    });
    reply.req.write(body.subarray(0, 20));
    const pages = Array.from({ length: 10 }, (_, i) => {
      const r = send(s.base, i % 2 ? `/t/${threadId}` : "/");
      r.req.end();
      return r;
    });
    await Promise.all([stream.written, reply.written, ...pages.map((p) => p.written)]);
    // Let the server accept every connection and read the requests' heads: a connection still in the kernel's
    // accept queue when the listening socket closes is reset by the kernel, not drained (a load balancer
    // stops sending before SIGTERM for that reason). Generous, because the suite runs beside other files.
    await sleep(800);

    const termAt = Date.now();
    s.child.kill("SIGTERM");
    // Once the server has handled the signal (it may be busy serving the pages first)…
    while (!s.output.join("").includes("SIGTERM: closing") && Date.now() - termAt < 5_000) await sleep(10);
    await sleep(100);
    // The listening socket is closed at once: a new connection is refused while the old ones drain.
    expect(await canConnect(PORT)).toBe("ECONNREFUSED");
    expect(s.child.exitCode).toBeNull(); // still draining: the reply's body is not complete yet

    reply.req.end(body.subarray(20));
    const posted = await reply.done;
    expect(posted.status, posted.body).toBe(201);
    const postId = (JSON.parse(posted.body) as { reply: { postId: number } }).reply.postId;
    const loaded = await Promise.all(pages.map((p) => p.done));
    expect(loaded.map((p) => p.status)).toEqual(loaded.map(() => 200));
    const live = await stream.done; // ended by the server (closeLiveStreams), not left hanging
    expect(live.status).toBe(200);
    expect(live.body).toContain(`: live ${threadId}`);

    const exit = await Promise.race([s.exited, sleep(10_000).then(() => null)]);
    expect(exit, "the process did not exit within 10 s").not.toBeNull();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - termAt).toBeLessThan(10_000);
    server = undefined;

    // The reply that arrived during the shutdown was committed.
    const handle = await reopen();
    try {
      const [row] = rowsOf(
        await handle.db.execute(
          sql`select body_text, thread_id::int as thread_id from posts where id = ${postId}`,
        ),
      );
      expect(row).toMatchObject({ body_text: text, thread_id: threadId });
    } finally {
      await handle.close();
    }
  }, 60_000);
});
