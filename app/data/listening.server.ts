import { and, desc, eq, gt, gte, inArray, isNull, lt, sql, type Placeholder, type SQL } from "drizzle-orm";
import { intArray, sqlStatement, statement, typedPlaceholder } from "~db/statements";
import type { Executor } from "~db/client";
import {
  alerts,
  posts,
  sentimentCorrections,
  sentimentHourly,
  sentimentModels,
  threads,
  users,
} from "~db/schema";
import { rowsOf } from "./reputation.server";
import { dayKey } from "~/domain/reputation";
import { durationBucket, MEMBER_GAP_DAYS } from "~/domain/listening/overview-rollups";

export type Label = "pos" | "neg" | "neu";

export async function savePostSentiment(
  ex: Executor,
  postId: number,
  s: { label: Label; score: number; confidence: number; language: string; cues: string[] },
) {
  await ex
    .update(posts)
    .set({
      sentimentLabel: s.label,
      sentimentScore: s.score,
      sentimentConfidence: s.confidence,
      sentimentLanguage: s.language,
      sentimentCues: s.cues,
    })
    .where(eq(posts.id, postId));
}

/** The hour bucket (UTC hour start) of an instant. */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

/**
 * Moves the sentiment counts of a board and of the whole community (board 0): the hour's sentiment_hourly rows
 * and, in the same statement, the brand day's sentiment_daily rows (the command center's periods of days).
 */
export async function bumpSentimentHourly(
  ex: Executor,
  at: Date,
  boardId: number,
  delta: Partial<Record<Label, number>>,
) {
  await bumpSentimentStmt(ex, {
    hour: hourOf(at).toISOString(),
    day: dayKey(at),
    boardId,
    pos: delta.pos ?? 0,
    neg: delta.neg ?? 0,
    neu: delta.neu ?? 0,
  });
}

const bumpSentimentStmt = sqlStatement("bump_sentiment", () => {
  const hour = sql`${sql.placeholder("hour")}::timestamptz`;
  const day = sql`${sql.placeholder("day")}::date`;
  const board = sql`${sql.placeholder("boardId")}::int`;
  const counts = sql`${sql.placeholder("pos")}::int, ${sql.placeholder("neg")}::int, ${sql.placeholder("neu")}::int`;
  return sql`
    with hourly as (
      insert into sentiment_hourly (hour, board_id, pos, neg, neu)
      values (${hour}, 0, ${counts}), (${hour}, ${board}, ${counts})
      on conflict (board_id, hour) do update set pos = sentiment_hourly.pos + excluded.pos,
        neg = sentiment_hourly.neg + excluded.neg, neu = sentiment_hourly.neu + excluded.neu
    )
    insert into sentiment_daily (day, board_id, pos, neg, neu)
    values (${day}, 0, ${counts}), (${day}, ${board}, ${counts})
    on conflict (board_id, day) do update set pos = sentiment_daily.pos + excluded.pos,
      neg = sentiment_daily.neg + excluded.neg, neu = sentiment_daily.neu + excluded.neu`;
});

/** A thread's sentiment rollup counted from its posts (effective label = correction, else scorer). */
const moodOf = (threadId: number | Placeholder) => sql`
    select
      count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) is not null)::int as scored,
      count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) = 'neg')::int as negative,
      (array_agg(p.id order by p.sentiment_score asc nulls last))[1] as most_negative_id,
      min(p.sentiment_score) as most_negative_score,
      (array_agg(coalesce(p.sentiment_corrected, p.sentiment_label) order by p.created_at desc, p.id desc)
        filter (where coalesce(p.sentiment_corrected, p.sentiment_label) is not null))[1] as latest_label
    from posts p where p.thread_id = ${threadId} and p.deleted_at is null`;

/** Recomputes a thread's sentiment rollup from its posts (effective label = correction, else scorer). */
export async function refreshThreadMood(ex: Executor, threadId: number) {
  await ex.execute(sql`
    update threads t set
      scored_posts = s.scored,
      negative_posts = s.negative,
      most_negative_post_id = s.most_negative_id,
      most_negative_score = s.most_negative_score,
      mood = coalesce(s.latest_label, 'neu')
    from (${moodOf(threadId)}) s
    where t.id = ${threadId}`);
}

/** The thread's columns that refreshThreadMood keeps. */
export interface ThreadMood {
  scoredPosts: number;
  negativePosts: number;
  mostNegativePostId: number | null;
  mostNegativeScore: number | null;
  mood: Label;
}

/** What refreshThreadMood would store, read only (for a caller that writes the thread row once). */
const countMoodStmt = sqlStatement("count_thread_mood", () => moodOf(sql.placeholder("threadId")));

export async function countThreadMood(ex: Executor, threadId: number): Promise<ThreadMood> {
  const [r] = rowsOf(await countMoodStmt(ex, { threadId }));
  return {
    scoredPosts: Number(r?.scored ?? 0),
    negativePosts: Number(r?.negative ?? 0),
    mostNegativePostId: r?.most_negative_id == null ? null : Number(r.most_negative_id),
    mostNegativeScore: r?.most_negative_score == null ? null : Number(r.most_negative_score),
    mood: ((r?.latest_label as Label | null) ?? "neu") as Label,
  };
}

export interface ActivityDelta {
  threads?: number;
  replies?: number;
  answeredWithin24h?: number;
  firstResponseSeconds?: number;
  resolutionSeconds?: number;
}

/**
 * Adds to the day's activity counters for a board and for the whole community (board 0). A duration also goes
 * into the day's histogram of its kind (the command center's medians), in the same statement.
 */
export async function bumpActivityDaily(ex: Executor, day: string, boardId: number, d: ActivityDelta) {
  const fr = d.firstResponseSeconds !== undefined ? durationBucket(d.firstResponseSeconds) : null;
  const res = d.resolutionSeconds !== undefined ? durationBucket(d.resolutionSeconds) : null;
  await bumpActivityStmt(ex, {
    day,
    boardId,
    threads: d.threads ?? 0,
    replies: d.replies ?? 0,
    answered: d.answeredWithin24h ?? 0,
    frCount: fr !== null ? 1 : 0,
    frSeconds: Math.round(d.firstResponseSeconds ?? 0),
    resCount: res !== null ? 1 : 0,
    resSeconds: Math.round(d.resolutionSeconds ?? 0),
    fr,
    res,
  });
}

const bumpActivityStmt = sqlStatement("bump_activity_daily", () => {
  const row = sql`${typedPlaceholder("day", "date")}, ${typedPlaceholder("threads", "int")}, ${typedPlaceholder("replies", "int")}, ${typedPlaceholder("answered", "int")},
    ${typedPlaceholder("frCount", "int")}, ${typedPlaceholder("frSeconds", "bigint")}, ${typedPlaceholder("resCount", "int")}, ${typedPlaceholder("resSeconds", "bigint")},
    case when ${typedPlaceholder("fr", "int")} is null then null else histogram_add(null, ${typedPlaceholder("fr", "int")}) end,
    case when ${typedPlaceholder("res", "int")} is null then null else histogram_add(null, ${typedPlaceholder("res", "int")}) end`;
  // A histogram moves only when its duration was given (null: the row's histogram as it is).
  const hist = (column: string, bucket: SQL) =>
    sql`case when ${bucket} is null then activity_daily.${sql.raw(column)}
             else histogram_add(activity_daily.${sql.raw(column)}, ${bucket}) end`;
  return sql`
    insert into activity_daily (board_id, day, threads, replies, answered_within24h, first_response_count,
      first_response_seconds, resolved_count, resolution_seconds, first_response_hist, resolution_hist)
    values (0, ${row}), (${typedPlaceholder("boardId", "int")}, ${row})
    on conflict (board_id, day) do update set
      threads = activity_daily.threads + excluded.threads,
      replies = activity_daily.replies + excluded.replies,
      answered_within24h = activity_daily.answered_within24h + excluded.answered_within24h,
      first_response_count = activity_daily.first_response_count + excluded.first_response_count,
      first_response_seconds = activity_daily.first_response_seconds + excluded.first_response_seconds,
      resolved_count = activity_daily.resolved_count + excluded.resolved_count,
      resolution_seconds = activity_daily.resolution_seconds + excluded.resolution_seconds,
      first_response_hist = ${hist("first_response_hist", typedPlaceholder("fr", "int"))},
      resolution_hist = ${hist("resolution_hist", typedPlaceholder("res", "int"))}`;
});

/**
 * Records that a member was active on a day (a brand day, YYYY-MM-DD), and on the member's first activity of
 * that day counts them in the day's member_gaps_daily row with the days since their previous active day
 * (memberGapSpan in domain/listening/overview-rollups: s[0 … span − 1] += 1), in one statement. Only the
 * member's first activity of the day updates the gaps row, which every member's first activity of that day
 * updates (a hot row: callers write it last, data/rollups.server.ts). Activity recorded before a later day
 * already on record (a backfill, a test clock) also shortens that later day's gap, so the rows stay exact
 * whatever the order.
 */
export async function markMemberActive(ex: Executor, day: string, userId: string) {
  await markActiveStmt(ex, { day, userId });
}

/**
 * One statement: the member_activity_daily row, and only when it was new, the member_gaps_daily rows it moves.
 * The CTEs read the snapshot before the insert, which is what they need: the days before and after this one.
 */
const markActiveStmt = sqlStatement("mark_member_active", () => {
  const d = sql`${sql.placeholder("day")}::date`;
  const userId = sql`${sql.placeholder("userId")}::text`;
  const cap = sql`${MEMBER_GAP_DAYS}::int`;
  return sql`
    with ins as (
      insert into member_activity_daily (day, user_id) values (${d}, ${userId})
      on conflict do nothing returning day
    ),
    around as (
      select (select ${d} - max(m.day) from member_activity_daily m where m.user_id = ${userId} and m.day < ${d}) as since_prev,
             (select min(m.day) from member_activity_daily m where m.user_id = ${userId} and m.day > ${d}) - ${d} as until_next
      from ins
    ),
    spans as (
      -- [lo, hi) of a day's row moves by delta: this day; the next active day's span shrinks to start here.
      select ${d} as day, 0 as lo, least(coalesce(since_prev, ${cap}), ${cap}) as hi, 1 as delta from around
      union all
      select ${d} + until_next, least(until_next, ${cap}), least(coalesce(since_prev + until_next, ${cap}), ${cap}), -1
      from around where until_next is not null and until_next < least(coalesce(since_prev + until_next, ${cap}), ${cap})
    )
    insert into member_gaps_daily (day, s)
    select day, array_fill(0, array[lo]) || array_fill(delta, array[hi - lo]) || array_fill(0, array[${cap} - hi]) from spans
    on conflict (day) do update set s = (
      select array_agg(x + y order by i) from unnest(member_gaps_daily.s, excluded.s) with ordinality u(x, y, i))`;
});

export async function setFirstResponses(
  ex: Executor,
  threadId: number,
  d: { firstAnswerAt?: Date; firstStaffResponseAt?: Date },
) {
  const set: Record<string, Date> = {};
  if (d.firstAnswerAt) set.firstAnswerAt = d.firstAnswerAt;
  if (d.firstStaffResponseAt) set.firstStaffResponseAt = d.firstStaffResponseAt;
  if (Object.keys(set).length) await ex.update(threads).set(set).where(eq(threads.id, threadId));
}

export async function loadSentimentModel(ex: Executor, scope = "community") {
  const [row] = await ex
    .select({
      model: sentimentModels.model,
      examples: sentimentModels.examples,
      updatedAt: sentimentModels.updatedAt,
    })
    .from(sentimentModels)
    .where(eq(sentimentModels.scope, scope));
  return row ?? null;
}

export async function saveSentimentModel(
  ex: Executor,
  model: unknown,
  examples: number,
  at: Date,
  scope = "community",
) {
  await ex
    .insert(sentimentModels)
    .values({ scope, model, examples, updatedAt: at })
    .onConflictDoUpdate({ target: sentimentModels.scope, set: { model, examples, updatedAt: at } });
}

/**
 * Every stored correction, oldest first, with its post's current text: enough to relearn the community's layer
 * when the feature scheme changes. In the order they were made (ids are assigned at insert, inside the
 * correction's transaction), keyset-paginated on the primary key; the caller pages until a short page.
 */
export async function listCorrectionsForReplay(ex: Executor, afterId: number, limit: number) {
  return ex
    .select({
      id: sentimentCorrections.id,
      label: sentimentCorrections.toLabel,
      text: posts.bodyText,
      title: threads.title,
      isQuestion: posts.isQuestion,
    })
    .from(sentimentCorrections)
    .innerJoin(posts, eq(posts.id, sentimentCorrections.postId))
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(gt(sentimentCorrections.id, afterId))
    .orderBy(sentimentCorrections.id)
    .limit(limit);
}

export async function insertCorrection(ex: Executor, row: typeof sentimentCorrections.$inferInsert) {
  await ex.insert(sentimentCorrections).values(row);
}

export async function setCorrectedLabel(ex: Executor, postId: number, label: Label) {
  await ex.update(posts).set({ sentimentCorrected: label }).where(eq(posts.id, postId));
}

export async function findPostForSentiment(ex: Executor, postId: number) {
  const [row] = await ex
    .select({
      id: posts.id,
      threadId: posts.threadId,
      text: posts.bodyText,
      title: threads.title,
      isQuestion: posts.isQuestion,
      boardId: threads.boardId,
      createdAt: posts.createdAt,
      label: posts.sentimentLabel,
      corrected: posts.sentimentCorrected,
      deletedAt: posts.deletedAt,
      authorRole: users.role,
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(eq(posts.id, postId))
    .limit(1)
    .for("update", { of: posts });
  return row ?? null;
}

/**
 * Negative-post counts per hour for some scopes (board ids, 0 = all), for [from, to), in one read: scope → hour
 * (ms) → count. Missing hours are zeros (filled by the caller).
 */
export async function negativeCountsByHour(ex: Executor, scopes: number[], from: Date, to: Date) {
  const rows = await negativeByHourStmt(ex, {
    scopes: intArray(scopes),
    from: from.toISOString(),
    to: to.toISOString(),
  });
  const out = new Map<number, Map<number, number>>(scopes.map((s) => [s, new Map()]));
  for (const r of rows) out.get(r.boardId)?.set(r.hour.getTime(), r.neg);
  return out;
}

const negativeByHourStmt = statement("negative_by_hour", (ex) =>
  ex
    .select({ boardId: sentimentHourly.boardId, hour: sentimentHourly.hour, neg: sentimentHourly.neg })
    .from(sentimentHourly)
    .where(
      and(
        sql`${sentimentHourly.boardId} = any(${sql.placeholder("scopes")}::int[])`,
        sql`${sentimentHourly.hour} >= ${sql.placeholder("from")}::timestamptz`,
        sql`${sentimentHourly.hour} < ${sql.placeholder("to")}::timestamptz`,
      ),
    ),
);

export type AlertRow = typeof alerts.$inferSelect;

/** The open alert of each of these scopes (newest if several), read without a lock: scope → alert. */
export async function findOpenAlerts(ex: Executor, scopes: number[]) {
  const rows = await openAlertsStmt(ex, { scopes: intArray(scopes) });
  const out = new Map<number, AlertRow>();
  for (const r of rows) if (!out.has(r.boardId)) out.set(r.boardId, r);
  return out;
}

const openAlertsStmt = statement("open_alerts", (ex) =>
  ex
    .select()
    .from(alerts)
    .where(and(sql`${alerts.boardId} = any(${sql.placeholder("scopes")}::int[])`, eq(alerts.status, "open")))
    .orderBy(desc(alerts.raisedAt)),
);

/**
 * Serializes raising an alert in one scope until this transaction ends (two posts detecting the same spike at
 * once raise one alert: the second sees the first's once it has the lock).
 */
export async function lockAlertScope(ex: Executor, scope: number) {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtext(${`lantern:alert:${scope}`}))`);
}

/** An open alert whose incident grew (services/listening evaluateCrisis), written last with the hot rows. */
export interface AlertGrowth {
  id: number;
  count: number;
  baseline: number;
  window: string;
  threadId: number;
  at: Date;
  /** Recomputed now and then (domain/listening refreshesAlertDetails); otherwise kept. */
  details?: { threadIds: number[]; terms: string[] };
}

/**
 * An open alert's incident grew: the peak (never lowered by a concurrent writer that counted less), with its
 * baseline and window, and the post's thread first in its list; the rising terms and the whole thread list
 * when they were recomputed.
 */
export async function growAlert(ex: Executor, g: AlertGrowth) {
  await growAlertStmt(ex, {
    id: g.id,
    count: g.count,
    baseline: g.baseline,
    window: g.window,
    threadId: g.threadId,
    at: g.at.toISOString(),
    details: g.details !== undefined,
    threadIds: JSON.stringify(g.details?.threadIds ?? []),
    terms: JSON.stringify(g.details?.terms ?? []),
  });
}

const growAlertStmt = statement("grow_alert", (ex) => {
  const grows = sql`${typedPlaceholder("count", "int")} > ${alerts.peakCount}`;
  const details = typedPlaceholder("details", "boolean");
  return ex
    .update(alerts)
    .set({
      peakCount: sql`greatest(${alerts.peakCount}, ${typedPlaceholder("count", "int")})`,
      baseline: sql`case when ${grows} then ${typedPlaceholder("baseline", "real")} else ${alerts.baseline} end`,
      window: sql`case when ${grows} then ${typedPlaceholder("window", "text")} else ${alerts.window} end`,
      // Recomputed details replace the list; otherwise the post's thread goes first in it (at most 50).
      threadIds: sql`case when ${details} then ${typedPlaceholder("threadIds", "jsonb")} else (
              select coalesce(jsonb_agg(x.v order by x.o), '[]'::jsonb) from (
              select e.v, min(e.o) as o
              from jsonb_array_elements(jsonb_build_array(${typedPlaceholder("threadId", "bigint")}) || ${alerts.threadIds})
                with ordinality as e(v, o)
              group by e.v order by min(e.o) limit 50) x) end`,
      terms: sql`case when ${details} then ${typedPlaceholder("terms", "jsonb")} else ${alerts.terms} end`,
      updatedAt: sql`greatest(${alerts.updatedAt}, ${typedPlaceholder("at", "timestamptz")})`,
    })
    .where(and(eq(alerts.id, sql.placeholder("id")), eq(alerts.status, "open")));
});

export async function insertAlert(ex: Executor, row: typeof alerts.$inferInsert) {
  const [created] = await ex.insert(alerts).values(row).returning({ id: alerts.id });
  return created!.id;
}

export async function closeAlertRow(ex: Executor, id: number, by: string, note: string, at: Date) {
  const rows = await ex
    .update(alerts)
    .set({ status: "closed", closedAt: at, closedBy: by, note })
    .where(and(eq(alerts.id, id), eq(alerts.status, "open")))
    .returning({ id: alerts.id });
  return rows.length > 0;
}

/** Recent negative posts of a scope (board 0 = all): texts for rising terms and the threads involved. */
export async function recentNegativePosts(ex: Executor, boardId: number, from: Date, to: Date, limit = 500) {
  const rows = await ex
    .select({ threadId: posts.threadId, text: posts.bodyText, title: threads.title })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(
      and(
        gte(posts.createdAt, from),
        lt(posts.createdAt, to),
        isNull(posts.deletedAt),
        sql`coalesce(${posts.sentimentCorrected}, ${posts.sentimentLabel}) = 'neg'`,
        boardId === 0 ? undefined : eq(threads.boardId, boardId),
      ),
    )
    .orderBy(desc(posts.createdAt))
    .limit(limit);
  return rows;
}

export async function listStaffIds(ex: Executor) {
  const rows = await ex
    .select({ id: users.id })
    .from(users)
    .where(inArray(users.role, ["moderator", "admin"]));
  return rows.map((r) => r.id);
}

export async function listAlerts(ex: Executor, opts: { status?: "open" | "closed"; limit: number }) {
  const rows = await ex.execute(sql`
    select a.id, a.board_id, a."window", a.status, a.raised_at, a.updated_at, a.peak_count, a.baseline,
           a.thread_ids, a.terms, a.closed_at, a.note, b.slug as board_slug, b.name_vi, b.name_en,
           (select username from users u where u.id = a.closed_by) as closed_by
    from alerts a left join boards b on b.id = a.board_id
    ${opts.status ? sql`where a.status = ${opts.status}` : sql``}
    order by a.status = 'open' desc, a.raised_at desc
    limit ${opts.limit}`);
  return rowsOf(rows).map((r) => ({
    id: Number(r.id),
    boardId: Number(r.board_id),
    boardSlug: (r.board_slug as string | null) ?? null,
    boardNameVi: (r.name_vi as string | null) ?? null,
    boardNameEn: (r.name_en as string | null) ?? null,
    window: String(r.window),
    status: String(r.status),
    raisedAt: new Date(r.raised_at as string),
    updatedAt: new Date(r.updated_at as string),
    peakCount: Number(r.peak_count),
    baseline: Number(r.baseline),
    threadIds: (r.thread_ids as number[]) ?? [],
    terms: (r.terms as string[]) ?? [],
    closedAt: r.closed_at ? new Date(r.closed_at as string) : null,
    closedBy: (r.closed_by as string | null) ?? null,
    note: String(r.note ?? ""),
  }));
}
