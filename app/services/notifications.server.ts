/** The member's notifications: marking them read is the only write. */
import type { AppDeps } from "~/deps.server";
import { markAllRead } from "~/data/community-pages.server";
import type { Actor } from "~/domain/forum";

/** Marks all of the member's notifications as read (at the clock's now); returns how many were unread. */
export async function markAllNotificationsRead(deps: AppDeps, actor: Actor): Promise<{ marked: number }> {
  const now = deps.clock.now();
  const marked = await deps.db.transaction((tx) => markAllRead(tx, actor.id, now));
  return { marked };
}
