import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { retagThread } from "~/services/post-actions.server";
import { api } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, params }) => {
    const user = await requireApiUser(request);
    const threadId = idParam(params.id, "thread");
    const body = await readJson(request);
    const r = await retagThread(await getDeps(), user, threadId, { tags: body.tags });
    return apiJson({ thread: { id: r.threadId, tags: r.tags } });
  },
});
export const action = handle;
export const loader = handle;
