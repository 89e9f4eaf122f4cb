/**
 * The one database module. PostgreSQL through postgres.js when DATABASE_URL is set; otherwise an embedded
 * PGlite database stored under DATA_DIR (default ./.data), so a newcomer needs no server.
 * The same drizzle schema and migrations serve both.
 */
import path from "node:path";
import fs from "node:fs";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { sql, type ExtractTablesWithRelations } from "drizzle-orm";
import type { Sql } from "postgres";
import * as schema from "./schema/index";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;

export interface DbHandle {
  db: Db;
  /**
   * The same database for the key lookups every request makes (the session, a shared member page's state):
   * on PostgreSQL its own few connections, left on generic plans. `db`'s connections force custom plans (right
   * for searches, whose plans depend on the terms), which re-plans a lookup on every execution: most of the
   * database's work for a shared member page, measured. On PGlite the same as `db`.
   */
  lookups: Db;
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

/**
 * drizzle runs every query as an unnamed statement (`prepare: false`), and postgres.js then asks the server
 * for a statement's parameter types before binding it: two round trips per query with parameters, and no
 * pipelining in a transaction. Under load each round trip also waits for this process's event loop, while the
 * transaction holds its row locks (32 members replying in-process: 55 replies/s this way, 120/s prepared, all
 * else equal). So queries with parameters are named, prepared statements (one round trip, parsed once per
 * connection); queries without parameters keep the simple protocol (migrations send several statements).
 * Plans stay custom per execution (`plan_cache_mode`, below): the same plans as before, never a generic plan
 * that cannot see, say, a search query's terms.
 */
function preparedStatements(client: Sql): Sql {
  const wrapScope =
    (begin: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const fn = args[args.length - 1] as (tx: Sql) => unknown;
      return begin(...args.slice(0, -1), (tx: Sql) => fn(preparedStatements(tx)));
    };
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          params?.length
            ? target.unsafe(query, params as never, { ...options, prepare: true })
            : target.unsafe(query, params as never, options as never);
      }
      if (prop === "begin" || prop === "savepoint") {
        const f = Reflect.get(target, prop, receiver) as ((...args: unknown[]) => unknown) | undefined;
        return f ? wrapScope(f.bind(target)) : f;
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/**
 * Lets the rest of this transaction's statements run on generic plans (openPostgres keeps every connection on
 * custom plans). For write transactions whose statements are all look-ups by key, where planning each statement
 * again (a custom plan) is a large share of the database's work; never for searches, whose plans depend on
 * the terms. A no-op on PGlite in effect (nothing there is prepared).
 */
export async function useGenericPlans(tx: Executor): Promise<void> {
  await tx.execute(sql`set local plan_cache_mode = auto`);
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url, {
    max: opts.max ?? 10,
    onnotice: () => {},
    connection: { plan_cache_mode: "force_custom_plan" },
  });
  const db = drizzle(preparedStatements(client), { schema, casing: "snake_case" }) as unknown as Db;
  const lookupClient = postgres(url, {
    max: Math.min(4, opts.max ?? 10),
    onnotice: () => {},
    connection: { plan_cache_mode: "auto" },
  });
  const lookups = drizzle(preparedStatements(lookupClient), {
    schema,
    casing: "snake_case",
  }) as unknown as Db;
  return {
    db,
    lookups,
    kind: "postgres",
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), lookupClient.end({ timeout: 5 })]);
    },
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
    lookups: db,
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
