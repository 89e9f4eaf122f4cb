import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { vote } from "~/services/forum.server";
import { api, limitRequest } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, params, context }) => {
    const user = await requireApiUser(request);
    await limitRequest("vote", user, context);
    const postId = idParam(params.postId, "post");
    const body = await readJson(request);
    const r = await vote(await getDeps(), user, postId, { value: body.value });
    return apiJson({ score: r.score, value: r.value });
  },
});
export const action = handle;
export const loader = handle;
