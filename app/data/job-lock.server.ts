/** The advisory lock behind once-per-cluster jobs (services/job-lock.server.ts). */
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { rowsOf } from "./reputation.server";

/**
 * Takes the job's transaction-scoped advisory lock if no other session holds it; false when it is taken.
 * Released when `ex`'s transaction ends (or its connection dies).
 */
export async function tryJobLock(ex: Executor, name: string): Promise<boolean> {
  const rows = rowsOf(
    await ex.execute(sql`select pg_try_advisory_xact_lock(hashtext(${`lantern:job:${name}`})) as locked`),
  );
  return rows[0]?.locked === true;
}
