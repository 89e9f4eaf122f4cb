import { asc, gt, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { users } from "~db/schema";

/** Recomputes every member's badge counters from the stored rows (votes, posts, flags, revisions). */
export async function recomputeBadgeStats(ex: Executor) {
  await ex.execute(sql`
    update users u set
      question_count = coalesce((select count(*) from posts p where p.author_id = u.id and p.is_question), 0),
      answer_count = coalesce((select count(*) from posts p where p.author_id = u.id and not p.is_question and p.deleted_at is null), 0),
      accepted_count = coalesce((select count(*) from threads t join posts p on p.id = t.accepted_post_id
                                 where p.author_id = u.id and t.author_id <> u.id), 0),
      upvotes_cast = greatest(u.upvotes_cast, coalesce((select count(*) from votes v where v.user_id = u.id and v.value = 1), 0)),
      downvotes_cast = greatest(u.downvotes_cast, coalesce((select count(*) from votes v where v.user_id = u.id and v.value = -1), 0)),
      flags_cast = greatest(u.flags_cast, coalesce((select count(*) from flags f where f.user_id = u.id), 0)),
      edits_made = greatest(u.edits_made, coalesce((select count(*) from post_revisions r where r.editor_id = u.id), 0)),
      -- Accepts made by the asker themself (a moderator accepting on their behalf does not count): the ledger
      -- has one "accepted_answer" +2 row per such accept.
      accepts_given = greatest(u.accepts_given, coalesce((select count(*) from reputation_events e
                                where e.user_id = u.id and e.reason = 'accepted_answer' and e.points > 0), 0)),
      welcomes = coalesce((select count(distinct t.id) from posts p join threads t on t.id = p.thread_id
                           where p.author_id = u.id and not p.is_question and p.deleted_at is null
                             and t.is_authors_first and t.author_id <> u.id
                             and p.created_at <= t.created_at + interval '1 hour'), 0),
      best_answer_score = greatest(u.best_answer_score, coalesce((select max(score) from posts p
                           where p.author_id = u.id and not p.is_question and p.deleted_at is null), 0)),
      best_question_score = greatest(u.best_question_score, coalesce((select max(score) from posts p
                           where p.author_id = u.id and p.is_question), 0)),
      best_accepted_score = greatest(u.best_accepted_score, coalesce((select max(p.score) from threads t
                           join posts p on p.id = t.accepted_post_id where p.author_id = u.id and t.author_id <> u.id), 0))`);
}

export async function listUserIdsAfter(ex: Executor, after: string, limit: number) {
  const rows = await ex
    .select({ id: users.id })
    .from(users)
    .where(gt(users.id, after))
    .orderBy(asc(users.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
