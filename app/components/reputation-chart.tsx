/**
 * A member's reputation over time: the running total by brand-time day, drawn on the server as SVG
 * (d3-scale + d3-shape compute the geometry, React renders it; no client-side chart code).
 *
 * The plot is stretched to its box (preserveAspectRatio="none", non-scaling strokes) and the axis labels are
 * HTML placed by percentage, so text stays readable at every width. UTC scales keep the server's and the
 * browser's render identical (days are calendar dates, not instants). The text alternative is a summary
 * sentence and a data table in a <details>, both readable without JavaScript.
 */
import { useTranslation } from "~/i18n/react";
import { scaleLinear, scaleUtc } from "d3-scale";
import { area, curveStepAfter, line } from "d3-shape";
import { TIME_ZONE, type Lang } from "~/i18n/config";
import { dateFormat, formatNumber, useLang } from "./time";

export interface ReputationDay {
  /** Brand-time calendar day, YYYY-MM-DD. */
  day: string;
  /** Net points earned that day. */
  points: number;
}

interface Point {
  day: string;
  date: Date;
  change: number;
  total: number;
}

const W = 600;
const H = 200;
const DAY_MS = 86_400_000;

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);

/** "12 Mar" / "12 thg 3": a calendar day in the visitor's language. */
export function formatDay(day: string, lang: Lang, withYear = false): string {
  return dateFormat(lang, {
    day: "numeric",
    month: "short",
    ...(withYear ? { year: "numeric" } : {}),
    timeZone: "UTC",
  }).format(dayDate(day));
}

/** "12 Mar 2025": the calendar date of an instant, in the brand's time zone (no time of day). */
export function formatShortDate(date: Date | string, lang: Lang): string {
  return dateFormat(lang, { dateStyle: "medium", timeZone: TIME_ZONE }).format(
    typeof date === "string" ? new Date(date) : date,
  );
}

/** "+10", "−2", "0" (a real minus sign, read as "minus"). */
export function formatSigned(n: number, lang: Lang): string {
  const abs = formatNumber(Math.abs(n), lang);
  return n > 0 ? `+${abs}` : n < 0 ? `−${abs}` : abs;
}

/** Running totals, one point per day that changed, in day order. */
export function cumulativeByDay(history: readonly ReputationDay[]): Point[] {
  const sorted = [...history].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  let total = 0;
  return sorted.map((h) => {
    total += h.points;
    return { day: h.day, date: dayDate(h.day), change: h.points, total };
  });
}

export function ReputationChart({
  history,
  today,
  headingId,
}: {
  history: readonly ReputationDay[];
  /** The last day shown (the total is carried flat up to it). */
  today: string;
  /** The id of the heading that names the chart. */
  headingId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const points = cumulativeByDay(history);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return <p className="empty">{t("profileRep.chartEmpty")}</p>;

  // The line runs to today so a quiet spell shows as a flat stretch, not a line that stops early.
  const end = dayDate(today > last.day ? today : last.day);
  const series = end.getTime() > last.date.getTime() ? [...points, { ...last, date: end }] : points;
  const start = end.getTime() === first.date.getTime() ? new Date(first.date.getTime() - DAY_MS) : first.date;
  const plotted = start === first.date ? series : [{ ...first, date: start }, ...series];

  const x = scaleUtc().domain([start, end]).range([0, W]);
  const maxTotal = Math.max(...points.map((p) => p.total));
  const lowest = Math.min(...points.map((p) => p.total));
  // A member who started high (imported reputation) would otherwise get a flat line at the top: when the
  // totals vary little compared with their size, the axis starts near the lowest total instead of zero.
  const zoom = lowest > 0 && maxTotal - lowest < maxTotal * 0.5 && maxTotal - lowest >= 5;
  const minTotal = zoom ? Math.max(0, lowest - (maxTotal - lowest) * 0.15) : Math.min(0, lowest);
  const y = scaleLinear()
    .domain([minTotal, Math.max(maxTotal, minTotal + 5)])
    .nice(4)
    .range([H, 0]);

  const linePath =
    line<Point>()
      .x((p) => x(p.date))
      .y((p) => y(p.total))
      .curve(curveStepAfter)(plotted) ?? "";
  const areaPath =
    area<Point>()
      .x((p) => x(p.date))
      .y0(zoom ? H : y(Math.max(0, minTotal)))
      .y1((p) => y(p.total))
      .curve(curveStepAfter)(plotted) ?? "";

  const yTicks = y.ticks(4);
  const xTicks = x.ticks(Math.min(5, Math.max(2, Math.round((end.getTime() - start.getTime()) / DAY_MS))));
  const pct = (v: number, of: number) => `${((v / of) * 100).toFixed(2)}%`;
  const dayOf = (d: Date) => d.toISOString().slice(0, 10);

  return (
    <figure className="rep-chart" aria-labelledby={headingId}>
      <div className="rep-chart-plot" aria-hidden="true">
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" focusable="false">
          <defs>
            <linearGradient id="rep-chart-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#16697a" stopOpacity="0.28" />
              <stop offset="100%" stopColor="#16697a" stopOpacity="0.02" />
            </linearGradient>
          </defs>
          {yTicks.map((v) => (
            <line
              key={v}
              className="rep-chart-grid"
              x1={0}
              x2={W}
              y1={y(v)}
              y2={y(v)}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          <path d={areaPath} fill="url(#rep-chart-fill)" />
          <path d={linePath} className="rep-chart-line" vectorEffect="non-scaling-stroke" />
        </svg>
        {yTicks.map((v) => (
          <span key={v} className="rep-chart-y" style={{ top: pct(y(v), H) }}>
            {formatNumber(v, lang)}
          </span>
        ))}
        {xTicks.map((d, i) => (
          <span
            key={d.getTime()}
            // Every other date label is dropped on narrow screens, where they would collide.
            className={`rep-chart-x${xTicks.length > 3 && i % 2 === 1 ? " is-minor" : ""}`}
            style={{ left: pct(x(d), W) }}
          >
            {formatDay(dayOf(d), lang)}
          </span>
        ))}
        <span className="rep-chart-dot" style={{ left: pct(x(end), W), top: pct(y(last.total), H) }} />
      </div>
      <figcaption className="rep-chart-summary">
        {t("profileRep.chartSummary", {
          start: formatNumber(first.total, lang),
          from: formatDay(first.day, lang, true),
          end: formatNumber(last.total, lang),
          to: formatDay(last.day, lang, true),
        })}
      </figcaption>
      <details className="rep-chart-details">
        <summary>{t("profileRep.chartTable")}</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption>{t("profileRep.chartCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("profileRep.colDay")}</th>
                <th scope="col" className="num">
                  {t("profileRep.colChange")}
                </th>
                <th scope="col" className="num">
                  {t("profileRep.colTotal")}
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.day}>
                  <th scope="row">
                    <time dateTime={p.day}>{formatDay(p.day, lang, true)}</time>
                  </th>
                  <td className="num">{formatSigned(p.change, lang)}</td>
                  <td className="num">{formatNumber(p.total, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
