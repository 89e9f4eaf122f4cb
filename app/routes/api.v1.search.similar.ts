import { getDeps } from "~/deps.server";
import { findSimilarThreads } from "~/services/search.server";
import { api, limitVisitor } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

/** GET /api/v1/search/similar?title= — up to 5 threads like a question being typed, solved first. */
const handle = api({
  GET: async (args) => {
    const { request } = args;
    await limitVisitor("search", args);
    const title = new URL(request.url).searchParams.get("title") ?? "";
    const threads = await findSimilarThreads(await getDeps(), title);
    return apiJson({
      threads: threads.map((t) => ({
        threadId: t.id,
        title: t.title,
        solved: t.solved,
        replyCount: t.replyCount,
        board: t.boardSlug,
        url: `/t/${t.id}`,
      })),
    });
  },
});
export const loader = handle;
export const action = handle;
