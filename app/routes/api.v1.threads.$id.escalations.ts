/**
 * POST /api/v1/threads/:id/escalations {team, priority, assignee?} → 201 {escalation:{id,status,dueAt}}
 * Staff only (anonymous 401, member 403). team: slug or id; priority: "P1".."P4" or 1..4; assignee: username or
 * id of a staff member of that team. Bad input 400, unknown thread 404, thread already escalated 409.
 */
import { requireApiUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { escalateThread } from "~/services/escalation.server";
import { api } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, params }) => {
    const user = await requireApiUser(request);
    const threadId = idParam(params.id, "thread");
    const body = await readJson(request);
    const e = await escalateThread(await getDeps(), user, threadId, {
      team: body.team,
      priority: body.priority,
      assignee: body.assignee,
    });
    return apiJson({ escalation: { id: e.id, status: e.status, dueAt: e.dueAt.toISOString() } }, 201);
  },
});
export const action = handle;
export const loader = handle;
