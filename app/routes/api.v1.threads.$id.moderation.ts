/** Thread tools for staff: `POST {action: lock|unlock|close|reopen|pin|unpin|move|merge, ...}`. */
import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { applyThreadTool } from "~/services/thread-tools.server";
import { api } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, params }) => {
    const user = await requireApiUser(request);
    const threadId = idParam(params.id, "thread");
    const body = await readJson(request);
    const r = await applyThreadTool(await getDeps(), user, threadId, body);
    return apiJson({
      thread: { id: r.threadId, action: r.action, changed: r.changed, location: `/t/${r.redirectTo}` },
    });
  },
});
export const action = handle;
export const loader = handle;
