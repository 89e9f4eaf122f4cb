/**
 * Crash safety: whatever happens to the process, the database stays consistent (tests/support/invariants.ts).
 *
 *  - checkInvariants itself: holds on the demo community, and reports a counter or ledger that was tampered
 *    with (PGlite and PostgreSQL).
 *  - A 32-way concurrent burst of replies and votes through the services (PostgreSQL): no deadlock (40P01)
 *    surfaces. It did before lockUsers took FOR NO KEY UPDATE (data/reputation.server.ts): a reply inserting
 *    a notification for a member waited on that member's row lock while holding sentiment_hourly.
 *  - The production server (build/, PostgreSQL) SIGKILLed in the middle of a burst of HTTP writes from 30
 *    members: every invariant holds, every acknowledged write is there, and the restarted server serves.
 */
import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, type DbHandle } from "~db/client";
import { seedDemoIfEmpty } from "~db/seed";
import type { AppDeps } from "~/deps.server";
import { systemClock } from "~/domain/shared/clock";
import { rowsOf } from "~/data/reputation.server";
import { postReply, vote } from "~/services/forum.server";
import { doc, insertTestBoard, insertTestThread, insertTestUser } from "../factories";
import { createTestDb, type TestDb } from "../support/db";
import { checkInvariants } from "../support/invariants";
import {
  hasBuild,
  inBatches,
  signUpOverHttp,
  sleep,
  startServer,
  stopServer,
  type ServerProcess,
} from "../support/server-process";
import { withDatabase } from "../support/template";

const url = process.env.DATABASE_URL;
const CRASH_PORT = 3204;

describe("checkInvariants", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await seedDemoIfEmpty(t.deps);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it("holds on the demo community", async () => {
    expect(await checkInvariants(t.db)).toEqual([]);
  });

  it("reports tampered counters, totals, accepted answers and orphan posts", async () => {
    await t.db
      .transaction(async (tx) => {
        const [p] = rowsOf(
          await tx.execute(sql`select p.id::int as id, p.thread_id::int as thread_id from posts p
                             where not p.is_question order by p.id limit 1`),
        );
        const [other] = rowsOf(
          await tx.execute(
            sql`select id::int as id from threads where id <> ${p!.thread_id} order by id limit 1`,
          ),
        );
        await tx.execute(sql`update posts set score = score + 7 where id = ${p!.id}`);
        await tx.execute(sql`update users set reputation = reputation + 3
                           where id = (select id from users order by id limit 1)`);
        await tx.execute(sql`update threads set reply_count = reply_count + 2 where id = ${p!.thread_id}`);
        await tx.execute(sql`update threads set accepted_post_id = ${p!.id}, status = 'solved', accepted_at = now()
                           where id = ${other!.id}`);
        await tx.execute(sql`update sentiment_hourly set neg = neg + 1 where board_id = 0`);
        const found = await checkInvariants(tx);
        const names = found.map((v) => v.split(":")[0]);
        expect(names).toContain("post vote counters differ from its vote rows");
        expect(names).toContain("reputation differs from the ledger");
        expect(names).toContain("thread reply_count differs from a recount");
        expect(names).toContain("accepted answer is not a live answer of the thread, or status disagrees");
        expect(names).toContain("sentiment_hourly (whole community) differs from the scored posts");
        expect(found.join("\n")).toContain(`post=${p!.id}`);
        tx.rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Error && /rollback/i.test(e.message))) throw e;
      });
    expect(await checkInvariants(t.db)).toEqual([]);
  });
});

describe.skipIf(!url)("a 32-way concurrent write burst through the services (PostgreSQL)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("replies and votes from 32 members at once: no deadlock or serialization error, invariants hold", async () => {
    // The real clock: every write lands in the same sentiment_hourly / activity_daily rows, as in production.
    const deps: AppDeps = { ...t.deps, clock: systemClock };
    const boards = await Promise.all([0, 1, 2].map(() => insertTestBoard(deps)));
    const members = await inBatches(
      Array.from({ length: 32 }, (_, i) => i),
      8,
      () => insertTestUser(deps, { reputation: 200 }),
    );
    // Each member asks one question (so it is notified of replies to it, and follows its thread).
    const threads = await inBatches(members, 8, (m, i) => insertTestThread(deps, m, boards[i % 3]!.slug));
    const failures: string[] = [];
    let ok = 0;
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled(
        members.map((m, i) => {
          const target = threads[(i + 1 + round) % threads.length]!;
          if (i % 4 === 3) return vote(deps, m, target.postId, { value: 1 });
          const text = i % 2 ? "Mất mạng cả ngày, rất thất vọng" : "Thanks, restarting the modem fixed it";
          return postReply(deps, m, target.threadId, { body: doc(`${text} (${round}.${i})`) });
        }),
      );
      for (const r of results) {
        if (r.status === "fulfilled") ok += 1;
        else {
          const e = r.reason as { message?: string; cause?: { code?: string; message?: string } };
          failures.push(`${e.cause?.code ?? ""} ${e.cause?.message ?? e.message ?? String(e)}`.slice(0, 300));
        }
      }
    }
    expect(failures).toEqual([]);
    expect(ok).toBe(96);
    expect(await checkInvariants(t.db)).toEqual([]);
  }, 120_000);
});

const crashSkip = !url
  ? "needs DATABASE_URL (PostgreSQL)"
  : !hasBuild()
    ? "needs the production build: run `npm run build` (build/server/index.js is missing)"
    : null;
if (url && crashSkip) console.warn(`crash-invariants.test.ts: the SIGKILL test is skipped: ${crashSkip}`);

interface Outcome {
  kind: "reply" | "vote" | "accept" | "thread";
  status: number | "network";
  postId?: number;
  threadId?: number;
  body?: string;
}

describe.skipIf(crashSkip !== null)("SIGKILL in the middle of a write burst (production server)", () => {
  const name = `lantern_crash_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  let admin: ReturnType<typeof postgres>;
  let handle: DbHandle;
  let dbUrl: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    admin = postgres(withDatabase(url!, "postgres"), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    dbUrl = withDatabase(url!, name);
  });
  afterAll(async () => {
    if (server) server.child.kill("SIGKILL");
    await handle?.close();
    await admin?.unsafe(`drop database if exists "${name}" with (force)`);
    await admin?.end();
  });

  it("keeps every invariant and every acknowledged write, and the server starts again", async () => {
    server = await startServer(CRASH_PORT, { DATABASE_URL: dbUrl }); // it migrates the empty database
    const base = server.base;
    handle = await openPostgres(dbUrl, { max: 4 });
    const deps: AppDeps = { db: handle.db, clock: systemClock, handle };
    const boards = await Promise.all([0, 1, 2].map(() => insertTestBoard(deps)));

    // 30 members sign up over HTTP; each asks a question and answers its neighbour's.
    const password = "a long enough password 1";
    const tag = crypto.randomBytes(3).toString("hex");
    const names = Array.from({ length: 30 }, (_, i) => `crash${tag}${i}`);
    const cookies = await inBatches(names, 6, (n) => signUpOverHttp(base, n, password));
    const post = async (path: string, cookie: string, body: unknown) => {
      const res = await fetch(base + path, {
        method: "POST",
        // Writes with a session must name their origin (CSRF check, app/http/security.server.ts).
        headers: { "Content-Type": "application/json", Cookie: cookie, Origin: base },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json().catch(() => ({}))) as unknown };
    };
    const threads = await inBatches(cookies, 10, async (cookie, i) => {
      const r = await post("/api/v1/threads", cookie, {
        board: boards[i % 3]!.slug,
        title: `Câu hỏi số ${i}: modem mất kết nối sau khi cập nhật?`,
        body: doc("Sau bản cập nhật tối qua modem cứ mất kết nối mỗi vài phút."),
      });
      expect(r.status).toBe(201);
      return (r.json as { thread: { id: number; postId: number } }).thread;
    });
    const replies: { threadId: number; postId: number }[] = [];
    await inBatches(cookies, 10, async (cookie, i) => {
      const th = threads[(i + 1) % threads.length]!;
      const r = await post(`/api/v1/threads/${th.id}/replies`, cookie, { body: doc("Try a factory reset.") });
      expect(r.status).toBe(201);
      replies.push({ threadId: th.id, postId: (r.json as { reply: { postId: number } }).reply.postId });
    });
    expect(await checkInvariants(handle.db)).toEqual([]);

    // The burst: every member writes as fast as it can (several requests in flight each).
    const outcomes: Outcome[] = [];
    let stop = false;
    const rand = (n: number) => Math.floor(Math.random() * n);
    const one = async (i: number): Promise<void> => {
      const cookie = cookies[i]!;
      const k = rand(10);
      const started: Outcome = { kind: "reply", status: "network" };
      try {
        if (k < 5) {
          const th = threads[rand(threads.length)]!;
          started.body = `Burst reply ${tag}-${i}-${crypto.randomBytes(3).toString("hex")}`;
          started.threadId = th.id;
          const r = await post(`/api/v1/threads/${th.id}/replies`, cookie, { body: doc(started.body) });
          started.status = r.status;
          if (r.status === 201) started.postId = (r.json as { reply: { postId: number } }).reply.postId;
        } else if (k < 8) {
          started.kind = "vote";
          const target = rand(2)
            ? replies[rand(replies.length)]!.postId
            : threads[rand(threads.length)]!.postId;
          started.status = (await post(`/api/v1/posts/${target}/vote`, cookie, { value: 1 })).status;
        } else if (k < 9) {
          started.kind = "accept";
          const own = threads[i]!;
          const mine = replies.filter((r) => r.threadId === own.id);
          const pick = mine.length ? mine[rand(mine.length)]!.postId : null;
          started.status = (await post(`/api/v1/threads/${own.id}/accept`, cookie, { replyId: pick })).status;
        } else {
          started.kind = "thread";
          const r = await post("/api/v1/threads", cookie, {
            board: boards[rand(3)]!.slug,
            title: `Burst question ${tag} ${i} ${crypto.randomBytes(2).toString("hex")}?`,
            body: doc("The invoice page crashes when I open it."),
          });
          started.status = r.status;
          if (r.status === 201) started.threadId = (r.json as { thread: { id: number } }).thread.id;
        }
      } catch {
        started.status = "network";
      }
      outcomes.push(started);
    };
    const workers = cookies.map(async (_c, i) => {
      // Three concurrent streams of writes per member.
      await Promise.all(
        [0, 1, 2].map(async () => {
          while (!stop) await one(i);
        }),
      );
    });
    // Kill once enough writes completed, while ~90 others are in flight.
    while (outcomes.filter((o) => o.status !== "network").length < 150) await sleep(5);
    const before = outcomes.length;
    stop = true; // no new request after this one: those cut off below were in flight at the kill
    server.child.kill("SIGKILL");
    const exit = await server.exited;
    expect(exit.signal).toBe("SIGKILL");
    await Promise.all(workers);
    const answered = outcomes.filter((o) => o.status !== "network");
    const lost = outcomes.filter((o) => o.status === "network");
    console.log(
      `crash test: ${answered.length} writes answered (${before} before the kill), ${lost.length} cut off by it; ` +
        `statuses ${JSON.stringify(countBy(answered.map((o) => `${o.kind} ${o.status}`)))}`,
    );
    expect(lost.length).toBeGreaterThan(0);
    // No request failed with a server error before the kill.
    expect(answered.filter((o) => typeof o.status === "number" && o.status >= 500)).toEqual([]);

    // The killed server's backends are gone before we look (their open transactions roll back).
    for (let i = 0; i < 100; i++) {
      const [r] = rowsOf(
        await handle.db.execute(sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid()
            and state <> 'idle' and backend_type = 'client backend'
            and query not ilike '%pg_stat_activity%'`),
      );
      if (Number(r!.n) <= 0) break;
      await sleep(100);
    }
    expect(await checkInvariants(handle.db)).toEqual([]);

    // Every acknowledged reply and thread was committed (durability of a 201).
    const ackedPosts = answered.filter((o) => o.kind === "reply" && o.status === 201).map((o) => o.postId!);
    const ackedThreads = answered
      .filter((o) => o.kind === "thread" && o.status === 201)
      .map((o) => o.threadId!);
    const [found] = rowsOf(
      await handle.db.execute(sql`select
        (select count(*)::int from posts where id in (select jsonb_array_elements_text(${JSON.stringify(ackedPosts)}::jsonb)::bigint)) as posts,
        (select count(*)::int from threads where id in (select jsonb_array_elements_text(${JSON.stringify(ackedThreads)}::jsonb)::bigint)) as threads`),
    );
    expect({ posts: Number(found!.posts), threads: Number(found!.threads) }).toEqual({
      posts: ackedPosts.length,
      threads: ackedThreads.length,
    });

    // Restarted on the same database, it serves health and every thread page.
    server = await startServer(CRASH_PORT, { DATABASE_URL: dbUrl });
    const health = await fetch(`${server.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${server.base}/readyz`);
    expect(ready.status).toBe(200);
    const all = rowsOf(
      await handle.db.execute(sql`select id::int as id, title from threads order by id`),
    ) as { id: number; title: string }[];
    const pages = await inBatches(all, 8, async (t) => {
      const res = await fetch(`${server!.base}/t/${t.id}`);
      return { id: t.id, status: res.status, hasTitle: (await res.text()).includes(escapeHtml(t.title)) };
    });
    expect(pages.filter((p) => p.status !== 200 || !p.hasTitle)).toEqual([]);
    await stopServer(server);
    server = undefined;
  }, 180_000);
});

function countBy(xs: string[]) {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

function escapeHtml(s: string) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
