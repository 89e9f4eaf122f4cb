/**
 * GET /mod/export/:table?period=24h|7d|30d|90d&board=slug — one command-center table as a CSV file (staff only).
 *
 * Tables: summary, volume, response, boards, alerts (open and recently closed, with notes), rising, triage.
 * The file is UTF-8 with a byte-order mark (so Excel shows Vietnamese correctly), CRLF line ends, every field
 * that needs it quoted (RFC 4180) and text that a spreadsheet would run as a formula defused with a leading '.
 * Column headers follow the page language; numbers are plain (dot decimal, no grouping) so they stay numbers.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listBoards } from "~/data/boards.server";
import { isOverviewPeriod, listAlertsForApi, loadOverview, type Overview } from "~/data/overview.server";
import { isStaff } from "~/domain/forum";
import type { TriageReason } from "~/domain/triage";
import type { TFunction } from "i18next";
import { createI18n, type Lang } from "~/i18n/config";
import { detectLanguage } from "~/i18n/language.server";

export const EXPORT_TABLES = [
  "summary",
  "volume",
  "response",
  "boards",
  "alerts",
  "rising",
  "triage",
] as const;
type ExportTable = (typeof EXPORT_TABLES)[number];

type Cell = string | number | null | undefined;

/** One CSV field: numbers as they are, text quoted when it holds a comma, quote, CR or LF (quotes doubled). */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  // A cell starting with = + - @ (or a tab / CR) would be run as a formula by spreadsheets.
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: BOM, CRLF line ends. */
export function toCsv(rows: Cell[][]): string {
  return "\uFEFF" + rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function reasonText(r: TriageReason, t: TFunction): string {
  switch (r.code) {
    case "urgent_terms":
      return t("commandCenter.reasons.urgent_terms", { terms: r.terms.slice(0, 3).join(", ") });
    case "no_answer":
    case "no_staff_response":
      return t(`commandCenter.reasons.${r.code}`, { hours: r.hours });
    case "velocity":
      return t("commandCenter.reasons.velocity", { count: r.repliesLastHour, n: r.repliesLastHour });
    default:
      return t(`commandCenter.reasons.${r.code}`);
  }
}

const round = (v: number | null, digits = 2) => (v === null ? null : Number(v.toFixed(digits)));
const hours = (seconds: number | null) => round(seconds === null ? null : seconds / 3600);
const percent = (share: number | null) => round(share === null ? null : share * 100, 1);

function rowsFor(
  table: ExportTable,
  o: Overview,
  lang: Lang,
  alerts: Awaited<ReturnType<typeof listAlertsForApi>>,
) {
  const { t } = createI18n(lang);
  const name = (b: { nameVi: string | null; nameEn: string | null } | null) =>
    b ? ((lang === "vi" ? b.nameVi : b.nameEn) ?? "") : t("alerts.scopeAll");
  const h = (k: string) => t(`commandCenter.export.${k}`);
  switch (table) {
    case "summary": {
      const c = o.current;
      const p = o.previous;
      const line = (k: string, cur: Cell, prev: Cell): Cell[] => [h(`metrics.${k}`), cur, prev];
      return [
        [
          h("metric"),
          `${h("current")} (${o.window.fromDay} – ${o.window.toDay})`,
          `${h("previous")} (${o.previousWindow.fromDay} – ${o.previousWindow.toDay})`,
        ],
        line("threads", c.threads, p.threads),
        line("replies", c.replies, p.replies),
        line("activeMembers", c.activeMembers, p.activeMembers),
        line("answered24h", c.answeredWithin24h, p.answeredWithin24h),
        line("answered24hShare", percent(c.answeredWithin24hShare), percent(p.answeredWithin24hShare)),
        line("resolved", c.resolved, p.resolved),
        line("resolutionRate", percent(c.resolutionRate), percent(p.resolutionRate)),
        line(
          "firstResponseMedian",
          hours(c.firstResponse.medianSeconds),
          hours(p.firstResponse.medianSeconds),
        ),
        line("firstResponseMean", hours(c.firstResponse.meanSeconds), hours(p.firstResponse.meanSeconds)),
        line("resolutionMedian", hours(c.resolution.medianSeconds), hours(p.resolution.medianSeconds)),
        line("resolutionMean", hours(c.resolution.meanSeconds), hours(p.resolution.meanSeconds)),
        line("pos", c.sentiment.pos, p.sentiment.pos),
        line("neu", c.sentiment.neu, p.sentiment.neu),
        line("neg", c.sentiment.neg, p.sentiment.neg),
        line("net", round(c.sentiment.net, 1), round(p.sentiment.net, 1)),
        line("escalations", t("overview.notConfigured"), t("overview.notConfigured")),
      ];
    }
    case "volume":
      return [
        [
          o.bucket === "hour" ? h("hourUtc") : h("day"),
          t("sentiment.pos"),
          t("sentiment.neu"),
          t("sentiment.neg"),
          h("net"),
        ],
        ...o.volume.map((v): Cell[] => [v.key, v.pos, v.neu, v.neg, round(v.net, 1)]),
      ];
    case "response":
      return [
        [
          h("day"),
          h("metrics.threads"),
          h("metrics.replies"),
          h("firstResponses"),
          h("metrics.firstResponseMean"),
          h("metrics.resolved"),
          h("metrics.resolutionMean"),
        ],
        ...o.response.map((r): Cell[] => [
          r.day,
          r.threads,
          r.replies,
          r.firstResponseCount,
          hours(r.firstResponseMeanSeconds),
          r.resolvedCount,
          hours(r.resolutionMeanSeconds),
        ]),
      ];
    case "boards":
      return [
        [
          h("board"),
          h("slug"),
          h("posts"),
          h("negativeShare"),
          h("previousNegativeShare"),
          h("unanswered"),
          h("atRisk"),
          h("reasons"),
        ],
        ...o.boards.map((b): Cell[] => [
          name(b),
          b.slug,
          b.posts,
          percent(b.negShare),
          percent(b.previousNegShare),
          b.unansweredOver24h,
          b.atRisk ? h("yes") : h("no"),
          b.reasons.map((r) => t(`commandCenter.boards.reasons.${r}`)).join("; "),
        ]),
      ];
    case "alerts":
      return [
        [
          h("id"),
          h("status"),
          h("scope"),
          h("window"),
          h("raisedAt"),
          h("updatedAt"),
          h("peak"),
          h("baseline"),
          h("terms"),
          h("threads"),
          h("closedAt"),
          h("closedBy"),
          h("note"),
        ],
        ...alerts.map((a): Cell[] => [
          a.id,
          a.status === "open" ? h("open") : h("closed"),
          name(a.board),
          a.window === "day" ? t("alerts.windowDay") : t("alerts.windowHour"),
          a.raisedAt,
          a.updatedAt,
          a.peakCount,
          round(a.baseline),
          a.terms.join("; "),
          // One thread per line inside the cell.
          a.threads.map((th) => `#${th.id} ${th.title ?? ""}`.trim()).join("\n"),
          a.closedAt,
          a.closedBy,
          a.note,
        ]),
      ];
    case "rising":
      return [
        [h("term"), h("count"), h("previousCount"), h("ratio"), h("threads")],
        ...o.risingIssues.map((r): Cell[] => [
          r.term,
          r.count,
          r.previousCount,
          round(r.ratio),
          r.threads.map((th) => `#${th.id} ${th.title}`).join("\n"),
        ]),
      ];
    case "triage":
      return [
        [h("rank"), h("score"), h("threadId"), h("title"), h("board"), h("reasons")],
        ...o.triage.map((x, i): Cell[] => [
          i + 1,
          x.score,
          x.threadId,
          x.title,
          name(x.board),
          x.reasons.map((r) => reasonText(r, t)).join("; "),
        ]),
      ];
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!isStaff(user)) throw new Response("Forbidden", { status: 403 });
  const table = params.table as ExportTable;
  if (!(EXPORT_TABLES as readonly string[]).includes(table)) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const raw = url.searchParams.get("period");
  const period = isOverviewPeriod(raw) ? raw : "7d";
  const deps = await getDeps();
  const boards = await listBoards(deps.db);
  const board = boards.find((b) => b.slug === url.searchParams.get("board")) ?? null;
  const [overview, alerts] = await Promise.all([
    loadOverview(deps.db, { period, board, now: deps.clock.now() }),
    table === "alerts" ? listAlertsForApi(deps.db, undefined, 500) : Promise.resolve([]),
  ]);
  const lang = detectLanguage(request);
  const body = toCsv(rowsFor(table, overview, lang, alerts));
  const filename = `lantern-${table}-${period}-${board?.slug ?? "all"}-${overview.window.toDay}.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
