/**
 * The moderators' command center: every figure of one period and board, in the shape the page, the JSON API
 * and the CSV export share.
 *
 * Cost does not grow with the number of posts. Volume, sentiment and response figures are sums over the
 * rollups (`activity_daily` per brand day, `sentiment_hourly` per UTC hour, `member_activity_daily`), at most
 * a few hundred rows per period (distinct active members: past days are computed once a day, see
 * distinctMembers). Only these reads touch the big tables, each bounded by an index:
 *  - medians: threads created in the period, newest first on `threads_new_idx` / `threads_board_new_idx`,
 *    capped at MEDIAN_SAMPLE rows (see medianStats);
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
import { AT_RISK_RULES, atRiskReasons, type AtRiskReason } from "~/domain/listening/at-risk";
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { dayKey, dayStart, REPUTATION } from "~/domain/reputation";
import { foldVietnamese, risingTerms } from "~/domain/listening";
import { triagePriority, type TriageReason } from "~/domain/triage";
import { listAlerts } from "./listening.server";
import { rowsOf } from "./reputation.server";
import { countActiveEscalations } from "./escalations.server";
import { findTriageFacts } from "./triage.server";

export const OVERVIEW_PERIODS = ["24h", "7d", "30d", "90d"] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];
export const isOverviewPeriod = (v: unknown): v is OverviewPeriod =>
  typeof v === "string" && (OVERVIEW_PERIODS as readonly string[]).includes(v);

/**
 * A true median needs one value per thread, so it reads threads rather than a rollup. At very large periods it
 * samples: only the MEDIAN_SAMPLE most recent threads created in the period are looked at (`sampled` says so).
 */
export const MEDIAN_SAMPLE = 20_000;
/** How many negative posts per side feed the rising-terms comparison, and how far the reads for them go. */
const RISING_POSTS = 500;
const RISING_SCAN = 4_000;
const RISING_THREADS = 1_000;
/** Triage candidates read in stored-score order, then re-ranked exactly now; the top TRIAGE_SHOWN are shown. */
const TRIAGE_CANDIDATES = 50;
const TRIAGE_SHOWN = 5;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = sql.raw(`interval '${REPUTATION.dayOffsetMinutes} minutes'`);

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
  /** Median over the threads created in the period (sampled, see MEDIAN_SAMPLE). */
  medianSeconds: number | null;
  /** Threads the median was taken over. */
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
  /** Threads the medians looked at, and whether the cap cut them short. */
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
  triage: TriageTop[];
}

// ---------------------------------------------------------------------------------------------------------
// Reads

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
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
}

/** activity_daily rows of both periods (at most 180 rows). */
async function activityDays(ex: Executor, boardId: number, fromDay: string, toDay: string) {
  const rows = rowsOf(
    await ex.execute(sql`
      select to_char(day, 'YYYY-MM-DD') as day, threads, replies, answered_within24h,
             first_response_count, first_response_seconds, resolved_count, resolution_seconds
      from activity_daily
      where board_id = ${boardId} and day between ${fromDay}::date and ${toDay}::date
      order by day`),
  );
  return rows.map((r): DayRow => ({
    day: String(r.day),
    threads: num(r.threads),
    replies: num(r.replies),
    answered24: num(r.answered_within24h),
    frCount: num(r.first_response_count),
    frSeconds: num(r.first_response_seconds),
    resCount: num(r.resolved_count),
    resSeconds: num(r.resolution_seconds),
  }));
}

interface SentimentRow {
  key: string;
  at: number;
  pos: number;
  neg: number;
  neu: number;
}

/** sentiment_hourly of both periods: per hour for "24h", per brand day otherwise (at most 180 rows). */
async function sentimentBuckets(ex: Executor, boardId: number, from: Date, to: Date, bucket: "hour" | "day") {
  const key =
    bucket === "hour"
      ? sql`to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24:00:00.000"Z"')`
      : sql`to_char((hour at time zone 'UTC') + ${OFFSET}, 'YYYY-MM-DD')`;
  const rows = rowsOf(
    await ex.execute(sql`
      select ${key} as key, min(extract(epoch from hour))::float8 as at,
             sum(pos)::int as pos, sum(neg)::int as neg, sum(neu)::int as neu
      from sentiment_hourly
      where board_id = ${boardId} and hour >= ${ts(from)} and hour < ${ts(to)}
      group by 1 order by 1`),
  );
  return rows.map((r): SentimentRow => ({
    key: String(r.key),
    at: num(r.at) * 1000,
    pos: num(r.pos),
    neg: num(r.neg),
    neu: num(r.neu),
  }));
}

/**
 * Distinct members active in a window of brand days. Past days never change (activity is always recorded on
 * the day it happens), so the distinct members of a window's past days are computed once and kept (a few
 * windows per database, replaced when the day turns); only today's rows are read on every call. Exact.
 */
const pastMembers = new WeakMap<object, Map<string, Set<string>>>();
const PAST_MEMBER_WINDOWS = 16;

async function distinctMembers(ex: Executor, cacheKey: object, w: Win, today: string): Promise<number> {
  const query = (from: string, to: string) =>
    ex.execute(sql`select distinct user_id from member_activity_daily
                   where day between ${from}::date and ${to}::date`);
  const lastPast = w.toDay < today ? w.toDay : addDays(today, -1);
  let cache = pastMembers.get(cacheKey);
  if (!cache) pastMembers.set(cacheKey, (cache = new Map()));
  const key = `${w.fromDay}|${lastPast}`;
  let past = cache.get(key);
  if (!past) {
    past =
      lastPast >= w.fromDay
        ? new Set(rowsOf(await query(w.fromDay, lastPast)).map((r) => String(r.user_id)))
        : new Set();
    cache.set(key, past);
    if (cache.size > PAST_MEMBER_WINDOWS) cache.delete(cache.keys().next().value!);
  }
  if (w.toDay < today) return past.size;
  let extra = 0;
  for (const r of rowsOf(await query(today, today))) if (!past.has(String(r.user_id))) extra++;
  return past.size + extra;
}

async function activeMembers(ex: Executor, cacheKey: object, cur: Win, prev: Win, today: string) {
  const [c, p] = await Promise.all([
    distinctMembers(ex, cacheKey, cur, today),
    distinctMembers(ex, cacheKey, prev, today),
  ]);
  return { cur: c, prev: p };
}

interface Medians {
  size: number;
  sampled: boolean;
  firstResponse: number | null;
  firstResponseOf: number;
  resolution: number | null;
  resolutionOf: number;
}

/**
 * Median time to first response (first_answer_at − created_at) and to resolution (accepted_at − created_at,
 * solved threads) over the threads created in the window. Index-friendly: a range on created_at read newest
 * first and cut at MEDIAN_SAMPLE rows, so at very large periods the median is that of the most recent
 * MEDIAN_SAMPLE threads (a sample), never a full scan.
 */
async function medianStats(ex: Executor, boardId: number, w: { from: Date; to: Date }): Promise<Medians> {
  const board = boardId ? sql`and t.board_id = ${boardId}` : sql``;
  // Where the MEDIAN_SAMPLE most recent threads start (an index-only walk of threads_new_idx /
  // threads_board_new_idx); the range then holds that many threads, and the planner sees it as such.
  const [edge] = rowsOf(
    await ex.execute(sql`
      select t.created_at from threads t
      where t.created_at >= ${ts(w.from)} and t.created_at < ${ts(w.to)} ${board}
      order by t.created_at desc, t.id desc
      offset ${MEDIAN_SAMPLE - 1} limit 1`),
  );
  const from = edge ? new Date(edge.created_at as string) : w.from;
  const [row] = rowsOf(
    await ex.execute(sql`
      select count(*)::int as size,
        percentile_cont(0.5) within group (order by extract(epoch from first_answer_at - created_at))
          filter (where first_answer_at is not null) as fr,
        count(first_answer_at)::int as fr_of,
        percentile_cont(0.5) within group (order by extract(epoch from accepted_at - created_at))
          filter (where status = 'solved' and accepted_at is not null) as res,
        count(*) filter (where status = 'solved' and accepted_at is not null)::int as res_of
      from threads t
      where t.created_at >= ${ts(from)} and t.created_at < ${ts(w.to)} ${board}`),
  );
  return {
    size: num(row?.size),
    sampled: edge !== undefined,
    firstResponse: numOrNull(row?.fr),
    firstResponseOf: num(row?.fr_of),
    resolution: numOrNull(row?.res),
    resolutionOf: num(row?.res_of),
  };
}

interface BoardRow extends BoardName {
  id: number;
  cur: { pos: number; neg: number; neu: number };
  prev: { pos: number; neg: number; neu: number };
  unanswered: number;
}

/** Per board: sentiment of both periods (hourly rollup, per-board index range) and long-unanswered threads. */
async function boardRows(ex: Executor, cur: Win, prev: Win, unansweredFrom: Date, unansweredBefore: Date) {
  const rows = rowsOf(
    await ex.execute(sql`
      select b.id, b.slug, b.name_vi, b.name_en,
        s.c_pos, s.c_neg, s.c_neu, s.p_pos, s.p_neg, s.p_neu, u.n as unanswered
      from boards b
      left join lateral (
        select
          sum(pos) filter (where hour >= ${ts(cur.from)})::int as c_pos,
          sum(neg) filter (where hour >= ${ts(cur.from)})::int as c_neg,
          sum(neu) filter (where hour >= ${ts(cur.from)})::int as c_neu,
          sum(pos) filter (where hour < ${ts(prev.to)})::int as p_pos,
          sum(neg) filter (where hour < ${ts(prev.to)})::int as p_neg,
          sum(neu) filter (where hour < ${ts(prev.to)})::int as p_neu
        from sentiment_hourly h
        where h.board_id = b.id and h.hour >= ${ts(prev.from)} and h.hour < ${ts(cur.to)}
      ) s on true
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
 * Recent negative posts of a window, for rising terms. Index-bounded reads (a filter on the label would make
 * the planner scan and sort the whole window): all boards, the newest RISING_SCAN posts of the window on
 * posts_created_idx; one board, the posts of its newest RISING_THREADS threads (created up to a week before
 * the window) on threads_board_new_idx and posts_thread_idx. Either way a sample of the most recent posts.
 */
async function negativeTexts(ex: Executor, boardId: number, w: { from: Date; to: Date }) {
  const query = boardId
    ? sql`
      select p.thread_id, p.body_text as text, t.title
      from (
        select id, title from threads
        where board_id = ${boardId} and created_at >= ${ts(new Date(w.from.getTime() - 7 * DAY))}
          and created_at < ${ts(w.to)}
        order by created_at desc, id desc limit ${RISING_THREADS}
      ) t
      join lateral (
        select thread_id, body_text, created_at from posts
        where thread_id = t.id and created_at >= ${ts(w.from)} and created_at < ${ts(w.to)}
          and deleted_at is null and coalesce(sentiment_corrected, sentiment_label) = 'neg'
      ) p on true
      order by p.created_at desc limit ${RISING_POSTS}`
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

/**
 * The open, unhandled threads with the highest stored triage scores, read in the order of threads_triage_idx
 * (score desc nulls last, id: the order must match it exactly, or every open thread is sorted) so only about
 * TRIAGE_CANDIDATES index entries are touched; triage facts are then read for those.
 */
async function triageCandidates(ex: Executor, boardId: number) {
  const rows = rowsOf(
    await ex.execute(sql`
      select id from threads
      where status = 'open' and handled_at is null ${boardId ? sql`and board_id = ${boardId}` : sql``}
      order by triage_score desc nulls last, id
      limit ${TRIAGE_CANDIDATES}`),
  );
  return rows.map((r) => num(r.id));
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

function figures(days: DayRow[], sent: SentimentRow[], members: number, med: Medians): Figures {
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
      medianSeconds: med.firstResponse,
      medianOf: med.firstResponseOf,
    },
    resolution: {
      count: resCount,
      meanSeconds: mean(
        sum((d) => d.resSeconds),
        resCount,
      ),
      medianSeconds: med.resolution,
      medianOf: med.resolutionOf,
    },
    sentiment: sentimentFigures(s.pos, s.neu, s.neg),
    medianSample: { size: med.size, sampled: med.sampled },
  };
}

/** A term as a whole word or phrase of a text, whatever the diacritics ("mat mang" finds "mất mạng"). */
function mentions(text: string, term: string): boolean {
  const hay = foldVietnamese(text.toLocaleLowerCase("vi"));
  const needle = foldVietnamese(term.toLocaleLowerCase("vi"));
  let at = hay.indexOf(needle);
  const isWord = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
  while (at >= 0) {
    if (!isWord(hay[at - 1]) && !isWord(hay[at + needle.length])) return true;
    at = hay.indexOf(needle, at + 1);
  }
  return false;
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

  const [days, sentiment, members, curMed, prevMed, boards, alerts, curNeg, prevNeg, triageFacts] =
    await Promise.all([
      activityDays(ex, boardId, prev.fromDay, cur.toDay),
      sentimentBuckets(ex, boardId, prev.from, cur.to, w.bucket),
      activeMembers(ex, ex, cur, prev, cur.toDay),
      medianStats(ex, boardId, curThreads),
      medianStats(ex, boardId, threadRange(prev)),
      boardRows(ex, cur, prev, curThreads.from, unansweredBefore),
      listAlerts(ex, { status: "open", limit: 20 }),
      negativeTexts(ex, boardId, cur),
      negativeTexts(ex, boardId, prev),
      triageCandidates(ex, boardId).then((ids) => (ids.length ? findTriageFacts(ex, ids, now) : [])),
    ]);

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

  // Rising issues: terms of this period's negative posts that were rarer before, with the threads saying them.
  const text = (p: { title: string; text: string }) => `${p.title}\n${p.text}`;
  const terms = risingTerms(curNeg.map(text), prevNeg.map(text), { limit: 8 });
  const risingIssues = terms.map((t): RisingIssue => {
    const seen = new Map<number, string>();
    for (const p of curNeg) {
      if (seen.size >= 3) break;
      if (!seen.has(p.threadId) && mentions(text(p), t.term)) seen.set(p.threadId, p.title);
    }
    return { ...t, threads: [...seen].map(([id, title]) => ({ id, title })) };
  });

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
    current: figures(days.filter(inCur), sentCur, members.cur, curMed),
    previous: figures(days.filter(inPrev), sentPrev, members.prev, prevMed),
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
