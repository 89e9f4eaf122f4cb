/** Sentiment on write, the rollups, crisis alerts and the backfill — on PGlite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { doc, insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import { rowsOf } from "~/data/reputation.server";
import { listAlerts } from "~/data/listening.server";
import { closeAlert } from "~/services/listening.server";
import { backfillSentiment } from "~/services/sentiment-backfill.server";
import { postReply } from "~/services/forum.server";
import { AppError } from "~/domain/shared/app-error";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const ANGRY = [
  "Mất mạng 3 ngày rồi mà không ai hỗ trợ, quá thất vọng!",
  "Terrible service, I was charged twice and nobody answers. I want a refund now!",
  "Tổng đài viên thái độ rất tệ, tôi sẽ huỷ dịch vụ.",
  "Internet down again for the whole evening, this is unacceptable and awful.",
  "Lừa đảo! Trừ tiền hai lần mà không hoàn tiền, quá bức xúc.",
];

async function hourly(boardId: number) {
  return rowsOf(
    await t.db
      .execute(sql`select coalesce(sum(pos),0)::int pos, coalesce(sum(neg),0)::int neg, coalesce(sum(neu),0)::int neu
      from sentiment_hourly where board_id = ${boardId}`),
  )[0];
}

describe("sentiment on write", () => {
  it("scores questions and replies, keeps the hourly rollup (board and all) and the thread mood", async () => {
    const [a, b] = [await insertTestUser(t.deps), await insertTestUser(t.deps)];
    const board = await insertTestBoard(t.deps);
    const before0 = await hourly(0);
    const q = await insertTestThread(t.deps, a, board.slug, {
      title: "Wi-Fi rớt mạng liên tục, quá thất vọng",
      body: doc("Mạng chập chờn cả tuần, gọi tổng đài không ai nghe, rất bực mình."),
    });
    await postReply(t.deps, b, q.threadId, {
      body: doc("Cảm ơn bạn, mình đã sửa được nhờ đổi kênh wifi, tuyệt vời!"),
    });
    const [post] = rowsOf(
      await t.db.execute(sql`select sentiment_label, sentiment_cues from posts where id = ${q.postId}`),
    );
    expect(post!.sentiment_label).toBe("neg");
    expect((post!.sentiment_cues as string[]).length).toBeGreaterThan(0);
    expect(await hourly(board.id)).toEqual({ pos: 1, neg: 1, neu: 0 });
    const after0 = (await hourly(0)) as { neg: number };
    expect(after0.neg - (before0 as { neg: number }).neg).toBe(1);
    const [th] = rowsOf(
      await t.db.execute(
        sql`select mood, scored_posts, negative_posts, most_negative_post_id from threads where id = ${q.threadId}`,
      ),
    );
    // bigint comes back as a string from postgres.js and a number from PGlite.
    expect({ ...th, most_negative_post_id: Number(th!.most_negative_post_id) }).toEqual({
      mood: "pos",
      scored_posts: 2,
      negative_posts: 1,
      most_negative_post_id: q.postId,
    });
  });
});

describe("crisis early warning", () => {
  it("a burst of negative posts in one board raises one alert, updated while it grows; a moderator closes it", async () => {
    const board = await insertTestBoard(t.deps);
    const mod = await insertTestUser(t.deps, { role: "moderator" });
    const member = await insertTestUser(t.deps);
    const authors = await Promise.all(Array.from({ length: 4 }, () => insertTestUser(t.deps)));
    // Quiet history: one negative post a day at this hour for 14 days.
    const start = t.clock.now().getTime();
    for (let d = 0; d < 14; d++) {
      await insertTestThread(t.deps, authors[d % 4]!, board.slug, {
        title: `Mạng chậm quá, thất vọng ngày ${d}`,
        body: doc("Mạng rất chậm, tệ quá."),
      });
      t.clock.advance(24 * 3_600_000);
    }
    expect(
      (await listAlerts(t.db, { status: "open", limit: 10 })).filter((a) => a.boardId === board.id),
    ).toEqual([]);
    // The burst: many angry posts within the hour.
    const burst: number[] = [];
    for (let i = 0; i < 12; i++) {
      t.clock.advance(60_000);
      const q = await insertTestThread(t.deps, authors[i % 4]!, board.slug, {
        title: `Mất mạng toàn khu vực, không ai hỗ trợ ${i}`,
        body: doc(ANGRY[i % ANGRY.length]!),
      });
      burst.push(q.threadId);
    }
    const open = (await listAlerts(t.db, { status: "open", limit: 10 })).filter(
      (a) => a.boardId === board.id,
    );
    expect(open).toHaveLength(1);
    const alert = open[0]!;
    expect(alert.peakCount).toBeGreaterThanOrEqual(8);
    expect(alert.threadIds.length).toBeGreaterThan(3);
    expect(burst).toEqual(expect.arrayContaining(alert.threadIds.slice(0, 3)));
    expect(alert.terms.length).toBeGreaterThan(0);
    // Moderators were notified once (raise), not for each update.
    const [n] = rowsOf(
      await t.db.execute(
        sql`select count(*)::int n from notifications where user_id = ${mod.id} and kind = 'alert'`,
      ),
    );
    expect(Number(n!.n)).toBeGreaterThanOrEqual(1);
    await expect(closeAlert(t.deps, member, alert.id, { note: "x" })).rejects.toBeInstanceOf(AppError);
    await expect(closeAlert(t.deps, mod, alert.id, { note: "" })).rejects.toMatchObject({ kind: "invalid" });
    await closeAlert(t.deps, mod, alert.id, { note: "Fibre cut in district 7, fixed by the network team." });
    const after = (await listAlerts(t.db, { limit: 50 })).find((a) => a.id === alert.id);
    expect(after).toMatchObject({
      status: "closed",
      note: "Fibre cut in district 7, fixed by the network team.",
    });
    void start;
  });
});

describe("backfill", () => {
  it("rescoring everything reproduces the same rollups", async () => {
    const board = await insertTestBoard(t.deps);
    const u = await insertTestUser(t.deps);
    const q = await insertTestThread(t.deps, u, board.slug, {
      title: "Thanks, the new app is great",
      body: doc("Love it, excellent work!"),
    });
    await insertTestReply(
      t.deps,
      await insertTestUser(t.deps),
      q.threadId,
      "Awful, it crashes and I hate it.",
    );
    const snapshot = async () =>
      rowsOf(
        await t.db.execute(
          sql`select hour, board_id, pos, neg, neu from sentiment_hourly where pos + neg + neu > 0 order by board_id, hour`,
        ),
      );
    const moods = async () =>
      rowsOf(await t.db.execute(sql`select id, mood, scored_posts, negative_posts from threads order by id`));
    const [h1, m1] = [await snapshot(), await moods()];
    const r = await backfillSentiment(t.deps, 7);
    expect(r.posts).toBeGreaterThan(20);
    expect(await snapshot()).toEqual(h1);
    expect(await moods()).toEqual(m1);
  });
});
