// Command-center benchmark: 200,000 threads and 1,000,000 posts in PostgreSQL (with the rollups the services
// keep), then the overview read timed per period, all boards and one board. Uses DATABASE_URL's server
// (default postgres://postgres@127.0.0.1:5432/postgres) and a scratch database lantern_bench_cc it drops.
//   npm run bench:overview            (THREADS=…, REPLIES=…, RUNS=…, KEEP=1, REUSE=1)
import postgres from "postgres";
import { migrate, openPostgres } from "~db/client";
import { loadOverview, type OverviewPeriod } from "~/data/overview.server";
import { rebuildOverviewRollups } from "~/data/overview-rollups.server";

const THREADS = Number(process.env.THREADS ?? 200_000);
const REPLIES = Number(process.env.REPLIES ?? 4);
const base = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const admin = new URL(base);
admin.pathname = "/postgres";
const target = new URL(base);
target.pathname = "/lantern_bench_cc";
const sqlAdmin = postgres(admin.toString(), { max: 1, onnotice: () => {} });
const reuse = !!process.env.REUSE;
if (!reuse) {
  await sqlAdmin.unsafe('drop database if exists "lantern_bench_cc" with (force)');
  await sqlAdmin.unsafe('create database "lantern_bench_cc"');
}
const handle = await openPostgres(target.toString(), { max: 10 });
if (!reuse) await migrate(handle);
const raw = postgres(target.toString(), { max: 1, onnotice: () => {} });
let t = performance.now();
if (!reuse) {
  await raw.unsafe(
    `insert into boards (slug, name_vi, name_en, position) select 'b' || g, 'Chuyên mục ' || g, 'Board ' || g, g from generate_series(1, 10) g`,
  );
  await raw.unsafe(`insert into users (id, username, email, password_hash, reputation, created_at)
  select 'u' || g, 'user' || g, 'user' || g || '@bench.test', 'x', 1, now() - interval '400 days' from generate_series(1, 20000) g`);
  await raw.unsafe(`
  insert into threads (board_id, author_id, title, status, reply_count, created_at, last_activity_at, mood,
                       first_answer_at, accepted_at, triage_score, scored_posts, negative_posts)
  select 1 + (g % 10), 'u' || (1 + floor(power(random(), 2) * 20000))::int, 'Thread ' || g || ' mất mạng wifi chậm',
         case when g % 3 = 0 then 'solved'::thread_status else 'open'::thread_status end,
         ${REPLIES}, c, c + interval '1 hour', (array['pos','neg','neu'])[1 + g % 3],
         case when g % 5 <> 0 then c + (random() * interval '30 hours') end,
         case when g % 3 = 0 then c + (random() * interval '60 hours') end,
         (g * 7919) % 100, ${REPLIES + 1}, g % 3
  from (select g, now() - interval '365 days' + (g::float8 / ${THREADS}) * interval '365 days' - interval '2 hours' as c
        from generate_series(1, ${THREADS}) g) s`);
  await raw.unsafe(`
  insert into posts (thread_id, author_id, is_question, body_json, body_html, body_text, sentiment_label, created_at, updated_at)
  select t.id, case when k = 0 then t.author_id else 'u' || (1 + floor(power(random(), 2) * 20000))::int end, k = 0, '{}'::jsonb, '',
         (array['Mất mạng từ sáng, tổng đài không ai nghe máy','Wifi chậm quá, thất vọng','Cảm ơn bạn, đã sửa được','Bạn thử khởi động lại modem','Hóa đơn tính sai tiền, muốn hoàn tiền'])[1 + (t.id + k) % 5],
         (array['neg','neg','pos','neu','neg'])[1 + (t.id + k) % 5],
         t.created_at + k * interval '50 minutes', t.created_at + k * interval '50 minutes'
  from threads t cross join generate_series(0, ${REPLIES}) k order by t.created_at + k * interval '50 minutes'`);
  await raw.unsafe(
    `update threads t set question_post_id = p.id from posts p where p.thread_id = t.id and p.is_question`,
  );
  // Rollups, as the services would have kept them.
  await raw.unsafe(`
  insert into sentiment_hourly (hour, board_id, pos, neg, neu)
  select date_trunc('hour', p.created_at), b, count(*) filter (where p.sentiment_label='pos'),
         count(*) filter (where p.sentiment_label='neg'), count(*) filter (where p.sentiment_label='neu')
  from posts p join threads t on t.id = p.thread_id cross join lateral (values (0), (t.board_id)) v(b)
  group by 1, 2`);
  await raw.unsafe(`
  insert into activity_daily (day, board_id, threads, replies, answered_within24h, first_response_count, first_response_seconds, resolved_count, resolution_seconds)
  select day, b, sum(threads), sum(replies), sum(a24), sum(frc), sum(frs), sum(rc), sum(rs) from (
    select ((t.created_at at time zone 'UTC') + interval '7 hours')::date as day, v.b, 1 as threads, 0 as replies,
      (t.first_answer_at - t.created_at <= interval '24 hours')::int as a24, (t.first_answer_at is not null)::int as frc,
      coalesce(extract(epoch from t.first_answer_at - t.created_at), 0)::bigint as frs, 0 as rc, 0::bigint as rs
    from threads t cross join lateral (values (0), (t.board_id)) v(b)
    union all
    select ((p.created_at at time zone 'UTC') + interval '7 hours')::date, v.b, 0, 1, 0, 0, 0, 0, 0
    from posts p join threads t on t.id = p.thread_id cross join lateral (values (0), (t.board_id)) v(b) where not p.is_question
    union all
    select ((t.accepted_at at time zone 'UTC') + interval '7 hours')::date, v.b, 0, 0, 0, 0, 0, 1, extract(epoch from t.accepted_at - t.created_at)::bigint
    from threads t cross join lateral (values (0), (t.board_id)) v(b) where t.accepted_at is not null
  ) x group by 1, 2`);
  await raw.unsafe(`insert into member_activity_daily (day, user_id)
  select distinct ((created_at at time zone 'UTC') + interval '7 hours')::date, author_id from posts`);
  // The command center's rollups of these (duration histograms, member gaps, sentiment per day).
  await rebuildOverviewRollups(handle.db);
  await raw.unsafe("vacuum analyze");
}
const [c] = await raw<
  { posts: number; threads: number }[]
>`select (select count(*) from posts)::int as posts, (select count(*) from threads)::int as threads`;
console.log(
  `loaded ${c!.threads} threads, ${c!.posts} posts in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const boards = await raw<
  { id: number; slug: string; name_vi: string; name_en: string }[]
>`select id, slug, name_vi, name_en from boards where id = 3`;
const b3 = {
  id: boards[0]!.id,
  slug: boards[0]!.slug,
  nameVi: boards[0]!.name_vi,
  nameEn: boards[0]!.name_en,
};
const runs = Number(process.env.RUNS ?? 20);
for (const period of ["24h", "7d", "30d", "90d"] as OverviewPeriod[]) {
  for (const board of [null, b3]) {
    const times: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      t = performance.now();
      const o = await loadOverview(handle.db, { period, board, now: new Date() });
      if (i >= 2) times.push(performance.now() - t);
      if (i === 0 && period === "90d" && !board)
        console.log(
          "  sample:",
          o.current.threads,
          "threads,",
          o.current.replies,
          "replies, median sampled:",
          o.current.medianSample,
        );
    }
    times.sort((a, b) => a - b);
    console.log(
      `${period.padEnd(4)} ${board ? "one board " : "all boards"}  median ${times[runs / 2]!.toFixed(1)} ms  p95 ${times[Math.floor(runs * 0.95)]!.toFixed(1)} ms`,
    );
  }
}
await raw.end();
await handle.close();
if (!process.env.KEEP) await sqlAdmin.unsafe('drop database if exists "lantern_bench_cc" with (force)');
await sqlAdmin.end();
