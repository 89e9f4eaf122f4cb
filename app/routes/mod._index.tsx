/**
 * /mod — the moderators' command center: one page kept open all day. Key figures for a period and board with
 * the previous period beside them, trends, active alerts (closed here with a note), rising issues, the top of
 * the triage queue and the boards at risk. Everything is server-rendered and works without JavaScript; with
 * it, the page refreshes itself every minute while the tab is visible.
 */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/i18n/react";
import type { TFunction } from "i18next";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listBoards } from "~/data/boards.server";
import { loadOverview, type Overview, type OverviewPeriod } from "~/data/overview.server";
import { AT_RISK_RULES } from "~/domain/listening";
import { closeAlert } from "~/services/listening.server";
import type { TriageReason } from "~/domain/triage";
import { AppError } from "~/domain/shared/app-error";
import { formError, idParam, readForm } from "~/utils/http.server";
import { TIME_ZONE, type Lang } from "~/i18n/config";
import { dateFormat, formatNumber, numberFormat, pick, RelativeTime, useLang } from "~/components/time";
import { formatDay, formatSigned } from "~/components/reputation-chart";
import { LineChart, StackedBarChart, type ChartBucket, type ChartSeries } from "~/components/charts";
import communityStyles from "~/styles/community.css?url";
import styles from "~/styles/listening.css?url";
import { ClockIcon } from "~/components/icons";

const REFRESH_MS = 60_000;
const NOTE_MAX = 1000;
/** An alert lists at most this many of its rising terms (the export has them all). */
const MAX_TERMS = 6;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: communityStyles },
  { rel: "stylesheet", href: styles },
];

export const meta: MetaFunction = () => [{ title: "Trung tâm điều phối · Command center — Lantern" }];

// Kept here (not imported from the .server module) because the component builds links with them.
const PERIODS: readonly OverviewPeriod[] = ["24h", "7d", "30d", "90d"];
const parsePeriod = (raw: string | null | undefined): OverviewPeriod =>
  PERIODS.includes(raw as OverviewPeriod) ? (raw as OverviewPeriod) : "7d";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const deps = await getDeps();
  const url = new URL(request.url);
  const period = parsePeriod(url.searchParams.get("period"));
  const boards = await listBoards(deps.db);
  // An unknown board (stale link, typo) shows every board rather than an error.
  const board = boards.find((b) => b.slug === url.searchParams.get("board")) ?? null;
  const overview = await loadOverview(deps.db, { period, board, now: deps.clock.now() });
  return {
    overview,
    boards: boards.map((b) => ({ slug: b.slug, nameVi: b.nameVi, nameEn: b.nameEn })),
    closed: url.searchParams.get("closed") === "1",
    rules: AT_RISK_RULES,
  };
}

/** The page's own address for a period and board (links, redirects). */
function pageQuery(period: string, board: string | null | undefined, extra = "") {
  const p = new URLSearchParams({ period: parsePeriod(period) });
  if (board) p.set("board", board);
  return `?${p.toString()}${extra}`;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const alertId = String(form.get("alertId") ?? "");
  const note = String(form.get("note") ?? "").slice(0, NOTE_MAX);
  const period = String(form.get("period") ?? "");
  const board = String(form.get("board") ?? "");
  try {
    if (intent !== "close-alert") throw new AppError("invalid", "unknown_intent", "Unknown action");
    await closeAlert(await getDeps(), user, idParam(alertId, "alert"), { note });
    return redirect(
      `/mod${pageQuery(period, /^[a-z0-9-]{1,100}$/.test(board) ? board : null, "&closed=1")}#alerts`,
    );
  } catch (e) {
    return formError(e, { intent, alertId, note });
  }
}

// -------------------------------------------------------------------------------------------------------
// Formatting (Intl, page language, brand time zone: the same text on server and browser)

function formatPercent(share: number | null, lang: Lang): string {
  if (share === null) return "—";
  const digits = share !== 0 && Math.abs(share) < 0.1 ? 1 : 0;
  return numberFormat(lang, { style: "percent", maximumFractionDigits: digits }).format(share);
}

function formatDecimal(n: number, lang: Lang, digits = 1): string {
  return numberFormat(lang, { maximumFractionDigits: digits }).format(n);
}

function unit(n: number, u: "minute" | "hour" | "day", lang: Lang, digits = 0): string {
  return numberFormat(lang, {
    style: "unit",
    unit: u,
    unitDisplay: u === "day" ? "long" : "short",
    maximumFractionDigits: digits,
  }).format(n);
}

/** "12 min", "3.5 hr", "2.5 days" (and Vietnamese equivalents). */
function formatDuration(seconds: number | null, lang: Lang): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `< ${unit(1, "minute", lang)}`;
  if (seconds < 90 * 60) return unit(Math.round(seconds / 60), "minute", lang);
  const hours = seconds / 3600;
  if (hours < 48) return unit(hours, "hour", lang, hours < 10 ? 1 : 0);
  return unit(hours / 24, "day", lang, 1);
}

const formatNet = (net: number | null, lang: Lang) =>
  net === null ? "—" : formatSigned(Math.round(net), lang);

function formatHour(iso: string, lang: Lang): string {
  return dateFormat(lang, {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

function formatDayHour(iso: string, lang: Lang): string {
  return dateFormat(lang, {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: TIME_ZONE,
  }).format(new Date(iso));
}

const boardLabel = (b: { nameVi: string; nameEn: string } | null, lang: Lang, t: TFunction) =>
  b ? pick(lang, b.nameVi, b.nameEn) : t("alerts.scopeAll");

// -------------------------------------------------------------------------------------------------------
// Auto-refresh

/** Re-runs the loaders every minute while the tab is visible (and at once when it comes back after a while). */
function useAutoRefresh(generatedAt: string) {
  const { revalidate, state } = useRevalidator();
  const navigation = useNavigation();
  const busy = useRef(false);
  busy.current = state !== "idle" || navigation.state !== "idle";
  const loadedAt = useRef(0);
  useEffect(() => {
    loadedAt.current = Date.now();
  }, [generatedAt]);
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState !== "visible" || busy.current) return;
      if (Date.now() - loadedAt.current >= REFRESH_MS - 1000) revalidate();
    };
    const timer = window.setInterval(tick, 5_000);
    document.addEventListener("visibilitychange", tick);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
    };
  }, [revalidate]);
}

// -------------------------------------------------------------------------------------------------------
// Key figures

type Better = "up" | "down";

function Delta({
  cur,
  prev,
  kind,
  better,
  shown,
}: {
  cur: number | null;
  prev: number | null;
  kind: "count" | "share" | "points";
  better: Better;
  /** The previous value as displayed. */
  shown: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (cur === null || prev === null) {
    return <p className="kpi-delta tone-flat">{t("overview.noPrevious")}</p>;
  }
  let diff: number;
  let text: string;
  if (kind === "count") {
    if (prev === 0) {
      return (
        <p className="kpi-delta tone-flat">
          {cur === 0 ? t("overview.same") : t("overview.newSince")}{" "}
          <span className="kpi-prev">· {t("overview.previous", { value: shown })}</span>
        </p>
      );
    }
    diff = (cur - prev) / prev;
    text = formatPercent(Math.abs(diff), lang);
  } else {
    diff = kind === "share" ? (cur - prev) * 100 : cur - prev;
    text = t("overview.pointsValue", {
      value: formatDecimal(Math.abs(diff), lang, Math.abs(diff) < 10 ? 1 : 0),
    });
  }
  const flat = Math.abs(diff) < (kind === "count" ? 0.005 : 0.05);
  const direction = flat ? "flat" : diff > 0 ? "up" : "down";
  const tone = flat ? "flat" : direction === better ? "good" : "bad";
  return (
    <p className={`kpi-delta tone-${tone}`}>
      {flat ? (
        t("overview.same")
      ) : (
        <>
          <span aria-hidden="true">{direction === "up" ? "▲" : "▼"}</span>{" "}
          {t(direction === "up" ? "overview.up" : "overview.down", { value: text })}
        </>
      )}{" "}
      <span className="kpi-prev">· {t("overview.previous", { value: shown })}</span>
    </p>
  );
}

function Kpi({
  id,
  label,
  value,
  sub,
  children,
  className = "",
}: {
  id: string;
  label: string;
  value: string;
  sub?: React.ReactNode;
  children?: React.ReactNode;
  className?: string;
}) {
  return (
    <li className={`card kpi ${className}`} aria-labelledby={`kpi-${id}`}>
      <h3 id={`kpi-${id}`} className="kpi-label">
        {label}
      </h3>
      <p className="kpi-value">{value}</p>
      {sub ? <p className="kpi-sub">{sub}</p> : null}
      {children}
    </li>
  );
}

function KeyFigures({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const lang = useLang();
  const c = o.current;
  const p = o.previous;
  const n = (v: number) => formatNumber(v, lang);
  const s = c.sentiment;
  return (
    <ul className="kpi-grid">
      <Kpi
        id="discussions"
        label={t("overview.discussions")}
        value={n(c.threads)}
        sub={t("overview.questionsAndReplies", { count: c.replies, replies: n(c.replies) })}
      >
        <Delta cur={c.threads} prev={p.threads} kind="count" better="up" shown={n(p.threads)} />
      </Kpi>
      <Kpi
        id="members"
        label={t("overview.activeMembers")}
        value={n(c.activeMembers)}
        sub={o.board ? t("overview.activeSubAll") : t("overview.activeSub")}
      >
        <Delta
          cur={c.activeMembers}
          prev={p.activeMembers}
          kind="count"
          better="up"
          shown={n(p.activeMembers)}
        />
      </Kpi>
      <Kpi
        id="answered"
        label={t("overview.answered24h")}
        value={formatPercent(c.answeredWithin24hShare, lang)}
        sub={t("overview.answered24hSub", {
          count: c.threads,
          answered: n(c.answeredWithin24h),
          total: n(c.threads),
        })}
      >
        <Delta
          cur={c.answeredWithin24hShare}
          prev={p.answeredWithin24hShare}
          kind="share"
          better="up"
          shown={formatPercent(p.answeredWithin24hShare, lang)}
        />
      </Kpi>
      <Kpi
        id="resolution-rate"
        label={t("overview.resolutionRate")}
        value={formatPercent(c.resolutionRate, lang)}
        sub={t("overview.resolutionRateSub", {
          solved: n(c.resolved),
          total: n(c.threads),
          count: c.threads,
        })}
      >
        <Delta
          cur={c.resolutionRate}
          prev={p.resolutionRate}
          kind="share"
          better="up"
          shown={formatPercent(p.resolutionRate, lang)}
        />
      </Kpi>
      <Kpi
        id="first-response"
        label={t("overview.firstResponse")}
        value={formatDuration(c.firstResponse.medianSeconds, lang)}
        sub={<>{t("overview.medianMean", { mean: formatDuration(c.firstResponse.meanSeconds, lang) })}</>}
      >
        <Delta
          cur={c.firstResponse.medianSeconds}
          prev={p.firstResponse.medianSeconds}
          kind="count"
          better="down"
          shown={formatDuration(p.firstResponse.medianSeconds, lang)}
        />
      </Kpi>
      <Kpi
        id="resolution-time"
        label={t("overview.resolutionTime")}
        value={formatDuration(c.resolution.medianSeconds, lang)}
        sub={t("overview.medianMean", { mean: formatDuration(c.resolution.meanSeconds, lang) })}
      >
        <Delta
          cur={c.resolution.medianSeconds}
          prev={p.resolution.medianSeconds}
          kind="count"
          better="down"
          shown={formatDuration(p.resolution.medianSeconds, lang)}
        />
      </Kpi>
      <Kpi
        id="sentiment"
        label={t("overview.netSentiment")}
        value={formatNet(s.net, lang)}
        className="kpi-sentiment"
      >
        <p className="kpi-sub">{t("overview.netHint")}</p>
        {s.total > 0 ? (
          <div className="share-bar" aria-hidden="true">
            {(["pos", "neu", "neg"] as const).map((k) => {
              const v = s[`${k}Share`] ?? 0;
              return v > 0 ? (
                <span key={k} className={`tone-${k}`} style={{ width: `${(v * 100).toFixed(2)}%` }} />
              ) : null;
            })}
          </div>
        ) : null}
        <ul className="share-legend">
          {(["pos", "neu", "neg"] as const).map((k) => (
            <li key={k}>
              <span className={`chart-swatch tone-${k}`} aria-hidden="true" />
              {t(`sentiment.${k}`)} <strong>{formatPercent(s[`${k}Share`], lang)}</strong>
            </li>
          ))}
        </ul>
        <Delta
          cur={s.net}
          prev={p.sentiment.net}
          kind="points"
          better="up"
          shown={formatNet(p.sentiment.net, lang)}
        />
      </Kpi>
      <Kpi
        id="escalations"
        label={t("overview.escalations")}
        value={t("escalationFeature.kpi.open", { count: o.escalations.open })}
        sub={
          o.escalations.overdue > 0 ? (
            <strong>
              <ClockIcon /> {t("escalationFeature.kpi.overdue", { count: o.escalations.overdue })}
            </strong>
          ) : (
            t("escalationFeature.kpi.noneOverdue")
          )
        }
      >
        <Link to="/mod/escalations" className="small">
          {t("escalationFeature.kpi.link")}
        </Link>
      </Kpi>
    </ul>
  );
}

// -------------------------------------------------------------------------------------------------------
// Trends

function Trends({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const lang = useLang();
  const hourly = o.bucket === "hour";
  const volumeBuckets: ChartBucket[] = o.volume.map((v) => ({
    key: v.key,
    label: hourly ? formatHour(v.key, lang) : formatDay(v.key, lang),
    longLabel: hourly ? formatDayHour(v.key, lang) : formatDay(v.key, lang, true),
  }));
  const sentimentSeries: ChartSeries[] = (["pos", "neu", "neg"] as const).map((k) => ({
    key: k,
    label: t(`sentiment.${k}`),
    tone: k,
    values: o.volume.map((v) => v[k]),
  }));
  const s = o.current.sentiment;
  const peak = o.volume.reduce<{ i: number; n: number }>(
    (best, v, i) => (v.pos + v.neu + v.neg > best.n ? { i, n: v.pos + v.neu + v.neg } : best),
    { i: -1, n: 0 },
  );
  const netValues = o.volume.map((v) => v.net);
  const netKnown = o.volume.flatMap((v, i) => (v.net === null ? [] : [{ i, net: v.net }]));
  const low = netKnown.reduce<{ i: number; net: number } | null>(
    (m, x) => (!m || x.net < m.net ? x : m),
    null,
  );
  const high = netKnown.reduce<{ i: number; net: number } | null>(
    (m, x) => (!m || x.net > m.net ? x : m),
    null,
  );
  const dayBuckets: ChartBucket[] = o.response.map((r) => ({
    key: r.day,
    label: formatDay(r.day, lang),
    longLabel: formatDay(r.day, lang, true),
  }));
  const hours = (v: number | null) => (v === null ? null : v / 3600);
  const responseSeries: ChartSeries[] = [
    {
      key: "first",
      label: t("charts.seriesFirstResponse"),
      tone: "brand",
      values: o.response.map((r) => hours(r.firstResponseMeanSeconds)),
    },
    {
      key: "resolution",
      label: t("charts.seriesResolution"),
      tone: "accent",
      dashed: true,
      values: o.response.map((r) => hours(r.resolutionMeanSeconds)),
    },
  ];
  const bucketHeader = hourly ? t("charts.colHour") : t("charts.colDay");
  return (
    <div className="trend-grid">
      <section className="card chart-card chart-wide" aria-labelledby="chart-volume-title">
        <div className="card-head">
          <h3 id="chart-volume-title">{t("charts.volumeTitle")}</h3>
          <ExportLink table="volume" o={o} label={t("charts.volumeTitle")} />
        </div>
        <StackedBarChart
          headingId="chart-volume-title"
          buckets={volumeBuckets}
          series={sentimentSeries}
          summary={
            s.total === 0
              ? t("charts.volumeEmpty")
              : t("charts.volumeSummary", {
                  count: s.total,
                  total: formatNumber(s.total, lang),
                  pos: formatNumber(s.pos, lang),
                  neu: formatNumber(s.neu, lang),
                  neg: formatNumber(s.neg, lang),
                  peak: peak.i >= 0 ? volumeBuckets[peak.i]!.longLabel : "",
                  peakCount: formatNumber(peak.n, lang),
                })
          }
          caption={hourly ? t("charts.volumeCaptionHour") : t("charts.volumeCaptionDay")}
          bucketHeader={bucketHeader}
          formatValue={(v) => formatNumber(v, lang)}
          emptyText={t("charts.empty")}
        />
      </section>
      <section className="card chart-card" aria-labelledby="chart-net-title">
        <div className="card-head">
          <h3 id="chart-net-title">{t("charts.netTitle")}</h3>
        </div>
        <LineChart
          headingId="chart-net-title"
          buckets={volumeBuckets}
          series={[{ key: "net", label: t("charts.seriesNet"), tone: "brand", values: netValues }]}
          summary={
            s.net === null || !low || !high
              ? t("charts.volumeEmpty")
              : t("charts.netSummary", {
                  net: formatNet(s.net, lang),
                  low: formatNet(low.net, lang),
                  lowAt: volumeBuckets[low.i]!.longLabel,
                  high: formatNet(high.net, lang),
                  highAt: volumeBuckets[high.i]!.longLabel,
                })
          }
          caption={hourly ? t("charts.netCaptionHour") : t("charts.netCaptionDay")}
          bucketHeader={bucketHeader}
          formatAxis={(v) => formatSigned(v, lang)}
          formatValue={(v) => formatNet(v, lang)}
          zeroLine
          minDomain={[-20, 20]}
          emptyText={t("charts.empty")}
        />
      </section>
      <section className="card chart-card" aria-labelledby="chart-response-title">
        <div className="card-head">
          <h3 id="chart-response-title">{t("charts.responseTitle")}</h3>
          <ExportLink table="response" o={o} label={t("charts.responseTitle")} />
        </div>
        <LineChart
          headingId="chart-response-title"
          buckets={dayBuckets}
          series={responseSeries}
          summary={t("charts.responseSummary", {
            first:
              o.current.firstResponse.meanSeconds === null
                ? t("charts.noData")
                : formatDuration(o.current.firstResponse.meanSeconds, lang),
            resolution:
              o.current.resolution.meanSeconds === null
                ? t("charts.noData")
                : formatDuration(o.current.resolution.meanSeconds, lang),
          })}
          caption={t("charts.responseCaption")}
          bucketHeader={t("charts.colDay")}
          formatAxis={(v) => t("charts.hoursAxis", { value: formatDecimal(v, lang, 0) })}
          formatValue={(v) => formatDuration(v === null ? null : v * 3600, lang)}
          minDomain={[0, 4]}
          emptyText={t("charts.empty")}
        />
      </section>
    </div>
  );
}

// -------------------------------------------------------------------------------------------------------
// Alerts, triage, rising issues, boards

function ExportLink({ table, o, label }: { table: string; o: Overview; label: string }) {
  const { t } = useTranslation();
  return (
    <a
      className="export-link"
      href={`/mod/export/${table}${pageQuery(o.period, o.board?.slug)}`}
      download
      aria-label={t("commandCenter.exportLabel", { table: label })}
    >
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
        <path
          d="M12 3v12m0 0-4.5-4.5M12 15l4.5-4.5M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      {t("commandCenter.csv")}
    </a>
  );
}

function Alerts({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const lang = useLang();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyId = navigation.state === "submitting" ? navigation.formData?.get("alertId") : null;
  const failed = result && !result.ok ? result : null;
  if (o.alerts.length === 0) {
    return (
      <p className="card calm-state">
        <span className="calm-icon" aria-hidden="true">
          ✓
        </span>
        {t("alerts.empty")}
      </p>
    );
  }
  return (
    <ul className="alert-list">
      {o.alerts.map((a) => {
        const scope = boardLabel(a.board, lang, t);
        const error = failed && failed.values.alertId === String(a.id) ? failed.error : null;
        const errorId = `alert-${a.id}-error`;
        const ratio = a.baseline > 0 ? a.peakCount / a.baseline : null;
        return (
          <li key={a.id} id={`alert-${a.id}`} className="card alert-card">
            <div className="alert-head">
              <span className="alert-pulse" aria-hidden="true" />
              <h3 className="alert-title">
                {t("alerts.headline", {
                  count: a.peakCount,
                  n: formatNumber(a.peakCount, lang),
                  window: t(a.window === "day" ? "alerts.windowDay" : "alerts.windowHour"),
                })}
              </h3>
            </div>
            <dl className="alert-facts">
              <div>
                <dt>{t("alerts.scope")}</dt>
                <dd>
                  {a.board ? <Link to={`/mod${pageQuery(o.period, a.board.slug)}`}>{scope}</Link> : scope}
                </dd>
              </div>
              <div>
                <dt>{t("alerts.baseline")}</dt>
                <dd>
                  {formatDecimal(a.baseline, lang)}
                  {ratio !== null && ratio >= 1.5 ? (
                    <span className="ratio-pill">
                      {t("alerts.times", { value: formatDecimal(ratio, lang) })}
                    </span>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t("alerts.raised")}</dt>
                <dd>
                  <RelativeTime date={a.raisedAt} />
                  {a.updatedAt !== a.raisedAt ? (
                    <span className="muted">
                      {" "}
                      · {t("alerts.updated")} <RelativeTime date={a.updatedAt} />
                    </span>
                  ) : null}
                </dd>
              </div>
            </dl>
            <h4 className="mini-title">{t("alerts.terms")}</h4>
            {a.terms.length ? (
              <ul className="term-chips">
                {a.terms.slice(0, MAX_TERMS).map((term) => (
                  <li key={term}>{term}</li>
                ))}
              </ul>
            ) : (
              <p className="muted small">{t("alerts.noTerms")}</p>
            )}
            <h4 className="mini-title">{t("alerts.threads")}</h4>
            {a.threads.length ? (
              <ul className="thread-links">
                {a.threads.map((th) => (
                  <li key={th.id}>
                    <Link to={`/t/${th.id}`}>{th.title}</Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">{t("alerts.noThreads")}</p>
            )}
            <Form method="post" className="alert-close" aria-label={t("alerts.closeFor", { scope })}>
              <input type="hidden" name="intent" value="close-alert" />
              <input type="hidden" name="alertId" value={a.id} />
              <input type="hidden" name="period" value={o.period} />
              <input type="hidden" name="board" value={o.board?.slug ?? ""} />
              <label htmlFor={`alert-${a.id}-note`} className="label small">
                {t("alerts.note")}
              </label>
              <div className="alert-close-row">
                <textarea
                  id={`alert-${a.id}-note`}
                  name="note"
                  className="input input-sm"
                  rows={2}
                  required
                  maxLength={NOTE_MAX}
                  placeholder={t("alerts.notePlaceholder")}
                  defaultValue={error ? failed?.values.note : undefined}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? errorId : undefined}
                />
                <button type="submit" className="btn btn-primary btn-sm" disabled={busyId === String(a.id)}>
                  {t("alerts.close")}
                </button>
              </div>
              {error ? (
                <p id={errorId} className="field-error" role="alert">
                  {t(`alerts.errors.${error.fields.note ?? error.code}`, {
                    defaultValue: t("alerts.errors.invalid"),
                  })}
                </p>
              ) : null}
            </Form>
          </li>
        );
      })}
    </ul>
  );
}

function reasonText(r: TriageReason, t: TFunction, lang: Lang): string {
  switch (r.code) {
    case "urgent_terms":
      return t("commandCenter.reasons.urgent_terms", { terms: r.terms.slice(0, 3).join(", ") });
    case "no_answer":
    case "no_staff_response":
      return t(`commandCenter.reasons.${r.code}`, { hours: formatNumber(r.hours, lang) });
    case "velocity":
      return t("commandCenter.reasons.velocity", {
        count: r.repliesLastHour,
        n: formatNumber(r.repliesLastHour, lang),
      });
    default:
      return t(`commandCenter.reasons.${r.code}`);
  }
}

function TriageTop({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div className="card triage-card">
      {o.triage.length === 0 ? (
        <p className="empty">{t("commandCenter.triage.empty")}</p>
      ) : (
        <ol className="triage-list">
          {o.triage.map((x) => (
            <li key={x.threadId} className="triage-item">
              <span
                className={`score-pill ${x.score >= 60 ? "is-high" : x.score >= 40 ? "is-mid" : "is-low"}`}
                title={t("commandCenter.triage.scoreLabel", { score: x.score })}
              >
                <span className="sr-only">{t("commandCenter.triage.scoreLabel", { score: x.score })}</span>
                <span aria-hidden="true">{formatNumber(x.score, lang)}</span>
              </span>
              <div className="triage-main">
                <Link to={`/t/${x.threadId}`} className="triage-title">
                  {x.title}
                </Link>
                <p className="triage-meta">
                  {pick(lang, x.board.nameVi, x.board.nameEn)} · <RelativeTime date={x.createdAt} />
                  {x.assignee ? <> · {t("commandCenter.triage.assigned", { name: x.assignee })}</> : null}
                </p>
                {x.reasons.length ? (
                  <ul className="reason-chips" aria-label={t("commandCenter.triage.reasons")}>
                    {x.reasons.map((r) => (
                      <li key={r.code}>{reasonText(r, t, lang)}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
      <p className="card-foot">
        <Link to="/mod/triage" className="btn btn-outline btn-sm">
          {t("commandCenter.triage.open")} <span aria-hidden="true">→</span>
        </Link>
      </p>
    </div>
  );
}

function RisingIssues({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (o.risingIssues.length === 0) {
    return <p className="card calm-state">{t("commandCenter.rising.empty")}</p>;
  }
  return (
    <div className="card table-card">
      <div className="table-scroll">
        <table className="data-table stack-narrow">
          <caption className="sr-only">{t("commandCenter.rising.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("commandCenter.rising.colTerm")}</th>
              <th scope="col" className="num">
                {t("commandCenter.rising.colNow")}
              </th>
              <th scope="col" className="num">
                {t("commandCenter.rising.colBefore")}
              </th>
              <th scope="col" className="num">
                {t("commandCenter.rising.colRatio")}
              </th>
              <th scope="col">{t("commandCenter.rising.colThreads")}</th>
            </tr>
          </thead>
          <tbody>
            {o.risingIssues.map((r) => (
              <tr key={r.term}>
                <th scope="row" className="term-cell">
                  <span className="term-chip">{r.term}</span>
                </th>
                <td className="num" data-label={t("commandCenter.rising.colNow")}>
                  {formatNumber(r.count, lang)}
                </td>
                <td className="num" data-label={t("commandCenter.rising.colBefore")}>
                  {formatNumber(r.previousCount, lang)}
                </td>
                <td className="num" data-label={t("commandCenter.rising.colRatio")}>
                  {r.previousCount === 0
                    ? t("commandCenter.rising.new")
                    : t("alerts.times", { value: formatDecimal(r.ratio, lang) })}
                </td>
                <td className="cell-threads" data-label={t("commandCenter.rising.colThreads")}>
                  <ul className="thread-links">
                    {r.threads.map((th) => (
                      <li key={th.id}>
                        <Link to={`/t/${th.id}`}>{th.title}</Link>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function BoardsAtRisk({ o }: { o: Overview }) {
  const { t } = useTranslation();
  const lang = useLang();
  const atRisk = o.boards.filter((b) => b.atRisk).length;
  return (
    <div className="card table-card">
      <p className={`board-risk-summary ${atRisk ? "is-risk" : "is-ok"}`} role="status">
        {atRisk
          ? t("commandCenter.boards.summary", { count: atRisk, n: formatNumber(atRisk, lang) })
          : t("commandCenter.boards.none")}
      </p>
      <div className="table-scroll">
        <table className="data-table stack-narrow">
          <caption className="sr-only">{t("commandCenter.boards.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("commandCenter.boards.colBoard")}</th>
              <th scope="col" className="num">
                {t("commandCenter.boards.colPosts")}
              </th>
              <th scope="col" className="num">
                {t("commandCenter.boards.colNegative")}
              </th>
              <th scope="col" className="num">
                {t("commandCenter.boards.colPrevious")}
              </th>
              <th scope="col" className="num">
                {t("commandCenter.boards.colUnanswered")}
              </th>
              <th scope="col">{t("commandCenter.boards.colStatus")}</th>
            </tr>
          </thead>
          <tbody>
            {o.boards.map((b) => (
              <tr key={b.slug} className={b.atRisk ? "is-at-risk" : undefined}>
                <th scope="row" className="board-cell">
                  <Link to={`/mod${pageQuery(o.period, b.slug)}`}>{pick(lang, b.nameVi, b.nameEn)}</Link>
                </th>
                <td className="num" data-label={t("commandCenter.boards.colPosts")}>
                  {formatNumber(b.posts, lang)}
                </td>
                <td className="num" data-label={t("commandCenter.boards.colNegative")}>
                  {formatPercent(b.negShare, lang)}
                </td>
                <td className="num" data-label={t("commandCenter.boards.colPrevious")}>
                  {formatPercent(b.previousNegShare, lang)}
                </td>
                <td className="num" data-label={t("commandCenter.boards.colUnanswered")}>
                  {formatNumber(b.unansweredOver24h, lang)}
                </td>
                <td data-label={t("commandCenter.boards.colStatus")}>
                  {b.atRisk ? (
                    <span className="risk-tags">
                      {b.reasons.map((r) => (
                        <span key={r} className="risk-tag">
                          {t(`commandCenter.boards.reasons.${r}`)}
                        </span>
                      ))}
                    </span>
                  ) : (
                    <span className="ok-tag">{t("commandCenter.boards.ok")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

// -------------------------------------------------------------------------------------------------------
// Page

const SECTIONS = [
  ["figures", "commandCenter.toc.figures"],
  ["alerts", "commandCenter.toc.alerts"],
  ["triage", "commandCenter.toc.triage"],
  ["trends", "commandCenter.toc.trends"],
  ["rising", "commandCenter.toc.rising"],
  ["boards", "commandCenter.toc.boards"],
] as const;

export default function CommandCenter() {
  const { overview: o, boards, closed, rules } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  useAutoRefresh(o.generatedAt);
  const w = o.window;
  const pw = o.previousWindow;
  const windowText =
    o.bucket === "hour"
      ? t("commandCenter.windowHours", {
          from: formatDayHour(w.from, lang),
          to: formatDayHour(o.generatedAt, lang),
        })
      : t("commandCenter.windowDays", {
          from: formatDay(w.fromDay, lang),
          to: formatDay(w.toDay, lang, true),
          prevFrom: formatDay(pw.fromDay, lang),
          prevTo: formatDay(pw.toDay, lang, true),
        });
  const boardName = o.board ? pick(lang, o.board.nameVi, o.board.nameEn) : t("commandCenter.allBoards");
  return (
    <div className="command-center">
      <header className="page-header cc-header">
        <div>
          <p className="cc-eyebrow">{t("commandCenter.eyebrow")}</p>
          <h1>{t("commandCenter.title")}</h1>
          <p className="muted lead-text">{t("commandCenter.lead")}</p>
        </div>
        <div className="cc-refresh">
          <p className="small">
            <span className="live-dot" aria-hidden="true" />
            {t("commandCenter.updated")}{" "}
            <time dateTime={o.generatedAt}>{formatHour(o.generatedAt, lang)}</time>
          </p>
          <p className="small muted">{t("commandCenter.autoRefresh")}</p>
          <Link to={pageQuery(o.period, o.board?.slug)} className="btn btn-outline btn-sm" reloadDocument>
            {t("commandCenter.refreshNow")}
          </Link>
        </div>
      </header>

      <div className="cc-controls">
        <nav className="tabs period-tabs" aria-label={t("commandCenter.periods")}>
          {PERIODS.map((p) => (
            <Link
              key={p}
              to={pageQuery(p, o.board?.slug)}
              className={`tab${p === o.period ? " is-active" : ""}`}
              aria-current={p === o.period ? "page" : undefined}
            >
              {t(`commandCenter.period.${p}`)}
            </Link>
          ))}
        </nav>
        <Form method="get" className="board-filter" aria-label={t("commandCenter.filter")}>
          <input type="hidden" name="period" value={o.period} />
          <label htmlFor="cc-board" className="label">
            {t("commandCenter.board")}
          </label>
          <select id="cc-board" name="board" className="input select" defaultValue={o.board?.slug ?? ""}>
            <option value="">{t("commandCenter.allBoards")}</option>
            {boards.map((b) => (
              <option key={b.slug} value={b.slug}>
                {pick(lang, b.nameVi, b.nameEn)}
              </option>
            ))}
          </select>
          <button type="submit" className="btn btn-primary">
            {t("commandCenter.apply")}
          </button>
        </Form>
      </div>
      <p className="cc-window">
        <strong>{boardName}</strong> · {windowText}
        {o.bucket === "hour" ? (
          <span className="cc-window-note"> {t("commandCenter.dailyNote24h")}</span>
        ) : null}
      </p>

      {closed ? (
        <div className="alert alert-success" role="status">
          {t("alerts.closedDone")}
        </div>
      ) : null}

      <nav className="page-toc" aria-label={t("commandCenter.sections")}>
        <ul>
          {SECTIONS.map(([id, key]) => (
            <li key={id}>
              <a href={`#${id}`}>
                {t(key)}
                {id === "alerts" && o.alerts.length ? (
                  <span className="toc-count">{o.alerts.length}</span>
                ) : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <section id="figures" className="section" aria-labelledby="figures-title">
        <div className="section-head">
          <h2 id="figures-title" className="section-title">
            {t("commandCenter.toc.figures")}
          </h2>
          <ExportLink table="summary" o={o} label={t("commandCenter.toc.figures")} />
        </div>
        <KeyFigures o={o} />
      </section>

      <div className="cc-columns">
        <section id="alerts" className="section" aria-labelledby="alerts-title">
          <div className="section-head">
            <h2 id="alerts-title" className="section-title">
              {t("alerts.title")} <span className="tab-count">{formatNumber(o.alerts.length, lang)}</span>
            </h2>
            <ExportLink table="alerts" o={o} label={t("alerts.title")} />
          </div>
          <p className="muted small section-lead">{t("alerts.lead")}</p>
          <Alerts o={o} />
        </section>

        <section id="triage" className="section" aria-labelledby="triage-title">
          <div className="section-head">
            <h2 id="triage-title" className="section-title">
              {t("commandCenter.triage.title")}
            </h2>
            <ExportLink table="triage" o={o} label={t("commandCenter.triage.title")} />
          </div>
          <p className="muted small section-lead">{t("commandCenter.triage.lead")}</p>
          <TriageTop o={o} />
        </section>
      </div>

      <section id="trends" className="section" aria-labelledby="trends-title">
        <h2 id="trends-title" className="section-title">
          {t("commandCenter.toc.trends")}
        </h2>
        <Trends o={o} />
      </section>

      <section id="rising" className="section" aria-labelledby="rising-title">
        <div className="section-head">
          <h2 id="rising-title" className="section-title">
            {t("commandCenter.rising.title")}
          </h2>
          <ExportLink table="rising" o={o} label={t("commandCenter.rising.title")} />
        </div>
        <p className="muted small section-lead">
          {t("commandCenter.rising.lead")}{" "}
          <Link to="/mod/settings#rising-terms">
            {o.risingIgnored.length
              ? t("commandCenter.rising.hidden", { terms: o.risingIgnored.join(", ") })
              : t("commandCenter.rising.hideTerms")}
          </Link>
        </p>
        <RisingIssues o={o} />
      </section>

      <section id="boards" className="section" aria-labelledby="boards-title">
        <div className="section-head">
          <h2 id="boards-title" className="section-title">
            {t("commandCenter.boards.title")}
          </h2>
          <ExportLink table="boards" o={o} label={t("commandCenter.boards.title")} />
        </div>
        <p className="muted small section-lead">
          {t("commandCenter.boards.rule", {
            high: formatPercent(rules.highNegativeShare, lang),
            rise: formatNumber(rules.risingPoints * 100, lang),
            unanswered: formatNumber(rules.unansweredThreads, lang),
            hours: formatNumber(rules.unansweredAfterHours, lang),
            min: formatNumber(rules.minPosts, lang),
          })}
        </p>
        <BoardsAtRisk o={o} />
      </section>
    </div>
  );
}
