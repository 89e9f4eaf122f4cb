import { and, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { sqlStatement, statement, typedPlaceholder } from "~db/statements";
import { postSearchVectorOf, threadSearchVectorOf } from "./search.server";
import type { ThreadMood } from "./listening.server";
import { boards, posts, threads, users, votes } from "~db/schema";
import { filterSortKey, type ThreadFilter } from "~/domain/forum";
import { encodeCursor, type Cursor } from "~/domain/shared/cursor";

export type ThreadRow = typeof threads.$inferSelect;
export type PostRow = typeof posts.$inferSelect;

export async function insertThread(
  ex: Executor,
  row: Pick<ThreadRow, "boardId" | "authorId" | "title" | "createdAt" | "lastActivityAt"> &
    Partial<Pick<ThreadRow, "isAuthorsFirst" | "tags" | "moderationState">>,
) {
  const [created] = await ex.insert(threads).values(row).returning({ id: threads.id });
  return created!;
}

/** A new post. `held`: why it waits for approval (its sentiment and search document come when approved). */
export async function insertPost(
  ex: Executor,
  row: Pick<
    PostRow,
    "threadId" | "authorId" | "isQuestion" | "bodyJson" | "bodyHtml" | "bodyText" | "createdAt" | "updatedAt"
  > &
    (
      | { held: string }
      | {
          held?: undefined;
          /** Absent for a moderator's or admin's post: the community's mood is its members' (ADR 023). */
          sentiment?: Pick<
            PostRow,
            "sentimentLabel" | "sentimentScore" | "sentimentConfidence" | "sentimentLanguage"
          > & {
            sentimentCues: string[];
          };
          /** The post's folded search text (data/search postSearchText), indexed with the row. */
          searchText: string;
        }
    ),
) {
  const published = row.held === undefined ? row : null;
  const [created] = await insertPostStmt(ex, {
    threadId: row.threadId,
    authorId: row.authorId,
    isQuestion: row.isQuestion,
    bodyJson: row.bodyJson,
    bodyHtml: row.bodyHtml,
    bodyText: row.bodyText,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    moderationState: published ? "visible" : "pending",
    moderationReason: published ? null : row.held,
    sentimentLabel: published?.sentiment?.sentimentLabel ?? null,
    sentimentScore: published?.sentiment?.sentimentScore ?? null,
    sentimentConfidence: published?.sentiment?.sentimentConfidence ?? null,
    sentimentLanguage: published?.sentiment?.sentimentLanguage ?? null,
    sentimentCues: published?.sentiment ? JSON.stringify(published.sentiment.sentimentCues) : null,
    searchText: published?.searchText ?? null,
  });
  return created!;
}

const placeholder = sql.placeholder;

const insertPostStmt = statement("insert_post", (ex) =>
  ex
    .insert(posts)
    .values({
      threadId: placeholder("threadId"),
      authorId: placeholder("authorId"),
      isQuestion: placeholder("isQuestion"),
      bodyJson: placeholder("bodyJson"),
      bodyHtml: placeholder("bodyHtml"),
      bodyText: placeholder("bodyText"),
      createdAt: placeholder("createdAt"),
      updatedAt: placeholder("updatedAt"),
      moderationState: placeholder("moderationState"),
      moderationReason: typedPlaceholder("moderationReason", "text"),
      sentimentLabel: typedPlaceholder("sentimentLabel", "text"),
      sentimentScore: typedPlaceholder("sentimentScore", "real"),
      sentimentConfidence: typedPlaceholder("sentimentConfidence", "real"),
      sentimentLanguage: typedPlaceholder("sentimentLanguage", "text"),
      sentimentCues: typedPlaceholder("sentimentCues", "jsonb"),
      searchVector: postSearchVectorOf(placeholder("searchText"), placeholder("isQuestion")),
    })
    .returning({ id: posts.id }),
);

export async function setQuestionPost(ex: Executor, threadId: number, postId: number) {
  await ex.update(threads).set({ questionPostId: postId }).where(eq(threads.id, threadId));
}

export async function findThreadForWrite(ex: Executor, threadId: number) {
  const [row] = await findThreadForWriteStmt(ex, { threadId });
  return row ?? null;
}

const findThreadForWriteStmt = statement("find_thread_for_write", (ex) =>
  ex
    .select({
      id: threads.id,
      title: threads.title,
      boardId: threads.boardId,
      authorId: threads.authorId,
      acceptedPostId: threads.acceptedPostId,
      questionPostId: threads.questionPostId,
      isAuthorsFirst: threads.isAuthorsFirst,
      createdAt: threads.createdAt,
      replyCount: threads.replyCount,
      tags: threads.tags,
      status: threads.status,
      acceptedAt: threads.acceptedAt,
      firstAnswerAt: threads.firstAnswerAt,
      firstStaffResponseAt: threads.firstStaffResponseAt,
      // Thread tools: who may still reply (domain/moderation assertCanReply).
      lockedAt: threads.lockedAt,
      closedAt: threads.closedAt,
      mergedIntoId: threads.mergedIntoId,
      moderationState: threads.moderationState,
      // Pre-moderation reads the board's switch in the same statement (a subquery: only the thread is locked).
      boardPremoderated: sql<boolean>`coalesce((select b.premoderated from boards b where b.id = ${threads.boardId}), false)`,
    })
    .from(threads)
    .where(eq(threads.id, placeholder("threadId")))
    .limit(1)
    .for("update"),
);

/**
 * Everything a newly public post changes on its thread, in one UPDATE (the row has many indexes, so each
 * update writes a new version of it and of every index entry): for a reply the count, the activity time and
 * the first response times; for any post the sentiment rollup, the triage score and the search document.
 * The first response times are only ever set once (kept when the row has them).
 */
export async function updateThreadAfterPost(
  ex: Executor,
  threadId: number,
  s: {
    reply: { at: Date; firstAnswerAt?: Date; firstStaffResponseAt?: Date } | null;
    mood: ThreadMood;
    triageScore?: number;
    /** The thread's document's folded texts (data/search readThreadSearchTexts); null: unchanged. */
    search: { title: string; body: string; answers: string } | null;
  },
) {
  await updateThreadAfterPostStmt(ex, {
    threadId,
    replies: s.reply ? 1 : 0,
    replyAt: s.reply?.at.toISOString() ?? null,
    firstAnswerAt: s.reply?.firstAnswerAt?.toISOString() ?? null,
    firstStaffAt: s.reply?.firstStaffResponseAt?.toISOString() ?? null,
    scored: s.mood.scoredPosts,
    negative: s.mood.negativePosts,
    mostNegativeId: s.mood.mostNegativePostId,
    mostNegativeScore: s.mood.mostNegativeScore,
    mood: s.mood.mood,
    triageScore: s.triageScore ?? null,
    hasSearch: s.search !== null,
    title: s.search?.title ?? null,
    body: s.search?.body ?? null,
    answers: s.search?.answers ?? null,
  });
}

const updateThreadAfterPostStmt = sqlStatement("update_thread_after_post", () => {
  const replyAt = typedPlaceholder("replyAt", "timestamptz");
  return sql`
    update threads set
      reply_count = reply_count + ${typedPlaceholder("replies", "int")},
      last_activity_at = case when ${replyAt} is null then last_activity_at
                              else greatest(last_activity_at, ${replyAt}) end,
      first_answer_at = coalesce(first_answer_at, ${typedPlaceholder("firstAnswerAt", "timestamptz")}),
      first_staff_response_at = coalesce(first_staff_response_at, ${typedPlaceholder("firstStaffAt", "timestamptz")}),
      scored_posts = ${typedPlaceholder("scored", "int")},
      negative_posts = ${typedPlaceholder("negative", "int")},
      most_negative_post_id = ${typedPlaceholder("mostNegativeId", "bigint")},
      most_negative_score = ${typedPlaceholder("mostNegativeScore", "real")},
      mood = ${typedPlaceholder("mood", "text")},
      triage_score = coalesce(${typedPlaceholder("triageScore", "int")}, triage_score),
      search_vector = case when ${typedPlaceholder("hasSearch", "boolean")}
        then ${threadSearchVectorOf(placeholder("title"), placeholder("body"), placeholder("answers"))}
        else search_vector end
    where id = ${typedPlaceholder("threadId", "bigint")}`;
});

/** The thread's accepted answer; `derived`: its triage score and search document, in the same write. */
export async function setAccepted(
  ex: Executor,
  threadId: number,
  acceptedPostId: number | null,
  status: "open" | "solved",
  at: Date,
  derived: { triageScore?: number; searchVector?: SQL | null } = {},
) {
  await ex
    .update(threads)
    .set({
      acceptedPostId,
      status,
      lastActivityAt: latest(at),
      acceptedAt: acceptedPostId === null ? null : at,
      ...(derived.triageScore !== undefined ? { triageScore: derived.triageScore } : {}),
      ...(derived.searchVector ? { searchVector: derived.searchVector } : {}),
    })
    .where(eq(threads.id, threadId));
}

/** last_activity_at never moves back (concurrent writers commit in another order than they read the clock). */
const latest = (at: Date) => sql`greatest(${threads.lastActivityAt}, ${at.toISOString()}::timestamptz)`;

export async function setThreadTags(ex: Executor, threadId: number, tags: string[]) {
  await ex.update(threads).set({ tags }).where(eq(threads.id, threadId));
}

export async function setThreadTitle(ex: Executor, threadId: number, title: string) {
  await ex.update(threads).set({ title }).where(eq(threads.id, threadId));
}

/** A reply was removed: the thread and board no longer count it. */
export async function uncountReply(ex: Executor, threadId: number) {
  await ex
    .update(threads)
    .set({ replyCount: sql`greatest(${threads.replyCount} - 1, 0)` })
    .where(eq(threads.id, threadId));
}

export async function markDeletedAsSpam(ex: Executor, postId: number, by: string, reason = "spam") {
  await ex.update(posts).set({ deletedReason: reason, deletedBy: by }).where(eq(posts.id, postId));
}

export async function softDeletePost(ex: Executor, postId: number, by: string, reason: string, at: Date) {
  await ex
    .update(posts)
    .set({ deletedAt: at, deletedBy: by, deletedReason: reason })
    .where(eq(posts.id, postId));
}

export async function updatePostBody(
  ex: Executor,
  postId: number,
  body: { json: unknown; html: string; text: string },
  editorId: string,
  at: Date,
) {
  const [row] = await ex
    .update(posts)
    .set({
      bodyJson: body.json,
      bodyHtml: body.html,
      bodyText: body.text,
      revision: sql`${posts.revision} + 1`,
      editedAt: at,
      editedBy: editorId,
      updatedAt: at,
    })
    .where(eq(posts.id, postId))
    .returning({ revision: posts.revision });
  return row!.revision;
}

export const listColumns = {
  id: threads.id,
  title: threads.title,
  status: threads.status,
  replyCount: threads.replyCount,
  score: threads.score,
  createdAt: threads.createdAt,
  lastActivityAt: threads.lastActivityAt,
  authorUsername: users.username,
  authorReputation: users.reputation,
  authorChampion: users.isChampion,
  tags: threads.tags,
  boardSlug: boards.slug,
  boardNameVi: boards.nameVi,
  boardNameEn: boards.nameEn,
};

export type ThreadListItem = Awaited<ReturnType<typeof listThreads>>["items"][number];

/**
 * One page of threads, newest first by the filter's sort key; keyset-paginated so a deep page costs
 * the same as the first (served by the threads_*_idx indexes).
 */
export async function listThreads(
  ex: Executor,
  opts: {
    boardId?: number;
    authorId?: string;
    filter: ThreadFilter;
    cursor: Cursor | null;
    limit: number;
    /** A board page lists its pinned threads apart (data/thread-tools listPinnedThreads), above this list. */
    excludePinned?: boolean;
  },
) {
  const key = filterSortKey(opts.filter) === "lastActivityAt" ? threads.lastActivityAt : threads.createdAt;
  const where: SQL[] = [];
  if (opts.boardId !== undefined) where.push(eq(threads.boardId, opts.boardId));
  if (opts.authorId !== undefined) where.push(eq(threads.authorId, opts.authorId));
  if (opts.filter === "unanswered") where.push(sql`${threads.replyCount} = 0`);
  if (opts.filter === "solved") where.push(sql`${threads.status} = 'solved'`);
  // Threads whose question waits for approval or is hidden stay out of every public list.
  where.push(eq(threads.moderationState, "visible"));
  // A merged thread is only a redirect to the thread it was merged into.
  where.push(isNull(threads.mergedIntoId));
  if (opts.excludePinned) where.push(isNull(threads.pinnedAt));
  if (opts.cursor) {
    where.push(
      sql`(${key}, ${threads.id}) < (${opts.cursor.at.toISOString()}::timestamptz, ${opts.cursor.id})`,
    );
  }
  const rows = await ex
    .select({ ...listColumns, sortAt: key })
    .from(threads)
    .innerJoin(users, eq(users.id, threads.authorId))
    .innerJoin(boards, eq(boards.id, threads.boardId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(key), desc(threads.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit).map(({ sortAt: _s, ...r }) => r);
  const last = rows.length > opts.limit ? rows[opts.limit - 1] : undefined;
  return { items, next: last ? encodeCursor({ at: last.sortAt, id: last.id }) : null };
}

export async function findThreadHeader(ex: Executor, threadId: number) {
  const [row] = await ex
    .select({
      id: threads.id,
      title: threads.title,
      status: threads.status,
      authorId: threads.authorId,
      questionPostId: threads.questionPostId,
      acceptedPostId: threads.acceptedPostId,
      replyCount: threads.replyCount,
      score: threads.score,
      createdAt: threads.createdAt,
      lastActivityAt: threads.lastActivityAt,
      tags: threads.tags,
      boardSlug: boards.slug,
      boardNameVi: boards.nameVi,
      boardNameEn: boards.nameEn,
      moderationState: threads.moderationState,
    })
    .from(threads)
    .innerJoin(boards, eq(boards.id, threads.boardId))
    .where(eq(threads.id, threadId))
    .limit(1);
  return row ?? null;
}

const postColumns = {
  id: posts.id,
  threadId: posts.threadId,
  isQuestion: posts.isQuestion,
  bodyHtml: posts.bodyHtml,
  score: posts.score,
  createdAt: posts.createdAt,
  updatedAt: posts.updatedAt,
  authorId: posts.authorId,
  authorUsername: users.username,
  authorRole: users.role,
  authorReputation: users.reputation,
  authorChampion: users.isChampion,
  revision: posts.revision,
  editedAt: posts.editedAt,
  // Staff-only: the thread page loader and the thread API strip these for everyone else.
  sentimentLabel: posts.sentimentLabel,
  sentimentConfidence: posts.sentimentConfidence,
  sentimentCues: posts.sentimentCues,
  sentimentCorrected: posts.sentimentCorrected,
  // Pending / hidden / rejected posts are shown only to their author and staff (see visibleTo).
  moderationState: posts.moderationState,
  moderationReason: posts.moderationReason,
};

/** Who is reading: everyone sees visible posts; the author also their own, staff every post. */
export interface PostVisibility {
  viewerId: string | null;
  staff: boolean;
}

function visibleTo(v: PostVisibility | undefined): SQL | undefined {
  if (v?.staff) return undefined;
  if (v?.viewerId) return sql`(${posts.moderationState} = 'visible' or ${posts.authorId} = ${v.viewerId})`;
  return eq(posts.moderationState, "visible");
}

export type PostView = Awaited<ReturnType<typeof listThreadPosts>>["items"][number];

/** The thread's replies in order of writing (keyset by createdAt, id), without the question itself. */
export async function listThreadPosts(
  ex: Executor,
  threadId: number,
  opts: { cursor: Cursor | null; limit: number; visibility?: PostVisibility },
) {
  const where: SQL[] = [eq(posts.threadId, threadId), eq(posts.isQuestion, false), isNull(posts.deletedAt)];
  const visible = visibleTo(opts.visibility);
  if (visible) where.push(visible);
  if (opts.cursor) {
    where.push(
      sql`(${posts.createdAt}, ${posts.id}) > (${opts.cursor.at.toISOString()}::timestamptz, ${opts.cursor.id})`,
    );
  }
  const rows = await ex
    .select(postColumns)
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(...where))
    .orderBy(posts.createdAt, posts.id)
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = rows.length > opts.limit ? rows[opts.limit - 1] : undefined;
  return { items, next: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}

export async function findPostsByIds(ex: Executor, ids: number[]) {
  if (!ids.length) return [];
  return ex
    .select(postColumns)
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(inArray(posts.id, ids), isNull(posts.deletedAt)));
}

/** The viewer's own votes on the given posts, in one query. */
export async function findViewerVotes(ex: Executor, userId: string, postIds: number[]) {
  if (!postIds.length) return new Map<number, number>();
  const rows = await ex
    .select({ postId: votes.postId, value: votes.value })
    .from(votes)
    .where(and(eq(votes.userId, userId), inArray(votes.postId, postIds)));
  return new Map(rows.map((r) => [r.postId, r.value]));
}

/** Which thread a post belongs to, without locking (to take the thread's lock first: thread → post → members). */
export async function findPostThread(ex: Executor, postId: number) {
  const [row] = await ex
    .select({ threadId: posts.threadId, isQuestion: posts.isQuestion })
    .from(posts)
    .where(eq(posts.id, postId))
    .limit(1);
  return row ?? null;
}

/** Locks a thread row (no data needed), e.g. before a post of it. */
export async function lockThread(ex: Executor, threadId: number) {
  await ex.select({ id: threads.id }).from(threads).where(eq(threads.id, threadId)).for("update");
}

export async function findPostForWrite(ex: Executor, postId: number) {
  const [row] = await ex
    .select({
      id: posts.id,
      threadId: posts.threadId,
      authorId: posts.authorId,
      isQuestion: posts.isQuestion,
      score: posts.score,
      revision: posts.revision,
      bodyJson: posts.bodyJson,
      bodyHtml: posts.bodyHtml,
      deletedAt: posts.deletedAt,
      deletedReason: posts.deletedReason,
      moderationState: posts.moderationState,
      moderationReason: posts.moderationReason,
      createdAt: posts.createdAt,
      boardId: threads.boardId,
      threadAuthorId: threads.authorId,
      threadTitle: threads.title,
      acceptedPostId: threads.acceptedPostId,
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(eq(posts.id, postId))
    .limit(1)
    .for("update", { of: posts });
  return row ?? null;
}

export async function findVote(ex: Executor, postId: number, userId: string) {
  const [row] = await ex
    .select({ value: votes.value })
    .from(votes)
    .where(and(eq(votes.postId, postId), eq(votes.userId, userId)))
    .limit(1)
    .for("update");
  return (row?.value ?? 0) as -1 | 0 | 1;
}

export async function saveVote(ex: Executor, postId: number, userId: string, value: -1 | 0 | 1, at: Date) {
  if (value === 0) {
    await ex.delete(votes).where(and(eq(votes.postId, postId), eq(votes.userId, userId)));
    return;
  }
  await ex
    .insert(votes)
    .values({ postId, userId, value, createdAt: at })
    .onConflictDoUpdate({ target: [votes.postId, votes.userId], set: { value, createdAt: at } });
}

/** Applies a vote's deltas to the post's counters (and the thread's score for a question); returns the new score. */
export async function applyVoteDelta(
  ex: Executor,
  post: { id: number; threadId: number; isQuestion: boolean },
  d: { scoreDelta: number; upDelta: number; downDelta: number },
): Promise<number> {
  const [row] = await ex
    .update(posts)
    .set({
      score: sql`${posts.score} + ${d.scoreDelta}`,
      upvotes: sql`${posts.upvotes} + ${d.upDelta}`,
      downvotes: sql`${posts.downvotes} + ${d.downDelta}`,
    })
    .where(eq(posts.id, post.id))
    .returning({ score: posts.score });
  if (post.isQuestion && d.scoreDelta !== 0) {
    await ex
      .update(threads)
      .set({ score: sql`${threads.score} + ${d.scoreDelta}` })
      .where(eq(threads.id, post.threadId));
  }
  return row!.score;
}

export async function getPostScore(ex: Executor, postId: number) {
  const [row] = await ex.select({ score: posts.score }).from(posts).where(eq(posts.id, postId));
  return row?.score ?? 0;
}

/** A member's answers (optionally only accepted ones), newest first, keyset-paginated. */
export async function listAnswersBy(
  ex: Executor,
  authorId: string,
  opts: { acceptedOnly: boolean; cursor: Cursor | null; limit: number },
) {
  const where: SQL[] = [eq(posts.authorId, authorId), eq(posts.isQuestion, false), isNull(posts.deletedAt)];
  // Accepting your own answer is not a solution for others: it does not count here (or in acceptedCount).
  if (opts.acceptedOnly)
    where.push(eq(threads.acceptedPostId, posts.id), sql`${threads.authorId} <> ${posts.authorId}`);
  if (opts.cursor) {
    where.push(
      sql`(${posts.createdAt}, ${posts.id}) < (${opts.cursor.at.toISOString()}::timestamptz, ${opts.cursor.id})`,
    );
  }
  const rows = await ex
    .select({
      postId: posts.id,
      threadId: threads.id,
      title: threads.title,
      score: posts.score,
      createdAt: posts.createdAt,
      accepted: sql<boolean>`${threads.acceptedPostId} = ${posts.id}`,
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(and(...where))
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit).map((r) => ({ ...r, accepted: Boolean(r.accepted) }));
  const last = rows.length > opts.limit ? rows[opts.limit - 1] : undefined;
  return { items, next: last ? encodeCursor({ at: last.createdAt, id: last.postId }) : null };
}

export async function findPostForEdit(ex: Executor, postId: number) {
  const [row] = await ex
    .select({
      id: posts.id,
      threadId: posts.threadId,
      authorId: posts.authorId,
      isQuestion: posts.isQuestion,
      bodyJson: posts.bodyJson,
      bodyText: posts.bodyText,
      revision: posts.revision,
      deletedAt: posts.deletedAt,
      title: threads.title,
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(eq(posts.id, postId))
    .limit(1);
  return row && !row.deletedAt ? row : null;
}
