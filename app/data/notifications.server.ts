import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { notifications } from "~db/schema";

/** Unread count for the header bell (served by the partial index notifications_unread_idx). */
export async function countUnreadNotifications(ex: Executor, userId: string): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}
