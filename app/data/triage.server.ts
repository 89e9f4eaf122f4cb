import { and, eq, isNull, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { sqlStatement } from "~db/statements";
import { jobRuns, threads } from "~db/schema";
import { triageFactWindows, type TriageInput, type TriageRefreshWindows } from "~/domain/triage";
import { rowsOf } from "./reputation.server";

export interface TriageFacts {
  threadId: number;
  title: string;
  boardId: number;
  boardSlug: string;
  boardNameVi: string;
  boardNameEn: string;
  authorUsername: string;
  assignee: string | null;
  mostNegativePostId: number | null;
  questionPostId: number | null;
  questionLabel: string | null;
  /** The thread row's version (xmin) when read: setTriageScores writes a score only onto the row it was read from. */
  version: string;
  input: TriageInput;
}

/**
 * Everything triage looks at, for the given threads (or the open, unhandled ones with the highest stored
 * scores when threadIds is null), in one query.
 */
export async function findTriageFacts(
  ex: Executor,
  threadIds: number[] | null,
  now: Date,
  opts: { boardId?: number | null; limit?: number } = {},
): Promise<TriageFacts[]> {
  // Replies in the last hour, views in the previous and the current clock-hour buckets, the author's threads
  // of the last 14 days (domain/triage triageFactWindows; the periodic refresh selects with the same windows).
  const w = triageFactWindows(now);
  const times = {
    previousHour: w.viewsFromHour.toISOString(),
    hourAgo: w.repliesSince.toISOString(),
    fortnightAgo: w.atRiskSince.toISOString(),
  };
  // One thread (every post refreshes its thread's score): a statement built once.
  if (threadIds?.length === 1) {
    return toFacts(await oneThreadFactsStmt(ex, { ...times, threadId: threadIds[0] }));
  }
  const where = threadIds
    ? sql`t.id in (${sql.join(
        threadIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql`t.status = 'open' and t.handled_at is null ${opts.boardId ? sql`and t.board_id = ${opts.boardId}` : sql``}`;
  // Matches threads_triage_idx (triage_score DESC NULLS LAST, id): an index range scan, not a sort.
  const order = threadIds
    ? sql``
    : sql`order by t.triage_score desc nulls last, t.id limit ${opts.limit ?? 200}`;
  return toFacts(await ex.execute(factsSql(times, where, order)));
}

/** The triage facts' query; the three times are ISO strings or placeholders. */
const factsSql = (
  at: Record<"previousHour" | "hourAgo" | "fortnightAgo", string | Placeholder>,
  where: SQL,
  order: SQL,
) => sql`
    select t.id, t.xmin::text as version, t.title, t.board_id, b.slug as board_slug, b.name_vi, b.name_en, t.status, t.handled_at,
      t.created_at, t.last_activity_at, t.reply_count, t.first_answer_at, t.first_staff_response_at,
      t.mood, t.scored_posts, t.negative_posts, t.most_negative_score, t.most_negative_post_id,
      t.is_authors_first, t.question_post_id, t.active_escalation_id, u.username as author,
      (select username from users a where a.id = t.assignee_id) as assignee,
      q.body_text as question_text, coalesce(q.sentiment_corrected, q.sentiment_label) as question_label,
      (select coalesce(sum(v.views), 0)::int from thread_views_hourly v where v.thread_id = t.id
         and v.hour >= ${at.previousHour}::timestamptz) as views_recent,
      (select count(*)::int from posts r where r.thread_id = t.id and not r.is_question
         and r.created_at >= ${at.hourAgo}::timestamptz and r.deleted_at is null) as replies_last_hour,
      exists (select 1 from threads o where o.author_id = t.author_id and o.id <> t.id and o.mood = 'neg'
         and o.first_staff_response_at is null and o.created_at >= ${at.fortnightAgo}::timestamptz) as at_risk
    from threads t
    join boards b on b.id = t.board_id
    join users u on u.id = t.author_id
    left join posts q on q.id = t.question_post_id
    where ${where}
    ${order}`;

const oneThreadFactsStmt = sqlStatement("triage_facts_one", () =>
  factsSql(
    {
      previousHour: sql.placeholder("previousHour"),
      hourAgo: sql.placeholder("hourAgo"),
      fortnightAgo: sql.placeholder("fortnightAgo"),
    },
    sql`t.id = ${sql.placeholder("threadId")}::bigint`,
    sql``,
  ),
);

function toFacts(result: unknown): TriageFacts[] {
  return rowsOf(result).map((r) => {
    const scored = Number(r.scored_posts);
    const date = (v: unknown) => (v ? new Date(v as string) : null);
    return {
      threadId: Number(r.id),
      title: String(r.title),
      boardId: Number(r.board_id),
      boardSlug: String(r.board_slug),
      boardNameVi: String(r.name_vi),
      boardNameEn: String(r.name_en),
      authorUsername: String(r.author),
      assignee: (r.assignee as string | null) ?? null,
      mostNegativePostId: r.most_negative_post_id === null ? null : Number(r.most_negative_post_id),
      questionPostId: r.question_post_id === null ? null : Number(r.question_post_id),
      questionLabel: (r.question_label as string | null) ?? null,
      version: String(r.version),
      input: {
        sentiment: {
          mood: (String(r.mood) as "pos" | "neg" | "neu") ?? "neu",
          negativeShare: scored > 0 ? Number(r.negative_posts) / scored : 0,
          mostNegative: r.most_negative_score === null ? 0 : Number(r.most_negative_score),
        },
        title: String(r.title),
        text: String(r.question_text ?? ""),
        createdAt: new Date(r.created_at as string),
        lastActivityAt: new Date(r.last_activity_at as string),
        replyCount: Number(r.reply_count),
        repliesLastHour: Number(r.replies_last_hour),
        // Views in the current and the previous clock hour (views are counted per hour bucket).
        viewsLastHour: Number(r.views_recent),
        firstAnswerAt: date(r.first_answer_at),
        firstStaffResponseAt: date(r.first_staff_response_at),
        author: { isFirstPost: Boolean(r.is_authors_first), atRisk: Boolean(r.at_risk) },
        // A team already owns it (an open, in-progress or waiting escalation).
        escalated: r.active_escalation_id !== null && r.active_escalation_id !== undefined,
        solved: r.status === "solved",
        handled: r.handled_at !== null,
      },
    };
  });
}

/**
 * Stores many threads' triage scores in one statement, writing only the rows whose score changed (an update of
 * a thread row writes all its index entries, its search document's included). Returns how many changed.
 * A score is written only if its row is still the version its facts were read from: a write that changed the
 * thread in between (a reply committed while the periodic refresh computed) has stored its own, newer score.
 */
export async function setTriageScores(
  ex: Executor,
  scores: { id: number; score: number; version: string }[],
) {
  if (!scores.length) return 0;
  const rows = rowsOf(
    await ex.execute(sql`
      update threads t set triage_score = x.score
      from jsonb_to_recordset(${JSON.stringify(scores)}::jsonb) as x(id bigint, score int, version text)
      where t.id = x.id and t.xmin::text = x.version and t.triage_score is distinct from x.score
      returning t.id`),
  );
  return rows.length;
}

export async function assignThread(ex: Executor, threadId: number, userId: string) {
  const rows = await ex
    .update(threads)
    .set({ assigneeId: userId })
    .where(eq(threads.id, threadId))
    .returning({ id: threads.id });
  return rows.length > 0;
}

export async function markHandled(ex: Executor, threadId: number, userId: string, at: Date) {
  const rows = await ex
    .update(threads)
    .set({ handledAt: at, handledBy: userId })
    .where(and(eq(threads.id, threadId), isNull(threads.handledAt)))
    .returning({ id: threads.id });
  return rows.length > 0;
}

/** Open threads touched since `since` (for the periodic triage refresh). */
export async function listOpenThreadIdsSince(ex: Executor, since: Date, limit: number) {
  const rows = await ex
    .select({ id: threads.id })
    .from(threads)
    .where(
      and(
        eq(threads.status, "open"),
        isNull(threads.handledAt),
        sql`${threads.lastActivityAt} >= ${since.toISOString()}::timestamptz`,
      ),
    )
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * The open, unhandled threads whose stored triage score can be stale at `now` when every score was current at
 * the windows' `since` (domain/triage triageRefreshWindows says which and why). Each branch is an index range:
 * posts_created_idx, thread_views_hourly_hour_idx, threads_new_idx, then threads_author_idx for the authors'
 * other threads.
 */
export async function listTriageRefreshIds(ex: Executor, w: TriageRefreshWindows): Promise<number[]> {
  const iso = (d: Date) => d.toISOString();
  const rows = rowsOf(
    await ex.execute(sql`
      with recent as materialized (
        select p.thread_id, count(*) filter (where not p.is_question and p.deleted_at is null) as replies,
          max(p.created_at) as last_post
        from posts p where p.created_at >= ${iso(w.repliesFrom)}::timestamptz
        group by p.thread_id
      ),
      changed_authors as (
        select o.author_id from recent r join threads o on o.id = r.thread_id
        where r.last_post >= ${iso(w.activeFrom)}::timestamptz
          and o.created_at >= ${iso(w.atRiskCreatedFrom)}::timestamptz
        union
        select o.author_id from threads o
        where o.created_at >= ${iso(w.atRiskCreatedFrom)}::timestamptz
          and o.created_at < ${iso(w.atRiskCreatedTo)}::timestamptz
          and o.mood = 'neg' and o.first_staff_response_at is null
      ),
      candidates as (
        select r.thread_id as id from recent r where r.replies >= ${w.minReplies}
        union
        select v.thread_id from thread_views_hourly v where v.hour >= ${iso(w.viewsFromHour)}::timestamptz
          group by v.thread_id having sum(v.views) >= ${w.minViews}
        union
        select t.id from threads t
        where t.created_at >= ${iso(w.rampCreatedFrom)}::timestamptz
          and t.created_at <= ${iso(w.rampCreatedTo)}::timestamptz
          and (t.first_answer_at is null or t.first_staff_response_at is null)
        union
        select s.id from changed_authors a join threads s on s.author_id = a.author_id
      )
      select t.id from candidates c join threads t on t.id = c.id
      where t.status = 'open' and t.handled_at is null
      order by t.id`),
  );
  return rows.map((r) => Number(r.id));
}

/** When the job last completed a run (null if never). */
export async function findJobRun(ex: Executor, name: string): Promise<Date | null> {
  const [row] = await ex.select({ at: jobRuns.lastRunAt }).from(jobRuns).where(eq(jobRuns.name, name));
  return row?.at ?? null;
}

export async function recordJobRun(ex: Executor, name: string, at: Date) {
  await ex
    .insert(jobRuns)
    .values({ name, lastRunAt: at })
    .onConflictDoUpdate({ target: jobRuns.name, set: { lastRunAt: at } });
}

/**
 * The author's other open, unhandled threads, if this thread was opened since `openedSince` (then its mood
 * and staff response count towards its author being at risk on them); at most 500.
 */
export async function listAuthorsOtherOpenThreads(ex: Executor, threadId: number, openedSince: Date) {
  const rows = rowsOf(
    await ex.execute(sql`
      select s.id from threads o
      join threads s on s.author_id = o.author_id and s.id <> o.id
      where o.id = ${threadId} and o.created_at >= ${openedSince.toISOString()}::timestamptz
        and s.status = 'open' and s.handled_at is null
      order by s.created_at desc limit 500`),
  );
  return rows.map((r) => Number(r.id));
}
