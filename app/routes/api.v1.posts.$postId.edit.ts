import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { editPost } from "~/services/post-actions.server";
import { api } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, params }) => {
    const user = await requireApiUser(request);
    const postId = idParam(params.postId, "post");
    const body = await readJson(request);
    const r = await editPost(await getDeps(), user, postId, { body: body.body, title: body.title });
    return apiJson({ post: { id: r.postId, threadId: r.threadId, revision: r.revision } });
  },
});
export const action = handle;
export const loader = handle;
