/** GET /api/v1/mod/queue?kind=flagged|pending&cursor= — the review queue, oldest first (staff only). */
import { requireApiUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { getReviewQueuePage, parseQueueKind } from "~/data/review-queue-page.server";
import { isStaff } from "~/domain/forum";
import { AppError } from "~/domain/shared/app-error";
import { decodeCursor } from "~/domain/shared/cursor";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const handle = api({
  GET: async ({ request }) => {
    const user = await requireApiUser(request);
    if (!isStaff(user)) throw new AppError("forbidden", "staff_only", "Only moderators can see this");
    const url = new URL(request.url);
    const rawKind = url.searchParams.get("kind");
    const kind = parseQueueKind(rawKind);
    if (rawKind && kind === null)
      throw new AppError("invalid", "invalid_input", "kind must be flagged or pending", {
        kind: "queue_kind",
      });
    const { db } = await getDeps();
    const page = await getReviewQueuePage(db, { kind, cursor: decodeCursor(url.searchParams.get("cursor")) });
    return apiJson({
      items: page.items.map((i) => ({
        id: i.id,
        kind: i.kind,
        createdAt: i.createdAt,
        flagCount: i.flagCount,
        post: {
          id: i.post.id,
          threadId: i.thread.id,
          isQuestion: i.post.isQuestion,
          state: i.post.state,
          reason: i.post.reason,
          excerpt: i.post.excerpt,
        },
        thread: { id: i.thread.id, title: i.thread.title, board: i.thread.boardSlug },
        author: i.author,
        flags: i.flags,
        actions: i.actions,
      })),
      next: page.next,
    });
  },
});
export const loader = handle;
export const action = handle;
