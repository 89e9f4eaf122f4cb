import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { Executor } from "~db/client";

export async function pingDatabase(ex: Executor): Promise<void> {
  await ex.execute(sql`select 1`);
}

export interface MigrationRecord {
  /** The journal's `when` (drizzle stores it as created_at). */
  createdAt: number;
  /** sha256 of the migration's SQL file. */
  hash: string;
}

/** The migrations in the folder, as drizzle's migrator reads them (db/migrations/meta/_journal.json + *.sql). */
export function migrationsInFolder(folder: string): (MigrationRecord & { tag: string })[] {
  const files = readMigrationFiles({ migrationsFolder: folder });
  const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  return files.map((m, i) => ({
    createdAt: m.folderMillis,
    hash: m.hash,
    tag: journal.entries[i]?.tag ?? String(i),
  }));
}

/**
 * The migrations applied to this database: drizzle's own bookkeeping table (the same for postgres.js and
 * PGlite). Null when the table does not exist (a database never migrated).
 */
export async function appliedMigrations(ex: Executor): Promise<MigrationRecord[] | null> {
  const exists = await ex.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!rowsOf<{ ok: boolean }>(exists)[0]?.ok) return null;
  const r = await ex.execute(
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  return rowsOf<{ hash: string; created_at: string | number }>(r).map((row) => ({
    hash: row.hash,
    createdAt: Number(row.created_at),
  }));
}

function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
