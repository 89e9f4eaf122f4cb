import { getDeps } from "~/deps.server";
import { requireApiUser } from "~/auth/session.server";
import { askQuestion } from "~/services/forum.server";
import { api } from "~/utils/api.server";
import { apiJson, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request }) => {
    const user = await requireApiUser(request);
    const body = await readJson(request);
    const r = await askQuestion(await getDeps(), user, {
      board: body.board,
      title: body.title,
      body: body.body,
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
