// Leaderboard benchmark: 100,000 members and 1,000,000 ledger rows in PostgreSQL, then the leaderboard
// queries timed. Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres) and a
// scratch database lantern_bench_lb that it creates and drops.
//   npm run bench:leaderboard [-- --members 100000 --events 1000000 --runs 50]
import { parseArgs } from "node:util";
import postgres from "postgres";
import { migrate, openPostgres } from "~db/client";
import { leaderboard, type Period } from "~/data/leaderboard.server";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "100000" },
    events: { type: "string", default: "1000000" },
    runs: { type: "string", default: "50" },
    keep: { type: "boolean", default: false },
  },
});
const members = Number(values.members);
const events = Number(values.events);
const runs = Number(values.runs);
const base = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const admin = new URL(base);
admin.pathname = "/postgres";
const target = new URL(base);
target.pathname = "/lantern_bench_lb";

const sqlAdmin = postgres(admin.toString(), { max: 1, onnotice: () => {} });
await sqlAdmin.unsafe('drop database if exists "lantern_bench_lb" with (force)');
await sqlAdmin.unsafe('create database "lantern_bench_lb"');
const handle = await openPostgres(target.toString(), { max: 4 });
await migrate(handle);
const raw = postgres(target.toString(), { max: 1, onnotice: () => {} });

let t = performance.now();
await raw.unsafe(
  `insert into boards (slug, name_vi, name_en) select 'b' || g, 'B' || g, 'B' || g from generate_series(1, 8) g`,
);
await raw.unsafe(`
  insert into users (id, username, email, password_hash, reputation, created_at)
  select 'u' || g, 'user' || g, 'user' || g || '@bench.test', 'x', 0, now() - interval '400 days'
  from generate_series(1, ${members}) g`);
// Skewed activity: a few members earn most points (power law on the member index).
await raw.unsafe(`
  insert into reputation_events (user_id, points, reason, board_id, created_at)
  select 'u' || (1 + floor(power(random(), 3) * ${members}))::int,
         (array[10, 5, 15, 2, -2, 10, 10, 5])[1 + floor(random() * 8)::int],
         'answer_upvoted', 1 + floor(random() * 8)::int,
         now() - (random() * interval '365 days')
  from generate_series(1, ${events})`);
await raw.unsafe(
  `update users u set reputation = s.total from (select user_id, sum(points)::int total from reputation_events group by user_id) s where s.user_id = u.id`,
);
await raw.unsafe(`
  insert into reputation_daily (day, board_id, user_id, points)
  select (created_at + interval '7 hours')::date, coalesce(board_id, 0), user_id, sum(points)::int
  from reputation_events group by 1, 2, 3`);
await raw.unsafe(`
  insert into reputation_periods (kind, start, board_id, user_id, points)
  select kind, start, board_id, user_id, sum(points)::int from (
    select 'week' as kind, date_trunc('week', created_at + interval '7 hours')::date as start, 0 as board_id, user_id, points from reputation_events
    union all select 'week', date_trunc('week', created_at + interval '7 hours')::date, board_id, user_id, points from reputation_events
    union all select 'month', date_trunc('month', created_at + interval '7 hours')::date, 0, user_id, points from reputation_events
    union all select 'month', date_trunc('month', created_at + interval '7 hours')::date, board_id, user_id, points from reputation_events
    union all select 'all', date '1970-01-01', board_id, user_id, points from reputation_events
  ) x group by 1, 2, 3, 4`);
await raw.unsafe("analyze");
const [counted] = await raw<{ n: number }[]>`select count(*)::int as n from reputation_periods`;
const daily = counted?.n ?? 0;
console.log(
  `loaded ${members} members, ${events} ledger rows (${daily} leaderboard rollup rows) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const scenarios: { name: string; period: Period; boardId: number | null }[] = [
  { name: "week, all boards", period: "week", boardId: null },
  { name: "month, all boards", period: "month", boardId: null },
  { name: "all time, all boards", period: "all", boardId: null },
  { name: "week, one board", period: "week", boardId: 3 },
  { name: "month, one board", period: "month", boardId: 3 },
  { name: "all time, one board", period: "all", boardId: 3 },
];
const now = new Date();
const rows: Record<string, string | number>[] = [];
for (const s of scenarios) {
  for (let i = 0; i < 5; i++)
    await leaderboard(handle.db, { period: s.period, boardId: s.boardId, now, limit: 50 });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await leaderboard(handle.db, { period: s.period, boardId: s.boardId, now, limit: 50 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  rows.push({
    scenario: s.name,
    runs,
    "p50 ms": q(0.5),
    "p95 ms": q(0.95),
    "max ms": times[times.length - 1]!.toFixed(1),
  });
}
console.table(rows);
await raw.end();
await handle.close();
if (!values.keep) await sqlAdmin.unsafe('drop database if exists "lantern_bench_lb" with (force)');
await sqlAdmin.end();
