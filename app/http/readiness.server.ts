/**
 * Readiness (GET /readyz): the database answers and every migration in db/migrations is applied. Liveness
 * (GET /healthz) is only "the process answers".
 */
import {
  appliedMigrations,
  migrationsInFolder,
  pingDatabase,
  type MigrationRecord,
} from "~/data/health.server";
import type { Executor } from "~db/client";
import { migrationsFolder } from "~db/client";

export type Readiness = { ok: true } | { ok: false; reason: string };

/**
 * Compares the folder's migrations with the applied ones the way drizzle's migrator decides what to run: a
 * migration is pending when its `when` is later than the last applied one. An applied migration whose file has
 * changed since (another hash) also means this code does not match the database.
 */
export function compareMigrations(
  expected: (MigrationRecord & { tag: string })[],
  applied: MigrationRecord[] | null,
): Readiness {
  if (applied === null) return { ok: false, reason: "database not migrated" };
  const last = applied.reduce((max, m) => Math.max(max, m.createdAt), -Infinity);
  const pending = expected.filter((m) => m.createdAt > last);
  if (pending.length) {
    return {
      ok: false,
      reason: `${pending.length} migration(s) pending: ${pending.map((m) => m.tag).join(", ")}`,
    };
  }
  const byTime = new Map(applied.map((m) => [m.createdAt, m.hash]));
  const changed = expected.filter((m) => byTime.has(m.createdAt) && byTime.get(m.createdAt) !== m.hash);
  if (changed.length) {
    return {
      ok: false,
      reason: `migration file(s) changed after being applied: ${changed.map((m) => m.tag).join(", ")}`,
    };
  }
  return { ok: true };
}

let cachedFolder: { folder: string; list: (MigrationRecord & { tag: string })[] } | null = null;

function expectedMigrations(folder: string) {
  // The files do not change while the process runs: read (and hash) them once.
  if (cachedFolder?.folder !== folder) cachedFolder = { folder, list: migrationsInFolder(folder) };
  return cachedFolder.list;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function checkReadiness(
  ex: Executor,
  opts: { folder?: string; timeoutMs?: number } = {},
): Promise<Readiness> {
  const timeoutMs = opts.timeoutMs ?? 3_000;
  try {
    await withTimeout(pingDatabase(ex), timeoutMs);
  } catch (e) {
    return {
      ok: false,
      reason: e instanceof Error && e.message === "timeout" ? "database timeout" : "database unavailable",
    };
  }
  let applied: MigrationRecord[] | null;
  try {
    applied = await withTimeout(appliedMigrations(ex), timeoutMs);
  } catch {
    return { ok: false, reason: "cannot read the migrations table" };
  }
  let expected: (MigrationRecord & { tag: string })[];
  try {
    expected = expectedMigrations(opts.folder ?? migrationsFolder());
  } catch {
    return { ok: false, reason: "migrations folder unreadable" };
  }
  return compareMigrations(expected, applied);
}
