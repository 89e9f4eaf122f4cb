// Load test: LOAD_USERS virtual users (default 200), each a logged-in member with its own session, for
// LOAD_SECONDS (default 60) against the production build (`npm run build` → `node server.js`) on PostgreSQL.
// Each user loops without think time over a mix of reads (home, board, thread page, search) and writes (replies,
// upvotes). At the end: throughput (overall and per kind), p50 / p99 per kind, errors (a status outside 2xx/3xx
// or a network error), then the whole-database invariants (tests/support/invariants.ts). Exits 1 on any error or
// violated invariant.
//
// Data: a fresh scratch database lantern_load on DATABASE_URL's server (default
// postgres://postgres@127.0.0.1:5432/postgres): migrations, the demo community, LOAD_THREADS more threads (default
// 300) asked through the app's service, and one member per virtual user.
// The server runs with RATE_LIMITS=off: this measures capacity, not abuse protection (docs/operations.md).
//   npm run load                      (LOAD_USERS=200 LOAD_SECONDS=60 LOAD_THREADS=300 LOAD_PORT=3207 KEEP=1)
import crypto from "node:crypto";
import postgres from "postgres";
import { migrate, openPostgres } from "~db/client";
import { seedDemoIfEmpty } from "~db/seed";
import { hashPassword } from "~/auth/password.server";
import type { AppDeps } from "~/deps.server";
import { systemClock } from "~/domain/shared/clock";
import { registerUser } from "~/services/accounts.server";
import { askQuestion } from "~/services/forum.server";
import { rowsOf } from "~/data/reputation.server";
import { sql } from "drizzle-orm";
import { checkInvariants } from "../tests/support/invariants";
import { hasBuild, inBatches, logInOverHttp, startServer, stopServer } from "../tests/support/server-process";

const USERS = Number(process.env.LOAD_USERS ?? 200);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const THREADS = Number(process.env.LOAD_THREADS ?? 300);
const PORT = Number(process.env.LOAD_PORT ?? 3207);
const DB = "lantern_load";
const PASSWORD = "load-test-password-1";

if (!hasBuild()) {
  console.error("scripts/load.ts needs the production build: run `npm run build` first.");
  process.exit(2);
}

const adminUrl = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
adminUrl.pathname = "/postgres";
const target = new URL(adminUrl);
target.pathname = `/${DB}`;
const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists "${DB}" with (force)`);
await admin.unsafe(`create database "${DB}"`);
const handle = await openPostgres(target.toString(), { max: 8 });
await migrate(handle);
const deps: AppDeps = { db: handle.db, clock: systemClock, handle };
const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(1);

// ---------------------------------------------------------------- data
let t0 = performance.now();
await seedDemoIfEmpty(deps);
const hash = await hashPassword(PASSWORD);
const tag = crypto.randomBytes(2).toString("hex");
const members = await inBatches(
  Array.from({ length: USERS }, (_, i) => i),
  8,
  async (i) => {
    const username = `vu${tag}_${i}`;
    const row = await deps.db.transaction((tx) =>
      registerUser(
        tx,
        { id: `vu_${tag}_${i}`, username, email: `${username}@load.test`, passwordHash: hash },
        deps.clock.now(),
      ),
    );
    if (!row) throw new Error(`member ${username} not created`);
    return { id: row.id, role: row.role, username };
  },
);
const boardSlugs = rowsOf(await deps.db.execute(sql`select slug from boards order by id`)).map((r) =>
  String(r.slug),
);
const TITLES = [
  "Mạng chậm vào buổi tối, phải làm sao?",
  "Không đăng nhập được ứng dụng sau khi cập nhật",
  "Hóa đơn tháng này bị tính hai lần",
  "How do I move my plan to a new address?",
  "The router keeps dropping the connection every hour",
  "Refund still not received after two weeks",
];
await inBatches(
  Array.from({ length: THREADS }, (_, i) => i),
  8,
  (i) =>
    askQuestion(deps, members[i % members.length]!, {
      board: boardSlugs[i % boardSlugs.length],
      title: `${TITLES[i % TITLES.length]} (#${i})`,
      body: doc(`Chi tiết câu hỏi số ${i}: tôi đã thử khởi động lại nhưng vẫn không được.`),
    }),
);
console.log(`data: demo community + ${THREADS} threads + ${USERS} members in ${secs(t0)} s (database ${DB})`);

const threads = rowsOf(
  await deps.db.execute(sql`select id::int as id from threads
    where moderation_state = 'visible' and merged_into_id is null and locked_at is null and closed_at is null`),
).map((r) => Number(r.id));
const posts = rowsOf(
  await deps.db
    .execute(sql`select p.id::int as id, p.author_id from posts p join threads t on t.id = p.thread_id
    where p.deleted_at is null and p.moderation_state = 'visible' and t.moderation_state = 'visible'`),
).map((r) => ({ id: Number(r.id), author: String(r.author_id) }));

// ---------------------------------------------------------------- server + sessions
const server = await startServer(PORT, { DATABASE_URL: target.toString(), RATE_LIMITS: "off" });
const base = server.base;
t0 = performance.now();
const cookies = await inBatches(members, 16, (m) => logInOverHttp(base, m.username, PASSWORD));
console.log(`${USERS} members logged in over HTTP in ${secs(t0)} s; running ${SECONDS} s…`);

// ---------------------------------------------------------------- virtual users
type Kind = "home" | "board" | "thread" | "search" | "reply" | "vote";
const MIX: [Kind, number][] = [
  ["home", 15],
  ["board", 15],
  ["thread", 35],
  ["search", 10],
  ["reply", 15],
  ["vote", 10],
];
const SEARCHES = ["modem", "hoàn tiền", "hoan tien", "router", "đăng nhập", "refund", "hóa đơn", "wifi chậm"];
const REPLIES = [
  "Bạn thử khởi động lại modem rồi cập nhật phần mềm nhé.",
  "Mình cũng bị y hệt, tổng đài hẹn kỹ thuật đến kiểm tra.",
  "Try resetting the router to factory settings, that fixed it for me.",
  "Thanks, this worked!",
];
const total = MIX.reduce((s, [, w]) => s + w, 0);
const pickKind = (): Kind => {
  let r = Math.random() * total;
  for (const [k, w] of MIX) if ((r -= w) < 0) return k;
  return "thread";
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

interface Stat {
  ms: number[];
  errors: number;
  codes: Map<string, number>;
}
const stats = new Map<Kind, Stat>(MIX.map(([k]) => [k, { ms: [], errors: 0, codes: new Map() }]));
const errorSamples: string[] = [];

function doc(text: string) {
  return { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

async function request(vu: number): Promise<void> {
  const kind = pickKind();
  const cookie = cookies[vu]!;
  const me = members[vu]!;
  let path: string;
  let init: RequestInit = { headers: { Cookie: cookie }, redirect: "manual" };
  const write = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { Cookie: cookie, Origin: base, "Content-Type": "application/json" },
    body: JSON.stringify(body),
    redirect: "manual",
  });
  switch (kind) {
    case "home":
      path = "/";
      break;
    case "board":
      path = `/b/${pick(boardSlugs)}`;
      break;
    case "thread":
      path = `/t/${pick(threads)}`;
      break;
    case "search":
      path = `/search?q=${encodeURIComponent(pick(SEARCHES))}`;
      break;
    case "reply":
      path = `/api/v1/threads/${pick(threads)}/replies`;
      init = write({ body: doc(`${pick(REPLIES)} (${vu}-${Math.random().toString(36).slice(2, 7)})`) });
      break;
    case "vote": {
      let p = pick(posts);
      while (p.author === me.id) p = pick(posts);
      path = `/api/v1/posts/${p.id}/vote`;
      init = write({ value: 1 });
      break;
    }
  }
  const s = stats.get(kind)!;
  const started = performance.now();
  let code: string;
  try {
    const res = await fetch(base + path, init);
    await res.arrayBuffer();
    code = String(res.status);
    if (res.status >= 400) {
      s.errors += 1;
      if (errorSamples.length < 10) errorSamples.push(`${kind} ${path} → ${res.status}`);
    }
  } catch (e) {
    code = "network";
    s.errors += 1;
    if (errorSamples.length < 10) errorSamples.push(`${kind} ${path} → ${(e as Error).message}`);
  }
  s.ms.push(performance.now() - started);
  s.codes.set(code, (s.codes.get(code) ?? 0) + 1);
}

const started = performance.now();
const deadline = started + SECONDS * 1000;
await Promise.all(
  members.map(async (_m, vu) => {
    while (performance.now() < deadline) await request(vu);
  }),
);
const elapsed = (performance.now() - started) / 1000;
await stopServer(server);

// ---------------------------------------------------------------- report
const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const rows: string[][] = [];
let all: number[] = [];
let errors = 0;
for (const [kind, s] of stats) {
  all = all.concat(s.ms);
  errors += s.errors;
  rows.push([
    kind,
    String(s.ms.length),
    (s.ms.length / elapsed).toFixed(1),
    pct(s.ms, 50).toFixed(0),
    pct(s.ms, 99).toFixed(0),
    String(s.errors),
    [...s.codes].map(([c, n]) => `${c}×${n}`).join(" "),
  ]);
}
rows.push([
  "all",
  String(all.length),
  (all.length / elapsed).toFixed(1),
  pct(all, 50).toFixed(0),
  pct(all, 99).toFixed(0),
  String(errors),
  "",
]);
const header = ["kind", "requests", "req/s", "p50 ms", "p99 ms", "errors", "status codes"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((x, i) => x.padEnd(widths[i]!)).join(" | ")} |`;
console.log(
  `\nLantern load test · ${USERS} virtual users · ${elapsed.toFixed(1)} s · PostgreSQL · RATE_LIMITS=off`,
);
console.log(line(header));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
if (errorSamples.length) console.log(`error samples:\n  ${errorSamples.join("\n  ")}`);
const serverErrors = server.output
  .join("")
  .split("\n")
  .filter((l) => /"level":(50|60)/.test(l));
if (serverErrors.length)
  console.log(`server error log lines (first 5):\n${serverErrors.slice(0, 5).join("\n")}`);

const violations = await checkInvariants(handle.db);
console.log(
  violations.length ? `invariants VIOLATED:\n  ${violations.join("\n  ")}` : "invariants: all hold",
);
await handle.close();
if (!process.env.KEEP) await admin.unsafe(`drop database if exists "${DB}" with (force)`);
await admin.end();
process.exit(errors > 0 || violations.length > 0 ? 1 : 0);
