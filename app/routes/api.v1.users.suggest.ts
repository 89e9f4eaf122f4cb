/**
 * GET /api/v1/users/suggest?q=ann → {users:[{username,reputation}]} — usernames starting with q (case-insensitive,
 * a leading @ is ignored), alphabetical, at most 8. For the editor's @mention autocomplete; logged-in members
 * only (it lists accounts, so visitors get 401). Text that cannot start a username gives an empty list.
 */
import { requireApiUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { suggestUsernames } from "~/data/engagement.server";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const SUGGEST_LIMIT = 8;

const handle = api({
  GET: async ({ request }) => {
    await requireApiUser(request);
    const raw = (new URL(request.url).searchParams.get("q") ?? "").trim().replace(/^@/, "").toLowerCase();
    if (!/^[a-z0-9_.-]{1,30}$/.test(raw)) return apiJson({ users: [] });
    const users = await suggestUsernames((await getDeps()).db, raw, SUGGEST_LIMIT);
    return apiJson({ users }, 200, { "Cache-Control": "private, max-age=30" });
  },
});
export const loader = handle;
export const action = handle;
