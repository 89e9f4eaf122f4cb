/**
 * ADR 023: the community's mood is its members'. A moderator's or admin's post is not scored, never counts in the
 * sentiment rollups, the thread's mood or crisis detection, and cannot be "corrected"; a database from before the
 * rule is cleaned once at start-up, and the backfill keeps it clean.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { doc, insertTestBoard, insertTestUser } from "../factories";
import { rowsOf } from "~/data/reputation.server";
import { askQuestion, postReply } from "~/services/forum.server";
import { editPost } from "~/services/post-actions.server";
import { correctSentiment } from "~/services/listening.server";
import { backfillSentiment, forgetStaffSentimentIfNeeded } from "~/services/sentiment-backfill.server";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

const one = async (q: ReturnType<typeof sql>) => rowsOf(await t.db.execute(q))[0]!;
const label = async (postId: number) =>
  (await one(sql`select sentiment_label, sentiment_corrected from posts where id = ${postId}`)) as {
    sentiment_label: string | null;
    sentiment_corrected: string | null;
  };
const hourly = async (boardId: number) =>
  (await one(sql`select coalesce(sum(pos),0)::int pos, coalesce(sum(neg),0)::int neg, coalesce(sum(neu),0)::int neu
    from sentiment_hourly where board_id = ${boardId}`)) as { pos: number; neg: number; neu: number };
const mood = async (threadId: number) =>
  (await one(sql`select mood, scored_posts, negative_posts from threads where id = ${threadId}`)) as {
    mood: string;
    scored_posts: number;
    negative_posts: number;
  };

describe("staff posts and the community's mood", () => {
  it("a moderator's apology is not scored, not counted and not correctable; the member's anger stays the mood", async () => {
    const mod = await insertTestUser(t.deps, { role: "moderator" });
    const member = await insertTestUser(t.deps);
    const board = await insertTestBoard(t.deps);
    const q = await askQuestion(t.deps, member, {
      board: board.slug,
      title: "Mất mạng 3 ngày, quá thất vọng",
      body: doc("Mất mạng 3 ngày rồi mà không ai hỗ trợ, tôi muốn hoàn tiền."),
    });
    expect((await label(q.postId)).sentiment_label).toBe("neg");
    // Words that read as a complaint when a customer writes them.
    const apology = await postReply(t.deps, mod, q.threadId, {
      body: doc("Em thành thật xin lỗi anh vì sự bất tiện, để anh chờ 3 ngày là không chấp nhận được."),
    });
    expect(await label(apology.postId)).toEqual({ sentiment_label: null, sentiment_corrected: null });
    expect(await hourly(board.id)).toEqual({ pos: 0, neg: 1, neu: 0 });
    expect(await mood(q.threadId)).toEqual({ mood: "neg", scored_posts: 1, negative_posts: 1 });

    // The member's thanks moves the mood; the moderator's edit does not score the reply.
    t.clock.advance(60_000);
    await postReply(t.deps, member, q.threadId, { body: doc("Có mạng lại rồi, cảm ơn bạn nhiều!") });
    await editPost(t.deps, mod, apology.postId, {
      body: doc("Em xin lỗi anh vì sự bất tiện. Kỹ thuật đã sửa xong, mạng đã ổn định lại."),
    });
    expect((await label(apology.postId)).sentiment_label).toBeNull();
    expect(await hourly(board.id)).toEqual({ pos: 1, neg: 1, neu: 0 });
    expect(await mood(q.threadId)).toEqual({ mood: "pos", scored_posts: 2, negative_posts: 1 });

    // Nothing to correct on a staff post; a member's post still can be.
    await expect(correctSentiment(t.deps, mod, apology.postId, { label: "neu" })).rejects.toMatchObject({
      kind: "conflict",
      code: "staff_post_unscored",
    });
    expect((await label(apology.postId)).sentiment_corrected).toBeNull();
    await correctSentiment(t.deps, mod, q.postId, { label: "neg" });

    // A database from before the rule: a staff post with a label, counted in the rollups.
    await t.db.execute(sql`update posts set sentiment_label = 'neg' where id = ${apology.postId}`);
    await t.db.execute(sql`update sentiment_hourly set neg = neg + 1 where board_id = ${board.id}`);
    expect(await forgetStaffSentimentIfNeeded(t.deps)).toBe(true);
    expect((await label(apology.postId)).sentiment_label).toBeNull();
    expect(await hourly(board.id)).toEqual({ pos: 1, neg: 1, neu: 0 });
    expect(await mood(q.threadId)).toEqual({ mood: "pos", scored_posts: 2, negative_posts: 1 });
    expect(await forgetStaffSentimentIfNeeded(t.deps)).toBe(false);

    // The backfill rescores members' posts only.
    await backfillSentiment(t.deps);
    expect((await label(apology.postId)).sentiment_label).toBeNull();
    expect((await label(q.postId)).sentiment_label).toBe("neg");
    expect(await hourly(board.id)).toEqual({ pos: 1, neg: 1, neu: 0 });
  });
});
