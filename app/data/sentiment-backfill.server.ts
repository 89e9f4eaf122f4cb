import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { posts, threads } from "~db/schema";
import { rebuildSentimentDaily } from "./overview-rollups.server";

export async function listPostsForScoring(ex: Executor, afterId: number, limit: number) {
  return ex
    .select({ id: posts.id, text: posts.bodyText, isQuestion: posts.isQuestion, title: threads.title })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .where(and(gt(posts.id, afterId), isNull(posts.deletedAt)))
    .orderBy(asc(posts.id))
    .limit(limit);
}

/** Rebuilds the hourly (and daily) sentiment rollups and every thread's mood from the posts' effective labels. */
export async function rebuildSentimentRollups(ex: Executor) {
  await ex.execute(sql`delete from sentiment_hourly`);
  await ex.execute(sql`
    insert into sentiment_hourly (hour, board_id, pos, neg, neu)
    select date_trunc('hour', p.created_at at time zone 'UTC') at time zone 'UTC', b, 
      count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) = 'pos')::int,
      count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) = 'neg')::int,
      count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) = 'neu')::int
    from posts p join threads t on t.id = p.thread_id
    cross join lateral (values (0), (t.board_id)) as scope(b)
    where p.deleted_at is null and coalesce(p.sentiment_corrected, p.sentiment_label) is not null
    group by 1, 2`);
  await rebuildSentimentDaily(ex);
  await ex.execute(sql`
    update threads t set
      scored_posts = coalesce(s.scored, 0), negative_posts = coalesce(s.negative, 0),
      most_negative_post_id = s.most_negative_id, most_negative_score = s.most_negative_score,
      mood = coalesce(s.latest_label, 'neu')
    from threads t2 left join (
      select p.thread_id,
        count(*)::int as scored,
        count(*) filter (where coalesce(p.sentiment_corrected, p.sentiment_label) = 'neg')::int as negative,
        (array_agg(p.id order by p.sentiment_score asc nulls last))[1] as most_negative_id,
        min(p.sentiment_score) as most_negative_score,
        (array_agg(coalesce(p.sentiment_corrected, p.sentiment_label) order by p.created_at desc, p.id desc))[1] as latest_label
      from posts p where p.deleted_at is null and coalesce(p.sentiment_corrected, p.sentiment_label) is not null
      group by p.thread_id
    ) s on s.thread_id = t2.id
    where t.id = t2.id`);
}
