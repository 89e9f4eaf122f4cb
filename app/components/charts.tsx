/**
 * Small server-rendered SVG charts for the command center: stacked bars and lines. d3-scale and d3-shape only
 * compute geometry; React renders it, so there is no chart code in the browser and the page works without JS.
 *
 * Like the reputation chart, the plot is stretched to its box (preserveAspectRatio="none", non-scaling
 * strokes) and the axis labels and dots are HTML placed by percentage, so text stays crisp at every width.
 * Every chart is a <figure> named by its section heading, with a one-sentence summary as its caption and the
 * same numbers as a data table (caption, th scope) beside it; the drawing itself is hidden from screen readers.
 * Labels are formatted by the caller (language, time zone), so server and browser render the same text.
 */
import { useTranslation } from "~/i18n/react";
import { scaleBand, scaleLinear } from "d3-scale";
import { line } from "d3-shape";

const W = 600;
const H = 220;

export interface ChartBucket {
  key: string;
  /** Axis label ("3 Jun", "14:00"). */
  label: string;
  /** Row header in the data table ("3 Jun 2026", "3 Jun, 14:00"). */
  longLabel: string;
}

export interface ChartSeries {
  key: string;
  label: string;
  /** Colour and stroke style (listening.css). */
  tone: "pos" | "neu" | "neg" | "brand" | "accent";
  dashed?: boolean;
  values: (number | null)[];
}

const pct = (v: number, of: number) => `${((v / of) * 100).toFixed(2)}%`;

/** At most `max` evenly spaced bucket indexes, always including the last one. */
function tickIndexes(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = Math.ceil(n / max);
  const out: number[] = [];
  for (let i = (n - 1) % step; i < n; i += step) out.push(i);
  return out;
}

function Legend({ series }: { series: ChartSeries[] }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {series.map((s) => (
        <li key={s.key}>
          <span className={`chart-swatch tone-${s.tone}${s.dashed ? " is-dashed" : ""}`} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

function DataTable({
  caption,
  buckets,
  series,
  bucketHeader,
  format,
}: {
  caption: string;
  buckets: ChartBucket[];
  series: ChartSeries[];
  bucketHeader: string;
  format: (v: number | null, s: ChartSeries) => string;
}) {
  const { t } = useTranslation();
  return (
    <details className="chart-details">
      <summary>{t("charts.showTable")}</summary>
      <div className="table-scroll chart-table">
        <table className="data-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{bucketHeader}</th>
              {series.map((s) => (
                <th key={s.key} scope="col" className="num">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {buckets.map((b, i) => (
              <tr key={b.key}>
                <th scope="row">{b.longLabel}</th>
                {series.map((s) => (
                  <td key={s.key} className="num">
                    {format(s.values[i] ?? null, s)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function YLabels({
  ticks,
  y,
  format,
}: {
  ticks: number[];
  y: (v: number) => number;
  format: (v: number) => string;
}) {
  return (
    <>
      {ticks.map((v) => (
        <span key={v} className="chart-y" style={{ top: pct(y(v), H) }}>
          {format(v)}
        </span>
      ))}
    </>
  );
}

function XLabels({ buckets, x, max }: { buckets: ChartBucket[]; x: (i: number) => number; max: number }) {
  const idx = tickIndexes(buckets.length, max);
  return (
    <>
      {idx.map((i, n) => (
        <span
          key={buckets[i]!.key}
          // Every other label is dropped on phones, where they would collide.
          className={`chart-x${idx.length > 3 && (idx.length - 1 - n) % 2 === 1 ? " is-minor" : ""}`}
          style={{ left: pct(x(i), W) }}
        >
          {buckets[i]!.label}
        </span>
      ))}
    </>
  );
}

/** Bars stacked by series (e.g. posts per day by sentiment). */
export function StackedBarChart({
  headingId,
  buckets,
  series,
  summary,
  caption,
  bucketHeader,
  formatValue,
  emptyText,
}: {
  headingId: string;
  buckets: ChartBucket[];
  series: ChartSeries[];
  summary: string;
  caption: string;
  bucketHeader: string;
  formatValue: (v: number) => string;
  emptyText: string;
}) {
  const totals = buckets.map((_, i) => series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = Math.max(0, ...totals);
  const x = scaleBand<number>()
    .domain(buckets.map((_, i) => i))
    .range([0, W])
    .paddingInner(buckets.length > 40 ? 0.15 : 0.3)
    .paddingOuter(0.1);
  const y = scaleLinear()
    .domain([0, Math.max(max, 4)])
    .nice(4)
    .range([H, 0]);
  const ticks = y.ticks(4).filter((v) => Number.isInteger(v));
  const center = (i: number) => (x(i) ?? 0) + x.bandwidth() / 2;
  return (
    <figure className="chart" aria-labelledby={headingId}>
      <Legend series={series} />
      <div className="chart-plot" aria-hidden="true">
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" focusable="false">
          {ticks.map((v) => (
            <line
              key={v}
              className="chart-grid"
              x1={0}
              x2={W}
              y1={y(v)}
              y2={y(v)}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {buckets.map((b, i) => {
            let base = 0;
            return (
              <g key={b.key}>
                {series.map((s) => {
                  const v = s.values[i] ?? 0;
                  if (v <= 0) return null;
                  const top = y(base + v);
                  const h = y(base) - top;
                  base += v;
                  return (
                    <rect
                      key={s.key}
                      className={`chart-bar tone-${s.tone}`}
                      x={x(i)}
                      y={top}
                      width={x.bandwidth()}
                      height={Math.max(h, 0.5)}
                    />
                  );
                })}
              </g>
            );
          })}
          <line className="chart-axis" x1={0} x2={W} y1={H} y2={H} vectorEffect="non-scaling-stroke" />
        </svg>
        <YLabels ticks={ticks} y={y} format={formatValue} />
        <XLabels buckets={buckets} x={center} max={7} />
        {max === 0 ? <span className="chart-empty">{emptyText}</span> : null}
      </div>
      <figcaption className="chart-summary">{summary}</figcaption>
      <DataTable
        caption={caption}
        buckets={buckets}
        series={series}
        bucketHeader={bucketHeader}
        format={(v) => (v === null ? "—" : formatValue(v))}
      />
    </figure>
  );
}

/** One or more lines over the same buckets; null values leave a gap. */
export function LineChart({
  headingId,
  buckets,
  series,
  summary,
  caption,
  bucketHeader,
  formatAxis,
  formatValue,
  zeroLine = false,
  minDomain,
  emptyText,
}: {
  headingId: string;
  buckets: ChartBucket[];
  series: ChartSeries[];
  summary: string;
  caption: string;
  bucketHeader: string;
  formatAxis: (v: number) => string;
  formatValue: (v: number | null, s: ChartSeries) => string;
  /** Draw the 0 line (net sentiment). */
  zeroLine?: boolean;
  /** The y axis covers at least this range. */
  minDomain: [number, number];
  emptyText: string;
}) {
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const lo = Math.min(minDomain[0], ...values);
  const hi = Math.max(minDomain[1], ...values);
  const x = scaleLinear()
    .domain([0, Math.max(1, buckets.length - 1)])
    .range(buckets.length === 1 ? [W / 2, W / 2] : [0, W]);
  const y = scaleLinear().domain([lo, hi]).nice(4).range([H, 0]);
  const ticks = y.ticks(4);
  const showDots = buckets.length <= 31;
  return (
    <figure className="chart" aria-labelledby={headingId}>
      <Legend series={series} />
      <div className="chart-plot" aria-hidden="true">
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" focusable="false">
          {ticks.map((v) => (
            <line
              key={v}
              className={zeroLine && v === 0 ? "chart-zero" : "chart-grid"}
              x1={0}
              x2={W}
              y1={y(v)}
              y2={y(v)}
              vectorEffect="non-scaling-stroke"
            />
          ))}
          {series.map((s) => {
            const d =
              line<number | null>()
                .defined((v) => v !== null)
                .x((_, i) => x(i))
                .y((v) => y(v ?? 0))(s.values) ?? "";
            return (
              <path
                key={s.key}
                d={d}
                className={`chart-line tone-${s.tone}${s.dashed ? " is-dashed" : ""}`}
                vectorEffect="non-scaling-stroke"
              />
            );
          })}
        </svg>
        {series.map((s) =>
          s.values.map((v, i) =>
            v === null ||
            // A lone value between gaps would be invisible without its dot.
            (!showDots && s.values[i - 1] !== null && s.values[i + 1] !== null) ? null : (
              <span
                key={`${s.key}-${i}`}
                className={`chart-dot tone-${s.tone}`}
                style={{ left: pct(x(i), W), top: pct(y(v), H) }}
              />
            ),
          ),
        )}
        <YLabels ticks={ticks} y={y} format={formatAxis} />
        <XLabels buckets={buckets} x={x} max={7} />
        {values.length === 0 ? <span className="chart-empty">{emptyText}</span> : null}
      </div>
      <figcaption className="chart-summary">{summary}</figcaption>
      <DataTable
        caption={caption}
        buckets={buckets}
        series={series}
        bucketHeader={bucketHeader}
        format={formatValue}
      />
    </figure>
  );
}
