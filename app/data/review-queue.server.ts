/**
 * SQL of flags, the review queue and pre-moderation. The queue is one open review_items row per post,
 * read oldest first over review_items_open_idx; flags, flaggers and authors' histories come in one query
 * each for the whole page (no query per row).
 */
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { boards, flags, posts, reviewItems, threads, users } from "~db/schema";
import { encodeCursor, type Cursor } from "~/domain/shared/cursor";
import { rowsOf } from "./reputation.server";

export async function bumpPostFlagCount(ex: Executor, postId: number) {
  await ex
    .update(posts)
    .set({ flagCount: sql`${posts.flagCount} + 1` })
    .where(eq(posts.id, postId));
}

/** The post's open review item gets one more flag; one is created (kind flagged) at the first flag. */
export async function upsertFlaggedItem(ex: Executor, postId: number, at: Date) {
  const [row] = await ex
    .insert(reviewItems)
    .values({ postId, kind: "flagged", status: "open", flagCount: 1, createdAt: at })
    .onConflictDoUpdate({
      target: reviewItems.postId,
      targetWhere: sql`${reviewItems.status} = 'open'`,
      set: { flagCount: sql`${reviewItems.flagCount} + 1` },
    })
    .returning({ id: reviewItems.id });
  return row!.id;
}

/** A new post waits for approval: its review item (kind pending). */
export async function insertPendingItem(ex: Executor, postId: number, at: Date) {
  const [row] = await ex
    .insert(reviewItems)
    .values({ postId, kind: "pending", status: "open", createdAt: at })
    .onConflictDoNothing()
    .returning({ id: reviewItems.id });
  return row?.id ?? null;
}

export async function countOpenFlags(ex: Executor, postId: number): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(distinct ${flags.userId})::int` })
    .from(flags)
    .where(and(eq(flags.postId, postId), eq(flags.status, "open")));
  return Number(row?.n ?? 0);
}

export async function setPostModeration(
  ex: Executor,
  postId: number,
  state: string,
  reason: string | null,
  at: Date,
) {
  await ex
    .update(posts)
    .set({ moderationState: state, moderationReason: reason, updatedAt: at })
    .where(eq(posts.id, postId));
}

export async function setThreadModeration(ex: Executor, threadId: number, state: string) {
  await ex.update(threads).set({ moderationState: state }).where(eq(threads.id, threadId));
}

/** The review item, optionally locked (after the thread and the post: lock order thread → post → item → users). */
export async function findReviewItem(ex: Executor, id: number, forUpdate = false) {
  const q = ex
    .select({
      id: reviewItems.id,
      postId: reviewItems.postId,
      kind: reviewItems.kind,
      status: reviewItems.status,
      flagCount: reviewItems.flagCount,
    })
    .from(reviewItems)
    .where(eq(reviewItems.id, id))
    .limit(1);
  const [row] = forUpdate ? await q.for("update") : await q;
  return row ?? null;
}

export async function resolveReviewItemRow(
  ex: Executor,
  id: number,
  resolution: string,
  by: string,
  at: Date,
) {
  await ex
    .update(reviewItems)
    .set({ status: "resolved", resolution, resolvedBy: by, resolvedAt: at })
    .where(eq(reviewItems.id, id));
}

/** Rules on every open flag of the post; returns the flaggers (one per flag) for their accuracy record. */
export async function resolveOpenFlags(
  ex: Executor,
  postId: number,
  status: "upheld" | "dismissed",
  by: string,
  at: Date,
): Promise<string[]> {
  const rows = await ex
    .update(flags)
    .set({ status, resolvedBy: by, resolvedAt: at })
    .where(and(eq(flags.postId, postId), eq(flags.status, "open")))
    .returning({ userId: flags.userId });
  return rows.map((r) => r.userId);
}

/** Moves the flaggers' accuracy counters (one statement; a member has at most one flag per post). */
export async function bumpFlaggerAccuracy(ex: Executor, userIds: string[], status: "upheld" | "dismissed") {
  if (!userIds.length) return;
  const ids = [...new Set(userIds)].sort();
  await ex
    .update(users)
    .set(
      status === "upheld"
        ? { flagsUpheld: sql`${users.flagsUpheld} + 1` }
        : { flagsDismissed: sql`${users.flagsDismissed} + 1` },
    )
    .where(inArray(users.id, ids));
}

/** The facts a pending post needs to be published on approval. */
export async function findPostToPublish(ex: Executor, postId: number) {
  const [row] = await ex
    .select({
      id: posts.id,
      threadId: posts.threadId,
      authorId: posts.authorId,
      isQuestion: posts.isQuestion,
      bodyText: posts.bodyText,
      title: threads.title,
      boardId: threads.boardId,
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(eq(posts.id, postId))
    .limit(1);
  return row ?? null;
}

/** Reasons of the open flags on the given posts (for the author's "hidden while moderators review" banner). */
export async function listOpenFlagReasons(ex: Executor, postIds: number[]) {
  const out = new Map<number, string[]>();
  if (!postIds.length) return out;
  const rows = await ex
    .select({ postId: flags.postId, reason: flags.reason })
    .from(flags)
    .where(and(inArray(flags.postId, postIds), eq(flags.status, "open")));
  for (const r of rows) out.set(r.postId, [...(out.get(r.postId) ?? []), r.reason]);
  return out;
}

export type ReviewKindFilter = "flagged" | "pending" | null;

/** One page of the open queue, oldest first (keyset over review_items_open_idx). */
export async function listReviewQueue(
  ex: Executor,
  opts: { kind: ReviewKindFilter; cursor: Cursor | null; limit: number },
) {
  const where: SQL[] = [eq(reviewItems.status, "open")];
  if (opts.kind) where.push(eq(reviewItems.kind, opts.kind));
  if (opts.cursor) {
    where.push(
      sql`(${reviewItems.createdAt}, ${reviewItems.id}) > (${opts.cursor.at.toISOString()}::timestamptz, ${opts.cursor.id})`,
    );
  }
  const rows = await ex
    .select({
      id: reviewItems.id,
      kind: reviewItems.kind,
      flagCount: reviewItems.flagCount,
      createdAt: reviewItems.createdAt,
      postId: posts.id,
      isQuestion: posts.isQuestion,
      excerpt: sql<string>`left(${posts.bodyText}, 400)`,
      postState: posts.moderationState,
      postReason: posts.moderationReason,
      postCreatedAt: posts.createdAt,
      deleted: sql<boolean>`${posts.deletedAt} is not null`,
      threadId: threads.id,
      threadTitle: threads.title,
      boardSlug: boards.slug,
      boardNameVi: boards.nameVi,
      boardNameEn: boards.nameEn,
      authorId: users.id,
      authorUsername: users.username,
      authorRole: users.role,
      authorReputation: users.reputation,
      authorQuestions: users.questionCount,
      authorAnswers: users.answerCount,
      authorJoinedAt: users.createdAt,
    })
    .from(reviewItems)
    .innerJoin(posts, eq(posts.id, reviewItems.postId))
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .innerJoin(boards, eq(boards.id, threads.boardId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(...where))
    .orderBy(asc(reviewItems.createdAt), asc(reviewItems.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit).map((r) => ({ ...r, deleted: Boolean(r.deleted) }));
  const last = rows.length > opts.limit ? rows[opts.limit - 1] : undefined;
  return { items, next: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}

/** The open flags of the listed posts with each flagger's accuracy record, oldest first (one query). */
export async function listFlagsForPosts(ex: Executor, postIds: number[]) {
  if (!postIds.length) return [];
  return ex
    .select({
      id: flags.id,
      postId: flags.postId,
      reason: flags.reason,
      note: flags.note,
      createdAt: flags.createdAt,
      flaggerUsername: users.username,
      flaggerUpheld: users.flagsUpheld,
      flaggerDismissed: users.flagsDismissed,
    })
    .from(flags)
    .innerJoin(users, eq(users.id, flags.userId))
    .where(and(inArray(flags.postId, postIds), eq(flags.status, "open")))
    .orderBy(asc(flags.createdAt), asc(flags.id));
}

/** Per author: earlier moderation against their posts (hidden or removed by a moderator), in one query. */
export async function listAuthorsModerationHistory(ex: Executor, authorIds: string[]) {
  const out = new Map<string, { removals: number; hidden: number; upheldFlags: number }>();
  if (!authorIds.length) return out;
  const ids = [...new Set(authorIds)];
  const result = await ex.execute(sql`
    select p.author_id as author_id,
      count(*) filter (where ri.resolution in ('deleted_spam', 'deleted_abuse'))::int as removals,
      count(*) filter (where ri.resolution = 'hidden')::int as hidden,
      coalesce(sum(f.upheld), 0)::int as upheld_flags
    from review_items ri
    join posts p on p.id = ri.post_id
    left join lateral (
      select count(*)::int as upheld from flags fl where fl.post_id = ri.post_id and fl.status = 'upheld'
    ) f on true
    where ri.status = 'resolved'
      and p.author_id in (${sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      )})
    group by p.author_id`);
  for (const r of rowsOf(result)) {
    out.set(String(r.author_id), {
      removals: Number(r.removals ?? 0),
      hidden: Number(r.hidden ?? 0),
      upheldFlags: Number(r.upheld_flags ?? 0),
    });
  }
  return out;
}

/** A member's flagging record (profile). */
export async function findFlaggerRecord(ex: Executor, userId: string) {
  const [row] = await ex
    .select({ cast: users.flagsCast, upheld: users.flagsUpheld, dismissed: users.flagsDismissed })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

export async function setBoardPremoderated(ex: Executor, boardId: number, on: boolean) {
  const [row] = await ex
    .update(boards)
    .set({ premoderated: on })
    .where(eq(boards.id, boardId))
    .returning({ id: boards.id, slug: boards.slug });
  return row ?? null;
}

export async function findBoardPremoderation(ex: Executor, boardId: number) {
  const [row] = await ex
    .select({ id: boards.id, slug: boards.slug, premoderated: boards.premoderated })
    .from(boards)
    .where(eq(boards.id, boardId))
    .limit(1)
    .for("update");
  return row ?? null;
}

/** Boards and their pre-moderation switch, for the settings page. */
export async function listBoardsPremoderation(ex: Executor) {
  return ex
    .select({
      id: boards.id,
      slug: boards.slug,
      nameVi: boards.nameVi,
      nameEn: boards.nameEn,
      premoderated: boards.premoderated,
    })
    .from(boards)
    .orderBy(asc(boards.position), asc(boards.id))
    .limit(500);
}
