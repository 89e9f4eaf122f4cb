import { getDeps } from "~/deps.server";
import { startSession } from "~/auth/session.server";
import { logIn } from "~/services/accounts.server";
import { api } from "~/utils/api.server";
import { apiJson, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request }) => {
    const user = await logIn(await getDeps(), await readJson(request));
    const cookie = await startSession(request, user.id);
    return apiJson({ user: { id: user.id, username: user.username } }, 200, { "Set-Cookie": cookie });
  },
});
export const action = handle;
export const loader = handle;
