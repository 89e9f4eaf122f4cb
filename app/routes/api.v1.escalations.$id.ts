/**
 * GET   /api/v1/escalations/:id — one escalation with its timeline (internal notes included: staff only).
 * PATCH /api/v1/escalations/:id {status?, assignee?, priority?, note?, resolutionSummary?, resolutionPublic?}
 *   → 200 {escalation:{id,status,priority,assignee,dueAt,firstResponseAt,resolvedAt}}.
 * assignee: username or id, null to unassign. Anonymous 401, member 403, bad input 400, unknown 404,
 * reopening while the thread has another active escalation 409, a status change the workflow forbids 422.
 */
import { requireApiUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { getEscalationDetail } from "~/data/escalations.server";
import { isStaff } from "~/domain/forum";
import { priorityLabel } from "~/domain/moderation";
import { AppError, notFound } from "~/domain/shared/app-error";
import { updateEscalation } from "~/services/escalation.server";
import { api } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const handle = api({
  GET: async ({ request, params }) => {
    const user = await requireApiUser(request);
    if (!isStaff(user)) throw new AppError("forbidden", "staff_only", "Only moderators can see this");
    const id = idParam(params.id, "escalation");
    const e = await getEscalationDetail((await getDeps()).db, id);
    if (!e) throw notFound("escalation");
    return apiJson({
      escalation: {
        id: e.id,
        thread: { id: e.threadId, title: e.threadTitle },
        team: e.teamSlug,
        priority: priorityLabel(e.priority),
        status: e.status,
        assignee: e.assignee,
        createdBy: e.createdBy,
        dueAt: iso(e.dueAt),
        firstResponseAt: iso(e.firstResponseAt),
        resolvedAt: iso(e.resolvedAt),
        resolutionSummary: e.resolutionSummary,
        resolutionPublic: e.resolutionPublic,
        createdAt: iso(e.createdAt),
        events: e.events.map((x) => ({
          kind: x.kind,
          from: x.fromValue,
          to: x.toValue,
          note: x.note,
          actor: x.actor,
          at: iso(x.createdAt),
        })),
        linkedThreads: e.linked.map((l) => ({ id: l.id, title: l.title })),
      },
    });
  },
  PATCH: async ({ request, params }) => {
    const user = await requireApiUser(request);
    const id = idParam(params.id, "escalation");
    const body = await readJson(request);
    const r = await updateEscalation(await getDeps(), user, id, {
      status: body.status,
      assignee: body.assignee === null ? undefined : body.assignee,
      unassign: body.assignee === null ? true : undefined,
      priority: body.priority,
      note: body.note,
      resolutionSummary: body.resolutionSummary,
      resolutionPublic: body.resolutionPublic,
    });
    return apiJson({
      escalation: {
        id: r.id,
        status: r.status,
        priority: priorityLabel(r.priority),
        assignee: r.assignee,
        dueAt: iso(r.dueAt),
        firstResponseAt: iso(r.firstResponseAt),
        resolvedAt: iso(r.resolvedAt),
      },
    });
  },
});
export const action = handle;
export const loader = handle;
