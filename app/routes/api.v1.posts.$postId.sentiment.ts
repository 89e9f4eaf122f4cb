/** POST /api/v1/posts/:postId/sentiment {label} — a moderator's correction of a post's sentiment. */
import { requireApiUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { isStaff } from "~/domain/forum";
import { AppError } from "~/domain/shared/app-error";
import { correctSentiment } from "~/services/listening.server";
import { api } from "~/utils/api.server";
import { apiJson, idParam, readJson } from "~/utils/http.server";

// The long names are accepted too; anything else is left for the service to refuse.
const ALIASES = new Map([
  ["positive", "pos"],
  ["negative", "neg"],
  ["neutral", "neu"],
]);

const handle = api({
  POST: async ({ request, params }) => {
    const user = await requireApiUser(request);
    if (!isStaff(user)) throw new AppError("forbidden", "staff_only", "Only moderators can see this");
    const postId = idParam(params.postId, "post");
    const body = await readJson(request);
    const label = typeof body.label === "string" ? (ALIASES.get(body.label) ?? body.label) : body.label;
    const r = await correctSentiment(await getDeps(), user, postId, { label });
    return apiJson({ post: { id: r.postId, label: r.label, previous: r.previous } });
  },
});
export const loader = handle;
export const action = handle;
