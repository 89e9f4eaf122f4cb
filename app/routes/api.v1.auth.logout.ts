import { endSession } from "~/auth/session.server";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const handle = api({
  POST: async ({ request }) => apiJson({ ok: true }, 200, { "Set-Cookie": await endSession(request) }),
});
export const action = handle;
export const loader = handle;
