/** The thread page's shape, read in a fixed number of queries whatever the number of replies (no N+1). */
import type { Executor } from "~db/client";
import type { Cursor } from "~/domain/shared/cursor";
import { findPostsByIds, findThreadHeader, findViewerVotes, listThreadPosts } from "./threads.server";
import { listOpenFlagReasons } from "./review-queue.server";

export const REPLIES_PER_PAGE = 30;

export async function getThreadPage(
  ex: Executor,
  threadId: number,
  opts: { viewerId: string | null; cursor: Cursor | null; limit?: number; viewerIsStaff?: boolean },
) {
  // The header and the page of replies at once, then the question (and accepted answer) with the viewer's votes.
  const [thread, page] = await Promise.all([
    findThreadHeader(ex, threadId),
    listThreadPosts(ex, threadId, {
      cursor: opts.cursor,
      limit: opts.limit ?? REPLIES_PER_PAGE,
      visibility: { viewerId: opts.viewerId, staff: !!opts.viewerIsStaff },
    }),
  ]);
  if (!thread) return null;
  const headIds = [thread.questionPostId, thread.acceptedPostId].filter((x): x is number => x !== null);
  const [head, votes] = await Promise.all([
    findPostsByIds(ex, headIds),
    opts.viewerId
      ? findViewerVotes(ex, opts.viewerId, [...new Set([...headIds, ...page.items.map((p) => p.id)])])
      : new Map<number, number>(),
  ]);
  // Posts awaiting approval or hidden are shown to their author and staff only (the loader 404s a hidden thread).
  const seen = (p: { moderationState: string; authorId: string }) =>
    p.moderationState === "visible" || !!opts.viewerIsStaff || p.authorId === opts.viewerId;
  const question = head.find((p) => p.id === thread.questionPostId) ?? null;
  const acceptedRow = head.find((p) => p.id === thread.acceptedPostId) ?? null;
  const accepted = acceptedRow && seen(acceptedRow) ? acceptedRow : null;
  // The accepted answer is shown first, right under the question, so it is left out of the list below.
  const replies = page.items.filter((p) => p.id !== thread.acceptedPostId);
  const allIds = [question?.id, accepted?.id, ...replies.map((r) => r.id)].filter((x): x is number => !!x);
  // Only the viewer's votes on the posts shown.
  const myVotes = new Map<number, number>();
  for (const id of allIds) {
    const v = votes.get(id);
    if (v !== undefined) myVotes.set(id, v);
  }
  const flagged = [question, accepted, ...replies].flatMap((p) =>
    p && p.moderationState === "hidden" && p.moderationReason === "flags" ? [p.id] : [],
  );
  const flagReasons = Object.fromEntries(await listOpenFlagReasons(ex, flagged));
  return {
    thread,
    question,
    accepted,
    replies,
    next: page.next,
    myVotes: Object.fromEntries(myVotes),
    flagReasons,
  };
}
