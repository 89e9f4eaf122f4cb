/**
 * Readers (and the one write) behind the community pages: the member's notifications, and the thread
 * titles / thread ids that reputation history and moderators' logs link to. The unread count lives in
 * notifications.server.ts.
 */
import { and, desc, eq, inArray, isNull, lt, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { notifications, posts, threads } from "~db/schema";

export interface NotificationView {
  id: number;
  kind: string;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

/** The member's notifications, newest first; `before` is the id of the last one shown (keyset). */
export async function listNotifications(
  ex: Executor,
  userId: string,
  opts: { before: number | null; limit: number },
): Promise<{ items: NotificationView[]; next: number | null }> {
  const where: SQL[] = [eq(notifications.userId, userId)];
  if (opts.before !== null) where.push(lt(notifications.id, opts.before));
  const rows = await ex
    .select({
      id: notifications.id,
      kind: notifications.kind,
      data: notifications.data,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(and(...where))
    .orderBy(desc(notifications.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit).map((r) => ({
    ...r,
    data: typeof r.data === "object" && r.data !== null ? (r.data as Record<string, unknown>) : {},
  }));
  const next = rows.length > opts.limit ? (items[items.length - 1]?.id ?? null) : null;
  return { items, next };
}

/** Marks every unread notification of the member as read; returns how many changed. */
export async function markAllRead(ex: Executor, userId: string, at: Date): Promise<number> {
  const rows = await ex
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Titles of the given threads, for links in a member's reputation history. */
export async function listThreadTitles(ex: Executor, threadIds: number[]): Promise<Record<number, string>> {
  const ids = [...new Set(threadIds)];
  if (!ids.length) return {};
  const rows = await ex
    .select({ id: threads.id, title: threads.title })
    .from(threads)
    .where(inArray(threads.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.title]));
}

/** The thread of each post, so a post id (moderators' logs) can link to its place in the thread. */
export async function listPostThreadIds(ex: Executor, postIds: number[]): Promise<Record<number, number>> {
  const ids = [...new Set(postIds)];
  if (!ids.length) return {};
  const rows = await ex
    .select({ id: posts.id, threadId: posts.threadId })
    .from(posts)
    .where(inArray(posts.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.threadId]));
}
