import { getDeps } from "~/deps.server";
import { findProfile } from "~/data/users.server";
import { notFound } from "~/domain/shared/app-error";
import { USERNAME_RE } from "~/forms/schemas";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const handle = api({
  GET: async ({ params }) => {
    const username = params.username ?? "";
    const p = USERNAME_RE.test(username) ? await findProfile((await getDeps()).db, username) : null;
    if (!p) throw notFound("user");
    return apiJson({
      user: {
        username: p.username,
        role: p.role,
        createdAt: p.createdAt,
        questionCount: p.questionCount,
        answerCount: p.answerCount,
        acceptedCount: p.acceptedCount,
      },
    });
  },
});
export const loader = handle;
export const action = handle;
