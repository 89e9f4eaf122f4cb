/**
 * Once-per-cluster background jobs. Several server processes (npm run start:cluster, or several machines) run
 * the same timers; a job that must not run twice at once takes a PostgreSQL advisory lock first and skips its
 * turn when another process holds it. The lock is transaction-scoped and held by a transaction that stays open
 * (idle, touching no rows) while the job runs on other pooled connections, so it is released even if the
 * process dies mid-run. PGlite is single-process and single-connection (an open transaction would block the
 * job's own queries), so there the job simply runs.
 */
import type { AppDeps } from "~/deps.server";
import { tryJobLock } from "~/data/job-lock.server";

/** Runs `job` unless another process is running the job with the same name; `ran` says which happened. */
export async function runExclusive<T>(
  deps: AppDeps,
  name: string,
  job: () => Promise<T>,
): Promise<{ ran: true; result: T } | { ran: false }> {
  if (deps.handle?.kind !== "postgres") return { ran: true, result: await job() };
  return deps.db.transaction(async (tx) => {
    if (!(await tryJobLock(tx, name))) return { ran: false as const };
    return { ran: true as const, result: await job() };
  });
}
