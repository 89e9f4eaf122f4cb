/**
 * The hot pages' queries use indexes, not sequential scans of the big tables (issue 7: "nothing scans what it
 * does not show"). PostgreSQL only: PGlite's planner is the same, but the figures that matter are production's.
 *
 * A scratch database gets enough rows (10k threads, 50k posts, votes, ledger, notifications, audit log…) for
 * the planner to prefer indexes, then each page's real data functions run against a drizzle instance whose
 * logger captures every SQL statement with its parameters; each statement is EXPLAINed (FORMAT JSON) and its
 * plan walked. Capturing the real SQL keeps this test from drifting away from the code.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "~db/schema/index";
import type { Db } from "~db/client";
import type { AppDeps } from "~/deps.server";
import { fixedClock } from "~/domain/shared/clock";
import { createTestDb, type TestDb } from "../support/db";
import { getThreadPage } from "~/data/thread-page.server";
import { listAnswersBy, listThreads } from "~/data/threads.server";
import { listLedger } from "~/data/reputation.server";
import { backfillSearchDocs, search } from "~/services/search.server";
import { findTriageFacts } from "~/data/triage.server";
import { leaderboard } from "~/data/leaderboard.server";
import { listNotifications } from "~/data/community-pages.server";
import { countUnreadNotifications } from "~/data/notifications.server";
import { getReviewQueuePage } from "~/data/review-queue-page.server";
import { listEscalations } from "~/data/escalations.server";
import { listAuditEntries } from "~/data/audit-log.server";

const THREADS = 10_000;
const REPLIES = 4; // posts per thread besides the question: 50k posts
const MEMBERS = 2000;
/** Tables that grow with the community: a sequential scan of one of them is a bug on a hot page. */
/** A typical member (authors are skewed: u6…u20 write most posts, like champions). */
const MEMBER = "u900";
const BIG = ["posts", "threads", "votes", "reputation_events", "notifications", "audit_log", "flags"];

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}
interface Scan {
  node: string;
  relation?: string;
  index?: string;
}
interface Captured {
  query: string;
  params: unknown[];
}

function walk(n: PlanNode, out: Scan[] = []): Scan[] {
  out.push({ node: n["Node Type"], relation: n["Relation Name"], index: n["Index Name"] });
  for (const c of n.Plans ?? []) walk(c, out);
  return out;
}

describe.skipIf(!process.env.DATABASE_URL)("hot queries use indexes (PostgreSQL EXPLAIN)", () => {
  let t: TestDb;
  let client: ReturnType<typeof postgres>;
  let db: Db;
  let captured: Captured[] = [];
  const now = new Date("2026-06-01T08:00:00Z");

  beforeAll(async () => {
    t = await createTestDb();
    // The test database's own URL: createTestDb names it; read it back from the server.
    const [row] = (await t.db.execute(sql`select current_database() as name`)) as unknown as {
      name: string;
    }[];
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${row!.name}`;
    client = postgres(url.toString(), { max: 2, onnotice: () => {} });
    db = drizzle(client, {
      schema,
      casing: "snake_case",
      logger: { logQuery: (query, params) => captured.push({ query, params }) },
    }) as unknown as Db;

    const author = `'u' || (6 + floor(power(random(), 3) * ${MEMBERS - 6}))::int`;
    await client.unsafe(`
      insert into boards (slug, name_vi, name_en, position)
      select 'b' || g, 'Chuyên mục ' || g, 'Board ' || g, g from generate_series(1, 8) g;
      insert into teams (slug, name_vi, name_en, created_at) values ('support', 'Hỗ trợ', 'Support', now());
      insert into users (id, username, email, password_hash, role, reputation, created_at)
      select 'u' || g, 'user' || g, 'user' || g || '@plans.test', 'x',
             (case when g <= 5 then 'moderator' else 'member' end)::role,
             floor(power(random(), 4) * 5000)::int, timestamptz '2025-01-01' + g * interval '1 hour'
      from generate_series(1, ${MEMBERS}) g;
      insert into threads (board_id, author_id, title, status, reply_count, created_at, last_activity_at,
                           triage_score, tags)
      select 1 + (g % 8), ${author},
             (array['Hoàn tiền đơn hàng', 'Tài khoản bị khoá', 'Giao hàng chậm', 'Mất mạng wifi', 'Đổi mật khẩu',
                    'Máy nóng khi sạc', 'Hóa đơn tính sai', 'Không nhận được mã OTP', 'Ứng dụng bị treo',
                    'Khuyến mãi tháng này', 'Refund for order', 'Password reset fails', 'Charger is broken',
                    'Battery drains fast', 'Late delivery', 'Invoice is wrong', 'App keeps crashing',
                    'Cannot log in', 'Shipping address change', 'Great support team'])[1 + g % 20] || ' ' || g,
             case when g % 3 = 0 then 'solved'::thread_status else 'open'::thread_status end,
             ${REPLIES}, c, c + interval '3 hours', (g * 7919) % 100, array['t' || (g % 20)]
      from (select g, timestamptz '2026-06-01' - (${THREADS} - g) * interval '1 hour' as c
            from generate_series(1, ${THREADS}) g) s;
      insert into posts (thread_id, author_id, is_question, body_json, body_html, body_text, sentiment_label,
                         created_at, updated_at)
      select t.id, case when k = 0 then t.author_id else ${author} end, k = 0, '{}'::jsonb, '',
             (array['Mất mạng từ sáng, tổng đài không ai nghe máy', 'Cảm ơn bạn, đã sửa được',
                    'Bạn thử khởi động lại modem', 'Đơn hàng giao chậm ba ngày rồi', 'Ứng dụng báo lỗi khi đăng nhập',
                    'Tôi muốn đổi địa chỉ nhận hàng', 'Pin tụt rất nhanh sau khi cập nhật', 'Nhân viên hỗ trợ rất nhiệt tình',
                    'Phí vận chuyển cao quá', 'Thanh toán thẻ bị từ chối', 'Thanks, that fixed it',
                    'Try restarting the router', 'The battery drains overnight', 'My order arrived late',
                    'The app crashes on startup', 'Customer service was great', 'Shipping fees are too high',
                    'Card payment declined', 'Please refund my order, the charger is broken', 'Login code never arrives'])[1 + (t.id * 7 + k) % 20],
             (array['neg', 'pos', 'neg', 'neu'])[1 + (t.id + k) % 4],
             t.created_at + k * interval '30 minutes', t.created_at + k * interval '30 minutes'
      from threads t cross join generate_series(0, ${REPLIES}) k;
      update threads t set question_post_id = p.id from posts p where p.thread_id = t.id and p.is_question;
      insert into votes (post_id, user_id, value, created_at)
      select distinct on (p, u) p, u, 1, timestamptz '2026-05-01' from (
        select 1 + floor(random() * ${THREADS * (REPLIES + 1)})::int as p, ${author} as u
        from generate_series(1, 20000)) x;
      insert into reputation_events (user_id, points, reason, board_id, created_at)
      select ${author}, 10, 'answer_upvoted', 1 + floor(random() * 8)::int,
             timestamptz '2026-06-01' - random() * interval '365 days'
      from generate_series(1, 20000);
      insert into reputation_daily (day, board_id, user_id, points)
      select (created_at + interval '7 hours')::date, coalesce(board_id, 0), user_id, sum(points)::int
      from reputation_events group by 1, 2, 3;
      insert into reputation_periods (kind, start, board_id, user_id, points)
      select kind, start, board_id, user_id, sum(points)::int from (
        select 'week' as kind, date_trunc('week', created_at + interval '7 hours')::date as start, 0 as board_id,
               user_id, points from reputation_events
        union all select 'week', date_trunc('week', created_at + interval '7 hours')::date, board_id, user_id, points
          from reputation_events
        union all select 'all', date '1970-01-01', board_id, user_id, points from reputation_events
      ) x group by 1, 2, 3, 4;
      insert into notifications (user_id, kind, data, created_at, read_at)
      select ${author}, 'reply', '{}'::jsonb, timestamptz '2026-06-01' - g * interval '1 minute',
             case when g % 3 = 0 then null else timestamptz '2026-06-01' end
      from generate_series(1, 20000) g;
      insert into flags (post_id, user_id, reason, status, created_at)
      select distinct on (p, u) p, u, 'spam', case when p % 4 = 0 then 'open' else 'dismissed' end, timestamptz '2026-05-01'
      from (select 1 + floor(random() * ${THREADS * (REPLIES + 1)})::int as p, ${author} as u
            from generate_series(1, 5000)) x;
      insert into review_items (post_id, kind, status, flag_count, created_at)
      select g * 7, (array['flagged', 'pending'])[1 + g % 2], case when g % 4 = 0 then 'open' else 'resolved' end,
             1, timestamptz '2026-06-01' - g * interval '1 minute'
      from generate_series(1, 2000) g;
      insert into escalations (thread_id, team_id, priority, status, created_by, due_at, created_at, updated_at)
      select g, 1, 2, case g % 50 when 0 then 'open' when 1 then 'in_progress' else 'resolved' end, 'u1',
             timestamptz '2026-06-01' + g * interval '1 minute', timestamptz '2026-05-01', timestamptz '2026-05-01'
      from generate_series(1, 10000) g;
      insert into audit_log (actor_id, action, target_type, target_id, search_text, created_at)
      select 'u' || (1 + g % 5), (array['post.hide', 'thread.lock', 'post.approve'])[1 + g % 3], 'post', g::text,
             'post.hide user' || (1 + g % 5), timestamptz '2026-06-01' - g * interval '1 minute'
      from generate_series(1, 20000) g;
    `);
    const deps: AppDeps = { db: t.db, clock: fixedClock(now.toISOString()) };
    await backfillSearchDocs(deps, { batch: 10_000 });
    await client.unsafe("vacuum analyze");
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await t?.close();
  });

  /** Runs `page` against the logging drizzle instance and EXPLAINs every statement it issued. */
  async function plansOf(page: (db: Db) => Promise<unknown>) {
    captured = [];
    await page(db);
    const statements = captured.filter((c) => /^\s*(select|with)\b/i.test(c.query));
    const out: { query: string; scans: Scan[] }[] = [];
    for (const s of statements) {
      const rows = await client.unsafe(`explain (format json) ${s.query}`, s.params as never[]);
      const plan = (rows[0] as unknown as { "QUERY PLAN": { Plan: PlanNode }[] })["QUERY PLAN"][0]!.Plan;
      out.push({ query: s.query, scans: walk(plan) });
      if (process.env.PLANS_DEBUG)
        console.log(
          s.query.replace(/\s+/g, " ").slice(0, 100),
          "\n   ",
          walk(plan)
            .filter((x) => x.relation || x.index)
            .map((x) => `${x.node}:${x.relation ?? ""}/${x.index ?? ""}`)
            .join(" | "),
        );
    }
    expect(out.length, "the page issued no query").toBeGreaterThan(0);
    return out;
  }

  /**
   * No sequential scan of a big table in any statement; each expected index (or one of its alternatives,
   * "a|b") appears somewhere in the plans.
   */
  function expectIndexed(plans: { query: string; scans: Scan[] }[], indexes: string[]) {
    const seq = plans.flatMap((p) =>
      p.scans
        .filter((s) => s.node === "Seq Scan" && BIG.includes(s.relation ?? ""))
        .map((s) => `${s.relation}: ${p.query.slice(0, 160)}`),
    );
    expect(seq, "sequential scans of big tables").toEqual([]);
    const used = new Set(plans.flatMap((p) => p.scans.map((s) => s.index).filter(Boolean)));
    for (const ix of indexes) {
      expect(
        ix.split("|").some((alt) => used.has(alt)),
        `expected ${ix}, used ${[...used].join(", ")}`,
      ).toBe(true);
    }
  }

  // With few boards the planner may walk the created_at cover index (overview migration) and filter on the
  // board instead of the board's own index; both stop after LIMIT rows.
  const BOARD_NEWEST = "threads_board_new_idx|threads_created_cover_idx";
  const page = (ex: Db, threadId: number, viewerId: string | null) =>
    getThreadPage(ex, threadId, { viewerId, cursor: null, limit: 20 });

  it("thread page (anonymous and a member with votes)", async () => {
    expectIndexed(await plansOf((ex) => page(ex, 1234, null)), ["threads_pkey", "posts_thread_idx"]);
    expectIndexed(await plansOf((ex) => page(ex, 1234, MEMBER)), [
      "posts_thread_idx",
      "votes_post_id_user_id_pk",
    ]);
  });

  it("board page (newest, active, deep page), home page", async () => {
    expectIndexed(
      await plansOf((ex) => listThreads(ex, { boardId: 3, filter: "newest", cursor: null, limit: 20 })),
      [BOARD_NEWEST],
    );
    expectIndexed(
      await plansOf((ex) => listThreads(ex, { boardId: 3, filter: "active", cursor: null, limit: 20 })),
      ["threads_board_active_idx"],
    );
    const deep = { at: new Date("2026-01-15T00:00:00Z"), id: 1000 };
    expectIndexed(
      await plansOf((ex) => listThreads(ex, { boardId: 3, filter: "newest", cursor: deep, limit: 20 })),
      [BOARD_NEWEST],
    );
    expectIndexed(await plansOf((ex) => listThreads(ex, { filter: "newest", cursor: null, limit: 20 })), [
      "threads_new_idx|threads_created_cover_idx",
    ]);
  });

  it("profile page: questions, answers, ledger", async () => {
    expectIndexed(
      await plansOf((ex) => listThreads(ex, { authorId: MEMBER, filter: "newest", cursor: null, limit: 20 })),
      ["threads_author_idx"],
    );
    expectIndexed(
      await plansOf((ex) => listAnswersBy(ex, MEMBER, { acceptedOnly: false, cursor: null, limit: 20 })),
      ["posts_author_idx"],
    );
    expectIndexed(await plansOf((ex) => listLedger(ex, MEMBER, { cursor: null, limit: 20 })), [
      "reputation_events_user_idx",
    ]);
  });

  it("search: Vietnamese with and without diacritics, English", async () => {
    // Each matches ~5 % of threads. A term in ~10 % of a 10k-thread table ("refund" here) makes the planner
    // hash-join the 500 newest matches back to threads with a sequential scan: cheaper at this size, but see
    // docs/performance.md / the lead's report before trusting it at 100k threads.
    for (const q of ["hoàn tiền", "hoan tien", "password reset"]) {
      const plans = await plansOf((ex) => search({ db: ex, clock: fixedClock(now.toISOString()) }, { q }));
      expectIndexed(plans, ["threads_search_idx"]);
    }
  });

  it("triage top, leaderboards, notifications, review queue, escalations board, audit log", async () => {
    expectIndexed(await plansOf((ex) => findTriageFacts(ex, null, now, { boardId: null, limit: 200 })), [
      "threads_triage_idx",
    ]);
    expectIndexed(await plansOf((ex) => leaderboard(ex, { period: "week", boardId: null, now, limit: 20 })), [
      "reputation_periods_top_idx",
    ]);
    expectIndexed(await plansOf((ex) => leaderboard(ex, { period: "all", boardId: null, now, limit: 20 })), [
      "users_reputation_idx",
    ]);
    expectIndexed(
      await plansOf(async (ex) => {
        await listNotifications(ex, MEMBER, { before: null, limit: 20 });
        await countUnreadNotifications(ex, MEMBER);
        await countUnreadNotifications(ex, MEMBER, { cap: 100 });
      }),
      ["notifications_user_idx"],
    );
    expectIndexed(await plansOf((ex) => getReviewQueuePage(ex, { kind: null, cursor: null })), [
      "review_items_open_idx",
    ]);
    expectIndexed(await plansOf((ex) => listAuditEntries(ex, { limit: 50 })), ["audit_log_pkey"]);
  });

  // The default board filters on several active statuses: a partial index on (due_at, id) for active statuses
  // returns them in due order, so nothing is sorted before the LIMIT.
  it("escalations board (default: open and in progress)", async () => {
    expectIndexed(
      await plansOf((ex) => listEscalations(ex, { statuses: ["open", "in_progress"] }, null, 25)),
      ["escalations_active_due_idx"],
    );
  });
});
