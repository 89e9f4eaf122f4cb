// Member list benchmark (staff's member 360° view): 100,000 members with posts, votes, escalations and
// champions in PostgreSQL, then the list page (each segment filter, first page) and one member's 360° view
// timed. Uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres) and a scratch
// database lantern_bench_members that it creates and drops.
//   npx tsx scripts/bench-members.ts [--members 100000 --posts 600000 --votes 600000 --runs 30]
import { parseArgs } from "node:util";
import postgres from "postgres";
import { migrate, openPostgres } from "~db/client";
import { systemClock } from "~/domain/shared/clock";
import { SEGMENT_ORDER, type Segment } from "~/domain/members";
import { listMembers, loadMember360 } from "~/services/members.server";
import type { AppDeps } from "~/deps.server";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "100000" },
    posts: { type: "string", default: "600000" },
    votes: { type: "string", default: "600000" },
    runs: { type: "string", default: "30" },
    keep: { type: "boolean", default: false },
  },
});
const members = Number(values.members);
const postCount = Number(values.posts);
const voteCount = Number(values.votes);
const runs = Number(values.runs);
const NAME = "lantern_bench_members";
const base = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const admin = new URL(base);
admin.pathname = "/postgres";
const target = new URL(base);
target.pathname = `/${NAME}`;

const sqlAdmin = postgres(admin.toString(), { max: 1, onnotice: () => {} });
await sqlAdmin.unsafe(`drop database if exists "${NAME}" with (force)`);
await sqlAdmin.unsafe(`create database "${NAME}"`);
const handle = await openPostgres(target.toString(), { max: 4 });
await migrate(handle);
const raw = postgres(target.toString(), { max: 1, onnotice: () => {} });

let t = performance.now();
const threads = Math.floor(postCount / 6);
await raw.unsafe(
  `insert into boards (slug, name_vi, name_en) select 'b' || g, 'B' || g, 'B' || g from generate_series(1, 8) g`,
);
await raw.unsafe(
  `insert into teams (slug, name_vi, name_en, created_at) values ('bench', 'Bench', 'Bench', now())`,
);
// Members joined over two years; skewed reputation; 20 staff; 0.3 % champions.
await raw.unsafe(`
  insert into users (id, username, email, password_hash, role, reputation, is_champion, created_at)
  select 'u' || g, 'user' || g, 'user' || g || '@bench.test', 'x',
         (case when g <= 20 then 'moderator' else 'member' end)::role,
         floor(power(random(), 4) * 5000)::int, random() < 0.003,
         now() - random() * interval '730 days'
  from generate_series(1, ${members}) g`);
// Authors skewed to a minority of members (power law); posts over the last 180 days.
const author = `'u' || (21 + floor(power(random(), 3) * ${members - 21}))::int`;
await raw.unsafe(`
  insert into threads (board_id, author_id, title, last_activity_at, created_at)
  select 1 + (g % 8), ${author}, 'Thread ' || g, now(), now() - random() * interval '180 days'
  from generate_series(1, ${threads}) g`);
await raw.unsafe(`
  insert into posts (thread_id, author_id, is_question, body_json, body_html, body_text, sentiment_label, created_at, updated_at)
  select 1 + floor(random() * ${threads})::int,
         case when random() < 0.05 then 'u' || (1 + floor(random() * 20))::int else ${author} end,
         false, '{}'::jsonb, '', '',
         (array['neu','neu','neu','pos','pos','neg'])[1 + floor(random() * 6)::int],
         now() - random() * interval '180 days', now()
  from generate_series(1, ${postCount}) g`);
await raw.unsafe(`
  insert into votes (post_id, user_id, value, created_at)
  select distinct on (p, u) p, u, 1, now() - random() * interval '180 days' from (
    select 1 + floor(random() * ${postCount})::int as p, ${author} as u from generate_series(1, ${voteCount})
  ) x`);
await raw.unsafe(`
  insert into escalations (thread_id, team_id, priority, status, created_by, due_at, created_at, updated_at)
  select 1 + floor(random() * ${threads})::int, 1, 2, (array['open','in_progress','resolved'])[1 + floor(random() * 3)::int],
         'u1', now(), now() - random() * interval '60 days', now()
  from generate_series(1, 2000)`);
await raw.unsafe(`
  update users u set question_count = 0, answer_count = s.n
  from (select author_id, count(*)::int n from posts group by author_id) s where s.author_id = u.id`);
await raw.unsafe("analyze");
console.log(
  `generated ${members} members, ${postCount} posts, ${voteCount} votes in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const deps = { db: handle.db, clock: systemClock, handle } as unknown as AppDeps;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function time(label: string, fn: () => Promise<unknown>) {
  await fn(); // warm
  const ms: number[] = [];
  let last: unknown;
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  const info =
    last && typeof last === "object" && "rows" in last
      ? (last as { rows: unknown[]; scanned: number; partial: boolean })
      : null;
  console.log(
    `${label.padEnd(28)} p50 ${pct(ms, 0.5).toFixed(1).padStart(6)} ms  p95 ${pct(ms, 0.95).toFixed(1).padStart(6)} ms` +
      (info ? `  rows ${info.rows.length}  scanned ${info.scanned}${info.partial ? " (partial)" : ""}` : ""),
  );
}

for (const segment of [null, ...SEGMENT_ORDER] as (Segment | null)[]) {
  await time(`list ${segment ?? "all"}`, () =>
    listMembers(deps, { segment, q: null, cursor: null, limit: 25 }),
  );
}
await time("list prefix 'user12'", () =>
  listMembers(deps, { segment: null, q: "user12", cursor: null, limit: 25 }),
);
const [busy] = await raw.unsafe(
  `select u.username from users u where role = 'member' order by answer_count desc limit 1`,
);
await time(`360° view (${busy!.username})`, () => loadMember360(deps, String(busy!.username)));

await raw.end();
await handle.close();
if (!values.keep) await sqlAdmin.unsafe(`drop database if exists "${NAME}" with (force)`);
await sqlAdmin.end();
