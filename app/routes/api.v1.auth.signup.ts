import { getDeps } from "~/deps.server";
import { startSession } from "~/auth/session.server";
import { signUp } from "~/services/accounts.server";
import { detectLanguage } from "~/i18n/language.server";
import { api } from "~/utils/api.server";
import { apiJson, clientIp, readJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request, context }) => {
    const body = await readJson(request);
    const user = await signUp(await getDeps(), body, {
      locale: detectLanguage(request),
      ip: clientIp(context),
    });
    const cookie = await startSession(request, user.id);
    return apiJson({ user: { id: user.id, username: user.username } }, 201, { "Set-Cookie": cookie });
  },
});
export const action = handle;
export const loader = handle;
