import { getDeps } from "~/deps.server";
import { startSession } from "~/auth/session.server";
import { logIn } from "~/services/accounts.server";
import { api } from "~/utils/api.server";
import { apiJson, clientIp, readJson } from "~/utils/http.server";

/**
 * POST /api/v1/auth/login {login, password}. 401 bad_credentials (unknown user or wrong password alike),
 * 429 login_throttled + Retry-After, 403 account_locked. A new session id at every login.
 */
const handle = api({
  POST: async ({ request, context }) => {
    const user = await logIn(await getDeps(), await readJson(request), { ip: clientIp(context) });
    const cookie = await startSession(request, user.id);
    return apiJson({ user: { id: user.id, username: user.username } }, 200, { "Set-Cookie": cookie });
  },
});
export const action = handle;
export const loader = handle;
