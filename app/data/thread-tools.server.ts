/** SQL of the moderators' thread tools (lock, close, pin, move, merge) and of post revision history. */
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "~db/client";
import { boards, postRevisions, posts, threads, users } from "~db/schema";
import { listColumns } from "./threads.server";

const toolColumns = {
  id: threads.id,
  boardId: threads.boardId,
  authorId: threads.authorId,
  title: threads.title,
  questionPostId: threads.questionPostId,
  replyCount: threads.replyCount,
  lastActivityAt: threads.lastActivityAt,
  lockedAt: threads.lockedAt,
  closedAt: threads.closedAt,
  closeReason: threads.closeReason,
  duplicateOfId: threads.duplicateOfId,
  pinnedAt: threads.pinnedAt,
  mergedIntoId: threads.mergedIntoId,
};

export type ThreadToolRow = Awaited<ReturnType<typeof lockThreadsForTools>>[number];

/** Locks the given threads in id order (two merges in opposite directions cannot deadlock). */
export async function lockThreadsForTools(ex: Executor, ids: number[]) {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  if (!unique.length) return [];
  return ex
    .select(toolColumns)
    .from(threads)
    .where(inArray(threads.id, unique))
    .orderBy(asc(threads.id))
    .for("update");
}

/** A thread's tool state without a lock (e.g. the original of a duplicate, which is only linked to). */
export async function findThreadToolState(ex: Executor, threadId: number) {
  const [row] = await ex.select(toolColumns).from(threads).where(eq(threads.id, threadId)).limit(1);
  return row ?? null;
}

export async function updateThreadTools(
  ex: Executor,
  threadId: number,
  set: Partial<
    Pick<
      typeof threads.$inferInsert,
      | "lockedAt"
      | "lockedBy"
      | "closedAt"
      | "closedBy"
      | "closeReason"
      | "duplicateOfId"
      | "pinnedAt"
      | "boardId"
    >
  >,
) {
  if (!Object.keys(set).length) return;
  await ex.update(threads).set(set).where(eq(threads.id, threadId));
}

/** A board by id or slug. */
export async function findBoardRef(ex: Executor, ref: number | string) {
  const [row] = await ex
    .select({ id: boards.id, slug: boards.slug })
    .from(boards)
    .where(typeof ref === "number" ? eq(boards.id, ref) : eq(boards.slug, ref))
    .limit(1);
  return row ?? null;
}

/** Boards for the "move to" select (a handful per community). */
export async function listBoardChoices(ex: Executor) {
  return ex
    .select({ id: boards.id, slug: boards.slug, nameVi: boards.nameVi, nameEn: boards.nameEn })
    .from(boards)
    .orderBy(asc(boards.position), asc(boards.id));
}

/** Board counters move in board-id order, so concurrent moves between the same boards cannot deadlock. */
export async function shiftBoardCounters(
  ex: Executor,
  changes: { boardId: number; threads: number; posts: number }[],
  at: Date,
) {
  for (const c of [...changes].sort((a, b) => a.boardId - b.boardId)) {
    if (!c.threads && !c.posts) continue;
    await ex
      .update(boards)
      .set({
        threadCount: sql`greatest(${boards.threadCount} + ${c.threads}, 0)`,
        postCount: sql`greatest(${boards.postCount} + ${c.posts}, 0)`,
        lastActivityAt: sql`greatest(${boards.lastActivityAt}, ${at.toISOString()}::timestamptz)`,
      })
      .where(eq(boards.id, c.boardId));
  }
}

/**
 * Moves every post of `sourceId` (deleted ones too, so their history follows) into `targetId`; the source's
 * question becomes a reply. Returns the source question's author.
 */
export async function movePostsIntoThread(ex: Executor, sourceId: number, targetId: number) {
  const [question] = await ex
    .update(posts)
    .set({ isQuestion: false })
    .where(and(eq(posts.threadId, sourceId), eq(posts.isQuestion, true)))
    .returning({ id: posts.id, authorId: posts.authorId, deletedAt: posts.deletedAt });
  await ex.update(posts).set({ threadId: targetId }).where(eq(posts.threadId, sourceId));
  return question ?? null;
}

/** The target of a merge gains the source's replies (and its question, now a reply). */
export async function addMergedReplies(ex: Executor, targetId: number, count: number, lastActivityAt: Date) {
  await ex
    .update(threads)
    .set({
      replyCount: sql`${threads.replyCount} + ${count}`,
      lastActivityAt: sql`greatest(${threads.lastActivityAt}, ${lastActivityAt.toISOString()}::timestamptz)`,
    })
    .where(eq(threads.id, targetId));
}

/**
 * The merged source stays as a redirect: closed as a duplicate of the target, no posts, not pinned, and out
 * of the triage queue (marked handled).
 */
export async function markThreadMerged(
  ex: Executor,
  sourceId: number,
  targetId: number,
  actorId: string,
  at: Date,
) {
  await ex
    .update(threads)
    .set({
      mergedIntoId: targetId,
      closedAt: sql`coalesce(${threads.closedAt}, ${at.toISOString()}::timestamptz)`,
      closedBy: sql`coalesce(${threads.closedBy}, ${actorId})`,
      closeReason: "duplicate",
      duplicateOfId: targetId,
      pinnedAt: null,
      questionPostId: null,
      replyCount: 0,
      handledAt: sql`coalesce(${threads.handledAt}, ${at.toISOString()}::timestamptz)`,
      handledBy: sql`coalesce(${threads.handledBy}, ${actorId})`,
    })
    .where(eq(threads.id, sourceId));
}

/** Threads merged into the source follow it to the new target, so a link never redirects twice. */
export async function repointMergedThreads(ex: Executor, fromId: number, toId: number) {
  await ex
    .update(threads)
    .set({ mergedIntoId: toId, duplicateOfId: toId })
    .where(eq(threads.mergedIntoId, fromId));
}

/** A board's pinned threads, most recently pinned first (threads_board_pinned_idx). */
export async function listPinnedThreads(ex: Executor, boardId: number, limit = 10) {
  const rows = await ex
    .select(listColumns)
    .from(threads)
    .innerJoin(users, eq(users.id, threads.authorId))
    .innerJoin(boards, eq(boards.id, threads.boardId))
    .where(
      and(
        eq(threads.boardId, boardId),
        isNotNull(threads.pinnedAt),
        isNull(threads.mergedIntoId),
        eq(threads.moderationState, "visible"),
      ),
    )
    .orderBy(desc(threads.pinnedAt), desc(threads.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, pinned: true as const }));
}

const duplicateOf = alias(threads, "duplicate_of");

/** What the thread page needs of the tools: state, the original of a duplicate, the merge redirect. */
export async function findThreadToolsRow(ex: Executor, threadId: number) {
  const [row] = await ex
    .select({
      id: threads.id,
      boardId: threads.boardId,
      lockedAt: threads.lockedAt,
      closedAt: threads.closedAt,
      closeReason: threads.closeReason,
      pinnedAt: threads.pinnedAt,
      mergedIntoId: threads.mergedIntoId,
      duplicateOfId: threads.duplicateOfId,
      duplicateOfTitle: duplicateOf.title,
    })
    .from(threads)
    .leftJoin(duplicateOf, eq(duplicateOf.id, threads.duplicateOfId))
    .where(eq(threads.id, threadId))
    .limit(1);
  return row ?? null;
}

// ---- Revision history -------------------------------------------------------------------------------

/** The post whose history is read: who wrote it (for the author-or-staff check) and its current version. */
export async function findPostHistoryHead(ex: Executor, postId: number) {
  const [row] = await ex
    .select({
      id: posts.id,
      threadId: posts.threadId,
      authorId: posts.authorId,
      authorUsername: users.username,
      isQuestion: posts.isQuestion,
      revision: posts.revision,
      bodyJson: posts.bodyJson,
      bodyText: posts.bodyText,
      editedAt: posts.editedAt,
      createdAt: posts.createdAt,
      threadTitle: threads.title,
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(eq(posts.id, postId))
    .limit(1);
  return row ?? null;
}

/** Stored (older) revisions, newest first, keyset by revision number (post_revisions_post_rev_idx). */
export async function listRevisionsPage(
  ex: Executor,
  postId: number,
  opts: { before: number | null; limit: number },
) {
  const where = [eq(postRevisions.postId, postId)];
  if (opts.before !== null) where.push(lt(postRevisions.revision, opts.before));
  const rows = await ex
    .select({
      revision: postRevisions.revision,
      title: postRevisions.title,
      editor: users.username,
      createdAt: postRevisions.createdAt,
    })
    .from(postRevisions)
    .innerJoin(users, eq(users.id, postRevisions.editorId))
    .where(and(...where))
    .orderBy(desc(postRevisions.revision))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = rows.length > opts.limit ? items[items.length - 1] : undefined;
  return { items, next: last ? last.revision : null };
}

/** The bodies of the given stored revisions, in one query. */
export async function findRevisionBodies(ex: Executor, postId: number, revisions: number[]) {
  if (!revisions.length) return [];
  return ex
    .select({
      revision: postRevisions.revision,
      title: postRevisions.title,
      bodyJson: postRevisions.bodyJson,
      createdAt: postRevisions.createdAt,
    })
    .from(postRevisions)
    .where(and(eq(postRevisions.postId, postId), inArray(postRevisions.revision, revisions)));
}
