/**
 * The command center's per-day rollups (db/migrations/0010, data/overview-rollups.server.ts) against the rows they
 * summarize: kept by the services as they write (days in any order), equal to a rebuild, and read back by
 * loadOverview as the brute-force answers (distinct members, medians, sentiment per day).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { doc, insertTestUser } from "../factories";
import { insertBoard } from "~/data/boards.server";
import { loadOverview, type OverviewPeriod } from "~/data/overview.server";
import { rebuildOverviewRollups } from "~/data/overview-rollups.server";
import { rowsOf } from "~/data/reputation.server";
import { rebuildSentimentRollups } from "~/data/sentiment-backfill.server";
import { acceptAnswer, askQuestion, postReply } from "~/services/forum.server";
import { correctSentiment } from "~/services/listening.server";
import { durationBucket } from "~/domain/listening/overview-rollups";
import type { Actor } from "~/domain/forum";

const MIN = 60_000;
const HOUR = 60 * MIN;
let t: TestDb;
let mod: Actor;
const users: Actor[] = [];
const threads: Record<string, number> = {};

function at(iso: string) {
  t.clock.advance(Date.parse(iso) - t.clock.now().getTime());
}
const later = (ms: number) => t.clock.advance(ms);
async function ask(author: Actor, board: string, title: string, body = "Mình cần giúp đỡ với modem.") {
  return (await askQuestion(t.deps, author, { board, title, body: doc(body) })).threadId;
}
async function reply(author: Actor, threadId: number, body = "Bạn thử khởi động lại modem nhé.") {
  return (await postReply(t.deps, author, threadId, { body: doc(body) })).postId;
}

/** The rollups as stored, comparable (arrays as text: histograms keep their lower bound). */
async function snapshot() {
  const q = async (query: ReturnType<typeof sql>) => rowsOf(await t.db.execute(query));
  return {
    hist: await q(sql`select to_char(day, 'YYYY-MM-DD') as day, board_id, first_response_hist::text as fr,
      resolution_hist::text as res from activity_daily
      where first_response_hist is not null or resolution_hist is not null order by day, board_id`),
    gaps: await q(
      sql`select to_char(day, 'YYYY-MM-DD') as day, s::text as s from member_gaps_daily order by day`,
    ),
    sentiment:
      await q(sql`select to_char(day, 'YYYY-MM-DD') as day, board_id, pos, neg, neu from sentiment_daily
      where pos <> 0 or neg <> 0 or neu <> 0 order by day, board_id`),
  };
}

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  at("2026-05-01T00:00:00Z");
  await insertBoard(t.db, { slug: "mang", nameVi: "Mạng", nameEn: "Network" });
  await insertBoard(t.db, { slug: "cuoc", nameVi: "Cước", nameEn: "Billing" });
  mod = await insertTestUser(t.deps, { username: "roll_mod", role: "moderator" });
  for (let i = 0; i < 6; i++) users.push(await insertTestUser(t.deps, { username: `roll_u${i}` }));
  const [a, b, c, d, e, f] = users as [Actor, Actor, Actor, Actor, Actor, Actor];

  // 20 May (brand day): five questions answered after round and non-round times, one solved.
  at("2026-05-20T02:00:00Z");
  const q1 = await ask(a, "mang", "Mất mạng từ sáng đến giờ");
  later(30 * MIN);
  const r1 = await reply(b, q1); // first response 30 min
  later(90 * MIN);
  await reply(c, q1); // not a first response
  later(3 * HOUR);
  await acceptAnswer(t.deps, a, q1, { replyId: r1 }); // resolved after 5 h
  at("2026-05-20T03:00:00Z");
  const q2 = await ask(d, "cuoc", "Hóa đơn tháng này tính sai tiền", "Tôi muốn hoàn tiền, quá thất vọng!");
  later(10 * MIN);
  await reply(mod, q2); // 10 min
  at("2026-05-20T04:00:00Z");
  const q3 = await ask(e, "mang", "Wifi nhà mình chậm quá");
  later(45_000);
  await reply(b, q3); // 45 s
  at("2026-05-20T05:00:00Z");
  const q4 = await ask(a, "mang", "Modem kêu bíp liên tục cả đêm");
  later(3 * HOUR + 7 * MIN + 13_000);
  await reply(c, q4); // 3 h 7 min 13 s: stored as the nearest grid value
  at("2026-05-20T06:00:00Z");
  threads.q5 = await ask(d, "mang", "Không vào được trang quản trị");

  // A member seen on 25 May, then (the clock going back) on 23 and 24 May: days recorded out of order.
  at("2026-05-25T03:00:00Z");
  await reply(f, q3, "Mình cũng bị vậy, rất bực mình");
  at("2026-05-23T03:00:00Z");
  await ask(f, "cuoc", "Gói cước mới giá bao nhiêu vậy?");
  at("2026-05-24T03:00:00Z");
  await reply(f, q2, "Mình cũng bị tính sai tiền");
  // A moderator's correction moves a post of 20 May from one label to another.
  await correctSentiment(t.deps, mod, r1, { label: "pos" });
  at("2026-05-26T08:00:00Z");
});

afterAll(async () => {
  await t?.close();
});

describe("rollups kept as the services write", () => {
  it("equal a rebuild from the rows they summarize", async () => {
    const kept = await snapshot();
    expect(kept.hist.length).toBeGreaterThan(0);
    expect(kept.gaps.map((r) => r.day)).toEqual(["2026-05-20", "2026-05-23", "2026-05-24", "2026-05-25"]);
    await t.db.transaction(async (tx) => {
      await rebuildOverviewRollups(tx);
      await rebuildSentimentRollups(tx);
    });
    expect(await snapshot()).toEqual(kept);
  });

  it("sentiment_daily is sentiment_hourly summed per brand day", async () => {
    const diff = rowsOf(
      await t.db.execute(sql`
        select coalesce(h.day, d.day) as day from (
          select ((hour at time zone 'UTC') + interval '7 hours')::date as day, board_id,
                 sum(pos)::int as pos, sum(neg)::int as neg, sum(neu)::int as neu
          from sentiment_hourly group by 1, 2) h
        full join sentiment_daily d on d.day = h.day and d.board_id = h.board_id
        where (h.pos, h.neg, h.neu) is distinct from (d.pos, d.neg, d.neu)`),
    );
    expect(diff).toEqual([]);
  });

  it("duration_bucket in SQL agrees with the domain's durationBucket", async () => {
    const values = [
      -3, 0, 0.4, 0.5, 59.5, 119.5, 120, 121, 299, 300.2, 599, 600, 1799.99, 3600, 14_400, 86_400,
    ];
    for (let s = 1; s < 5e8; s *= 1.37) values.push(s, Math.round(s));
    const got = rowsOf(
      await t.db.execute(
        sql`select duration_bucket(v::float8) as b from unnest(${`{${values.join(",")}}`}::float8[]) with ordinality u(v, i) order by i`,
      ),
    ).map((r) => Number(r.b));
    expect(got).toEqual(values.map(durationBucket));
  });
});

describe("loadOverview reads them back", () => {
  const overview = (period: OverviewPeriod) =>
    loadOverview(t.db, { period, board: null, now: t.clock.now() });

  it("distinct active members of any window, whatever order the days were recorded in", async () => {
    const windows = rowsOf(
      await t.db.execute(sql`
        select to_char(a, 'YYYY-MM-DD') as a, to_char(b, 'YYYY-MM-DD') as b,
          (select count(distinct user_id)::int from member_activity_daily where day between a and b) as n,
          (select coalesce(sum(s[day - a + 1]), 0)::int from member_gaps_daily where day between a and b) as rolled
        from generate_series(0, 8) i, generate_series(0, 8) j,
             lateral (select '2026-05-18'::date + i as a, '2026-05-18'::date + j as b) w
        where j >= i`),
    );
    for (const w of windows) expect(w.rolled, `${w.a} … ${w.b}`).toBe(w.n);
    const o = await overview("7d"); // 20 … 26 May
    expect(o.current.activeMembers).toBe(7); // the six members and the moderator
    expect(o.previous.activeMembers).toBe(0);
  });

  it("medians from the histograms: round durations exactly, others within 1 %", async () => {
    const c = (await overview("7d")).current;
    // First responses on 20 May: 45 s, 10 min, 30 min, 3 h 7 min 13 s → (10 min + 30 min) / 2.
    expect(c.firstResponse).toMatchObject({ count: 4, medianOf: 4, medianSeconds: 1_200 });
    expect(c.resolution).toMatchObject({ count: 1, medianOf: 1, medianSeconds: 5 * 3_600 });
  });

  it("a past day's new first response shows at once (the kept histograms are read again)", async () => {
    const before = (await overview("7d")).current.firstResponse;
    await reply(users[2]!, threads.q5!); // answered 6 days, 2 h after it was asked on 20 May
    const after = (await overview("7d")).current.firstResponse;
    expect(after.count).toBe(before.count + 1);
    // 45 s, 10 min, 30 min, 3 h 7 min, 6 days 2 h → 30 min.
    expect(after.medianSeconds).toBe(1_800);
  });
});
