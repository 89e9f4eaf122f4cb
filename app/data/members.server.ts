/**
 * SQL of the staff's member 360° view (app/services/members.server.ts composes it with app/domain/members).
 *
 * No rollup table: the facts a segment needs are read for one batch of members at once, each fact an index
 * probe per member (posts_author_idx, votes_user_idx, threads_author_idx + escalations_thread_idx,
 * posts_thread_idx for "a staff reply after it"). Candidates come from users_reputation_idx in keyset order,
 * narrowed by a cheap necessary condition of the wanted segment (see segmentPrefilter), so a filtered page
 * costs a bounded number of probes whatever the number of members.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import type { MemberCursor, Segment } from "~/domain/members";
import { SEGMENT_RULES } from "~/domain/members";
import { rowsOf } from "./reputation.server";

const DAY = 86_400_000;
const STAFF_ROLES = sql`('moderator', 'admin')`;
const NEGATIVE = (p: string) => sql.raw(`coalesce(${p}.sentiment_corrected, ${p}.sentiment_label) = 'neg'`);
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A timestamp parameter both drivers accept (postgres.js does not bind a Date inside raw SQL). */
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
/** A Postgres int[] from either driver (array, or "{1,2}" text). */
function intArray(v: unknown): number[] {
  if (Array.isArray(v)) return v.map(Number);
  if (typeof v === "string") return v.replace(/[{}]/g, "").split(",").filter(Boolean).map(Number);
  return [];
}

export interface MemberWindow {
  now: Date;
  /** End of the current brand-time day (start of tomorrow): "days ago" are counted back from it. */
  dayEnd: Date;
}

/**
 * A necessary SQL condition of each segment (the domain decides the final one, with precedence), in two parts:
 * `walk` filters the index walk (columns, or a small hashed set), `probe` is checked per walked member with
 * index probes. Kept apart so the walk always follows users_reputation_idx and stops at the batch size.
 */
function segmentPrefilter(segment: Segment, w: MemberWindow): { walk: SQL; probe: SQL | null } {
  const r = SEGMENT_RULES;
  const since = (days: number) => new Date(w.now.getTime() - days * DAY);
  const joinedRecently = sql`u.created_at > ${ts(since(r.newJoinedDays))}`;
  const fewPosts = sql`(u.question_count + u.answer_count) <= ${r.newMaxPosts}`;
  const established = sql`(not ${joinedRecently} and not ${fewPosts} and not u.is_champion)`;
  const active = sql`(exists (select 1 from posts p where p.author_id = u.id and p.created_at >= ${ts(since(r.engagedDays))})
    or exists (select 1 from votes v where v.user_id = u.id and v.created_at >= ${ts(since(r.engagedDays))}))`;
  switch (segment) {
    case "at_risk":
      // Authors of recent negative posts: a small set (posts_created_idx range), hashed once.
      return {
        walk: sql`u.id in (select p.author_id from posts p
          where p.created_at >= ${ts(since(r.atRiskDays))} and p.deleted_at is null and ${NEGATIVE("p")})`,
        probe: null,
      };
    case "champion":
      return { walk: sql`u.is_champion`, probe: null };
    case "new":
      return { walk: sql`(${joinedRecently} or ${fewPosts})`, probe: null };
    case "loyal":
    case "engaged":
      return { walk: established, probe: active };
    case "inactive":
      return { walk: established, probe: sql`not ${active}` };
  }
}

export interface CandidateQuery {
  segment: Segment | null;
  /** Lower-case username prefix. */
  prefix: string | null;
  after: MemberCursor | null;
  limit: number;
}

/**
 * Up to `limit` members in list order (reputation desc, id) after the cursor, walked on users_reputation_idx;
 * `pass` says whether the member can be in the segment at all (only those need their facts read).
 */
export async function scanMemberCandidates(ex: Executor, q: CandidateQuery, w: MemberWindow) {
  const where: SQL[] = [sql`u.role = 'member'`];
  if (q.after)
    where.push(
      sql`(u.reputation < ${q.after.reputation} or (u.reputation = ${q.after.reputation} and u.id > ${q.after.id}))`,
    );
  if (q.prefix) where.push(sql`lower(u.username) like ${`${likeEscape(q.prefix)}%`}`);
  const filter = q.segment ? segmentPrefilter(q.segment, w) : null;
  if (filter) where.push(filter.walk);
  // "desc nulls last" matches users_reputation_idx exactly (otherwise PostgreSQL sorts the whole table).
  const rows = rowsOf(
    await ex.execute(sql`
      select u.id, u.reputation, ${filter?.probe ?? sql`true`} as pass from (
        select u.id, u.reputation from users u
        where ${sql.join(where, sql` and `)}
        order by u.reputation desc nulls last, u.id
        limit ${q.limit}
      ) u
      order by u.reputation desc nulls last, u.id`),
  );
  return rows.map((r) => ({
    id: String(r.id),
    reputation: num(r.reputation),
    pass: r.pass === true || r.pass === "t",
  }));
}

export interface MemberFactsRow {
  id: string;
  username: string;
  reputation: number;
  role: string;
  isChampion: boolean;
  createdAt: Date;
  posts: number;
  questions: number;
  answers: number;
  lastActiveAt: Date | null;
  activeDaysAgo: number[];
  negative14: number;
  negativeUnanswered: number;
  openEscalations: number;
}

/** Everything the list and the segment need, for many members in one statement (index probes per member). */
export async function memberFactsFor(
  ex: Executor,
  ids: string[],
  w: MemberWindow,
): Promise<MemberFactsRow[]> {
  if (ids.length === 0) return [];
  const r = SEGMENT_RULES;
  const windowStart = new Date(w.dayEnd.getTime() - r.loyalWindowWeeks * 7 * DAY);
  const since14 = new Date(w.now.getTime() - r.atRiskDays * DAY);
  const rows = rowsOf(
    await ex.execute(sql`
      select u.id, u.username, u.reputation, u.role, u.is_champion, u.created_at,
             u.question_count, u.answer_count,
             greatest(
               -- One backward probe of posts_author_idx (author, is_question, created_at desc) per kind.
               (select max(p.created_at) from posts p where p.author_id = u.id and p.is_question),
               (select max(p.created_at) from posts p where p.author_id = u.id and not p.is_question),
               (select max(v.created_at) from votes v where v.user_id = u.id)
             ) as last_active_at,
             (select coalesce(array_agg(distinct d), '{}') from (
                select (ceil(extract(epoch from (${ts(w.dayEnd)} - p.created_at)) / 86400) - 1)::int as d
                from posts p where p.author_id = u.id and p.created_at >= ${ts(windowStart)}
                union all
                select (ceil(extract(epoch from (${ts(w.dayEnd)} - v.created_at)) / 86400) - 1)::int
                from votes v where v.user_id = u.id and v.created_at >= ${ts(windowStart)}
             ) days) as active_days,
             (select count(*) from posts p
                where p.author_id = u.id and p.created_at >= ${ts(since14)} and p.deleted_at is null
                  and ${NEGATIVE("p")}) as negative14,
             (select count(*) from posts p
                where p.author_id = u.id and p.created_at >= ${ts(since14)} and p.deleted_at is null
                  and ${NEGATIVE("p")}
                  and not exists (
                    select 1 from posts s join users su on su.id = s.author_id
                    where s.thread_id = p.thread_id and s.created_at > p.created_at
                      and s.deleted_at is null and su.role in ${STAFF_ROLES})) as negative_unanswered,
             (select count(*) from threads t join escalations e on e.thread_id = t.id
                where t.author_id = u.id and e.status not in ('resolved', 'wont_fix')) as open_escalations
      from users u
      where u.id in ${ids}`),
  );
  const byId = new Map(
    rows.map((x): [string, MemberFactsRow] => [
      String(x.id),
      {
        id: String(x.id),
        username: String(x.username),
        reputation: num(x.reputation),
        role: String(x.role),
        isChampion: x.is_champion === true || x.is_champion === "t",
        createdAt: date(x.created_at)!,
        questions: num(x.question_count),
        answers: num(x.answer_count),
        posts: num(x.question_count) + num(x.answer_count),
        lastActiveAt: date(x.last_active_at),
        activeDaysAgo: intArray(x.active_days),
        negative14: num(x.negative14),
        negativeUnanswered: num(x.negative_unanswered),
        openEscalations: num(x.open_escalations),
      },
    ]),
  );
  // Keep the caller's order.
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function findMemberId(ex: Executor, username: string): Promise<string | null> {
  const [row] = rowsOf(
    await ex.execute(sql`select id from users where lower(username) = ${username.toLowerCase()} limit 1`),
  );
  return row ? String(row.id) : null;
}

// ---------------------------------------------------------------------------------------------------------
// One member

export type TimelineKind = "question" | "answer" | "vote" | "flag" | "escalation";
const KIND_RANK: Record<TimelineKind, number> = { question: 1, answer: 2, vote: 3, flag: 4, escalation: 5 };

export interface TimelineCursor {
  at: Date;
  rank: number;
  id: number;
}

export interface TimelineItem {
  kind: TimelineKind;
  id: number;
  at: Date;
  threadId: number;
  threadTitle: string;
  postId: number | null;
  /** vote: 1 / -1; flag: reason; escalation: status; question/answer: sentiment label. */
  detail: string | null;
  deleted: boolean;
}

/**
 * The member's activity, newest first: questions and answers (posts_author_idx), votes given (votes_user_idx),
 * flags raised (flags has no index by user: a scan of the flags table, which is small next to posts), and
 * escalations of their threads (threads_author_idx + escalations_thread_idx). Each branch is cut at `limit`
 * before the merge; keyset by (at, kind, id).
 */
export async function memberTimeline(
  ex: Executor,
  userId: string,
  opts: { before: TimelineCursor | null; limit: number },
): Promise<TimelineItem[]> {
  const b = opts.before;
  /** Rows of one branch strictly older than the cursor in (at, rank, id) order. */
  const older = (at: string, rank: number, id: string) =>
    b
      ? sql`and (${sql.raw(at)} < ${ts(b.at)} or (${sql.raw(at)} = ${ts(b.at)} and (${rank}::int, ${sql.raw(id)}) < (${b.rank}::int, ${b.id}::bigint)))`
      : sql``;
  const limit = opts.limit;
  const rows = rowsOf(
    await ex.execute(sql`
      select * from (
        (select case when p.is_question then 'question' else 'answer' end as kind, p.id, p.created_at as at,
                t.id as thread_id, t.title, p.id as post_id,
                coalesce(p.sentiment_corrected, p.sentiment_label) as detail, p.deleted_at is not null as deleted
         from posts p join threads t on t.id = p.thread_id
         where p.author_id = ${userId}
           ${older("p.created_at", KIND_RANK.question, "p.id")}
         order by p.created_at desc, p.id desc limit ${limit})
        union all
        (select 'vote', p.id, v.created_at, t.id, t.title, p.id, v.value::text, p.deleted_at is not null
         from votes v join posts p on p.id = v.post_id join threads t on t.id = p.thread_id
         where v.user_id = ${userId}
           ${older("v.created_at", KIND_RANK.vote, "p.id")}
         order by v.created_at desc, p.id desc limit ${limit})
        union all
        (select 'flag', f.id, f.created_at, t.id, t.title, p.id, f.reason, p.deleted_at is not null
         from flags f join posts p on p.id = f.post_id join threads t on t.id = p.thread_id
         where f.user_id = ${userId}
           ${older("f.created_at", KIND_RANK.flag, "f.id")}
         order by f.created_at desc, f.id desc limit ${limit})
        union all
        (select 'escalation', e.id, e.created_at, t.id, t.title, null::bigint, e.status, false
         from threads t join escalations e on e.thread_id = t.id
         where t.author_id = ${userId}
           ${older("e.created_at", KIND_RANK.escalation, "e.id")}
         order by e.created_at desc, e.id desc limit ${limit})
      ) x`),
  );
  const items = rows.map((x): TimelineItem => ({
    kind: String(x.kind) as TimelineKind,
    id: num(x.id),
    at: date(x.at)!,
    threadId: num(x.thread_id),
    threadTitle: String(x.title),
    postId: x.post_id === null ? null : num(x.post_id),
    detail: str(x.detail),
    deleted: x.deleted === true || x.deleted === "t",
  }));
  // Questions and answers share a rank in the keyset (both from posts), so compare them as one branch.
  const rankOf = (i: TimelineItem) => (i.kind === "answer" ? KIND_RANK.question : KIND_RANK[i.kind]);
  items.sort((a, z) => z.at.getTime() - a.at.getTime() || rankOf(z) - rankOf(a) || z.id - a.id);
  return items.slice(0, limit);
}

export const timelineCursorOf = (i: TimelineItem): TimelineCursor => ({
  at: i.at,
  rank: i.kind === "answer" ? KIND_RANK.question : KIND_RANK[i.kind],
  id: i.id,
});

/** Labelled posts per week (0 = the last 7 days) and label over the last `weeks` weeks. */
export async function memberSentimentWeeks(ex: Executor, userId: string, now: Date, weeks: number) {
  const rows = rowsOf(
    await ex.execute(sql`
      select floor(extract(epoch from (${ts(now)} - p.created_at)) / 604800)::int as weeks_ago,
             coalesce(p.sentiment_corrected, p.sentiment_label) as label, count(*) as n
      from posts p
      where p.author_id = ${userId} and p.deleted_at is null
        and p.created_at > ${ts(new Date(now.getTime() - weeks * 7 * DAY))}
        and coalesce(p.sentiment_corrected, p.sentiment_label) is not null
      group by 1, 2`),
  );
  return rows.map((r) => ({ weeksAgo: num(r.weeks_ago), label: String(r.label), n: num(r.n) }));
}

/** Boards and tags the member wrote in most (all their posts: one posts_author_idx range). */
export async function memberPlaces(ex: Executor, userId: string) {
  const [boards, tags] = await Promise.all([
    ex.execute(sql`
      select b.slug, b.name_vi, b.name_en, count(*) as n
      from posts p join threads t on t.id = p.thread_id join boards b on b.id = t.board_id
      where p.author_id = ${userId} and p.deleted_at is null
      group by b.id, b.slug, b.name_vi, b.name_en
      order by n desc, b.slug limit 6`),
    ex.execute(sql`
      select tag, count(*) as n
      from posts p join threads t on t.id = p.thread_id cross join lateral unnest(t.tags) as tag
      where p.author_id = ${userId} and p.deleted_at is null
      group by tag order by n desc, tag limit 12`),
  ]);
  return {
    boards: rowsOf(boards).map((r) => ({
      slug: String(r.slug),
      nameVi: String(r.name_vi),
      nameEn: String(r.name_en),
      posts: num(r.n),
    })),
    tags: rowsOf(tags).map((r) => ({ tag: String(r.tag), posts: num(r.n) })),
  };
}

/** Escalations of the member's threads that are still open (not resolved / won't fix), most urgent first. */
export async function memberOpenEscalations(ex: Executor, userId: string) {
  const rows = rowsOf(
    await ex.execute(sql`
      select e.id, e.status, e.priority, e.due_at, e.created_at, t.id as thread_id, t.title,
             tm.slug as team_slug, tm.name_vi, tm.name_en
      from threads t join escalations e on e.thread_id = t.id join teams tm on tm.id = e.team_id
      where t.author_id = ${userId} and e.status not in ('resolved', 'wont_fix')
      order by e.priority, e.due_at, e.id limit 50`),
  );
  return rows.map((r) => ({
    id: num(r.id),
    status: String(r.status),
    priority: num(r.priority),
    dueAt: date(r.due_at)!,
    createdAt: date(r.created_at)!,
    threadId: num(r.thread_id),
    title: String(r.title),
    team: { slug: String(r.team_slug), nameVi: String(r.name_vi), nameEn: String(r.name_en) },
  }));
}
