import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { deletePost, removeAsSpam } from "~/services/post-actions.server";
import { api } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, params }) => {
    const user = await requireApiUser(request);
    const postId = idParam(params.postId, "post");
    const body = await readJson(request);
    const deps = await getDeps();
    const r =
      body.spam === true ? await removeAsSpam(deps, user, postId) : await deletePost(deps, user, postId);
    return apiJson({ post: { id: r.postId, threadId: r.threadId, deleted: true, spam: body.spam === true } });
  },
});
export const action = handle;
export const loader = handle;
