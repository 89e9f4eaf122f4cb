/** The review queue page's shape (page and API): a fixed number of queries per page, whatever its length. */
import type { Executor } from "~db/client";
import { flagAccuracy, OUTCOMES_BY_KIND, type ReviewKind } from "~/domain/moderation";
import type { Cursor } from "~/domain/shared/cursor";
import {
  listAuthorsModerationHistory,
  listFlagsForPosts,
  listReviewQueue,
  type ReviewKindFilter,
} from "./review-queue.server";

export const QUEUE_PAGE = 20;

export function parseQueueKind(raw: string | null | undefined): ReviewKindFilter {
  return raw === "flagged" || raw === "pending" ? raw : null;
}

export async function getReviewQueuePage(
  ex: Executor,
  opts: { kind: ReviewKindFilter; cursor: Cursor | null; limit?: number },
) {
  const page = await listReviewQueue(ex, { ...opts, limit: opts.limit ?? QUEUE_PAGE });
  const postIds = page.items.map((i) => i.postId);
  const [flags, history] = await Promise.all([
    listFlagsForPosts(ex, postIds),
    listAuthorsModerationHistory(
      ex,
      page.items.map((i) => i.authorId),
    ),
  ]);
  const items = page.items.map((i) => ({
    id: i.id,
    kind: i.kind as ReviewKind,
    createdAt: i.createdAt,
    flagCount: i.flagCount,
    post: {
      id: i.postId,
      isQuestion: i.isQuestion,
      excerpt: i.excerpt,
      state: i.postState,
      reason: i.postReason,
      createdAt: i.postCreatedAt,
      deleted: i.deleted,
    },
    thread: {
      id: i.threadId,
      title: i.threadTitle,
      boardSlug: i.boardSlug,
      boardNameVi: i.boardNameVi,
      boardNameEn: i.boardNameEn,
    },
    author: {
      username: i.authorUsername,
      role: i.authorRole,
      reputation: i.authorReputation,
      posts: i.authorQuestions + i.authorAnswers,
      joinedAt: i.authorJoinedAt,
      ...(history.get(i.authorId) ?? { removals: 0, hidden: 0, upheldFlags: 0 }),
    },
    flags: flags
      .filter((f) => f.postId === i.postId)
      .map((f) => ({
        id: f.id,
        reason: f.reason,
        note: f.note,
        createdAt: f.createdAt,
        flagger: {
          username: f.flaggerUsername,
          upheld: f.flaggerUpheld,
          dismissed: f.flaggerDismissed,
          accuracy: flagAccuracy({ upheld: f.flaggerUpheld, dismissed: f.flaggerDismissed }).percent,
        },
      })),
    actions: [...OUTCOMES_BY_KIND[i.kind as ReviewKind]],
  }));
  return { items, next: page.next };
}
