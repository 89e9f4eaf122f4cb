/**
 * The hot rollup rows (data/rollups.server.ts): written last, with COMMIT pipelined right behind them on
 * PostgreSQL. A failed hot write must still roll the whole transaction back and surface its error; concurrent
 * negative replies that all see the same spike raise one alert (services/listening evaluateCrisis).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "~/data/reputation.server";
import { listAlerts } from "~/data/listening.server";
import { transactionWithHotRollups } from "~/data/rollups.server";
import { dayKey } from "~/domain/reputation";
import { postReply } from "~/services/forum.server";
import { closeAlert } from "~/services/listening.server";
import { doc, insertTestBoard, insertTestThread, insertTestUser } from "../factories";
import { createTestDb, type TestDb } from "../support/db";
import { checkInvariants } from "../support/invariants";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const pipelined = () => t.deps.handle?.kind === "postgres";

async function board(id: number) {
  const [r] = rowsOf(
    await t.db.execute(
      sql`select post_count::int as posts, thread_count::int as threads from boards where id = ${id}`,
    ),
  );
  return r as { posts: number; threads: number };
}

async function activity(day: string, boardId: number) {
  const [r] = rowsOf(
    await t.db.execute(
      sql`select replies::int as replies from activity_daily where day = ${day}::date and board_id = ${boardId}`,
    ),
  );
  return Number(r?.replies ?? 0);
}

describe("transactionWithHotRollups", () => {
  it("writes the transaction's own changes and then the hot rows, committed together", async () => {
    const b = await insertTestBoard(t.deps);
    const now = t.clock.now();
    const before = await board(b.id);
    const result = await transactionWithHotRollups(t.db, pipelined(), async (tx) => {
      await tx.execute(sql`update boards set thread_count = thread_count + 5 where id = ${b.id}`);
      return {
        result: "done",
        hot: {
          board: { boardId: b.id, posts: 2, at: now },
          activity: [{ day: dayKey(now), boardId: b.id, delta: { replies: 3 } }],
        },
      };
    });
    expect(result).toBe("done");
    expect(await board(b.id)).toEqual({ posts: before.posts + 2, threads: before.threads + 5 });
    expect(await activity(dayKey(now), b.id)).toBe(3);
  });

  it("a failing hot write rolls everything back and throws its error (the COMMIT behind it did not commit)", async () => {
    const b = await insertTestBoard(t.deps);
    const now = t.clock.now();
    const before = await board(b.id);
    await expect(
      transactionWithHotRollups(t.db, pipelined(), async (tx) => {
        await tx.execute(sql`update boards set thread_count = thread_count + 5 where id = ${b.id}`);
        return {
          result: "done",
          hot: {
            board: { boardId: b.id, posts: 2, at: now },
            // Not a date: the statement fails after the board row was written.
            activity: [{ day: "not a day", boardId: b.id, delta: { replies: 1 } }],
          },
        };
      }),
    ).rejects.toThrow();
    expect(await board(b.id)).toEqual(before);
    // The connection is usable again (the pool did not keep a broken transaction).
    expect(await board(b.id)).toEqual(before);
  });
});

describe.skipIf(!process.env.DATABASE_URL)("concurrent negative replies in a spike (PostgreSQL)", () => {
  it("raise one alert per scope, and every invariant holds", async () => {
    const b = await insertTestBoard(t.deps);
    const asker = await insertTestUser(t.deps);
    // Calm questions in a quiet board (one per reply below: replies to one thread would queue on its lock).
    const threads: Awaited<ReturnType<typeof insertTestThread>>[] = [];
    for (let i = 0; i < 12; i++) {
      threads.push(
        await insertTestThread(t.deps, asker, b.slug, {
          title: `How do I change the Wi-Fi password? (${i})`,
          body: doc("Where is the setting in the app?"),
        }),
      );
    }
    const members = await Promise.all(Array.from({ length: 12 }, () => insertTestUser(t.deps)));
    const mod = await insertTestUser(t.deps, { role: "moderator" });
    const angry = "Mất mạng cả ngày, tổng đài không ai nghe, quá thất vọng và bực mình!";
    // A first wave raises the incident; a moderator closes it. The hour's count stays high, so every reply of
    // the second wave sees a spike and no open alert: they all try to raise a new one at once.
    for (const [i, m] of members.slice(0, 6).entries()) {
      await postReply(t.deps, m, threads[i]!.threadId, { body: doc(`${angry} (first ${i})`) });
    }
    for (const a of await listAlerts(t.db, { status: "open", limit: 50 })) {
      await closeAlert(t.deps, mod, a.id, { note: "Handled." });
    }
    const results = await Promise.allSettled(
      members.map((m, i) => postReply(t.deps, m, threads[i]!.threadId, { body: doc(`${angry} (${i})`) })),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const open = (await listAlerts(t.db, { status: "open", limit: 50 })).filter((a) => a.boardId === b.id);
    expect(open).toHaveLength(1);
    expect(threads.map((th) => th.threadId)).toEqual(expect.arrayContaining(open[0]!.threadIds));
    expect(await checkInvariants(t.db)).toEqual([]);
  });
});
