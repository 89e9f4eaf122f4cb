/**
 * The moderators' command center: every figure of one period and board, in the shape the page, the JSON API
 * and the CSV export share.
 *
 * Cost does not grow with the number of posts, threads or members: every figure is a sum over per-day (or, for
 * "24h", per-hour) rollups, one row per day and scope, at most a few hundred rows per period:
 *  - `activity_daily` (per brand day and board, 0 = all): discussions, answers, response times, and histograms
 *    of the response times from which the medians come (domain/listening/overview-rollups: exact to within
 *    1 %, round durations exactly). The histograms of days already read are kept per process and re-read
 *    only when their row changed (row version and counts), so a request reads today's histogram and little else;
 *  - `sentiment_daily` (day periods) / `sentiment_hourly` ("24h"): sentiment shares and the volume chart;
 *  - `member_gaps_daily`: distinct active members over any window of days, one number per day.
 * Only these reads touch the big tables, each bounded by an index:
 *  - unanswered threads per board: the partial `threads_board_unanswered_idx` (reply_count = 0);
 *  - rising issues: the newest negative posts of the period, at most 500 per side (see negativeTexts);
 *  - the triage candidates: the first entries of `threads_triage_idx`.
 *
 * Periods (all in the brand's time zone, UTC+7, like every daily rollup):
 *  - "7d" / "30d" / "90d": the last N calendar days including today. Both rollups read the same window,
 *    [start of the first day, now), so sentiment counts and discussion counts describe the same posts.
 *  - "24h": sentiment reads exactly the last 24 hourly buckets. Figures kept per day (discussions, answers,
 *    response times) cannot be cut at an hour, so they cover yesterday and today; the page says so.
 * The previous period is the same number of days (or hours) just before.
 */
import { createHash } from "node:crypto";
import { AT_RISK_RULES, atRiskReasons, type AtRiskReason } from "~/domain/listening/at-risk";
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { dayKey, dayStart } from "~/domain/reputation";
import { foldVietnamese, risingTerms, segmentWords, type Word } from "~/domain/listening";
import { histogramMedian, MEMBER_GAP_DAYS } from "~/domain/listening/overview-rollups";
import { triagePriority, type TriageReason } from "~/domain/triage";
import { listAlerts } from "./listening.server";
import { rowsOf } from "./reputation.server";
import { countActiveEscalations } from "./escalations.server";
import { findTriageFacts } from "./triage.server";
import { getRisingTermsIgnored } from "./settings.server";

export const OVERVIEW_PERIODS = ["24h", "7d", "30d", "90d"] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];
export const isOverviewPeriod = (v: unknown): v is OverviewPeriod =>
  typeof v === "string" && (OVERVIEW_PERIODS as readonly string[]).includes(v);

/** How many negative posts per side feed the rising-terms comparison, and how far the reads for them go. */
const RISING_POSTS = 500;
const RISING_SCAN = 4_000;
const RISING_THREADS = 1_000;
/** Triage candidates read in stored-score order, then re-ranked exactly now; the top TRIAGE_SHOWN are shown. */
const TRIAGE_CANDIDATES = 50;
const TRIAGE_SHOWN = 5;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------------------
// Windows

export interface OverviewWindow {
  /** Hourly rollup window (sentiment, volume chart): [from, to). ISO instants. */
  from: string;
  to: string;
  /** Daily rollup window: brand days, inclusive (YYYY-MM-DD). */
  fromDay: string;
  toDay: string;
}

interface Win {
  from: Date;
  to: Date;
  fromDay: string;
  toDay: string;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
/** The instant a brand day starts (noon UTC always lies inside the brand day of the same date). */
const startOfDay = (day: string) => dayStart(new Date(`${day}T05:00:00Z`));
const hourStart = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR);

export function overviewWindows(period: OverviewPeriod, now: Date) {
  const today = dayKey(now);
  const nextHour = new Date(hourStart(now).getTime() + HOUR);
  if (period === "24h") {
    const from = new Date(nextHour.getTime() - DAY);
    return {
      bucket: "hour" as const,
      current: { from, to: nextHour, fromDay: addDays(today, -1), toDay: today },
      previous: {
        from: new Date(from.getTime() - DAY),
        to: from,
        fromDay: addDays(today, -3),
        toDay: addDays(today, -2),
      },
    };
  }
  const days = period === "7d" ? 7 : period === "30d" ? 30 : 90;
  const fromDay = addDays(today, -(days - 1));
  const prevFromDay = addDays(today, -(2 * days - 1));
  return {
    bucket: "day" as const,
    current: { from: startOfDay(fromDay), to: nextHour, fromDay, toDay: today },
    previous: {
      from: startOfDay(prevFromDay),
      to: startOfDay(fromDay),
      fromDay: prevFromDay,
      toDay: addDays(today, -days),
    },
  };
}

const exposeWindow = (w: Win): OverviewWindow => ({
  from: w.from.toISOString(),
  to: w.to.toISOString(),
  fromDay: w.fromDay,
  toDay: w.toDay,
});

/** Threads "of the period": created on one of its brand days (the daily rollups count them there). */
const threadRange = (w: Win) => ({ from: startOfDay(w.fromDay), to: startOfDay(addDays(w.toDay, 1)) });

// ---------------------------------------------------------------------------------------------------------
// Shapes

export interface DurationStats {
  /** Threads with a value in the rollup (first responses on the question's day; resolutions on the day solved). */
  count: number;
  /** Mean, from the rollup sums. */
  meanSeconds: number | null;
  /** Median of the same durations, from the rollup's histograms (within 1 %; round durations exactly). */
  medianSeconds: number | null;
  /** Durations the median was taken over (= count). */
  medianOf: number;
}

export interface SentimentFigures {
  pos: number;
  neu: number;
  neg: number;
  total: number;
  posShare: number | null;
  neuShare: number | null;
  negShare: number | null;
  /** Positive share minus negative share, in percentage points (−100 … 100). */
  net: number | null;
}

export interface Figures {
  threads: number;
  replies: number;
  /** Members active on any day of the period, community-wide (activity is not kept per board). */
  activeMembers: number;
  answeredWithin24h: number;
  /** Questions of the period answered by someone else within 24 h ÷ questions asked. */
  answeredWithin24hShare: number | null;
  /** Threads solved during the period (escalations do not exist yet). */
  resolved: number;
  /** Threads solved ÷ questions asked in the period. */
  resolutionRate: number | null;
  firstResponse: DurationStats;
  resolution: DurationStats;
  sentiment: SentimentFigures;
  /** Threads of the period; `sampled` is always false now (medians come from histograms of every thread). */
  medianSample: { size: number; sampled: boolean };
}

export interface VolumePoint {
  /** Brand day (YYYY-MM-DD) or the hour's start (ISO) for "24h". */
  key: string;
  pos: number;
  neu: number;
  neg: number;
  net: number | null;
}

export interface ResponsePoint {
  day: string;
  threads: number;
  replies: number;
  firstResponseCount: number;
  firstResponseMeanSeconds: number | null;
  resolvedCount: number;
  resolutionMeanSeconds: number | null;
}

export interface BoardName {
  slug: string;
  nameVi: string;
  nameEn: string;
}

export interface BoardHealth extends BoardName {
  posts: number;
  negative: number;
  negShare: number | null;
  previousPosts: number;
  previousNegShare: number | null;
  unansweredOver24h: number;
  atRisk: boolean;
  reasons: AtRiskReason[];
}

export interface ThreadLink {
  id: number;
  title: string;
}

export interface OverviewAlert {
  id: number;
  /** null: the whole community. */
  board: BoardName | null;
  window: string;
  raisedAt: string;
  updatedAt: string;
  peakCount: number;
  baseline: number;
  terms: string[];
  threads: ThreadLink[];
}

export interface RisingIssue {
  term: string;
  count: number;
  previousCount: number;
  ratio: number;
  threads: ThreadLink[];
}

export interface TriageTop {
  threadId: number;
  title: string;
  board: BoardName;
  score: number;
  reasons: TriageReason[];
  assignee: string | null;
  createdAt: string;
}

export interface Overview {
  period: OverviewPeriod;
  board: BoardName | null;
  generatedAt: string;
  bucket: "hour" | "day";
  window: OverviewWindow;
  previousWindow: OverviewWindow;
  current: Figures;
  previous: Figures;
  volume: VolumePoint[];
  response: ResponsePoint[];
  boards: BoardHealth[];
  /** Active escalations (open, in progress, waiting on customer) and those past their due time; board-scoped with a board. */
  escalations: { configured: true; open: number; overdue: number };
  alerts: OverviewAlert[];
  risingIssues: RisingIssue[];
  /** Terms the moderators hide from rising issues (settings). */
  risingIgnored: string[];
  triage: TriageTop[];
}

// ---------------------------------------------------------------------------------------------------------
// Reads

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const mean = (sum: number, n: number) => (n > 0 ? sum / n : null);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

interface DayRow {
  day: string;
  threads: number;
  replies: number;
  answered24: number;
  frCount: number;
  frSeconds: number;
  resCount: number;
  resSeconds: number;
  /** The day's duration histograms (bucket → count), from the per-process copy. */
  hist: DayHists;
}

/** A day's histogram, its non-empty buckets only: counts[i] durations in bucket buckets[i]. */
interface Hist {
  buckets: Int32Array;
  counts: Int32Array;
}

interface DayHists {
  /** Row version (xmin) and the counts the histograms sum to: a change of either means the row changed. */
  version: string;
  fr: Hist | null;
  res: Hist | null;
}

/**
 * The duration histograms of activity_daily rows already read, per database (the executor) and
 * `board|day`. Only rows whose version changed since are read again: today's row (every reply moves it), and
 * a past day's when one of its questions gets its first answer. Days older than any window are dropped.
 */
const histMemo = new WeakMap<object, { days: Map<string, DayHists>; sweptOn: string }>();
const HIST_MEMO_DAYS = 200;

/** A stored histogram as read: counts of buckets lo, lo + 1, … (null = 0). */
function histOf(lo: unknown, stored: unknown): Hist | null {
  if (lo === null || lo === undefined || !Array.isArray(stored)) return null;
  const buckets: number[] = [];
  const counts: number[] = [];
  stored.forEach((c, i) => {
    const n = c === null ? 0 : Number(c);
    if (Number.isFinite(n) && n !== 0) {
      buckets.push(Number(lo) + i);
      counts.push(n);
    }
  });
  return { buckets: Int32Array.from(buckets), counts: Int32Array.from(counts) };
}

/**
 * activity_daily rows of both periods (at most 180 rows), with their duration histograms: read in the same
 * query for rows the memo lacks or holds an older version of (the query is told which versions it holds).
 */
async function activityDays(ex: Executor, cacheKey: object, boardId: number, fromDay: string, toDay: string) {
  let held = histMemo.get(cacheKey);
  if (!held) histMemo.set(cacheKey, (held = { days: new Map(), sweptOn: toDay }));
  const memo = held.days;
  if (held.sweptOn !== toDay) {
    // A new day: forget days no window reaches any more.
    held.sweptOn = toDay;
    const oldest = addDays(toDay, -HIST_MEMO_DAYS);
    for (const key of memo.keys()) if (key.slice(key.indexOf("|") + 1) < oldest) memo.delete(key);
  }
  const known: string[] = [];
  for (const [key, h] of memo) {
    const [b, day] = key.split("|");
    if (Number(b) === boardId && day! >= fromDay && day! <= toDay) known.push(`${day}|${h.version}`);
  }
  const version = sql.raw(`xmin::text || ':' || first_response_count || ':' || resolved_count`);
  // As JSON (null = 0): parsed natively, and the same in both drivers (postgres.js reads an int[]'s NULLs as NaN).
  const slice = (col: string) =>
    sql.raw(`array_to_json(${col}[array_lower(${col}, 1):array_upper(${col}, 1)])`);
  const rows = rowsOf(
    await ex.execute(sql`
      select day_key, threads, replies, answered_within24h, first_response_count, first_response_seconds,
             resolved_count, resolution_seconds, version, fresh,
             case when fresh then array_lower(first_response_hist, 1) end as fr_lo,
             case when fresh then ${slice("first_response_hist")} end as fr,
             case when fresh then array_lower(resolution_hist, 1) end as res_lo,
             case when fresh then ${slice("resolution_hist")} end as res
      from (
        select a.*, to_char(a.day, 'YYYY-MM-DD') as day_key, ${version} as version,
               not (to_char(a.day, 'YYYY-MM-DD') || '|' || ${version} = any(string_to_array(${known.join(",")}, ','))) as fresh
        from activity_daily a
        where board_id = ${boardId} and day between ${fromDay}::date and ${toDay}::date
      ) a
      order by day`),
  );
  const out: DayRow[] = [];
  const missing: string[] = [];
  for (const r of rows) {
    const day = String(r.day_key);
    const key = `${boardId}|${day}`;
    let hist = memo.get(key);
    if (r.fresh === true) {
      hist = { version: String(r.version), fr: histOf(r.fr_lo, r.fr), res: histOf(r.res_lo, r.res) };
      memo.set(key, hist);
    } else if (!hist || hist.version !== String(r.version)) missing.push(day);
    out.push({
      day,
      threads: num(r.threads),
      replies: num(r.replies),
      answered24: num(r.answered_within24h),
      frCount: num(r.first_response_count),
      frSeconds: num(r.first_response_seconds),
      resCount: num(r.resolved_count),
      resSeconds: num(r.resolution_seconds),
      hist: hist ?? { version: "", fr: null, res: null },
    });
  }
  if (missing.length) {
    // Dropped from the memo by a concurrent request meanwhile: read those rows' histograms again.
    const again = rowsOf(
      await ex.execute(sql`
        select to_char(day, 'YYYY-MM-DD') as day, ${version} as version,
               array_lower(first_response_hist, 1) as fr_lo, ${slice("first_response_hist")} as fr,
               array_lower(resolution_hist, 1) as res_lo, ${slice("resolution_hist")} as res
        from activity_daily
        where board_id = ${boardId} and day in (${sql.join(
          missing.map((d) => sql`${d}::date`),
          sql`, `,
        )})`),
    );
    for (const r of again) {
      const hist = { version: String(r.version), fr: histOf(r.fr_lo, r.fr), res: histOf(r.res_lo, r.res) };
      memo.set(`${boardId}|${String(r.day)}`, hist);
      const row = out.find((d) => d.day === String(r.day));
      if (row) row.hist = hist;
    }
  }
  return out;
}

/** The median of the durations some days' histograms hold (null: none). */
function histogramsMedian(hists: (Hist | null)[]): number | null {
  let top = -1;
  for (const h of hists) if (h?.buckets.length) top = Math.max(top, h.buckets[h.buckets.length - 1]!);
  if (top < 0) return null;
  const counts = new Float64Array(top + 1);
  for (const h of hists) {
    if (!h) continue;
    for (let i = 0; i < h.buckets.length; i++) counts[h.buckets[i]!]! += h.counts[i]!;
  }
  return histogramMedian(counts);
}

interface SentimentRow {
  key: string;
  at: number;
  pos: number;
  neg: number;
  neu: number;
}

/**
 * Sentiment of both periods: per hour for "24h" (sentiment_hourly, 48 rows), per brand day otherwise
 * (sentiment_daily, at most 180 rows).
 */
async function sentimentBuckets(ex: Executor, boardId: number, prev: Win, cur: Win, bucket: "hour" | "day") {
  const rows = rowsOf(
    await ex.execute(
      bucket === "hour"
        ? sql`
          select to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24:00:00.000"Z"') as key,
                 extract(epoch from hour)::float8 as at, pos, neg, neu
          from sentiment_hourly
          where board_id = ${boardId} and hour >= ${ts(prev.from)} and hour < ${ts(cur.to)}
          order by hour`
        : sql`
          select to_char(day, 'YYYY-MM-DD') as key, pos, neg, neu
          from sentiment_daily
          where board_id = ${boardId} and day between ${prev.fromDay}::date and ${cur.toDay}::date
          order by day`,
    ),
  );
  return rows.map((r): SentimentRow => {
    const key = String(r.key);
    return {
      key,
      at: bucket === "hour" ? num(r.at) * 1000 : startOfDay(key).getTime(),
      pos: num(r.pos),
      neg: num(r.neg),
      neu: num(r.neu),
    };
  });
}

/**
 * Distinct members active (asked, answered or voted, any board) in each period: one element of
 * member_gaps_daily per day (domain/listening/overview-rollups). Exact.
 */
async function activeMembers(ex: Executor, cur: Win, prev: Win) {
  for (const w of [cur, prev]) {
    const days = (Date.parse(w.toDay) - Date.parse(w.fromDay)) / DAY + 1;
    if (days > MEMBER_GAP_DAYS) throw new RangeError(`member counts cover at most ${MEMBER_GAP_DAYS} days`);
  }
  const [row] = rowsOf(
    await ex.execute(sql`
      select
        coalesce(sum(s[day - ${cur.fromDay}::date + 1]) filter (where day >= ${cur.fromDay}::date), 0)::int as cur,
        coalesce(sum(s[day - ${prev.fromDay}::date + 1]) filter (where day <= ${prev.toDay}::date), 0)::int as prev
      from member_gaps_daily
      where day between ${prev.fromDay}::date and ${cur.toDay}::date`),
  );
  return { cur: num(row?.cur), prev: num(row?.prev) };
}

interface BoardRow extends BoardName {
  id: number;
  cur: { pos: number; neg: number; neu: number };
  prev: { pos: number; neg: number; neu: number };
  unanswered: number;
}

/**
 * Per board: sentiment of both periods (sentiment_daily per brand day, or sentiment_hourly for "24h": a
 * per-board index range of at most 180 rows either way) and long-unanswered threads.
 */
async function boardRows(
  ex: Executor,
  cur: Win,
  prev: Win,
  bucket: "hour" | "day",
  unansweredFrom: Date,
  unansweredBefore: Date,
) {
  const sums = (isCur: SQL, isPrev: SQL) => sql`
          sum(pos) filter (where ${isCur})::int as c_pos,
          sum(neg) filter (where ${isCur})::int as c_neg,
          sum(neu) filter (where ${isCur})::int as c_neu,
          sum(pos) filter (where ${isPrev})::int as p_pos,
          sum(neg) filter (where ${isPrev})::int as p_neg,
          sum(neu) filter (where ${isPrev})::int as p_neu`;
  const sentiment =
    bucket === "hour"
      ? sql`select ${sums(sql`hour >= ${ts(cur.from)}`, sql`hour < ${ts(prev.to)}`)}
        from sentiment_hourly h
        where h.board_id = b.id and h.hour >= ${ts(prev.from)} and h.hour < ${ts(cur.to)}`
      : sql`select ${sums(sql`day >= ${cur.fromDay}::date`, sql`day <= ${prev.toDay}::date`)}
        from sentiment_daily d
        where d.board_id = b.id and d.day between ${prev.fromDay}::date and ${cur.toDay}::date`;
  const rows = rowsOf(
    await ex.execute(sql`
      select b.id, b.slug, b.name_vi, b.name_en,
        s.c_pos, s.c_neg, s.c_neu, s.p_pos, s.p_neg, s.p_neu, u.n as unanswered
      from boards b
      left join lateral (${sentiment}) s on true
      left join lateral (
        select count(*)::int as n from threads t
        where t.board_id = b.id and t.reply_count = 0
          and t.created_at >= ${ts(unansweredFrom)} and t.created_at < ${ts(unansweredBefore)}
      ) u on true
      order by b.position, b.id`),
  );
  return rows.map((r): BoardRow => ({
    id: num(r.id),
    slug: String(r.slug),
    nameVi: String(r.name_vi),
    nameEn: String(r.name_en),
    cur: { pos: num(r.c_pos), neg: num(r.c_neg), neu: num(r.c_neu) },
    prev: { pos: num(r.p_pos), neg: num(r.p_neg), neu: num(r.p_neu) },
    unanswered: num(r.unanswered),
  }));
}

/**
 * Recent negative posts of a window, for rising terms, newest first. Index-bounded reads (a filter on the label
 * would make the planner scan and sort the whole window): all boards, the newest RISING_SCAN posts of the window
 * on posts_created_idx; one board, the window's negative posts of its newest threads that have any
 * (threads.negative_posts, kept with every post's label; created up to a week before the window, at most
 * RISING_THREADS), newest thread first, on threads_board_new_idx and posts_thread_idx — the walk stops at
 * RISING_POSTS posts, usually a hundred threads in. Either way a sample of the most recent posts.
 */
async function negativeTexts(ex: Executor, boardId: number, w: Win): Promise<NegativePost[]> {
  const query = boardId
    ? sql`
      select thread_id, text, title from (
        select p.thread_id, p.body_text as text, t.title, p.created_at
        from (
          select id, title, created_at from threads
          where board_id = ${boardId} and created_at >= ${ts(new Date(w.from.getTime() - 7 * DAY))}
            and created_at < ${ts(w.to)} and negative_posts > 0
          order by created_at desc limit ${RISING_THREADS}
        ) t
        cross join lateral (
          select thread_id, body_text, created_at from posts
          where thread_id = t.id and created_at >= ${ts(w.from)} and created_at < ${ts(w.to)}
            and deleted_at is null and coalesce(sentiment_corrected, sentiment_label) = 'neg'
          order by created_at desc
        ) p
        order by t.created_at desc, p.created_at desc limit ${RISING_POSTS}
      ) s
      order by created_at desc`
    : sql`
      select r.thread_id, r.body_text as text, t.title
      from (
        select thread_id, body_text, created_at, deleted_at, coalesce(sentiment_corrected, sentiment_label) as label
        from posts where created_at >= ${ts(w.from)} and created_at < ${ts(w.to)}
        order by created_at desc limit ${RISING_SCAN}
      ) r
      join threads t on t.id = r.thread_id
      where r.label = 'neg' and r.deleted_at is null
      order by r.created_at desc limit ${RISING_POSTS}`;
  return rowsOf(await ex.execute(query)).map((r) => ({
    threadId: num(r.thread_id),
    text: String(r.text ?? ""),
    title: String(r.title ?? ""),
  }));
}

async function threadTitles(ex: Executor, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
  if (unique.length === 0) return new Map();
  const rows = rowsOf(
    await ex.execute(sql`
      select id, title from threads
      where id in (${sql.join(
        unique.map((id) => sql`${id}`),
        sql`, `,
      )})`),
  );
  return new Map(rows.map((r) => [num(r.id), String(r.title)]));
}

// ---------------------------------------------------------------------------------------------------------
// Assembly

function sentimentFigures(pos: number, neu: number, neg: number): SentimentFigures {
  const total = pos + neu + neg;
  const p = share(pos, total);
  const n = share(neg, total);
  return {
    pos,
    neu,
    neg,
    total,
    posShare: p,
    neuShare: share(neu, total),
    negShare: n,
    net: p === null || n === null ? null : (p - n) * 100,
  };
}

function figures(days: DayRow[], sent: SentimentRow[], members: number): Figures {
  const sum = (f: (d: DayRow) => number) => days.reduce((s, d) => s + f(d), 0);
  const threads = sum((d) => d.threads);
  const answered = sum((d) => d.answered24);
  const frCount = sum((d) => d.frCount);
  const resCount = sum((d) => d.resCount);
  const s = sent.reduce((a, r) => ({ pos: a.pos + r.pos, neu: a.neu + r.neu, neg: a.neg + r.neg }), {
    pos: 0,
    neu: 0,
    neg: 0,
  });
  return {
    threads,
    replies: sum((d) => d.replies),
    activeMembers: members,
    answeredWithin24h: answered,
    answeredWithin24hShare: share(answered, threads),
    resolved: resCount,
    resolutionRate: share(resCount, threads),
    firstResponse: {
      count: frCount,
      meanSeconds: mean(
        sum((d) => d.frSeconds),
        frCount,
      ),
      medianSeconds: histogramsMedian(days.map((d) => d.hist.fr)),
      medianOf: frCount,
    },
    resolution: {
      count: resCount,
      meanSeconds: mean(
        sum((d) => d.resSeconds),
        resCount,
      ),
      medianSeconds: histogramsMedian(days.map((d) => d.hist.res)),
      medianOf: resCount,
    },
    sentiment: sentimentFigures(s.pos, s.neu, s.neg),
    medianSample: { size: threads, sampled: false },
  };
}

/**
 * A term as a whole word or phrase of a text, whatever the diacritics ("mat mang" finds "mất mạng"). Both are
 * given folded (foldVietnamese of the lower-cased text).
 */
function mentions(hay: string, needle: string): boolean {
  let at = hay.indexOf(needle);
  const isWord = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
  while (at >= 0) {
    if (!isWord(hay[at - 1]) && !isWord(hay[at + needle.length])) return true;
    at = hay.indexOf(needle, at + 1);
  }
  return false;
}

interface NegativePost {
  threadId: number;
  text: string;
  title: string;
}

/**
 * The last samples' rising issues per database and scope (period|board), with a digest of the samples. They
 * depend on nothing else, so while no post of either sample is new, edited, relabelled or deleted (the digest
 * is unchanged) they are reused as they are: exact.
 */
const risingMemo = new WeakMap<object, Map<string, { digest: string; issues: RisingIssue[] }>>();

/**
 * What rising issues need of a post's text (its words, its folded form), kept for the texts read lately: most
 * posts of a sample were in the previous request's samples too (every period's newest negative posts are
 * mostly the same posts). Keyed by the text itself, so an edited post is a new entry. Starts over when full.
 */
const textMemo = new Map<string, { words?: Word[][]; folded?: string }>();
const TEXT_MEMO_SIZE = 4_000;
function readText(text: string) {
  let entry = textMemo.get(text);
  if (!entry) {
    if (textMemo.size >= TEXT_MEMO_SIZE) textMemo.clear();
    textMemo.set(text, (entry = {}));
  }
  return entry;
}

/** Rising issues: terms of this period's negative posts that were rarer before, with the threads saying them. */
function risingIssuesOf(
  cacheKey: object,
  scope: string,
  cur: NegativePost[],
  prev: NegativePost[],
  ignore: readonly string[],
) {
  const text = (p: NegativePost) => `${p.title}\n${p.text}`;
  const hash = createHash("sha1");
  hash.update(`${ignore.join("\u0002")}\u0003`);
  for (const p of cur) hash.update(`${p.threadId}\u0001${text(p)}\u0002`);
  hash.update("\u0003");
  for (const p of prev) hash.update(`${text(p)}\u0002`);
  const digest = hash.digest("base64");
  let memo = risingMemo.get(cacheKey);
  if (!memo) risingMemo.set(cacheKey, (memo = new Map()));
  const hit = memo.get(scope);
  if (hit?.digest === digest) return hit.issues;

  const terms = risingTerms(
    cur.map(text),
    prev.map(text),
    { limit: 8, ignore },
    (t) => (readText(t).words ??= segmentWords(t)),
  );
  // Each post folded once, when a term first needs it.
  const foldedText = (i: number) => {
    const t = text(cur[i]!);
    return (readText(t).folded ??= foldVietnamese(t.toLocaleLowerCase("vi")));
  };
  const issues = terms.map((t): RisingIssue => {
    const needle = foldVietnamese(t.term.toLocaleLowerCase("vi"));
    const seen = new Map<number, string>();
    for (let i = 0; i < cur.length && seen.size < 3; i++) {
      const p = cur[i]!;
      if (!seen.has(p.threadId) && mentions(foldedText(i), needle)) seen.set(p.threadId, p.title);
    }
    return { ...t, threads: [...seen].map(([id, title]) => ({ id, title })) };
  });
  memo.set(scope, { digest, issues });
  return issues;
}

const boardName = (b: { slug: string; nameVi: string; nameEn: string }): BoardName => ({
  slug: b.slug,
  nameVi: b.nameVi,
  nameEn: b.nameEn,
});

/** Everything the command center shows for a period and a board (null = all boards). */
export async function loadOverview(
  ex: Executor,
  opts: {
    period: OverviewPeriod;
    board: (BoardName & { id: number }) | null;
    now: Date;
  },
): Promise<Overview> {
  const { period, now } = opts;
  const boardId = opts.board?.id ?? 0;
  const w = overviewWindows(period, now);
  const cur: Win = w.current;
  const prev: Win = w.previous;
  const curThreads = threadRange(cur);
  const unansweredBefore = new Date(
    Math.min(now.getTime() - AT_RISK_RULES.unansweredAfterHours * HOUR, curThreads.to.getTime()),
  );

  const [days, sentiment, members, boards, alerts, curNeg, prevNeg, triageFacts, ignored] = await Promise.all(
    [
      activityDays(ex, ex, boardId, prev.fromDay, cur.toDay),
      sentimentBuckets(ex, boardId, prev, cur, w.bucket),
      activeMembers(ex, cur, prev),
      boardRows(ex, cur, prev, w.bucket, curThreads.from, unansweredBefore),
      listAlerts(ex, { status: "open", limit: 20 }),
      negativeTexts(ex, boardId, cur),
      negativeTexts(ex, boardId, prev),
      // The open, unhandled threads with the highest stored triage scores (threads_triage_idx order), re-ranked below.
      findTriageFacts(ex, null, now, { boardId: boardId || null, limit: TRIAGE_CANDIDATES }),
      getRisingTermsIgnored(ex),
    ],
  );

  const inCur = (d: DayRow) => d.day >= cur.fromDay && d.day <= cur.toDay;
  const inPrev = (d: DayRow) => d.day >= prev.fromDay && d.day <= prev.toDay;
  const sentCur = sentiment.filter((r) => r.at >= cur.from.getTime());
  const sentPrev = sentiment.filter((r) => r.at < prev.to.getTime());

  // Charts: one point per bucket of the current period, empty buckets included.
  const byKey = new Map(sentCur.map((r) => [r.key, r]));
  const keys: string[] = [];
  if (w.bucket === "hour") {
    for (let t = cur.from.getTime(); t < cur.to.getTime(); t += HOUR) keys.push(new Date(t).toISOString());
  } else {
    for (let d = cur.fromDay; d <= cur.toDay; d = addDays(d, 1)) keys.push(d);
  }
  const volume = keys.map((key): VolumePoint => {
    const r = byKey.get(key);
    const f = sentimentFigures(r?.pos ?? 0, r?.neu ?? 0, r?.neg ?? 0);
    return { key, pos: f.pos, neu: f.neu, neg: f.neg, net: f.net };
  });
  const dayMap = new Map(days.map((d) => [d.day, d]));
  const response: ResponsePoint[] = [];
  for (let d = cur.fromDay; d <= cur.toDay; d = addDays(d, 1)) {
    const r = dayMap.get(d);
    response.push({
      day: d,
      threads: r?.threads ?? 0,
      replies: r?.replies ?? 0,
      firstResponseCount: r?.frCount ?? 0,
      firstResponseMeanSeconds: r ? mean(r.frSeconds, r.frCount) : null,
      resolvedCount: r?.resCount ?? 0,
      resolutionMeanSeconds: r ? mean(r.resSeconds, r.resCount) : null,
    });
  }

  const boardHealth = boards
    .map((b): BoardHealth => {
      const posts = b.cur.pos + b.cur.neg + b.cur.neu;
      const previousPosts = b.prev.pos + b.prev.neg + b.prev.neu;
      const base = {
        ...boardName(b),
        posts,
        negative: b.cur.neg,
        negShare: share(b.cur.neg, posts),
        previousPosts,
        previousNegShare: share(b.prev.neg, previousPosts),
        unansweredOver24h: b.unanswered,
      };
      const reasons = atRiskReasons(base);
      return { ...base, atRisk: reasons.length > 0, reasons };
    })
    // At-risk boards first (most reasons, then most negative); the rest keep the boards' own order.
    .map((b, i) => ({ b, i }))
    .sort(
      (x, y) =>
        Number(y.b.atRisk) - Number(x.b.atRisk) ||
        (x.b.atRisk
          ? y.b.reasons.length - x.b.reasons.length || (y.b.negShare ?? 0) - (x.b.negShare ?? 0)
          : 0) ||
        x.i - y.i,
    )
    .map(({ b }) => b);

  const risingIssues = risingIssuesOf(ex, `${period}|${boardId}`, curNeg, prevNeg, ignored);

  const ranked = triageFacts
    .map((f) => ({ f, r: triagePriority(f.input, now) }))
    // A thread with nothing wrong (score 0) is not "in the queue".
    .filter((x) => x.r.score > 0)
    .sort((a, b) => b.r.score - a.r.score)
    .slice(0, TRIAGE_SHOWN);

  const alertThreadIds = alerts.flatMap((a) => a.threadIds.slice(0, 5));
  const titles = await threadTitles(ex, alertThreadIds);
  const boardById = new Map(boards.map((b) => [b.id, b]));

  return {
    period,
    board: opts.board ? boardName(opts.board) : null,
    generatedAt: now.toISOString(),
    bucket: w.bucket,
    window: exposeWindow(cur),
    previousWindow: exposeWindow(prev),
    current: figures(days.filter(inCur), sentCur, members.cur),
    previous: figures(days.filter(inPrev), sentPrev, members.prev),
    volume,
    response,
    boards: boardHealth,
    escalations: { configured: true, ...(await countActiveEscalations(ex, now, boardId || null)) },
    alerts: alerts.map((a): OverviewAlert => {
      const b = a.boardId ? boardById.get(a.boardId) : undefined;
      return {
        id: a.id,
        board: b ? boardName(b) : null,
        window: a.window,
        raisedAt: a.raisedAt.toISOString(),
        updatedAt: a.updatedAt.toISOString(),
        peakCount: a.peakCount,
        baseline: a.baseline,
        terms: a.terms,
        threads: a.threadIds
          .slice(0, 5)
          .flatMap((id) => (titles.has(id) ? [{ id, title: titles.get(id)! }] : [])),
      };
    }),
    risingIssues,
    risingIgnored: ignored,
    triage: ranked.map(({ f, r }) => ({
      threadId: f.threadId,
      title: f.title,
      board: { slug: f.boardSlug, nameVi: f.boardNameVi, nameEn: f.boardNameEn },
      score: r.score,
      reasons: r.reasons.filter((x) => x.weight > 0).slice(0, 3),
      assignee: f.assignee,
      createdAt: f.input.createdAt.toISOString(),
    })),
  };
}

/** Open alerts or closed ones, newest first, for the API. */
export async function listAlertsForApi(ex: Executor, status: "open" | "closed" | undefined, limit = 100) {
  const alerts = await listAlerts(ex, { status, limit });
  const titles = await threadTitles(
    ex,
    alerts.flatMap((a) => a.threadIds.slice(0, 20)),
  );
  return alerts.map((a) => ({
    id: a.id,
    status: a.status,
    board: a.boardSlug ? { slug: a.boardSlug, nameVi: a.boardNameVi, nameEn: a.boardNameEn } : null,
    window: a.window,
    raisedAt: a.raisedAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    peakCount: a.peakCount,
    baseline: a.baseline,
    terms: a.terms,
    threads: a.threadIds.slice(0, 20).map((id) => ({ id, title: titles.get(id) ?? null })),
    closedAt: a.closedAt ? a.closedAt.toISOString() : null,
    closedBy: a.closedBy,
    note: a.note,
  }));
}
