/**
 * Statements built once (db/statements.ts), on whichever database this run uses. They rely on drizzle
 * internals (an executor's session `client` and `logger`; a prepared query reading them when it executes),
 * so these tests pin what the app depends on:
 * - a statement runs on the connection of the executor it is given: inside a transaction it sees the
 *   transaction's writes and rolls back with it;
 * - an insert's placeholders get their columns' encoders (a Date for a timestamptz column);
 * - its results are mapped as drizzle maps them (camelCase keys, Date values);
 * - concurrent transactions each use their own connection;
 * - a logger on the executor sees the statement.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/postgres-js";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { boards, rateLimits } from "~db/schema/index";
import * as schema from "~db/schema/index";
import type { Db } from "~db/client";
import { sqlStatement, statement } from "~db/statements";
import { rowsOf } from "~/data/reputation.server";
import { insertTestBoard } from "../factories";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const boardById = statement("test_board_by_id", (ex) =>
  ex
    .select({ id: boards.id, slug: boards.slug, lastActivityAt: boards.lastActivityAt })
    .from(boards)
    .where(eq(boards.id, sql.placeholder("id"))),
);
const touchBoard = statement("test_touch_board", (ex) =>
  ex
    .update(boards)
    .set({ lastActivityAt: sql`${sql.placeholder("at")}::timestamptz` })
    .where(eq(boards.id, sql.placeholder("id")))
    .returning({ id: boards.id }),
);
// An insert's placeholders are bound to their columns: a Date goes through the column's encoder.
const insertLimit = statement("test_insert_limit", (ex) =>
  ex
    .insert(rateLimits)
    .values({
      key: sql.placeholder("key"),
      windowStart: sql.placeholder("start"),
      count: sql.placeholder("count"),
      resetAt: sql.placeholder("reset"),
    })
    .returning({ key: rateLimits.key, resetAt: rateLimits.resetAt }),
);
const boardSlug = sqlStatement(
  "test_board_slug",
  () => sql`select slug from boards where id = ${sql.placeholder("id")}`,
);

describe("statements built once", () => {
  it("runs with placeholders encoded by the column and results mapped like drizzle's", async () => {
    const b = await insertTestBoard(t.deps, { slug: "stmt-a" });
    const at = new Date("2026-05-01T10:00:00Z");
    expect(await touchBoard(t.db, { at: at.toISOString(), id: b.id })).toEqual([{ id: b.id }]);
    const [row] = await boardById(t.db, { id: b.id });
    expect(row).toEqual({ id: b.id, slug: "stmt-a", lastActivityAt: at });
    expect(rowsOf(await boardSlug(t.db, { id: b.id }))).toEqual([{ slug: "stmt-a" }]);
    expect(await boardById(t.db, { id: b.id + 1000 })).toEqual([]);
    const reset = new Date("2026-05-01T10:05:00Z");
    expect(await insertLimit(t.db, { key: "stmt", start: at, count: 1, reset })).toEqual([
      { key: "stmt", resetAt: reset },
    ]);
  });

  it("runs inside the caller's transaction: sees its writes, and is rolled back with it", async () => {
    const b = await insertTestBoard(t.deps, { slug: "stmt-b" });
    const before = (await boardById(t.db, { id: b.id }))[0]!.lastActivityAt;
    const at = new Date("2026-05-02T11:00:00Z");
    await expect(
      t.db.transaction(async (tx) => {
        await touchBoard(tx, { at: at.toISOString(), id: b.id });
        // The transaction's own write is visible to a statement run on the transaction…
        expect((await boardById(tx, { id: b.id }))[0]!.lastActivityAt).toEqual(at);
        expect(rowsOf(await boardSlug(tx, { id: b.id }))).toEqual([{ slug: "stmt-b" }]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    // …and gone once it rolled back.
    expect((await boardById(t.db, { id: b.id }))[0]!.lastActivityAt).toEqual(before);
  });

  it("keeps concurrent transactions on their own connections", async () => {
    const a = await insertTestBoard(t.deps, { slug: "stmt-c" });
    const b = await insertTestBoard(t.deps, { slug: "stmt-d" });
    const atA = new Date("2026-05-03T08:00:00Z");
    const atB = new Date("2026-05-04T08:00:00Z");
    const run = (id: number, at: Date, fail: boolean) =>
      t.db.transaction(async (tx) => {
        await touchBoard(tx, { at: at.toISOString(), id });
        await new Promise((r) => setTimeout(r, 20));
        expect((await boardById(tx, { id }))[0]!.lastActivityAt).toEqual(at);
        if (fail) throw new Error("roll back");
      });
    const results = await Promise.allSettled([run(a.id, atA, false), run(b.id, atB, true)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect((await boardById(t.db, { id: a.id }))[0]!.lastActivityAt).toEqual(atA);
    expect((await boardById(t.db, { id: b.id }))[0]!.lastActivityAt).not.toEqual(atB);
  });

  it("logs through the executor's own logger", async () => {
    const b = await insertTestBoard(t.deps, { slug: "stmt-e" });
    const logged: string[] = [];
    const logger = { logQuery: (q: string) => logged.push(q) };
    // A second drizzle instance on the same connection(s), with a logger (as the query-plans test uses).
    const client = (t.db as unknown as { session: { client: never } }).session.client;
    const logging = (t.kind === "postgres"
      ? drizzlePg(client, { schema, casing: "snake_case", logger })
      : drizzlePglite(client, { schema, casing: "snake_case", logger })) as unknown as Db;
    expect((await boardById(logging, { id: b.id }))[0]!.slug).toBe("stmt-e");
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^select "id", "slug", "last_activity_at" from "boards"/);
    await boardById(t.db, { id: b.id });
    expect(logged).toHaveLength(1);
  });
});
