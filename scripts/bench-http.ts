// HTTP benchmark: the production build (`npm run build` → `node server.js`) on PostgreSQL, measured with
// autocannon: pages (anonymous and logged in), search, the command center and writes (reply, vote, accept),
// plus the same thread page's HTML served from memory by a bare node:http server as the baseline, and the
// server's peak RSS. One table at the end.
//
// Data: by default a scratch database lantern_bench_http on DATABASE_URL's server (default
// postgres://postgres@127.0.0.1:5432/postgres) filled with SQL: THREADS threads (default 20,000), 4 replies each
// and 20 on every 100th thread (≈5.2 posts per thread: THREADS=200000 ≈ 1M posts), counters, rollups and
// search documents (the app's backfill). REUSE=1 uses a database filled earlier (with KEEP=1); or point
// BENCH_DATABASE_URL at a database filled by `npm run seed:large`: the script then only adds its bench accounts.
//   npm run bench:http                      (THREADS=…, DURATION=30, WARMUP=5, CONNECTIONS=32, PORT=3500,
//                                             SCENARIOS=thread-anon,write-vote,… or none (only fill the database),
//                                             BUILD=1, KEEP=1, REUSE=1, WORKERS=2: the server as `npm run
//                                             start:cluster` runs it, one process per core)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import autocannon, { type AutocannonClient, type AutocannonRequest, type AutocannonResult } from "autocannon";
import postgres from "postgres";
import { serverNodeFlags } from "./server-launch.mjs";
import { migrate, openPostgres } from "~db/client";
import { hashPassword } from "~/auth/password.server";
import { backfillSearchDocs } from "~/services/search.server";
import { rebuildOverviewRollups } from "~/data/overview-rollups.server";
import { systemClock } from "~/domain/shared/clock";
import type { AppDeps } from "~/deps.server";
import { refreshChangedTriage } from "~/services/sentiment-backfill.server";

const THREADS = Number(process.env.THREADS ?? 20_000);
const MEMBERS = Number(process.env.MEMBERS ?? 20_000);
const DURATION = Number(process.env.DURATION ?? 30);
const WARMUP = Number(process.env.WARMUP ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const PORT = Number(process.env.PORT ?? 3500);
const BASELINE_PORT = PORT + 1;
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 32);
const PASSWORD = "bench-password-1";
const ONLY = process.env.SCENARIOS ? new Set(process.env.SCENARIOS.split(",")) : null;
const DB = "lantern_bench_http";

const external = process.env.BENCH_DATABASE_URL;
const base = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const admin = new URL(base);
admin.pathname = "/postgres";
const target = new URL(external ?? base.toString());
if (!external) target.pathname = `/${DB}`;
const reuse = !!process.env.REUSE || !!external;
const sqlAdmin = postgres(admin.toString(), { max: 1, onnotice: () => {} });
if (!reuse) {
  await sqlAdmin.unsafe(`drop database if exists "${DB}" with (force)`);
  await sqlAdmin.unsafe(`create database "${DB}"`);
}
const handle = await openPostgres(target.toString(), { max: 4 });
if (!reuse) await migrate(handle);
const raw = postgres(target.toString(), { max: 1, onnotice: () => {} });
const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

// ---------------------------------------------------------------- data
const VI = [
  "Mất mạng từ sáng, tổng đài không ai nghe máy, quá thất vọng",
  "Wifi chậm quá, tôi đã khởi động lại modem hai lần rồi",
  "Cảm ơn bạn, mình làm theo hướng dẫn và đã sửa được",
  "Bạn thử khởi động lại modem rồi cập nhật phần mềm nhé",
  "Hóa đơn tháng này tính sai tiền, tôi muốn hoàn tiền ngay",
  "Dịch vụ tuyệt vời, nhân viên hỗ trợ rất nhanh và nhiệt tình",
  "Tài khoản bị khoá sau khi đổi mật khẩu, làm sao mở khoá?",
  "Giao hàng trễ một tuần mà không ai báo, tệ thật sự",
];
const EN = [
  "My order was charged twice and support never answered, this is unacceptable",
  "Try resetting the router and updating the firmware, that fixed it for me",
  "Thanks, the refund arrived this morning. Great service!",
  "How do I unlock my account after too many password attempts?",
  "The app keeps crashing when I open the invoice page",
  "Battery drains fast since the last update, anyone else?",
];
const arr = (words: string[]) => `(array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}])`;
const LABELS = "(array['neg','neg','pos','neu','neg','pos','neg','neg','neg','neu','pos','neu','neg','neg'])";

let t0 = performance.now();
if (!reuse) {
  await raw.unsafe(
    `insert into boards (slug, name_vi, name_en, position) select 'b' || g, 'Chuyên mục ' || g, 'Board ' || g, g from generate_series(1, 10) g`,
  );
  await raw.unsafe(`insert into users (id, username, email, password_hash, created_at)
    select 'u' || g, 'user' || g, 'user' || g || '@bench.test', 'x', now() - interval '400 days'
    from generate_series(1, ${MEMBERS}) g`);
  // Skewed activity: power(random(), 3) puts most answers on a few low-numbered "champions".
  await raw.unsafe(`
    insert into threads (board_id, author_id, title, status, created_at, last_activity_at, tags)
    select 1 + (g % 10), 'u' || (1 + floor(power(random(), 2) * ${MEMBERS}))::int,
           case when g % 10 < 7 then 'Hỏi ' || g || ': ' else 'Question ' || g || ': ' end ||
             (case when g % 10 < 7 then ${arr(VI)} else ${arr(EN)} end)[1 + g % 6],
           'open'::thread_status, c, c,
           case when g % 4 = 0 then array['tag' || (g % 50)] else '{}'::text[] end
    from (select g, now() - interval '365 days' + (g::float8 / ${THREADS}) * interval '365 days' - interval '30 hours' as c
          from generate_series(1, ${THREADS}) g) s`);
  // Posts: the question (k = 0) then 4 replies, 20 on every 100th thread, 50 minutes apart.
  await raw.unsafe(`
    insert into posts (thread_id, author_id, is_question, body_json, body_html, body_text, sentiment_label, sentiment_score,
                       sentiment_language, created_at, updated_at)
    select t.id, case when k = 0 then t.author_id else 'u' || (1 + floor(power(random(), 3) * ${MEMBERS}))::int end, k = 0,
           jsonb_build_object('type', 'doc', 'content', jsonb_build_array(jsonb_build_object('type', 'paragraph',
             'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', txt))))),
           '<p>' || txt || '</p>', txt, ${LABELS}[1 + (t.id + k) % 14],
           case ${LABELS}[1 + (t.id + k) % 14] when 'neg' then -0.6 when 'pos' then 0.6 else 0 end,
           case when t.id % 10 < 7 then 'vi' else 'en' end,
           t.created_at + k * interval '50 minutes', t.created_at + k * interval '50 minutes'
    from threads t
    cross join lateral generate_series(0, case when t.id % 100 = 0 then 20 else 4 end) k
    cross join lateral (select case when t.id % 10 < 7 then ${arr(VI)}[1 + (t.id + k) % ${VI.length}]
                                    else ${arr(EN)}[1 + (t.id + k) % ${EN.length}] end as txt) x
    order by t.created_at + k * interval '50 minutes'`);
  console.log(`threads and posts in ${secs(t0)} s`);
  // Counters and times the services keep, computed from the rows.
  await raw.unsafe(`
    update threads t set question_post_id = s.q, reply_count = s.n, last_activity_at = s.last, first_answer_at = s.first,
           scored_posts = s.n + 1, negative_posts = s.neg, mood = case when s.neg * 2 > s.n + 1 then 'neg' else 'neu' end,
           triage_score = case when s.neg * 2 > s.n + 1 then 40 + t.id % 50 else t.id % 30 end
    from (select thread_id, min(id) filter (where is_question) q, count(*) filter (where not is_question)::int n,
                 max(created_at) last, min(created_at) filter (where not is_question) first,
                 count(*) filter (where sentiment_label = 'neg')::int neg
          from posts group by thread_id) s
    where s.thread_id = t.id`);
  // A third of the threads solved by their first reply.
  await raw.unsafe(`
    update threads t set status = 'solved', accepted_post_id = x.id, accepted_at = x.created_at + interval '1 hour'
    from (select distinct on (thread_id) thread_id, id, created_at from posts where not is_question order by thread_id, id) x
    where x.thread_id = t.id and t.id % 3 = 0`);
  await raw.unsafe(`
    update users u set question_count = s.q, answer_count = s.a, approved_posts = s.q + s.a, accepted_count = coalesce(acc.n, 0)
    from (select author_id, count(*) filter (where is_question)::int q, count(*) filter (where not is_question)::int a
          from posts group by author_id) s
    left join (select p.author_id, count(*)::int n from threads t join posts p on p.id = t.accepted_post_id
               group by p.author_id) acc on acc.author_id = s.author_id
    where s.author_id = u.id`);
  await raw.unsafe(`
    update boards b set thread_count = s.th, post_count = s.po, last_activity_at = s.last
    from (select t.board_id, count(distinct t.id)::int th, count(*)::int po, max(p.created_at) last
          from threads t join posts p on p.thread_id = t.id group by t.board_id) s
    where s.board_id = b.id`);
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
  await raw.unsafe(
    `insert into teams (slug, name_vi, name_en, created_at) values ('support', 'Hỗ trợ', 'Support', now())`,
  );
  await raw.unsafe(`
    insert into escalations (thread_id, team_id, priority, status, created_by, due_at, created_at, updated_at)
    select id, 1, 1 + id % 3, (array['open','in_progress','resolved'])[1 + id % 3], 'u1', now() + interval '1 day',
           now() - (id % 60) * interval '1 day', now()
    from threads where mood = 'neg' order by id desc limit 1000`);
  await raw.unsafe(`
    update threads t set active_escalation_id = e.id from escalations e
    where e.thread_id = t.id and e.status <> 'resolved'`);
  const b = performance.now();
  const done = await backfillSearchDocs({ db: handle.db, clock: systemClock }, { batch: 10_000 });
  console.log(
    `search documents (app backfill): ${done.posts} posts, ${done.threads} threads in ${secs(b)} s`,
  );
  await raw.unsafe("vacuum analyze");
}

// Bench accounts (idempotent): members who log in, own a few threads (for "accept") and vote; one moderator.
const hash = await hashPassword(PASSWORD);
await raw.unsafe(
  `insert into users (id, username, email, password_hash, role, created_at, approved_posts)
   select 'bench' || g, 'bench' || g, 'bench' || g || '@bench.test', $1,
          (case when g = 0 then 'moderator' else 'member' end)::role, now() - interval '400 days', 100
   from generate_series(0, ${ACCOUNTS}) g
   on conflict (id) do update set password_hash = excluded.password_hash`,
  [hash],
);
// Give each bench member the question of a few threads with several replies, so it may accept an answer.
const owned = await raw<{ id: number; author_id: string }[]>`
  select id, author_id from threads where author_id like 'bench%' and reply_count >= 2`;
if (owned.length < ACCOUNTS) {
  await raw.unsafe(`
    with pick as (
      select t.id, t.author_id as old, 'bench' || (1 + (row_number() over (order by t.id) - 1) % ${ACCOUNTS}) as neu
      from threads t where t.reply_count >= 2 and t.merged_into_id is null and t.locked_at is null and t.closed_at is null
      order by t.id desc limit ${ACCOUNTS * 3}),
    q as (update posts p set author_id = pick.neu from pick where p.thread_id = pick.id and p.is_question returning pick.old, pick.neu),
    th as (update threads t set author_id = pick.neu from pick where t.id = pick.id returning 1),
    dec as (update users u set question_count = question_count - x.n, approved_posts = approved_posts - x.n
            from (select old, count(*)::int n from q group by old) x where u.id = x.old returning 1)
    update users u set question_count = question_count + x.n
    from (select neu, count(*)::int n from q group by neu) x where u.id = x.neu`);
}
const ownThreads = await raw<{ author_id: string; thread_id: number; reply_ids: number[] }[]>`
  select t.author_id, t.id::int as thread_id, array_agg(p.id order by p.id)::int[] as reply_ids
  from threads t join posts p on p.thread_id = t.id and not p.is_question and p.deleted_at is null
  where t.author_id like 'bench%' group by t.author_id, t.id`;
const [bounds] = await raw<{ min_post: number; max_post: number; min_thread: number; max_thread: number }[]>`
  select (select min(id) from posts)::int as min_post, (select max(id) from posts)::int as max_post,
         (select min(id) from threads)::int as min_thread, (select max(id) from threads)::int as max_thread`;
// The thread page's thread: about 20 replies, none written by a bench account. Earlier runs' write-reply scenarios
// reply to random threads as the bench accounts; a member who wrote on the page gets their own render, not the
// shared one (ADR 017), so one such account among the 32 connections would set the logged-in page's p99.
const [big] = await raw<{ id: number }[]>`
  with candidates as (
    select t.id from threads t
    where t.reply_count between 18 and 22 and t.merged_into_id is null and t.moderation_state = 'visible'
      and t.author_id not like 'bench%'
      and not exists (select 1 from posts p where p.thread_id = t.id and p.author_id like 'bench%'))
  select id from candidates order by id limit 1 offset (select count(*) / 2 from candidates)`;
const [champion] = await raw<{ username: string }[]>`
  select username from users where id not like 'bench%' order by answer_count desc limit 1`;
const [board] = await raw<{ slug: string }[]>`select slug from boards order by thread_count desc limit 1`;
const [c] = await raw<{ posts: number; threads: number; users: number }[]>`
  select (select count(*) from posts)::int as posts, (select count(*) from threads)::int as threads,
         (select count(*) from users)::int as users`;
console.log(
  `dataset: ${c!.users} members, ${c!.threads} threads, ${c!.posts} posts (ready in ${secs(t0)} s)`,
);
if (!big) throw new Error("no thread with about 20 replies in this database");

// The database in PostgreSQL's buffers, as a server that has been running for a while has it (PREWARM=0 skips):
// every table and index of the schema, read once with pg_prewarm when the server has that extension. Without it,
// the first writes of a run read index pages from disk, and on machines whose kernel reclaims the page cache
// proactively that can last the whole run. It only fills what shared_buffers can hold (docs/performance.md).
if (process.env.PREWARM !== "0") {
  const t1 = performance.now();
  try {
    await raw.unsafe("create extension if not exists pg_prewarm");
    const [w] = await raw<{ blocks: number; mb: number }[]>`
      select coalesce(sum(pg_prewarm(c.oid)), 0)::bigint::int as blocks,
             (select setting::int / 128 from pg_settings where name = 'shared_buffers') as mb
      from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'i', 'm')`;
    console.log(
      `prewarmed ${((w!.blocks * 8) / 1024).toFixed(0)} MB into shared_buffers (${w!.mb} MB) in ${secs(t1)} s`,
    );
  } catch (e) {
    console.log(`no prewarm (${(e as Error).message})`);
  }
}

// ---------------------------------------------------------------- server
if (process.env.BUILD) {
  const r = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// WORKERS=n: n server processes sharing the port (`npm run start:cluster`, the production layout on n cores).
const WORKERS = Number(process.env.WORKERS ?? 0);
const serverArgs = WORKERS > 0 ? ["scripts/start-cluster.mjs"] : [...serverNodeFlags(), "server.js"];
const server: ChildProcess = spawn(process.execPath, serverArgs, {
  env: {
    ...(WORKERS > 0 ? { WORKERS: String(WORKERS) } : {}),
    ...process.env,
    NODE_ENV: "production",
    PORT: String(PORT),
    HOST: "127.0.0.1",
    DATABASE_URL: target.toString(),
    SEED: "none",
    // Capacity, not abuse protection: 32 members posting as fast as they can would be rate-limited.
    RATE_LIMITS: "off",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
server.stdout?.on("data", (d: Buffer) => process.stdout.write(`  [server] ${d}`));
const origin = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  const ok = await fetch(`${origin}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (i > 600 || server.exitCode !== null) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 200));
}
/** RSS in MB of a process (0 once it has exited). */
const rssOf = (pid: number | string) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};
/** The processes that serve requests: the server, or the cluster primary's workers. */
const servingPids = (): (number | string)[] => {
  if (WORKERS <= 0) return [server.pid!];
  try {
    return readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean);
  } catch {
    return [];
  }
};
let maxRss = 0; // the largest serving process
let maxRssTotal = 0; // all serving processes together (with the cluster primary)
const rssTimer = setInterval(() => {
  const each = servingPids().map(rssOf);
  maxRss = Math.max(maxRss, ...each);
  if (WORKERS > 0) maxRssTotal = Math.max(maxRssTotal, each.reduce((a, b) => a + b, 0) + rssOf(server.pid!));
}, 1000);

async function login(name: string): Promise<string> {
  const r = await fetch(`${origin}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: `http://127.0.0.1:${PORT}` },
    body: JSON.stringify({ login: name, password: PASSWORD }),
  });
  const cookie = r.headers.get("set-cookie")?.split(";")[0];
  if (!r.ok || !cookie) throw new Error(`login ${name}: ${r.status} ${await r.text()}`);
  return cookie;
}
t0 = performance.now();
const members: { id: string; cookie: string }[] = [];
for (let i = 1; i <= ACCOUNTS; i++) members.push({ id: `bench${i}`, cookie: await login(`bench${i}`) });
const modCookie = await login("bench0");
console.log(`logged in ${ACCOUNTS} members and a moderator through the API in ${secs(t0)} s`);

// The board's "next" link (keyset cursor), followed DEEP pages in.
const DEEP = Number(process.env.DEEP ?? 25);
let deepPath = `/b/${board!.slug}`;
for (let i = 0; i < DEEP; i++) {
  const html = await (await fetch(origin + deepPath)).text();
  const m = /href="(\?[^"]*cursor=[^"]+)"/.exec(html);
  if (!m) break;
  deepPath = `/b/${board!.slug}${m[1]!.replace(/&amp;/g, "&")}`;
}

// ---------------------------------------------------------------- scenarios
const rand = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const REPLY_TEXT = [...VI, ...EN];
const SEARCHES = [
  "hoàn tiền",
  "hoan tien",
  "tài khoản bị khoá",
  "tai khoan bi khoa",
  "khởi động lại modem",
  "refund",
  "router firmware",
  "app crashing invoice",
];
// Writes carry our Origin like a browser does (cross-origin state changes are refused).
const json = { "content-type": "application/json", origin: `http://127.0.0.1:${PORT}` };

interface Scenario {
  name: string;
  write?: boolean;
  /** Offered load in requests/s, steady (openLoop): latency at a given rate, not at saturation. */
  rate?: number;
  /** Requests for one connection; `n` numbers the connections (0, 1, …). */
  requests: (n: number) => AutocannonRequest[];
  /** Work started with the measurement and stopped after it; its note joins the output. */
  alongside?: () => { stop(): Promise<string> };
}
const member = (n: number) => members[n % members.length]!;
const get = (path: string, cookie?: string): AutocannonRequest[] => [
  { method: "GET", path, headers: cookie ? { cookie } : {} },
];
const scenarios: Scenario[] = [
  { name: "thread-anon", requests: () => get(`/t/${big.id}`) },
  { name: "thread-member", requests: (n) => get(`/t/${big.id}`, member(n).cookie) },
  { name: "board-first", requests: () => get(`/b/${board!.slug}`) },
  // Members' list pages are shared among members with the same view too (ADR 017).
  { name: "board-member", requests: (n) => get(`/b/${board!.slug}`, member(n).cookie) },
  { name: "board-deep", requests: () => get(deepPath) },
  { name: "home", requests: () => get("/") },
  { name: "profile", requests: () => get(`/u/${champion!.username}`) },
  { name: "leaderboard", requests: () => get("/leaderboard") },
  // Visitors get the page cache's copy (ADR 019 addendum); a member's leaderboard is rendered for them.
  { name: "leaderboard-member", requests: (n) => get("/leaderboard", member(n).cookie) },
  {
    name: "search",
    // Each connection starts at another query, so all of them run at once.
    requests: (n) =>
      [...SEARCHES.slice(n % SEARCHES.length), ...SEARCHES.slice(0, n % SEARCHES.length)].map((q) => ({
        method: "GET",
        path: `/search?q=${encodeURIComponent(q)}`,
        headers: {},
      })),
  },
  { name: "mod-overview-90d", requests: () => get("/mod?period=90d", modCookie) },
  { name: "mod-triage", requests: () => get("/mod/triage", modCookie) },
  { name: "mod-escalations", requests: () => get("/mod/escalations", modCookie) },
  {
    name: "write-reply",
    write: true,
    requests: (n) => [
      {
        method: "POST",
        path: "/",
        headers: { ...json, cookie: member(n).cookie },
        setupRequest: (req) => {
          const text = `${pick(REPLY_TEXT)} (${Math.random().toString(36).slice(2, 8)})`;
          const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
          return {
            ...req,
            path: `/api/v1/threads/${rand(bounds!.min_thread, bounds!.max_thread)}/replies`,
            body: JSON.stringify({ body: doc }),
          };
        },
      },
    ],
  },
  {
    // The budget's rate (150 replies/s) offered steadily (openLoop): p99 at that load, where write-reply measures
    // saturation.
    name: "write-reply-150",
    write: true,
    rate: 150,
    requests: (n) => scenarios.find((s) => s.name === "write-reply")!.requests(n),
  },
  {
    // The same steady load while the periodic triage refresh runs back to back, each run reading what a run of
    // the server's 10-minute timer would (its watermark set 10 minutes back first), paced as the server paces it,
    // from this process (a second server process's timer would do the same).
    name: "write-reply-150-triage",
    write: true,
    rate: 150,
    requests: (n) => scenarios.find((s) => s.name === "write-reply")!.requests(n),
    alongside: triageRefresher,
  },
  {
    name: "write-vote",
    write: true,
    requests: (n) => [
      {
        method: "POST",
        path: "/",
        headers: { ...json, cookie: member(n).cookie },
        setupRequest: (req) => ({
          ...req,
          path: `/api/v1/posts/${rand(bounds!.min_post, bounds!.max_post)}/vote`,
          body: JSON.stringify({ value: 1 }),
        }),
      },
    ],
  },
  {
    name: "write-accept",
    write: true,
    requests: (n) => {
      const m = member(n);
      const mine = ownThreads.filter((o) => o.author_id === m.id);
      return [
        {
          method: "POST",
          path: "/",
          headers: { ...json, cookie: m.cookie },
          setupRequest: (req) => {
            const o = pick(mine);
            return {
              ...req,
              path: `/api/v1/threads/${o.thread_id}/accept`,
              body: JSON.stringify({ replyId: pick(o.reply_ids) }),
            };
          },
        },
      ];
    },
  },
];

/**
 * refreshChangedTriage in a loop, as successive runs of the server's 10-minute timer, or more: run k sees the
 * clock 10 × k minutes ahead (so it finds the scores that 10 more minutes changed and writes them, as the timer
 * does) and its previous run 10 minutes before the real time (so it reads every thread the real writes of those
 * minutes touched, and a waiting window 10 × k minutes wider than a real run's). A full sweep at the real time
 * puts the stored scores back afterwards, outside the measurement.
 */
function triageRefresher() {
  const runs: { threads: number; ms: number }[] = [];
  let stopped = false;
  let k = 0;
  const loop = (async () => {
    while (!stopped) {
      await raw`insert into job_runs (name, last_run_at) values ('triage-refresh', now() - interval '10 minutes')
        on conflict (name) do update set last_run_at = excluded.last_run_at`;
      const ahead = ++k * 600_000;
      const deps: AppDeps = { db: handle.db, clock: { now: () => new Date(Date.now() + ahead) }, handle };
      const t = performance.now();
      // BENCH_TRIAGE_FULL=1: every run a full sweep of the open threads active in 30 days (the timer until ADR 021).
      const r = await refreshChangedTriage(deps, { pauseMs: 200, full: !!process.env.BENCH_TRIAGE_FULL });
      runs.push({ threads: r.threads, ms: performance.now() - t });
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await refreshChangedTriage({ db: handle.db, clock: systemClock, handle }, { full: true });
      const avg = (f: (r: (typeof runs)[number]) => number) =>
        runs.length ? runs.reduce((a, r) => a + f(r), 0) / runs.length : 0;
      return `${runs.length} triage refreshes back to back: ${avg((r) => r.threads).toFixed(0)} threads and ${(avg((r) => r.ms) / 1000).toFixed(1)} s each`;
    },
  };
}

async function cannon(s: Scenario, url: string, duration: number): Promise<AutocannonResult> {
  if (s.rate) return openLoop(s, url, s.rate, duration);
  let n = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    timeout: 10,
    requests: s.requests(0),
    setupClient: (client: AutocannonClient) => client.setRequests(s.requests(n++)),
  });
}

/**
 * A steady offered load: request i is due at start + i / rate, on keep-alive connections (at most
 * CONNECTIONS), and its latency counts from when it was due, so a request that waited for a free connection
 * counts its wait (no coordinated omission). autocannon's own rate limit is not steady: each connection sends
 * its share of a second's requests back to back when the second starts, then waits. Every second then begins
 * with a burst at full concurrency, and the measured latency is the burst's.
 * The result has the fields of autocannon's that this script reads.
 */
async function openLoop(s: Scenario, url: string, rate: number, duration: number): Promise<AutocannonResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  const codes = new Map<number, number>();
  let errors = 0;
  let non2xx = 0;
  const templates = Array.from({ length: CONNECTIONS }, (_, n) => s.requests(n)[0]!);
  const send = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const t = templates[i % templates.length]!;
      const r = t.setupRequest ? t.setupRequest(t, {}) : t;
      const req = http.request(
        url + r.path,
        { method: r.method, headers: r.headers as http.OutgoingHttpHeaders, agent, timeout: 10_000 },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - due);
            const code = res.statusCode ?? 0;
            codes.set(code, (codes.get(code) ?? 0) + 1);
            if (code < 200 || code >= 300) non2xx++;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end(r.body);
    });
  const start = performance.now();
  const total = Math.floor(rate * duration);
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(i, due));
  }
  await Promise.all(pending);
  agent.destroy();
  const elapsed = (performance.now() - start) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return {
    requests: { average: latencies.length / elapsed, total: latencies.length },
    latency: { p50: at(0.5), p90: at(0.9), p97_5: at(0.975), p99: at(0.99) },
    errors,
    timeouts: 0,
    non2xx,
    statusCodeStats: Object.fromEntries([...codes].map(([k, v]) => [String(k), { count: v }])),
  } as unknown as AutocannonResult;
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  codes: string;
  /** Share of the machine's CPU time the hypervisor took during the measurement (null: no /proc/stat). */
  steal: number | null;
}
/** The machine's CPU time counters (/proc/stat, first line): [total, steal], or null off Linux. */
const cpuTimes = (): [number, number] | null => {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    return [f.reduce((a, b) => a + b, 0), f[7] ?? 0];
  } catch {
    return null;
  }
};
const stealSince = (start: [number, number] | null): number | null => {
  const end = cpuTimes();
  return start && end && end[0] > start[0] ? (end[1] - start[1]) / (end[0] - start[0]) : null;
};
const rows: Row[] = [];
const row = (name: string, r: AutocannonResult, steal: number | null): Row => ({
  name,
  steal,
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors + r.timeouts,
  non2xx: r.non2xx,
  codes: Object.entries(r.statusCodeStats)
    .map(([k, v]) => `${k}×${v.count}`)
    .join(" "),
});
const notes: string[] = [];
for (const s of scenarios) {
  if (ONLY && !ONLY.has(s.name)) continue;
  // Check one request by hand first: a scenario that only measures errors is worse than none.
  const probe = s.requests(0)[0]!;
  const req = probe.setupRequest ? probe.setupRequest(probe, {}) : probe;
  const res = await fetch(origin + req.path, { method: req.method, headers: req.headers, body: req.body });
  if (res.status >= 400)
    console.log(`  ! ${s.name}: ${req.path} → ${res.status} ${(await res.text()).slice(0, 200)}`);
  // Writes at saturation need no warm-up (a burst of 32 is their steady state). A steady-rate row does: measured
  // on a server just started, its first second (statements prepared on each connection, JIT, caches) set the
  // p99 of a 30 s run (ADR 020).
  if (WARMUP > 0 && (!s.write || s.rate)) await cannon(s, origin, WARMUP);
  const cpu0 = cpuTimes();
  const beside = s.alongside?.();
  const r = await cannon(s, origin, DURATION);
  rows.push(row(s.name, r, stealSince(cpu0)));
  if (beside) notes.push(`${s.name}: ${await beside.stop()}`);
  console.log(
    `  ${s.name.padEnd(18)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  ${rows.at(-1)!.codes}`,
  );
}

// ---------------------------------------------------------------- latency: one request at a time
// The budgets for search, the command center and leaderboards are per-request times, not throughput: measured
// with one connection, so queueing behind other requests does not count. autocannon has no p95; p97.5 bounds it.
// A reply alone shows what a reply costs before it queues (write-reply measures saturation).
const LATENCY_SECONDS = Number(process.env.LATENCY_SECONDS ?? 10);
const latencyRows: { name: string; n: number; p50: number; p90: number; p975: number; p99: number }[] = [];
for (const name of [
  "search",
  "mod-overview-90d",
  "leaderboard",
  "leaderboard-member",
  "thread-member",
  "write-reply",
]) {
  const s = scenarios.find((x) => x.name === name);
  if (!s || (ONLY && !ONLY.has(name)) || LATENCY_SECONDS <= 0) continue;
  const r = await autocannon({
    url: origin,
    connections: 1,
    duration: LATENCY_SECONDS,
    timeout: 10,
    requests: s.requests(0),
  });
  latencyRows.push({
    name,
    n: r.requests.total,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p975: r.latency.p97_5,
    p99: r.latency.p99,
  });
}

// ---------------------------------------------------------------- baseline: the same HTML from memory
let fraction: string | null = null;
const anon = rows.find((r) => r.name === "thread-anon");
if (anon) {
  const page = await fetch(`${origin}/t/${big.id}`);
  const html = Buffer.from(await page.arrayBuffer());
  const type = page.headers.get("content-type") ?? "text/html; charset=utf-8";
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": type, "content-length": html.length });
    res.end(html);
  });
  await new Promise<void>((r) => bare.listen(BASELINE_PORT, "127.0.0.1", r));
  const s: Scenario = { name: "baseline", requests: () => get(`/t/${big.id}`) };
  if (WARMUP > 0) await cannon(s, `http://127.0.0.1:${BASELINE_PORT}`, WARMUP);
  const cpu0 = cpuTimes();
  const r = await cannon(s, `http://127.0.0.1:${BASELINE_PORT}`, DURATION);
  rows.push(row(`bare node:http (${(html.length / 1024).toFixed(0)} kB)`, r, stealSince(cpu0)));
  bare.close();
  fraction = ["thread-anon", "board-first", "board-deep", "home"]
    .map((name) => rows.find((x) => x.name === name))
    .filter((x): x is Row => !!x)
    .map((x) => `${x.name} ${((x.rps / r.requests.average) * 100).toFixed(1)} %`)
    .join(" · ");
}
clearInterval(rssTimer);

const [after] = await raw<{ posts: number }[]>`select count(*)::int as posts from posts`;
console.log(
  `\nLantern ${process.env.npm_package_version ?? ""} · ${c!.threads} threads, ${c!.posts} posts (${after!.posts} after the writes) · ` +
    `${CONNECTIONS} connections · ${WORKERS > 0 ? `${WORKERS} server processes · ` : ""}${DURATION} s per scenario after ${WARMUP} s warm-up (writes at saturation: no warm-up)`,
);
// steal: CPU time a virtual machine's hypervisor gave to other guests during the scenario. A run with more than a
// few percent measured a machine slower than itself: compare such figures with care (docs/performance.md).
const header = ["scenario", "req/s", "p50 ms", "p99 ms", "errors", "non-2xx", "status codes", "steal"];
const table = rows.map((r) => [
  r.name,
  r.rps.toFixed(0),
  String(r.p50),
  String(r.p99),
  String(r.errors),
  String(r.non2xx),
  r.codes,
  r.steal === null ? "–" : `${(r.steal * 100).toFixed(0)} %`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of table) console.log(line(r));
if (fraction) console.log(`anonymous pages' throughput / bare node:http baseline: ${fraction}`);
for (const n of notes) console.log(n);
if (latencyRows.length) {
  console.log(`\nlatency of one request at a time (1 connection, ${LATENCY_SECONDS} s each):`);
  console.log("| scenario | requests | p50 ms | p90 ms | p97.5 ms | p99 ms |");
  console.log("|---|---|---|---|---|---|");
  for (const l of latencyRows)
    console.log(`| ${l.name} | ${l.n} | ${l.p50} | ${l.p90} | ${l.p975} | ${l.p99} |`);
}
console.log(
  WORKERS > 0
    ? `server max RSS: ${maxRss.toFixed(0)} MB per worker, ${maxRssTotal.toFixed(0)} MB for ${WORKERS} workers and the primary`
    : `server max RSS: ${maxRss.toFixed(0)} MB`,
);

server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));
await raw.end();
await handle.close();
if (!reuse && !process.env.KEEP) await sqlAdmin.unsafe(`drop database if exists "${DB}" with (force)`);
await sqlAdmin.end();
