/**
 * Whole-database invariants: what must hold after any set of committed transactions, whatever crashed or
 * raced. `checkInvariants(db)` returns the violations as readable lines ([] = everything holds). Plain SQL,
 * so it runs on PostgreSQL and PGlite, inside vitest or a script (scripts/load.ts); it imports nothing from
 * vitest. Each check recounts from the source rows and compares with what the services keep up to date in
 * the same transaction:
 *
 *  - votes: posts.score / upvotes / downvotes = their vote rows; no duplicate (post, member) vote
 *  - ledger: users.reputation = sum of the member's reputation_events
 *  - threads: reply_count = published, not deleted replies (moderation_state visible or hidden: pending and
 *    rejected replies never counted); last_activity_at is not before the thread's newest counted post;
 *    question_post_id is this thread's question; the accepted post is a live answer of this thread and
 *    status / accepted_at agree with it; threads.score = the question's score
 *  - posts: every post's thread exists; a published thread has exactly one question post
 *  - sentiment_hourly (board 0, the whole community) = the scored posts per hour and effective label
 *  - the command center's rollups: sentiment_daily = sentiment_hourly per brand day; activity_daily's duration
 *    histograms hold as many durations as its counts; member_gaps_daily counts each day's active members
 *  - outbox: each flag, alert and escalation has exactly one creation event (post.flagged / crisis.raised /
 *    escalation.created, matched on its id in the payload), and no event names a row that does not exist
 *  - search: every visible, live post has its search document
 */
import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { rowsOf } from "~/data/reputation.server";

type Row = Record<string, unknown>;

async function q(ex: Executor, query: SQL): Promise<Row[]> {
  return rowsOf(await ex.execute(query)) as Row[];
}

const show = (r: Row) =>
  Object.entries(r)
    .map(([k, v]) => `${k}=${v instanceof Date ? v.toISOString() : JSON.stringify(v)}`)
    .join(" ");

/** Published = counted by the services (pending / rejected posts never were). */
const COUNTED_REPLY = sql`not p.is_question and p.deleted_at is null and p.moderation_state in ('visible', 'hidden')`;

interface Check {
  name: string;
  query: SQL;
}

const CHECKS: Check[] = [
  {
    name: "post vote counters differ from its vote rows",
    query: sql`
      select p.id::int as post, p.score, p.upvotes, p.downvotes,
             coalesce(v.s, 0) as votes_sum, coalesce(v.u, 0) as ups, coalesce(v.d, 0) as downs
      from posts p left join (
        select post_id, sum(value)::int as s, count(*) filter (where value = 1)::int as u,
               count(*) filter (where value = -1)::int as d
        from votes group by post_id) v on v.post_id = p.id
      where p.score <> coalesce(v.s, 0) or p.upvotes <> coalesce(v.u, 0) or p.downvotes <> coalesce(v.d, 0)`,
  },
  {
    name: "duplicate vote",
    query: sql`select post_id::int as post, user_id, count(*)::int as n from votes
               group by post_id, user_id having count(*) > 1`,
  },
  {
    name: "reputation differs from the ledger",
    query: sql`
      select u.id as member, u.reputation, coalesce(s.total, 0)::int as ledger
      from users u left join (select user_id, sum(points)::int as total from reputation_events group by user_id) s
        on s.user_id = u.id
      where u.reputation <> coalesce(s.total, 0)`,
  },
  {
    name: "thread reply_count differs from a recount",
    query: sql`
      select t.id::int as thread, t.reply_count, coalesce(c.n, 0)::int as recount
      from threads t left join (
        select p.thread_id, count(*)::int as n from posts p where ${COUNTED_REPLY} group by p.thread_id) c
        on c.thread_id = t.id
      where t.merged_into_id is null and t.reply_count <> coalesce(c.n, 0)`,
  },
  {
    name: "thread last_activity_at is before its newest post",
    query: sql`
      select t.id::int as thread, t.last_activity_at, m.newest
      from threads t join (
        select p.thread_id, max(p.created_at) as newest from posts p
        where p.deleted_at is null and p.moderation_state in ('visible', 'hidden') group by p.thread_id) m
        on m.thread_id = t.id
      where t.merged_into_id is null and t.last_activity_at < m.newest`,
  },
  {
    name: "thread without its question post",
    query: sql`
      select t.id::int as thread, t.question_post_id::int as question
      from threads t left join posts p on p.id = t.question_post_id
      where t.merged_into_id is null
        and (p.id is null or p.thread_id <> t.id or not p.is_question)`,
  },
  {
    name: "thread with more than one question post",
    query: sql`
      select p.thread_id::int as thread, count(*)::int as questions from posts p
      join threads t on t.id = p.thread_id and t.merged_into_id is null
      where p.is_question and p.deleted_at is null group by p.thread_id having count(*) > 1`,
  },
  {
    name: "post whose thread does not exist",
    query: sql`select p.id::int as post, p.thread_id::int as thread from posts p
               where not exists (select 1 from threads t where t.id = p.thread_id)`,
  },
  {
    name: "accepted answer is not a live answer of the thread, or status disagrees",
    query: sql`
      select t.id::int as thread, t.status::text as status, t.accepted_post_id::int as accepted,
             p.thread_id::int as accepted_in_thread
      from threads t left join posts p on p.id = t.accepted_post_id
      where (t.accepted_post_id is not null
              and (p.id is null or p.thread_id <> t.id or p.is_question or p.deleted_at is not null))
         or ((t.status = 'solved') <> (t.accepted_post_id is not null))
         or ((t.accepted_at is not null) <> (t.accepted_post_id is not null))`,
  },
  {
    name: "thread score differs from its question's score",
    query: sql`select t.id::int as thread, t.score, p.score as question_score
               from threads t join posts p on p.id = t.question_post_id where t.score <> p.score`,
  },
  {
    name: "sentiment_hourly (whole community) differs from the scored posts",
    query: sql`
      with counted as (
        select date_trunc('hour', p.created_at, 'UTC') as hour,
               count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) = 'pos')::int as pos,
               count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) = 'neg')::int as neg,
               count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) = 'neu')::int as neu
        from posts p where p.sentiment_label is not null group by 1),
      kept as (select hour, pos, neg, neu from sentiment_hourly where board_id = 0)
      select coalesce(c.hour, k.hour) as hour, k.pos as kept_pos, c.pos as posts_pos, k.neg as kept_neg,
             c.neg as posts_neg, k.neu as kept_neu, c.neu as posts_neu
      from counted c full join kept k on k.hour = c.hour
      where coalesce(c.pos, 0) <> coalesce(k.pos, 0) or coalesce(c.neg, 0) <> coalesce(k.neg, 0)
         or coalesce(c.neu, 0) <> coalesce(k.neu, 0)`,
  },
  {
    name: "sentiment_daily differs from sentiment_hourly summed per brand day",
    query: sql`
      select coalesce(h.day, d.day)::text as day, coalesce(h.board_id, d.board_id) as board,
             h.pos as hourly_pos, d.pos as daily_pos, h.neg as hourly_neg, d.neg as daily_neg
      from (select ((hour at time zone 'UTC') + interval '7 hours')::date as day, board_id,
                   sum(pos)::int as pos, sum(neg)::int as neg, sum(neu)::int as neu
            from sentiment_hourly group by 1, 2) h
      full join sentiment_daily d on d.day = h.day and d.board_id = h.board_id
      where coalesce(h.pos, 0) <> coalesce(d.pos, 0) or coalesce(h.neg, 0) <> coalesce(d.neg, 0)
         or coalesce(h.neu, 0) <> coalesce(d.neu, 0)`,
  },
  {
    name: "activity_daily duration histogram does not hold its count of durations",
    query: sql`
      select day::text as day, board_id as board, first_response_count, resolved_count from activity_daily
      where first_response_count <> coalesce((select sum(c) from unnest(first_response_hist) c), 0)
         or resolved_count <> coalesce((select sum(c) from unnest(resolution_hist) c), 0)`,
  },
  {
    name: "member_gaps_daily does not count the day's active members",
    query: sql`
      select coalesce(a.day, g.day)::text as day, a.n as active, g.s[1] as counted
      from (select day, count(*)::int as n from member_activity_daily group by day) a
      full join member_gaps_daily g on g.day = a.day
      where coalesce(a.n, 0) <> coalesce(g.s[1], 0)`,
  },
  {
    name: "flag without exactly one post.flagged outbox event",
    query: sql`
      select f.id::int as flag, count(o.id)::int as events from flags f
      left join outbox o on o.event = 'post.flagged' and (o.payload->>'flagId')::bigint = f.id
      group by f.id having count(o.id) <> 1`,
  },
  {
    name: "alert without exactly one crisis.raised outbox event",
    query: sql`
      select a.id::int as alert, count(o.id)::int as events from alerts a
      left join outbox o on o.event = 'crisis.raised' and (o.payload->>'alertId')::bigint = a.id
      group by a.id having count(o.id) <> 1`,
  },
  {
    name: "escalation without exactly one escalation.created outbox event",
    query: sql`
      select e.id::int as escalation, count(o.id)::int as events from escalations e
      left join outbox o on o.event = 'escalation.created' and (o.payload->'escalation'->>'id')::bigint = e.id
      group by e.id having count(o.id) <> 1`,
  },
  {
    name: "outbox event about a row that does not exist",
    query: sql`
      select o.id::int as event, o.event as kind from outbox o
      where (o.event = 'post.flagged'
              and not exists (select 1 from flags f where f.id = (o.payload->>'flagId')::bigint))
         or (o.event = 'crisis.raised'
              and not exists (select 1 from alerts a where a.id = (o.payload->>'alertId')::bigint))
         or (o.event like 'escalation.%'
              and not exists (select 1 from escalations e where e.id = (o.payload->'escalation'->>'id')::bigint))`,
  },
  {
    name: "visible post without its search document",
    query: sql`select p.id::int as post from posts p
               where p.moderation_state = 'visible' and p.deleted_at is null and p.search_vector is null
               limit 50`,
  },
];

/** Every violated invariant as one line each ("name: column=value …"); [] when all of them hold. */
export async function checkInvariants(ex: Executor): Promise<string[]> {
  const out: string[] = [];
  for (const c of CHECKS) {
    const rows = await q(ex, c.query);
    for (const r of rows.slice(0, 20)) out.push(`${c.name}: ${show(r)}`);
    if (rows.length > 20) out.push(`${c.name}: … and ${rows.length - 20} more`);
  }
  return out;
}

/** The names of the checks (for reports). */
export const INVARIANT_NAMES = CHECKS.map((c) => c.name);
