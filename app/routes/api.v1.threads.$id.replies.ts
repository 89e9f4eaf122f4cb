import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { postReply } from "~/services/forum.server";
import { api, limitRequest } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, params, context }) => {
    const user = await requireApiUser(request);
    await limitRequest("post", user, context);
    const threadId = idParam(params.id, "thread");
    const body = await readJson(request);
    const r = await postReply(await getDeps(), user, threadId, { body: body.body });
    return apiJson({ reply: { id: r.postId, postId: r.postId, threadId } }, 201);
  },
});
export const action = handle;
export const loader = handle;
