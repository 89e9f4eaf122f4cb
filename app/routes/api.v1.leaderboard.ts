import { getDeps } from "~/deps.server";
import { findBoardBySlug } from "~/data/boards.server";
import { leaderboard, type Period } from "~/data/leaderboard.server";
import { notFound } from "~/domain/shared/app-error";
import { rankFor } from "~/domain/reputation";
import { SLUG_RE } from "~/forms/schemas";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const PERIODS: Period[] = ["week", "month", "all"];

const handle = api({
  GET: async ({ request }) => {
    const deps = await getDeps();
    const url = new URL(request.url);
    const rawPeriod = url.searchParams.get("period") ?? "week";
    const period = (PERIODS as string[]).includes(rawPeriod) ? (rawPeriod as Period) : "week";
    const slug = url.searchParams.get("board");
    let boardId: number | null = null;
    if (slug) {
      const board = SLUG_RE.test(slug) ? await findBoardBySlug(deps.db, slug) : null;
      if (!board) throw notFound("board");
      boardId = board.id;
    }
    const rows = await leaderboard(deps.db, { period, boardId, now: deps.clock.now(), limit: 50 });
    return apiJson({
      period,
      board: slug ?? null,
      leaders: rows.map((r, i) => ({
        position: i + 1,
        username: r.username,
        points: r.points,
        reputation: r.reputation,
        rank: rankFor(r.reputation).key,
        champion: r.isChampion,
      })),
    });
  },
});
export const loader = handle;
export const action = handle;
