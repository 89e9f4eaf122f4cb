/**
 * GET /api/v1/mod/overview?period=24h|7d|30d|90d&board=slug — the command center's figures (staff only:
 * anonymous → 401, member → 403, unknown period → 400, unknown board → 404). Default period: 7d, all boards.
 *
 * Response (app/data/overview.server.ts `Overview`; instants are ISO strings, days YYYY-MM-DD in brand time,
 * shares 0..1, durations in seconds, null when there is nothing to divide by):
 * {
 *   period, board: {slug,nameVi,nameEn} | null, generatedAt, bucket: "hour" | "day",
 *   window: {from, to, fromDay, toDay},            // hourly rollup [from,to); daily rollup fromDay..toDay
 *   previousWindow: {from, to, fromDay, toDay},
 *   current / previous: {
 *     threads, replies, activeMembers,             // activeMembers is community-wide
 *     answeredWithin24h, answeredWithin24hShare, resolved, resolutionRate,
 *     firstResponse: {count, meanSeconds, medianSeconds, medianOf},
 *     resolution:    {count, meanSeconds, medianSeconds, medianOf},
 *     sentiment: {pos, neu, neg, total, posShare, neuShare, negShare, net},   // net = pos% − neg%, in points
 *     medianSample: {size, sampled}                // threads of the period; sampled: always false (medians
 *                                                  // come from per-day histograms of every duration, within 1 %)
 *   },
 *   volume:   [{key, pos, neu, neg, net}],          // per hour (24h) or per day
 *   response: [{day, threads, replies, firstResponseCount, firstResponseMeanSeconds, resolvedCount, resolutionMeanSeconds}],
 *   boards:   [{slug, nameVi, nameEn, posts, negative, negShare, previousPosts, previousNegShare,
 *               unansweredOver24h, atRisk, reasons: ("high_negative"|"rising_negative"|"unanswered")[]}],
 *   escalations: {configured: true, open, overdue},  // active escalations (board-scoped with a board)
 *   alerts:   [{id, board, window, raisedAt, updatedAt, peakCount, baseline, terms, threads: [{id,title}]}],
 *   risingIssues: [{term, count, previousCount, ratio, threads: [{id,title}]}],
 *   risingIgnored: [term]  (hidden from rising issues by the moderators: /mod/settings),
 *   triage:   [{threadId, title, board, score, reasons, assignee, createdAt}]   // top 5
 * }
 */
import { requireApiUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { findBoardBySlug } from "~/data/boards.server";
import { isOverviewPeriod, loadOverview } from "~/data/overview.server";
import { isStaff } from "~/domain/forum";
import { AppError, notFound } from "~/domain/shared/app-error";
import { SLUG_RE } from "~/forms/schemas";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const handle = api({
  GET: async ({ request }) => {
    const user = await requireApiUser(request);
    if (!isStaff(user)) throw new AppError("forbidden", "staff_only", "Only moderators can see this");
    const url = new URL(request.url);
    const period = url.searchParams.get("period") ?? "7d";
    if (!isOverviewPeriod(period)) {
      throw new AppError("invalid", "invalid_period", "period must be 24h, 7d, 30d or 90d", {
        period: "invalid_period",
      });
    }
    const deps = await getDeps();
    const slug = url.searchParams.get("board");
    let board = null;
    if (slug) {
      board = SLUG_RE.test(slug) ? await findBoardBySlug(deps.db, slug) : null;
      if (!board) throw notFound("board");
    }
    return apiJson(await loadOverview(deps.db, { period, board, now: deps.clock.now() }), 200, {
      "Cache-Control": "private, no-store",
    });
  },
});
export const loader = handle;
export const action = handle;
