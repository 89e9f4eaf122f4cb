/**
 * Follows, @mention look-ups, the username suggester, marking one notification read and the tag page.
 * SQL only; the rules (who is notified, the caps) are in domain/engagement.
 */
import { and, asc, desc, eq, inArray, isNull, ne, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { statement } from "~db/statements";
import { boards, follows, notifications, posts, threads, users } from "~db/schema";
import type { FollowTarget, FollowTargetType } from "~/domain/engagement";
import { encodeCursor, type Cursor } from "~/domain/shared/cursor";
import { listColumns } from "./threads.server";

/** Adds follows; existing ones are kept as they are (idempotent). Returns how many were new. */
export async function insertFollows(ex: Executor, userId: string, targets: FollowTarget[], at: Date) {
  if (!targets.length) return 0;
  if (targets.length === 1) {
    const [t] = targets as [FollowTarget];
    return (await insertFollowStmt(ex, { userId, type: t.targetType, key: t.targetKey, at })).length;
  }
  const rows = await ex
    .insert(follows)
    .values(targets.map((t) => ({ userId, targetType: t.targetType, targetKey: t.targetKey, createdAt: at })))
    .onConflictDoNothing()
    .returning({ key: follows.targetKey });
  return rows.length;
}

/** One follow (every post's author follows its thread): built once. */
const insertFollowStmt = statement("insert_follow", (ex) =>
  ex
    .insert(follows)
    .values({
      userId: sql.placeholder("userId"),
      targetType: sql.placeholder("type"),
      targetKey: sql.placeholder("key"),
      createdAt: sql.placeholder("at"),
    })
    .onConflictDoNothing()
    .returning({ key: follows.targetKey }),
);

export async function deleteFollow(ex: Executor, userId: string, t: FollowTarget) {
  const rows = await ex
    .delete(follows)
    .where(
      and(
        eq(follows.userId, userId),
        eq(follows.targetType, t.targetType),
        eq(follows.targetKey, t.targetKey),
      ),
    )
    .returning({ key: follows.targetKey });
  return rows.length;
}

/** Whether the member follows this target (primary key look-up). */
export async function isFollowing(ex: Executor, userId: string, t: FollowTarget): Promise<boolean> {
  const [row] = await ex
    .select({ one: sql<number>`1` })
    .from(follows)
    .where(
      and(
        eq(follows.userId, userId),
        eq(follows.targetType, t.targetType),
        eq(follows.targetKey, t.targetKey),
      ),
    )
    .limit(1);
  return !!row;
}

/**
 * Followers of some targets of one type, at most `limit`, without `excludeId` (served by follows_target_idx:
 * target_type, target_key, user_id — an index range, no sort).
 */
export async function selectFollowerIds(
  ex: Executor,
  targetType: FollowTargetType,
  keys: string[],
  excludeId: string,
  limit: number,
): Promise<string[]> {
  if (!keys.length) return [];
  // One key (a thread's or a board's followers, on every post): built once; the index gives them in order.
  const rows =
    keys.length === 1
      ? await followersOfStmt(ex, { type: targetType, key: keys[0], excludeId, limit })
      : await ex
          .select({ userId: follows.userId })
          .from(follows)
          .where(
            and(
              eq(follows.targetType, targetType),
              inArray(follows.targetKey, keys),
              ne(follows.userId, excludeId),
            ),
          )
          .orderBy(asc(follows.userId))
          .limit(limit);
  return [...new Set(rows.map((r) => r.userId))];
}

const followersOfStmt = statement("followers_of", (ex) =>
  ex
    .select({ userId: follows.userId })
    .from(follows)
    .where(
      and(
        eq(follows.targetType, sql.placeholder("type")),
        eq(follows.targetKey, sql.placeholder("key")),
        ne(follows.userId, sql.placeholder("excludeId")),
      ),
    )
    .orderBy(asc(follows.userId))
    .limit(sql.placeholder("limit")),
);

/**
 * The member's follows, with names for boards and titles for threads; keyset-paginated over the primary key
 * (user_id, target_type, target_key). `after` is "type:key" of the last one shown.
 */
export async function listFollowing(
  ex: Executor,
  userId: string,
  opts: { after: FollowTarget | null; limit: number },
) {
  const where: SQL[] = [eq(follows.userId, userId)];
  if (opts.after)
    where.push(
      sql`(${follows.targetType}, ${follows.targetKey}) > (${opts.after.targetType}, ${opts.after.targetKey})`,
    );
  const rows = await ex
    .select({
      targetType: follows.targetType,
      targetKey: follows.targetKey,
      boardSlug: boards.slug,
      boardNameVi: boards.nameVi,
      boardNameEn: boards.nameEn,
      threadTitle: threads.title,
    })
    .from(follows)
    .leftJoin(
      boards,
      sql`${follows.targetType} = 'board' and ${boards.id} = (case when ${follows.targetType} = 'board' and ${follows.targetKey} ~ '^[0-9]{1,9}$' then ${follows.targetKey}::int end)`,
    )
    .leftJoin(
      threads,
      sql`${follows.targetType} = 'thread' and ${threads.id} = (case when ${follows.targetType} = 'thread' and ${follows.targetKey} ~ '^[0-9]{1,15}$' then ${follows.targetKey}::bigint end)`,
    )
    .where(and(...where))
    .orderBy(asc(follows.targetType), asc(follows.targetKey))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = rows.length > opts.limit ? items[items.length - 1] : undefined;
  return { items, next: last ? `${last.targetType}:${last.targetKey}` : null };
}

/** Ids of existing members with these (lower-cased) usernames (users_username_lower_idx). */
export async function findUserIdsByUsernames(ex: Executor, names: string[]): Promise<string[]> {
  if (!names.length) return [];
  const rows = await ex
    .select({ id: users.id })
    .from(users)
    .where(inArray(sql`lower(${users.username})`, names));
  return rows.map((r) => r.id);
}

/**
 * Usernames starting with `prefix` (already lower-cased, [a-z0-9_.-]), alphabetical. A range on
 * lower(username) lets users_username_lower_idx serve it; LIKE (with _ escaped) keeps it exact under any collation.
 */
export async function suggestUsernames(ex: Executor, prefix: string, limit: number) {
  const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return ex
    .select({ username: users.username, reputation: users.reputation })
    .from(users)
    .where(
      and(
        sql`lower(${users.username}) >= ${prefix}`,
        sql`lower(${users.username}) < ${`${prefix}\u{10FFFF}`}`,
        sql`lower(${users.username}) like ${like}`,
      ),
    )
    .orderBy(sql`lower(${users.username})`)
    .limit(limit);
}

/** Marks one of the member's notifications read (keeps the first read time). False: not theirs / unknown. */
export async function markOneRead(ex: Executor, userId: string, id: number, at: Date): Promise<boolean> {
  const rows = await ex
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

/** What the notifications of a new post need: the thread, the post's document and its author's name. */
export async function findPostNotifyFacts(ex: Executor, postId: number) {
  const [row] = await ex
    .select({
      threadId: threads.id,
      title: threads.title,
      threadAuthorId: threads.authorId,
      boardId: threads.boardId,
      tags: threads.tags,
      bodyJson: posts.bodyJson,
      authorId: posts.authorId,
      authorUsername: users.username,
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(eq(posts.id, postId))
    .limit(1);
  return row ?? null;
}

/** The thread's title and author, and the acting member's username (escalation and accept notifications). */
export async function findThreadNotifyFacts(ex: Executor, threadId: number, actorId: string) {
  const [row] = await ex
    .select({
      title: threads.title,
      authorId: threads.authorId,
      actor: sql<string | null>`(select ${users.username} from ${users} where ${users.id} = ${actorId})`,
    })
    .from(threads)
    .where(eq(threads.id, threadId))
    .limit(1);
  return row ?? null;
}

/** Whether a board with this id exists. */
export async function boardExists(ex: Executor, boardId: number) {
  const [row] = await ex.select({ id: boards.id }).from(boards).where(eq(boards.id, boardId)).limit(1);
  return !!row;
}

/** A public thread (visible, not merged) with this id exists. */
export async function publicThreadExists(ex: Executor, threadId: number) {
  const [row] = await ex
    .select({ id: threads.id })
    .from(threads)
    .where(
      and(eq(threads.id, threadId), eq(threads.moderationState, "visible"), isNull(threads.mergedIntoId)),
    )
    .limit(1);
  return !!row;
}

/** Public threads carrying a tag, newest first; keyset over (created_at, id), candidates from threads_tags_idx. */
export async function listThreadsByTag(
  ex: Executor,
  tag: string,
  opts: { cursor: Cursor | null; limit: number },
) {
  const where: SQL[] = [
    sql`${threads.tags} @> array[${tag}]::text[]`,
    eq(threads.moderationState, "visible"),
    isNull(threads.mergedIntoId),
  ];
  if (opts.cursor)
    where.push(
      sql`(${threads.createdAt}, ${threads.id}) < (${opts.cursor.at.toISOString()}::timestamptz, ${opts.cursor.id})`,
    );
  const rows = await ex
    .select(listColumns)
    .from(threads)
    .innerJoin(users, eq(users.id, threads.authorId))
    .innerJoin(boards, eq(boards.id, threads.boardId))
    .where(and(...where))
    .orderBy(desc(threads.createdAt), desc(threads.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = rows.length > opts.limit ? items[items.length - 1] : undefined;
  return { items, next: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
