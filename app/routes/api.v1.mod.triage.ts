/** GET /api/v1/mod/triage?board=slug — the moderators' triage queue, most urgent first (staff only). */
import { requireApiUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { findBoardBySlug } from "~/data/boards.server";
import { findTriageFacts } from "~/data/triage.server";
import { isStaff } from "~/domain/forum";
import { triagePriority } from "~/domain/triage";
import { AppError, notFound } from "~/domain/shared/app-error";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

/** Candidates come in stored-score order; the exact order is computed now, at read time. */
const CANDIDATES = 200;
const SHOWN = 50;

const handle = api({
  GET: async ({ request }) => {
    const user = await requireApiUser(request);
    if (!isStaff(user)) throw new AppError("forbidden", "staff_only", "Only moderators can see this");
    const deps = await getDeps();
    const slug = new URL(request.url).searchParams.get("board");
    let boardId: number | null = null;
    if (slug) {
      const board = slug.length <= 100 ? await findBoardBySlug(deps.db, slug) : null;
      if (!board) throw notFound("board");
      boardId = board.id;
    }
    const now = deps.clock.now();
    const facts = await findTriageFacts(deps.db, null, now, { boardId, limit: CANDIDATES });
    // A stable sort: equal scores keep the stored order.
    const ranked = facts
      .map((f) => ({ f, r: triagePriority(f.input, now) }))
      .sort((a, b) => b.r.score - a.r.score)
      .slice(0, SHOWN);
    return apiJson({
      threads: ranked.map(({ f, r }) => ({
        threadId: f.threadId,
        title: f.title,
        board: f.boardSlug,
        score: r.score,
        reasons: r.reasons,
        assignee: f.assignee,
        mood: f.input.sentiment.mood,
      })),
    });
  },
});
export const loader = handle;
export const action = handle;
