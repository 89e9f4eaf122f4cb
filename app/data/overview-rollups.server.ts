/**
 * Rebuilds of the command center's per-day rollups (db/migrations/0010 backfills them with the same SQL; the
 * app keeps them as it writes: data/listening.server.ts bumpActivityDaily, bumpSentimentHourly,
 * markMemberActive). For backfills and bulk loads (scripts/seed-large, the benchmarks), after activity_daily,
 * sentiment_hourly and member_activity_daily are filled.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { MEMBER_GAP_DAYS } from "~/domain/listening/overview-rollups";

const brandDay = (column: string) => sql.raw(`((${column} at time zone 'UTC') + interval '7 hours')::date`);

/**
 * activity_daily's duration histograms from the threads: first responses on the question's brand day,
 * resolutions on the day of the accepted answer, for the board and for board 0. Only rows that exist are
 * filled (the counters' rows).
 */
export async function rebuildDurationHistograms(ex: Executor) {
  await ex.execute(sql`update activity_daily set first_response_hist = null, resolution_hist = null
    where first_response_hist is not null or resolution_hist is not null`);
  for (const [column, day, end] of [
    ["first_response_hist", "t.created_at", "t.first_answer_at"],
    ["resolution_hist", "t.accepted_at", "t.accepted_at"],
  ] as const) {
    await ex.execute(sql`
      update activity_daily a set ${sql.raw(column)} = h.hist
      from (
        select day, board_id, histogram_of(array_agg(bucket), array_agg(n)) as hist
        from (
          select ${brandDay(day)} as day, s.b as board_id,
                 duration_bucket(extract(epoch from ${sql.raw(end)} - t.created_at)::float8) as bucket, count(*)::int as n
          from threads t cross join lateral (values (0), (t.board_id)) as s(b)
          where ${sql.raw(end)} is not null
          group by 1, 2, 3
        ) x
        group by day, board_id
      ) h
      where a.day = h.day and a.board_id = h.board_id`);
  }
}

/** member_gaps_daily from member_activity_daily. */
export async function rebuildMemberGaps(ex: Executor) {
  await ex.execute(sql`delete from member_gaps_daily`);
  await ex.execute(sql`
    insert into member_gaps_daily (day, s)
    select day, array_agg(n order by g)
    from (
      select d.day, g.g, (sum(coalesce(c.n, 0)) over (partition by d.day order by g.g desc))::int as n
      from (select distinct day from member_activity_daily) d
      cross join generate_series(1, ${MEMBER_GAP_DAYS}::int) as g(g)
      left join (
        select day, least(coalesce(day - prev, ${MEMBER_GAP_DAYS}::int), ${MEMBER_GAP_DAYS}::int) as g, count(*)::int as n
        from (select day, lag(day) over (partition by user_id order by day) as prev from member_activity_daily) y
        group by 1, 2
      ) c on c.day = d.day and c.g = g.g
    ) z
    group by day`);
}

/** sentiment_daily from sentiment_hourly. */
export async function rebuildSentimentDaily(ex: Executor) {
  await ex.execute(sql`delete from sentiment_daily`);
  await ex.execute(sql`
    insert into sentiment_daily (day, board_id, pos, neg, neu)
    select ${brandDay("hour")}, board_id, sum(pos)::int, sum(neg)::int, sum(neu)::int
    from sentiment_hourly
    group by 1, 2`);
}

/** All three. */
export async function rebuildOverviewRollups(ex: Executor) {
  await rebuildDurationHistograms(ex);
  await rebuildMemberGaps(ex);
  await rebuildSentimentDaily(ex);
}
