/**
 * GET /api/v1/escalations?status=active|all|open|in_progress|waiting_on_customer|resolved|wont_fix
 *   &team=slug&priority=P1..P4&assignee=username&cursor= — staff only (anonymous 401, member 403).
 * Most urgent (earliest due) first; `next` is the cursor of the following page (null at the end).
 * Bad filters 400; unknown team or assignee 404.
 */
import { requireApiUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { priorityLabel } from "~/domain/moderation";
import { listEscalationBoard } from "~/services/escalation.server";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const handle = api({
  GET: async ({ request }) => {
    const user = await requireApiUser(request);
    const board = await listEscalationBoard(await getDeps(), user, new URL(request.url).searchParams);
    return apiJson({
      escalations: board.rows.map((r) => ({
        id: r.id,
        thread: { id: r.threadId, title: r.threadTitle },
        team: r.teamSlug,
        priority: priorityLabel(r.priority),
        status: r.status,
        assignee: r.assignee,
        dueAt: iso(r.dueAt),
        overdue: r.overdue,
        firstResponseAt: iso(r.firstResponseAt),
        resolvedAt: iso(r.resolvedAt),
        createdAt: iso(r.createdAt),
      })),
      next: board.next,
    });
  },
});
export const loader = handle;
export const action = handle;
