/** Board ownership (governance page, transfers) and role changes: the SQL. Rules are in domain/moderation/governance. */
import { eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { boardOwnerships, boards, users } from "~db/schema";
import type { Role } from "~/domain/forum";
import { rowsOf } from "./reputation.server";

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/**
 * One row per board (boards are few): owner, the owner's last visit day and last post, open unanswered threads
 * (threads_board_unanswered_idx) and the median seconds to a first reply over threads asked since `since`
 * (threads_board_new_idx). Owner's last post: one index probe per kind (posts_author_idx).
 */
export async function listBoardGovernance(ex: Executor, since: Date) {
  const rows = rowsOf(
    await ex.execute(sql`
      select b.id, b.slug, b.name_vi, b.name_en, b.position,
             u.id as owner_id, u.username as owner_username, u.role as owner_role, u.last_seen_on,
             greatest(
               (select max(p.created_at) from posts p where p.author_id = u.id and p.is_question),
               (select max(p.created_at) from posts p where p.author_id = u.id and not p.is_question)
             ) as owner_last_post_at,
             (select count(*) from threads t
               where t.board_id = b.id and t.reply_count = 0 and t.status = 'open'
                 and t.closed_at is null and t.merged_into_id is null and t.moderation_state = 'visible')::int
               as unanswered,
             (select count(*) from threads t where t.board_id = b.id and t.created_at >= ${since.toISOString()}::timestamptz)::int
               as recent_threads,
             (select percentile_cont(0.5) within group (order by extract(epoch from t.first_answer_at - t.created_at))
                from threads t
               where t.board_id = b.id and t.created_at >= ${since.toISOString()}::timestamptz
                 and t.first_answer_at is not null) as median_first_response_s
      from boards b left join users u on u.id = b.owner_id
      order by b.position, b.id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    slug: String(r.slug),
    nameVi: String(r.name_vi),
    nameEn: String(r.name_en),
    owner: r.owner_id
      ? {
          id: String(r.owner_id),
          username: String(r.owner_username),
          role: String(r.owner_role) as Role,
          lastSeenOn: r.last_seen_on ? String(r.last_seen_on).slice(0, 10) : null,
          lastPostAt: date(r.owner_last_post_at),
        }
      : null,
    unanswered: Number(r.unanswered),
    recentThreads: Number(r.recent_threads),
    medianFirstResponseS: r.median_first_response_s === null ? null : Number(r.median_first_response_s),
  }));
}

/** The last `perBoard` ownership changes of every board, newest first (board_ownerships_board_idx). */
export async function listOwnershipHistory(ex: Executor, perBoard: number) {
  const rows = rowsOf(
    await ex.execute(sql`
      select x.* from (
        select o.id, o.board_id, o.created_at, fu.username as from_username, tu.username as to_username,
               au.username as actor_username,
               row_number() over (partition by o.board_id order by o.id desc) as rn
        from board_ownerships o
        left join users fu on fu.id = o.from_user_id
        left join users tu on tu.id = o.to_user_id
        left join users au on au.id = o.actor_id
      ) x where x.rn <= ${perBoard}
      order by x.board_id, x.id desc`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    boardId: Number(r.board_id),
    at: new Date(r.created_at as string),
    from: (r.from_username as string | null) ?? null,
    to: (r.to_username as string | null) ?? null,
    actor: (r.actor_username as string | null) ?? null,
  }));
}

export async function findBoardForWrite(ex: Executor, slug: string) {
  const [row] = await ex
    .select({ id: boards.id, slug: boards.slug, ownerId: boards.ownerId })
    .from(boards)
    .where(eq(boards.slug, slug))
    .for("update");
  return row ?? null;
}

export async function setBoardOwner(
  ex: Executor,
  o: { boardId: number; fromUserId: string | null; toUserId: string; actorId: string; at: Date },
) {
  await ex.update(boards).set({ ownerId: o.toUserId }).where(eq(boards.id, o.boardId));
  await ex.insert(boardOwnerships).values({
    boardId: o.boardId,
    fromUserId: o.fromUserId,
    toUserId: o.toUserId,
    actorId: o.actorId,
    createdAt: o.at,
  });
}

/** A user by username (case-insensitive, users_username_lower_idx), locked. */
export async function findUserByUsernameForWrite(ex: Executor, username: string) {
  const [row] = await ex
    .select({ id: users.id, username: users.username, role: users.role })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .for("update");
  return row ?? null;
}

/** Locks every admin row (in id order) and counts them, so two admins cannot demote each other at once. */
export async function lockAdmins(ex: Executor): Promise<number> {
  const rows = await ex
    .select({ id: users.id })
    .from(users)
    .where(eq(users.role, "admin"))
    .orderBy(users.id)
    .for("update");
  return rows.length;
}
