import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { notifications } from "~db/schema";

/**
 * Unread notifications (served by the partial index notifications_unread_idx). `cap`: stop counting there (the
 * header bell, domain/engagement/bell.ts); without it, the exact count (the notifications page).
 */
export async function countUnreadNotifications(
  ex: Executor,
  userId: string,
  opts: { cap?: number } = {},
): Promise<number> {
  const unread = and(eq(notifications.userId, userId), isNull(notifications.readAt));
  if (opts.cap === undefined) {
    const [row] = await ex
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(unread);
    return Number(row?.n ?? 0);
  }
  const first = ex
    .select({ one: sql`1`.as("one") })
    .from(notifications)
    .where(unread)
    .limit(opts.cap)
    .as("x");
  const [row] = await ex.select({ n: sql<number>`count(*)::int` }).from(first);
  return Number(row?.n ?? 0);
}
