/**
 * AppDeps: the database, the clock and anything else a service needs, built once per process.
 * Tests build their own and install it with setDeps().
 */
import { openConfiguredDb, type Db, type DbHandle } from "~db/client";
import { systemClock, type Clock } from "~/domain/shared/clock";

export interface AppDeps {
  db: Db;
  clock: Clock;
  handle?: DbHandle;
}

/**
 * The database for the key lookups every request makes (session, a shared page's state): PostgreSQL's lookup
 * pool on generic plans (db/client.ts, ADR 019), else the app's database.
 */
export const lookupDb = (deps: AppDeps): Db => deps.handle?.lookups ?? deps.db;

const g = globalThis as unknown as { __lanternDeps?: Promise<AppDeps> };

export function getDeps(): Promise<AppDeps> {
  if (!g.__lanternDeps) {
    g.__lanternDeps = (async () => {
      const handle = await openConfiguredDb();
      if ((process.env.SEED ?? "demo") !== "none") {
        const { seedDemoIfEmpty } = await import("~db/seed");
        await seedDemoIfEmpty({ db: handle.db, clock: systemClock });
      }
      return { db: handle.db, clock: systemClock, handle };
    })();
    // Never cache a rejected init (STACK-NOTES #2): the next request tries again.
    g.__lanternDeps.catch(() => {
      g.__lanternDeps = undefined;
    });
  }
  return g.__lanternDeps;
}

export function setDeps(deps: AppDeps | undefined) {
  g.__lanternDeps = deps ? Promise.resolve(deps) : undefined;
}

export async function closeDeps() {
  const p = g.__lanternDeps;
  g.__lanternDeps = undefined;
  if (p) await (await p).handle?.close();
}
