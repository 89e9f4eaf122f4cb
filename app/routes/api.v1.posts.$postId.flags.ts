/** POST /api/v1/posts/:postId/flags {reason, note?} → 201 {flag:{id}, hidden} (needs the flag privilege). */
import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { flagPost } from "~/services/moderation.server";
import { api, limitRequest } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, params, context }) => {
    const user = await requireApiUser(request);
    await limitRequest("flag", user, context);
    const postId = idParam(params.postId, "post");
    const body = await readJson(request);
    const r = await flagPost(await getDeps(), user, postId, { reason: body.reason, note: body.note });
    return apiJson({ flag: { id: r.flagId, postId }, hidden: r.hidden }, 201);
  },
});
export const action = handle;
export const loader = handle;
