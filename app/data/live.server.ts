/** SQL for live thread updates: NOTIFY inside the writer's transaction, and the visibility facts the stream checks. */
import { eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { sqlStatement } from "~db/statements";
import { threads } from "~db/schema/index";

export const LIVE_CHANNEL = "lantern_thread";

/**
 * pg_notify inside the caller's transaction: PostgreSQL (and PGlite) deliver it only when that transaction
 * commits, and drop it on rollback.
 */
export async function notifyChannel(ex: Executor, channel: string, payload: string) {
  await notifyStmt(ex, { channel, payload });
}

const notifyStmt = sqlStatement(
  "pg_notify",
  () => sql`select pg_notify(${sql.placeholder("channel")}::text, ${sql.placeholder("payload")}::text)`,
);

/** What the event stream needs to decide whether a viewer may follow a thread. */
export async function findThreadVisibility(ex: Executor, threadId: number) {
  const [row] = await ex
    .select({
      id: threads.id,
      authorId: threads.authorId,
      moderationState: threads.moderationState,
      mergedIntoId: threads.mergedIntoId,
    })
    .from(threads)
    .where(eq(threads.id, threadId))
    .limit(1);
  return row ?? null;
}
