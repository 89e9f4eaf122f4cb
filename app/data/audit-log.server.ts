/** Reading the audit log (moderators' page). Written by data/audit.server.ts recordAudit. */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { foldVietnamese } from "~/domain/listening/text";
import { rowsOf } from "./reputation.server";

export interface AuditQuery {
  /** Free text, folded like searchText (lower case, no diacritics). */
  q?: string | null;
  action?: string | null;
  /** Actor's user id (resolved from a username by the caller). */
  actorId?: string | null;
  /** Keyset: entries with id below this. */
  before?: number | null;
  limit: number;
}

/** LIKE metacharacters in the user's text are literal. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Newest first by id. Action and actor filters ride audit_log_action_idx / audit_log_actor_idx (both end in
 * id desc); text search filters rows while walking the primary key backwards and stops at `limit`.
 */
export async function listAuditEntries(ex: Executor, query: AuditQuery) {
  const where: SQL[] = [];
  if (query.action) where.push(sql`a.action = ${query.action}`);
  if (query.actorId) where.push(sql`a.actor_id = ${query.actorId}`);
  if (query.before) where.push(sql`a.id < ${query.before}`);
  const q = query.q ? foldVietnamese(query.q.toLowerCase()).trim() : "";
  if (q) where.push(sql`a.search_text like ${`%${likeEscape(q)}%`}`);
  const rows = rowsOf(
    await ex.execute(sql`
      select a.id, a.action, a.target_type, a.target_id, a.before, a.after, a.created_at,
             au.username as actor_username,
             tu.username as target_username,
             tb.slug as target_board_slug,
             tp.thread_id as target_post_thread_id
      from audit_log a
      left join users au on au.id = a.actor_id
      left join users tu on a.target_type = 'user' and tu.id = a.target_id
      left join boards tb on tb.id = case when a.target_type = 'board' and a.target_id ~ '^[0-9]{1,9}$'
                                          then a.target_id::int end
      left join posts tp on tp.id = case when a.target_type = 'post' and a.target_id ~ '^[0-9]{1,18}$'
                                         then a.target_id::bigint end
      ${where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``}
      order by a.id desc
      limit ${query.limit + 1}`),
  );
  const items = rows.slice(0, query.limit).map((r) => ({
    id: Number(r.id),
    action: String(r.action),
    targetType: String(r.target_type),
    targetId: String(r.target_id),
    before: (typeof r.before === "string" ? JSON.parse(r.before) : r.before) as unknown,
    after: (typeof r.after === "string" ? JSON.parse(r.after) : r.after) as unknown,
    createdAt: new Date(r.created_at as string),
    actor: (r.actor_username as string | null) ?? null,
    targetUsername: (r.target_username as string | null) ?? null,
    targetBoardSlug: (r.target_board_slug as string | null) ?? null,
    targetPostThreadId: r.target_post_thread_id === null ? null : Number(r.target_post_thread_id),
  }));
  return { items, next: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

/** Distinct actions for the filter (audit_log_action_idx; a skip scan emulated with a recursive query). */
export async function listAuditActions(ex: Executor) {
  const rows = rowsOf(
    await ex.execute(sql`
      with recursive acts(action) as (
        (select action from audit_log order by action limit 1)
        union all
        select (select a.action from audit_log a where a.action > acts.action order by a.action limit 1)
        from acts where acts.action is not null
      )
      select action from acts where action is not null`),
  );
  return rows.map((r) => String(r.action));
}

export async function findUserIdByUsername(ex: Executor, username: string) {
  const rows = rowsOf(
    await ex.execute(sql`select id from users where lower(username) = lower(${username}) limit 1`),
  );
  return rows[0] ? String(rows[0].id) : null;
}
