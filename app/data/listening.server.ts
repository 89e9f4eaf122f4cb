import { and, desc, eq, gte, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import {
  activityDaily,
  alerts,
  memberActivityDaily,
  posts,
  sentimentCorrections,
  sentimentHourly,
  sentimentModels,
  threads,
  users,
} from "~db/schema";
import { rowsOf } from "./reputation.server";

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

/** Moves the hourly sentiment counts of a board and of the whole community (board 0). */
export async function bumpSentimentHourly(
  ex: Executor,
  at: Date,
  boardId: number,
  delta: Partial<Record<Label, number>>,
) {
  const hour = hourOf(at);
  const values = [0, boardId].map((b) => ({
    hour,
    boardId: b,
    pos: delta.pos ?? 0,
    neg: delta.neg ?? 0,
    neu: delta.neu ?? 0,
  }));
  await ex
    .insert(sentimentHourly)
    .values(values)
    .onConflictDoUpdate({
      target: [sentimentHourly.boardId, sentimentHourly.hour],
      set: {
        pos: sql`${sentimentHourly.pos} + excluded.pos`,
        neg: sql`${sentimentHourly.neg} + excluded.neg`,
        neu: sql`${sentimentHourly.neu} + excluded.neu`,
      },
    });
}

/** Recomputes a thread's sentiment rollup from its posts (effective label = correction, else scorer). */
export async function refreshThreadMood(ex: Executor, threadId: number) {
  await ex.execute(sql`
    update threads t set
      scored_posts = s.scored,
      negative_posts = s.negative,
      most_negative_post_id = s.most_negative_id,
      most_negative_score = s.most_negative_score,
      mood = coalesce(s.latest_label, 'neu')
    from (
      select
        count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) is not null)::int as scored,
        count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) = 'neg')::int as negative,
        (array_agg(p.id order by p.sentiment_score asc nulls last))[1] as most_negative_id,
        min(p.sentiment_score) as most_negative_score,
        (array_agg(coalesce(p.sentiment_corrected, p.sentiment_label) order by p.created_at desc, p.id desc)
          filter (where coalesce(p.sentiment_corrected, p.sentiment_label) is not null))[1] as latest_label
      from posts p where p.thread_id = ${threadId} and p.deleted_at is null
    ) s
    where t.id = ${threadId}`);
}

export interface ActivityDelta {
  threads?: number;
  replies?: number;
  answeredWithin24h?: number;
  firstResponseSeconds?: number;
  resolutionSeconds?: number;
}

/** Adds to the day's activity counters for a board and for the whole community (board 0). */
export async function bumpActivityDaily(ex: Executor, day: string, boardId: number, d: ActivityDelta) {
  const row = {
    threads: d.threads ?? 0,
    replies: d.replies ?? 0,
    answeredWithin24h: d.answeredWithin24h ?? 0,
    firstResponseCount: d.firstResponseSeconds !== undefined ? 1 : 0,
    firstResponseSeconds: Math.round(d.firstResponseSeconds ?? 0),
    resolvedCount: d.resolutionSeconds !== undefined ? 1 : 0,
    resolutionSeconds: Math.round(d.resolutionSeconds ?? 0),
  };
  await ex
    .insert(activityDaily)
    .values([0, boardId].map((b) => ({ day, boardId: b, ...row })))
    .onConflictDoUpdate({
      target: [activityDaily.boardId, activityDaily.day],
      set: {
        threads: sql`${activityDaily.threads} + excluded.threads`,
        replies: sql`${activityDaily.replies} + excluded.replies`,
        answeredWithin24h: sql`${activityDaily.answeredWithin24h} + excluded.answered_within24h`,
        firstResponseCount: sql`${activityDaily.firstResponseCount} + excluded.first_response_count`,
        firstResponseSeconds: sql`${activityDaily.firstResponseSeconds} + excluded.first_response_seconds`,
        resolvedCount: sql`${activityDaily.resolvedCount} + excluded.resolved_count`,
        resolutionSeconds: sql`${activityDaily.resolutionSeconds} + excluded.resolution_seconds`,
      },
    });
}

export async function markMemberActive(ex: Executor, day: string, userId: string) {
  await ex.insert(memberActivityDaily).values({ day, userId }).onConflictDoNothing();
}

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
    })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(eq(posts.id, postId))
    .limit(1)
    .for("update", { of: posts });
  return row ?? null;
}

/** Negative-post counts per hour for a board, for [from, to). Missing hours are zeros (filled by the caller). */
export async function negativeCountsByHour(ex: Executor, boardId: number, from: Date, to: Date) {
  const rows = await ex
    .select({ hour: sentimentHourly.hour, neg: sentimentHourly.neg })
    .from(sentimentHourly)
    .where(
      and(
        eq(sentimentHourly.boardId, boardId),
        gte(sentimentHourly.hour, from),
        lt(sentimentHourly.hour, to),
      ),
    );
  return new Map(rows.map((r) => [r.hour.getTime(), r.neg]));
}

export async function findOpenAlert(ex: Executor, boardId: number) {
  const [row] = await ex
    .select()
    .from(alerts)
    .where(and(eq(alerts.boardId, boardId), eq(alerts.status, "open")))
    .orderBy(desc(alerts.raisedAt))
    .limit(1)
    .for("update");
  return row ?? null;
}

export async function insertAlert(ex: Executor, row: typeof alerts.$inferInsert) {
  const [created] = await ex.insert(alerts).values(row).returning({ id: alerts.id });
  return created!.id;
}

export async function updateAlert(
  ex: Executor,
  id: number,
  set: Partial<
    Pick<
      typeof alerts.$inferInsert,
      "peakCount" | "baseline" | "threadIds" | "terms" | "updatedAt" | "window"
    >
  >,
) {
  await ex.update(alerts).set(set).where(eq(alerts.id, id));
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
