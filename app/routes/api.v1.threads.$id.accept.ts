import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { acceptAnswer } from "~/services/forum.server";
import { api, limitRequest } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, params, context }) => {
    const user = await requireApiUser(request);
    // Accepting counts with votes (RATE_RULES.vote).
    await limitRequest("vote", user, context);
    const threadId = idParam(params.id, "thread");
    const body = await readJson(request);
    const d = await acceptAnswer(await getDeps(), user, threadId, { replyId: body.replyId });
    return apiJson({ thread: { id: threadId, status: d.status, acceptedReplyId: d.acceptedPostId } });
  },
});
export const action = handle;
export const loader = handle;
