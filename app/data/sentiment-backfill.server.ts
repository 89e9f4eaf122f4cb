import { and, asc, eq, gt, isNull, notInArray } from "drizzle-orm";
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { posts, threads, users } from "~db/schema";
import { rebuildSentimentDaily } from "./overview-rollups.server";
import { rowsOf } from "./reputation.server";
import { STAFF_ROLES } from "~/domain/forum";

const STAFF_ROLE_LIST = sql.raw(STAFF_ROLES.map((r) => `'${r}'`).join(", "));

/** The next page of members' posts to score (staff posts are not scored: ADR 023). */
export async function listPostsForScoring(ex: Executor, afterId: number, limit: number) {
  return ex
    .select({ id: posts.id, text: posts.bodyText, isQuestion: posts.isQuestion, title: threads.title })
    .from(posts)
    .innerJoin(threads, eq(threads.id, posts.threadId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(gt(posts.id, afterId), isNull(posts.deletedAt), notInArray(users.role, [...STAFF_ROLES])))
    .orderBy(asc(posts.id))
    .limit(limit);
}

/** Whether a staff post (by today's roles) has a label: stops at the first one (posts_author_idx per staff member). */
export async function hasScoredStaffPosts(ex: Executor): Promise<boolean> {
  const rows = await ex.execute(sql`
    select exists (
      select 1 from users u join posts p on p.author_id = u.id
      where u.role in (${STAFF_ROLE_LIST})
        and (p.sentiment_label is not null or p.sentiment_corrected is not null)
    ) as found`);
  return rowsOf(rows)[0]?.found === true;
}

/** Clears the sentiment of staff posts scored before ADR 023 (the rollups are rebuilt after it). */
export async function clearStaffPostSentiment(ex: Executor) {
  await ex.execute(sql`
    update posts p set sentiment_label = null, sentiment_score = null, sentiment_confidence = null,
      sentiment_language = null, sentiment_cues = null, sentiment_corrected = null
    from users u
    where u.id = p.author_id and u.role in (${STAFF_ROLE_LIST})
      and (p.sentiment_label is not null or p.sentiment_corrected is not null)`);
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
