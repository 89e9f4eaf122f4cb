import { and, eq, isNull, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { sqlStatement } from "~db/statements";
import { threads } from "~db/schema";
import type { TriageInput } from "~/domain/triage";
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
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  // The previous clock-hour bucket's start (views are counted in UTC hour buckets).
  const previousHour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 3_600_000).toISOString();
  const fortnightAgo = new Date(now.getTime() - 14 * 86_400_000).toISOString();
  const times = { previousHour, hourAgo, fortnightAgo };
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
    select t.id, t.title, t.board_id, b.slug as board_slug, b.name_vi, b.name_en, t.status, t.handled_at,
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
 */
export async function setTriageScores(ex: Executor, scores: { id: number; score: number }[]) {
  if (!scores.length) return 0;
  const rows = rowsOf(
    await ex.execute(sql`
      update threads t set triage_score = x.score
      from jsonb_to_recordset(${JSON.stringify(scores)}::jsonb) as x(id bigint, score int)
      where t.id = x.id and t.triage_score is distinct from x.score
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
