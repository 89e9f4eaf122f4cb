import { getDeps } from "~/deps.server";
import { findProfile } from "~/data/users.server";
import { listLedger } from "~/data/reputation.server";
import { notFound } from "~/domain/shared/app-error";
import { decodeCursor } from "~/domain/shared/cursor";
import { USERNAME_RE } from "~/forms/schemas";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const handle = api({
  GET: async ({ params, request }) => {
    const { db } = await getDeps();
    const username = params.username ?? "";
    const p = USERNAME_RE.test(username) ? await findProfile(db, username) : null;
    if (!p) throw notFound("user");
    const cursor = decodeCursor(new URL(request.url).searchParams.get("cursor"));
    const page = await listLedger(db, p.id, { cursor, limit: 50 });
    return apiJson({
      user: { username: p.username, reputation: p.reputation },
      events: page.items.map((e) => ({
        id: e.id,
        points: e.points,
        reason: e.reason,
        postId: e.postId,
        threadId: e.threadId,
        createdAt: e.createdAt,
      })),
      next: page.next,
    });
  },
});
export const loader = handle;
export const action = handle;
