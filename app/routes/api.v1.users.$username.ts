import { getDeps } from "~/deps.server";
import { findProfile } from "~/data/users.server";
import { notFound } from "~/domain/shared/app-error";
import { listUserBadges } from "~/data/leaderboard.server";
import { privilegesFor, rankFor } from "~/domain/reputation";
import { BADGE_BY_SLUG } from "~/domain/badges";
import { USERNAME_RE } from "~/forms/schemas";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const handle = api({
  GET: async ({ params }) => {
    const username = params.username ?? "";
    const p = USERNAME_RE.test(username) ? await findProfile((await getDeps()).db, username) : null;
    if (!p) throw notFound("user");
    const badges = await listUserBadges((await getDeps()).db, p.id);
    return apiJson({
      user: {
        username: p.username,
        role: p.role,
        createdAt: p.createdAt,
        questionCount: p.questionCount,
        answerCount: p.answerCount,
        acceptedCount: p.acceptedCount,
        reputation: p.reputation,
        rank: rankFor(p.reputation).key,
        champion: p.isChampion,
        badges: badges.map((b) => ({
          slug: b.slug,
          tier: BADGE_BY_SLUG.get(b.slug)?.tier ?? "bronze",
          awardedAt: b.awardedAt,
        })),
        privileges: privilegesFor(p.reputation, p.role !== "member"),
      },
    });
  },
});
export const loader = handle;
export const action = handle;
