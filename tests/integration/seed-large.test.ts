import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { rebuildFromLedger, rowsOf } from "~/data/reputation.server";
import { backfillBadges } from "~/services/badges-backfill.server";
import { logIn } from "~/services/accounts.server";
import { SEED_PASSWORD, seedLarge } from "../../scripts/seed-large-lib";

let t: TestDb;
let result: Awaited<ReturnType<typeof seedLarge>>;
const one = async (q: ReturnType<typeof sql>) => rowsOf(await t.db.execute(q))[0]!;

beforeAll(async () => {
  t = await createTestDb();
  // No raw client: the JSON-batch loading path (works on PGlite and PostgreSQL alike).
  result = await seedLarge({ db: t.db }, { members: 50, threads: 100, posts: 600 }, t.deps);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe("seed:large at a tiny size", () => {
  it("loads what was asked, in both languages, with a huge thread and skewed answerers", async () => {
    expect(result).toMatchObject({ members: 50, threads: 100, posts: 600, replayMismatches: 0 });
    const r = await one(sql`select
      (select count(*)::int from users) as users,
      (select count(*)::int from threads) as threads,
      (select count(*)::int from posts) as posts,
      (select count(*)::int from boards) as boards,
      (select max(reply_count)::int from threads) as biggest,
      (select count(*)::int from threads where status = 'solved') as solved,
      (select count(*)::int from posts where body_text ~ '[ăâđêôơư]') as vi,
      (select count(*)::int from posts where sentiment_language = 'en') as en,
      (select count(*)::int from votes) as votes,
      (select count(*)::int from badge_awards) as badges`);
    expect(r).toMatchObject({ users: 50, threads: 100, posts: 600, boards: 10 });
    expect(Number(r.biggest)).toBeGreaterThanOrEqual(50);
    expect(Number(r.solved)).toBeGreaterThan(10);
    expect(Number(r.vi)).toBeGreaterThan(100);
    expect(Number(r.en)).toBeGreaterThan(30);
    expect(Number(r.votes)).toBeGreaterThan(100);
    expect(Number(r.badges)).toBeGreaterThan(10);
    const top = await one(sql`select count(*)::int as n from posts p
      where not p.is_question and p.author_id in (select author_id from posts where not is_question
        group by author_id order by count(*) desc limit 5)`);
    const answers = await one(sql`select count(*)::int as n from posts where not is_question`);
    expect(Number(top.n)).toBeGreaterThan(Number(answers.n) * 0.4);
  });

  it("vote sums equal post scores, and threads carry their question's score", async () => {
    expect(
      await one(sql`select count(*)::int as wrong from posts p where
        p.score <> (select coalesce(sum(value), 0) from votes v where v.post_id = p.id)
        or p.upvotes <> (select count(*) from votes v where v.post_id = p.id and v.value = 1)
        or p.downvotes <> (select count(*) from votes v where v.post_id = p.id and v.value = -1)`),
    ).toEqual({ wrong: 0 });
    expect(
      await one(sql`select count(*)::int as wrong from threads t join posts p on p.id = t.question_post_id
        where t.score <> p.score`),
    ).toEqual({ wrong: 0 });
  });

  it("reputation totals equal the ledger sums, never below the floor, and the rollups rebuild to the same", async () => {
    expect(
      await one(sql`select count(*)::int as wrong from users u
        where u.reputation <> (select coalesce(sum(points), 0) from reputation_events e where e.user_id = u.id)
           or u.reputation < 1`),
    ).toEqual({ wrong: 0 });
    const before = await one(sql`select (select sum(points)::int from reputation_daily) as daily,
      (select count(*)::int from reputation_periods) as periods`);
    expect(await t.db.transaction((tx) => rebuildFromLedger(tx))).toMatchObject({ corrected: 0 });
    const after = await one(sql`select (select sum(points)::int from reputation_daily) as daily,
      (select count(*)::int from reputation_periods) as periods`);
    expect(after).toEqual(before);
    // Accepted answers: one +15 per solved thread, on its accepted post.
    expect(
      await one(sql`select count(*)::int as wrong from threads t where (t.status = 'solved') <> (t.accepted_post_id is not null)
        or (t.accepted_post_id is not null and not exists (select 1 from reputation_events e
          where e.post_id = t.accepted_post_id and e.reason = 'answer_accepted'))`),
    ).toEqual({ wrong: 0 });
  });

  it("counters equal recounts (members, threads, boards) and badges are complete", async () => {
    expect(
      await one(sql`select count(*)::int as wrong from users u where
        u.question_count <> (select count(*) from posts p where p.author_id = u.id and p.is_question)
        or u.answer_count <> (select count(*) from posts p where p.author_id = u.id and not p.is_question)
        or u.accepted_count <> (select count(*) from threads t join posts p on p.id = t.accepted_post_id
             where p.author_id = u.id and t.author_id <> u.id)
        or u.upvotes_cast <> (select count(*) from votes v where v.user_id = u.id and v.value = 1)`),
    ).toEqual({ wrong: 0 });
    expect(
      await one(sql`select count(*)::int as wrong from threads t where
        t.reply_count <> (select count(*) from posts p where p.thread_id = t.id and not p.is_question)
        or t.last_activity_at <> (select max(created_at) from posts p where p.thread_id = t.id)`),
    ).toEqual({ wrong: 0 });
    expect(
      await one(sql`select count(*)::int as wrong from boards b where
        b.thread_count <> (select count(*) from threads t where t.board_id = b.id)
        or b.post_count <> (select count(*) from posts p join threads t on t.id = p.thread_id where t.board_id = b.id)`),
    ).toEqual({ wrong: 0 });
    expect(await backfillBadges(t.deps)).toMatchObject({ granted: 0 });
  });

  it("every thread has its question post, and every visible thread and post has a search document", async () => {
    expect(
      await one(sql`select count(*)::int as wrong from threads t left join posts p on p.id = t.question_post_id
        where p.id is null or not p.is_question or p.thread_id <> t.id`),
    ).toEqual({ wrong: 0 });
    expect(
      await one(sql`select
        (select count(*)::int from threads where moderation_state = 'visible' and search_vector is null) as threads,
        (select count(*)::int from posts where search_vector is null) as posts`),
    ).toEqual({ threads: 0, posts: 0 });
  });

  it("the rollups match the rows: sentiment per hour, activity per day, active members", async () => {
    const memberPosts = Number(
      (
        await one(sql`select count(*)::int as n from posts p join users u on u.id = p.author_id
          where u.role = 'member'`)
      ).n,
    );
    expect(
      await one(sql`select
        (select sum(pos + neg + neu)::int from sentiment_hourly where board_id = 0) as sentiment,
        (select sum(threads)::int from activity_daily where board_id = 0) as threads,
        (select sum(replies)::int from activity_daily where board_id = 0) as replies,
        (select sum(resolved_count)::int from activity_daily where board_id = 0) as resolved,
        (select count(*)::int from member_activity_daily) > 0 as active,
        (select sum(pos + neg + neu)::int from sentiment_daily where board_id = 0) as sentiment_daily,
        (select sum(s[1])::int from member_gaps_daily) as member_days,
        (select count(*)::int from activity_daily where
          first_response_count <> coalesce((select sum(c) from unnest(first_response_hist) c), 0)
          or resolved_count <> coalesce((select sum(c) from unnest(resolution_hist) c), 0)) as wrong_histograms`),
    ).toEqual({
      // Members' posts only: staff posts are not scored (ADR 023).
      sentiment: memberPosts,
      threads: 100,
      replies: 500,
      resolved: Number((await one(sql`select count(*)::int as n from threads where status = 'solved'`)).n),
      active: true,
      sentiment_daily: memberPosts,
      // s[1] of a day: its active members (each member-day once).
      member_days: Number((await one(sql`select count(*)::int as n from member_activity_daily`)).n),
      wrong_histograms: 0,
    });
    // Every member's post is scored, no staff post is; the generator writes both (600 posts in all).
    expect(
      await one(sql`select
        count(*) filter (where u.role = 'member' and p.sentiment_label is null)::int as unscored_members,
        count(*) filter (where u.role <> 'member' and p.sentiment_label is not null)::int as scored_staff,
        count(*) filter (where u.role <> 'member')::int > 0 as has_staff_posts,
        count(*)::int as posts
        from posts p join users u on u.id = p.author_id`),
    ).toEqual({ unscored_members: 0, scored_staff: 0, has_staff_posts: true, posts: 600 });
  });

  it("flags and escalations went through the services", async () => {
    expect(result.escalations).toBeGreaterThanOrEqual(1);
    expect(result.flagged).toBeGreaterThanOrEqual(1);
    expect(
      await one(sql`select
        (select count(*)::int from threads where active_escalation_id is not null) as escalated,
        (select count(*)::int from flags) as flags,
        (select count(*)::int from review_items) > 0 as queued,
        (select count(*)::int from posts p where p.flag_count <> (select count(*) from flags f where f.post_id = p.id)) as wrong`),
    ).toEqual({ escalated: result.escalations, flags: result.flagged, queued: true, wrong: 0 });
  });

  it("members can log in with the printed password", async () => {
    const admin = await logIn(t.deps, { login: "admin", password: SEED_PASSWORD });
    expect(admin.role).toBe("admin");
  });
});
