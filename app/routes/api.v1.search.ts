import { getDeps } from "~/deps.server";
import { search } from "~/services/search.server";
import { api, limitVisitor } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const PARAMS = ["q", "board", "tag", "solved", "author", "from", "to", "sort", "cursor"] as const;

/** GET /api/v1/search?q=&board=&tag=&solved=&author=&from=&to=&sort=&cursor= (public; docs/api.md). */
const handle = api({
  GET: async (args) => {
    const { request } = args;
    await limitVisitor("search", args);
    const url = new URL(request.url);
    const raw = Object.fromEntries(PARAMS.map((k) => [k, url.searchParams.get(k)]));
    const page = await search(await getDeps(), raw);
    return apiJson({
      results: page.results.map((r) => ({
        threadId: r.threadId,
        title: r.title,
        snippetHtml: r.snippetHtml,
        score: r.score,
        solved: r.solved,
        board: r.board.slug,
        url: `/t/${r.threadId}`,
      })),
      next: page.next,
    });
  },
});
export const loader = handle;
export const action = handle;
