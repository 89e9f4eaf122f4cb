/** The audit log: every moderator and admin action, written in the same transaction as the action. */
import type { Executor } from "~db/client";
import { auditLog } from "~db/schema";
import { foldVietnamese } from "~/domain/listening/text";
import { notifyChannel } from "./live.server";
import { ALL_TAG, PAGES_CHANNEL } from "~/http/page-cache.server";

export interface AuditEntry {
  actorId: string;
  /** Dotted verb, e.g. "post.hide", "thread.move", "escalation.status", "user.role", "board.owner", "webhook.create". */
  action: string;
  targetType: "post" | "thread" | "user" | "board" | "escalation" | "webhook" | "team" | "setting" | "alert";
  targetId: string | number;
  before?: unknown;
  after?: unknown;
  /** Extra words to make the entry findable (thread title, usernames, a note). */
  search?: string;
}

export function auditSearchText(e: Pick<AuditEntry, "action" | "targetType" | "targetId" | "search">) {
  return foldVietnamese(`${e.action} ${e.targetType} ${e.targetId} ${e.search ?? ""}`.toLowerCase()).slice(
    0,
    2000,
  );
}

export async function recordAudit(ex: Executor, entry: AuditEntry, now: Date) {
  await ex.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: String(entry.targetId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    searchText: auditSearchText(entry),
    createdAt: now,
  });
  // A staff action can change anything a visitor sees: drop every cached anonymous page (on commit).
  await notifyChannel(ex, PAGES_CHANNEL, ALL_TAG);
}
