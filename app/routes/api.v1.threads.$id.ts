import { getDeps } from "~/deps.server";
import { findThreadHeader, findPostsByIds, listThreadPosts } from "~/data/threads.server";
import { decodeCursor } from "~/domain/shared/cursor";
import { notFound } from "~/domain/shared/app-error";
import { api } from "~/utils/api.server";
import { apiJson, idParam } from "~/utils/http.server";

const handle = api({
  GET: async ({ request, params }) => {
    const threadId = idParam(params.id, "thread");
    const { db } = await getDeps();
    const thread = await findThreadHeader(db, threadId);
    if (!thread || !thread.questionPostId) throw notFound("thread");
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
      },
      replies: page.items.map((r) => ({
        id: r.id,
        postId: r.id,
        bodyHtml: r.bodyHtml,
        author: { username: r.authorUsername },
        score: r.score,
        accepted: r.id === thread.acceptedPostId,
        createdAt: r.createdAt,
      })),
      next: page.next,
    });
  },
});
export const loader = handle;
export const action = handle;
