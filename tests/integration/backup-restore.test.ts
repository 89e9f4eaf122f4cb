/**
 * Backups restore (docs/operations.md). Threads and replies are written through the services, the database is
 * backed up and restored the documented way, and the copy is opened with the app's own client: every thread is
 * there with its posts, the invariants hold, and the app can keep writing to it (sequences came along).
 *  - PostgreSQL: pg_dump -Fc, then pg_restore into a fresh database.
 *  - PGlite: a copy of the closed data folder, and dumpDataDir() → loadDataDir.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, openPglite, openPostgres, type Db, type DbHandle } from "~db/client";
import type { AppDeps } from "~/deps.server";
import { systemClock } from "~/domain/shared/clock";
import { rowsOf } from "~/data/reputation.server";
import { doc, insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import { checkInvariants } from "../support/invariants";
import { withDatabase } from "../support/template";

const url = process.env.DATABASE_URL;

interface Snapshot {
  threads: { id: number; title: string; reply_count: number; posts: number }[];
  posts: number;
  votes: number;
}

/** Some community activity through the services: 3 boards, 6 members, 12 threads, replies on most. */
async function fill(handle: DbHandle) {
  const deps: AppDeps = { db: handle.db, clock: systemClock, handle };
  const boards = await Promise.all([0, 1, 2].map(() => insertTestBoard(deps)));
  const members = [];
  for (let i = 0; i < 6; i++) members.push(await insertTestUser(deps));
  for (let i = 0; i < 12; i++) {
    const t = await insertTestThread(deps, members[i % 6]!, boards[i % 3]!.slug, {
      title: `Sao lưu ${i}: modem mất kết nối sau khi cập nhật?`,
      body: doc(`Câu hỏi số ${i}.`),
    });
    for (let r = 0; r < i % 4; r++) await insertTestReply(deps, members[(i + r + 1) % 6]!, t.threadId);
  }
  return members;
}

async function snapshot(db: Db): Promise<Snapshot> {
  const threads = rowsOf(
    await db.execute(sql`select t.id::int as id, t.title, t.reply_count,
        (select count(*)::int from posts p where p.thread_id = t.id) as posts
      from threads t order by t.id`),
  ).map((r) => ({
    id: Number(r.id),
    title: String(r.title),
    reply_count: Number(r.reply_count),
    posts: Number(r.posts),
  }));
  const [c] = rowsOf(
    await db.execute(
      sql`select (select count(*)::int from posts) as posts, (select count(*)::int from votes) as votes`,
    ),
  );
  return { threads, posts: Number(c!.posts), votes: Number(c!.votes) };
}

/** The restored copy is complete, consistent, and writable through the services. */
async function expectSameAndWritable(restored: DbHandle, before: Snapshot) {
  const after = await snapshot(restored.db);
  expect(after.threads).toHaveLength(12);
  expect(after).toEqual(before);
  expect(await checkInvariants(restored.db)).toEqual([]);
  const deps: AppDeps = { db: restored.db, clock: systemClock, handle: restored };
  const someone = await insertTestUser(deps);
  const reply = await insertTestReply(deps, someone, before.threads[0]!.id, "Written after the restore.");
  expect(reply.postId).toBeGreaterThan(
    Math.max(...(await postIds(restored.db)).filter((id) => id !== reply.postId)),
  );
}

async function postIds(db: Db) {
  return rowsOf(await db.execute(sql`select id::int as id from posts`)).map((r) => Number(r.id));
}

describe.skipIf(!url)("PostgreSQL: pg_dump -Fc and pg_restore into a fresh database", () => {
  const suffix = `${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  const source = `lantern_backup_src_${suffix}`;
  const copy = `lantern_backup_copy_${suffix}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lantern-backup-"));
  const admin = url ? postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} }) : null;

  afterAll(async () => {
    for (const name of [source, copy]) await admin?.unsafe(`drop database if exists "${name}" with (force)`);
    await admin?.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds every thread and post in the restored database", async () => {
    await admin!.unsafe(`create database "${source}"`);
    const src = await openPostgres(withDatabase(url!, source), { max: 4 });
    let before: Snapshot;
    try {
      await migrate(src);
      await fill(src);
      before = await snapshot(src.db);
    } finally {
      await src.close();
    }
    expect(before.threads).toHaveLength(12);
    expect(before.posts).toBe(12 + 18);

    // Backup while the source stays online (pg_dump reads one consistent snapshot).
    const file = path.join(dir, "lantern.dump");
    execFileSync("/usr/bin/pg_dump", ["-Fc", "--no-owner", "-f", file, withDatabase(url!, source)]);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
    // Restore into a fresh, empty database.
    await admin!.unsafe(`create database "${copy}"`);
    execFileSync("/usr/bin/pg_restore", [
      "--no-owner",
      "--exit-on-error",
      "-d",
      withDatabase(url!, copy),
      file,
    ]);

    const restored = await openPostgres(withDatabase(url!, copy), { max: 4 });
    try {
      // Already at the newest migration: the app's migrator has nothing left to apply.
      await migrate(restored);
      await expectSameAndWritable(restored, before);
    } finally {
      await restored.close();
    }
  }, 120_000);
});

describe.skipIf(!!url)("PGlite: a copy of the closed data folder, and dumpDataDir → loadDataDir", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lantern-backup-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("finds every thread and post in both copies", async () => {
    const live = path.join(dir, "live", "pglite");
    const src = await openPglite({ dataDir: live });
    await migrate(src);
    await fill(src);
    const before = await snapshot(src.db);
    // dumpDataDir works on an open database (the app's server must be stopped to copy the folder instead).
    const client = (src.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client;
    const tarball = path.join(dir, "lantern-pglite.tar.gz");
    fs.writeFileSync(tarball, Buffer.from(await (await client.dumpDataDir("gzip")).arrayBuffer()));
    await src.close();

    // 1. The closed folder, copied as files.
    const copied = path.join(dir, "copy", "pglite");
    fs.cpSync(live, copied, { recursive: true });
    const fromFolder = await openPglite({ dataDir: copied });
    try {
      await expectSameAndWritable(fromFolder, before);
    } finally {
      await fromFolder.close();
    }

    // 2. The tarball, loaded into a new database.
    const fromDump = await openPglite({ loadDataDir: new Blob([fs.readFileSync(tarball)]) });
    try {
      await expectSameAndWritable(fromDump, before);
    } finally {
      await fromDump.close();
    }
  }, 120_000);
});
