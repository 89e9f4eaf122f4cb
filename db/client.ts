/**
 * The one database module. PostgreSQL through postgres.js when DATABASE_URL is set; otherwise an embedded
 * PGlite database stored under DATA_DIR (default ./.data), so a newcomer needs no server.
 * The same drizzle schema and migrations serve both.
 */
import path from "node:path";
import fs from "node:fs";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import * as schema from "./schema/index";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
  /**
   * LISTEN on a channel; the callback gets each NOTIFY payload (delivered only after the notifying
   * transaction commits). postgres.js uses one dedicated connection; PGlite its single backend.
   * Resolves to an unlisten function.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
}

export function migrationsFolder(): string {
  // Resolved from the working directory, not import.meta.url: the server bundle lives elsewhere (STACK-NOTES #1).
  return process.env.MIGRATIONS_DIR ?? path.resolve(process.cwd(), "db/migrations");
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, { max: opts.max ?? 10, onnotice: () => {} });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    close: () => client.end({ timeout: 5 }),
    listen: async (channel, onNotify) => {
      const meta = await client.listen(channel, onNotify);
      return () => meta.unlisten();
    },
  };
}

export async function openPglite(opts: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir: opts.dataDir, loadDataDir: opts.loadDataDir });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    close: () => client.close(),
    listen: async (channel, onNotify) => {
      const unlisten = await client.listen(channel, onNotify);
      return () => unlisten();
    },
  };
}

export async function migrate(handle: DbHandle): Promise<void> {
  const migrationsDir = migrationsFolder();
  if (handle.kind === "postgres") {
    const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
    await run(handle.db as never, { migrationsFolder: migrationsDir });
  } else {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(handle.db as never, { migrationsFolder: migrationsDir });
  }
}

/** Opens the configured database (env) and applies pending migrations (idempotent). */
export async function openConfiguredDb(env: NodeJS.ProcessEnv = process.env): Promise<DbHandle> {
  const handle = env.DATABASE_URL
    ? await openPostgres(env.DATABASE_URL)
    : await openPglite({ dataDir: path.resolve(env.DATA_DIR ?? ".data", "pglite") });
  try {
    await migrate(handle);
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
  return handle;
}
