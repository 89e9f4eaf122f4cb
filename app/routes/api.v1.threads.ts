import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { askQuestion } from "~/services/forum.server";
import { api, limitRequest } from "~/utils/api.server";
import { apiJson, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, context }) => {
    const user = await requireApiUser(request);
    await limitRequest("post", user, context);
    const body = await readJson(request);
    const r = await askQuestion(await getDeps(), user, {
      board: body.board,
      title: body.title,
      body: body.body,
      tags: body.tags,
    });
    return apiJson(
      {
        thread: { id: r.threadId, postId: r.postId, board: r.boardSlug, url: `/t/${r.threadId}` },
        badges: r.badges,
      },
      201,
    );
  },
});
export const action = handle;
export const loader = handle;
