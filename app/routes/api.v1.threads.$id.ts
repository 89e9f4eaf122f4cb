import { getOptionalUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { findThreadHeader, findPostsByIds, listThreadPosts, type PostView } from "~/data/threads.server";
import { isStaff } from "~/domain/forum";
import { decodeCursor } from "~/domain/shared/cursor";
import { notFound } from "~/domain/shared/app-error";
import { api } from "~/utils/api.server";
import { apiJson, idParam } from "~/utils/http.server";

/** Staff see each post's sentiment (a moderator's correction wins over the scorer); members never do. */
function sentimentOf(p: PostView, staff: boolean) {
  if (!staff) return {};
  const label = p.sentimentCorrected ?? p.sentimentLabel;
  if (!label) return { sentiment: null };
  return {
    sentiment: {
      label,
      confidence: p.sentimentCorrected ? 1 : (p.sentimentConfidence ?? null),
      corrected: p.sentimentCorrected !== null,
    },
  };
}

const handle = api({
  GET: async ({ request, params }) => {
    const threadId = idParam(params.id, "thread");
    const { db } = await getDeps();
    const viewer = await getOptionalUser(request);
    const staff = isStaff(viewer);
    const thread = await findThreadHeader(db, threadId);
    if (!thread || !thread.questionPostId) throw notFound("thread");
    // Awaiting approval or hidden: only its author and staff may read it (pending replies stay out below).
    if (thread.moderationState !== "visible" && !staff && viewer?.id !== thread.authorId)
      throw notFound("thread");
    const cursor = decodeCursor(new URL(request.url).searchParams.get("after"));
    const [[question], page] = await Promise.all([
      findPostsByIds(db, [thread.questionPostId]),
      listThreadPosts(db, threadId, { cursor, limit: 100 }),
    ]);
    if (!question) throw notFound("thread");
    return apiJson({
      thread: {
        id: thread.id,
        postId: question.id,
        title: thread.title,
        board: thread.boardSlug,
        bodyHtml: question.bodyHtml,
        author: { username: question.authorUsername },
        score: question.score,
        status: thread.status,
        acceptedReplyId: thread.acceptedPostId,
        replyCount: thread.replyCount,
        createdAt: thread.createdAt,
        lastActivityAt: thread.lastActivityAt,
        ...sentimentOf(question, staff),
      },
      replies: page.items.map((r) => ({
        id: r.id,
        postId: r.id,
        bodyHtml: r.bodyHtml,
        author: { username: r.authorUsername },
        score: r.score,
        accepted: r.id === thread.acceptedPostId,
        createdAt: r.createdAt,
        ...sentimentOf(r, staff),
      })),
      next: page.next,
    });
  },
});
export const loader = handle;
export const action = handle;
