/**
 * Moderators' sentiment corrections: the effective label everywhere (API and thread page, staff only), the rollups,
 * the stored corrections, and the community's learned layer getting better on posts it has not seen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient as loggedIn } from "../support/http";
import { doc, insertTestBoard, insertTestUser } from "../factories";
import { rowsOf } from "~/data/reputation.server";
import * as sentimentApi from "~/routes/api.v1.posts.$postId.sentiment";
import * as threadApi from "~/routes/api.v1.threads.$id";
import * as threadPage from "~/routes/t.$threadId";
import { askQuestion, postReply } from "~/services/forum.server";
import {
  analyzerFor,
  correctSentiment,
  postText,
  relearnFromCorrections,
  upgradeSentimentModel,
} from "~/services/listening.server";
import { backfillSentiment } from "~/services/sentiment-backfill.server";
import { MODEL_VERSION, type LearnedModel, type SentimentLabel } from "~/domain/sentiment";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});

async function hourly(db: TestDb, boardId: number) {
  return rowsOf(
    await db.db.execute(sql`select coalesce(sum(pos),0)::int pos, coalesce(sum(neg),0)::int neg,
      coalesce(sum(neu),0)::int neu from sentiment_hourly where board_id = ${boardId}`),
  )[0] as { pos: number; neg: number; neu: number };
}

async function threadMood(db: TestDb, threadId: number) {
  const [row] = rowsOf(
    await db.db.execute(sql`select mood, negative_posts from threads where id = ${threadId}`),
  );
  return row as { mood: string; negative_posts: number };
}

interface ApiPost {
  id: number;
  sentiment?: { label: string; confidence: number | null; corrected: boolean } | null;
}

describe("a moderator's correction", () => {
  it("changes the post's effective label everywhere, the hourly rollup and the thread mood, and is stored", async () => {
    const mod = await insertTestUser(t.deps, { role: "moderator" });
    const author = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    const board = await insertTestBoard(t.deps);
    // Community slang the base lexicon reads as neutral: "đứng máy" is the game freezing.
    const q = await askQuestion(t.deps, author, {
      board: board.slug,
      title: "Đứng máy liên tục sau bản cập nhật",
      body: doc("Vào trận được vài phút là đứng máy, văng game ra ngoài."),
    });
    const reply = await postReply(t.deps, helper, q.threadId, {
      body: doc("Bạn thử xoá bộ nhớ đệm trong phần cài đặt xem sao."),
    });
    const [stored] = rowsOf(
      await t.db.execute(sql`select sentiment_label from posts where id = ${q.postId}`),
    );
    expect(stored!.sentiment_label).toBe("neu");
    const boardBefore = await hourly(t, board.id);
    const allBefore = await hourly(t, 0);
    expect(boardBefore).toEqual({ pos: 0, neg: 0, neu: 2 });
    expect(await threadMood(t, q.threadId)).toMatchObject({ mood: "neu", negative_posts: 0 });

    const staff = await loggedIn(mod.username);
    const member = await loggedIn(author.username);
    const anon = new Client();
    const threadPath = `/api/v1/threads/${q.threadId}`;
    const threadParams = { id: String(q.threadId) };

    // Before: staff see the scorer's label; members and visitors never see sentiment at all.
    const staffBefore = (await staff.call(threadApi.loader, threadPath, { params: threadParams })).body as {
      thread: ApiPost;
      replies: ApiPost[];
    };
    expect(staffBefore.thread.sentiment).toMatchObject({ label: "neu", corrected: false });
    expect(staffBefore.thread.sentiment!.confidence).toBeGreaterThan(0);
    expect(staffBefore.replies[0]!.sentiment).toMatchObject({ label: expect.any(String) });

    // A member may not correct: 403, and nothing changes.
    const path = `/api/v1/posts/${q.postId}/sentiment`;
    const params = { postId: String(q.postId) };
    const refused = await member.call(sentimentApi.action, path, { json: { label: "neg" }, params });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "staff_only" } });
    expect((await anon.call(sentimentApi.action, path, { json: { label: "neg" }, params })).status).toBe(401);
    const invalid = await staff.call(sentimentApi.action, path, { json: { label: "furious" }, params });
    expect(invalid.status).toBe(400);
    const missing = await staff.call(sentimentApi.action, "/api/v1/posts/999999999/sentiment", {
      json: { label: "neg" },
      params: { postId: "999999999" },
    });
    expect(missing.status).toBe(404);
    expect(await hourly(t, board.id)).toEqual(boardBefore);

    // The moderator's correction.
    const res = await staff.call(sentimentApi.action, path, { json: { label: "neg" }, params });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ post: { id: q.postId, label: "neg", previous: "neu" } });

    // Thread API: staff see the corrected label; members and visitors still see nothing.
    const staffAfter = (await staff.call(threadApi.loader, threadPath, { params: threadParams })).body as {
      thread: ApiPost;
      replies: ApiPost[];
    };
    expect(staffAfter.thread.sentiment).toEqual({ label: "neg", confidence: 1, corrected: true });
    for (const viewer of [member, anon]) {
      const body = (await viewer.call(threadApi.loader, threadPath, { params: threadParams })).body as {
        thread: ApiPost;
        replies: ApiPost[];
      };
      expect(body.thread.id).toBe(q.threadId);
      expect(body.thread).not.toHaveProperty("sentiment");
      expect(body.replies).toHaveLength(1);
      for (const r of body.replies) expect(r).not.toHaveProperty("sentiment");
      expect(JSON.stringify(body)).not.toMatch(/sentiment/i);
    }

    // Thread page: the same for the page loader (the columns are stripped on the server).
    const pageParams = { threadId: String(q.threadId) };
    type PagePost = {
      id: number;
      sentiment: { label: string | null; corrected: boolean; cues: string[] } | null;
    };
    const staffPage = (await staff.call(threadPage.loader, `/t/${q.threadId}`, { params: pageParams }))
      .body as {
      question: PagePost;
      replies: PagePost[];
    };
    expect(staffPage.question.sentiment).toMatchObject({ label: "neg", corrected: true });
    expect(staffPage.replies[0]!.sentiment).toMatchObject({ corrected: false });
    for (const viewer of [member, anon]) {
      const body = (await viewer.call(threadPage.loader, `/t/${q.threadId}`, { params: pageParams }))
        .body as {
        question: PagePost & Record<string, unknown>;
        replies: (PagePost & Record<string, unknown>)[];
      };
      expect(body.question.sentiment).toBeNull();
      expect(body.question).not.toHaveProperty("sentimentLabel");
      expect(body.question).not.toHaveProperty("sentimentCues");
      expect(body.question).not.toHaveProperty("sentimentCorrected");
      for (const r of body.replies) {
        expect(r.sentiment).toBeNull();
        expect(r).not.toHaveProperty("sentimentConfidence");
      }
    }

    // The rollups moved: one post from neutral to negative, on the board and in the community total.
    expect(await hourly(t, board.id)).toEqual({ pos: 0, neg: 1, neu: 1 });
    const allAfter = await hourly(t, 0);
    expect(allAfter.neg - allBefore.neg).toBe(1);
    expect(allAfter.neu - allBefore.neu).toBe(-1);
    // The thread mood follows the latest post (the neutral reply); the negative count moved.
    expect(await threadMood(t, q.threadId)).toMatchObject({ negative_posts: 1 });

    const corrections = rowsOf(
      await t.db.execute(sql`select post_id, moderator_id, from_label, to_label from sentiment_corrections
        where post_id = ${q.postId}`),
    );
    expect(corrections.map((r) => ({ ...r, post_id: Number(r.post_id) }))).toEqual([
      { post_id: q.postId, moderator_id: mod.id, from_label: "neu", to_label: "neg" },
    ]);

    // The thread page's one-click form does the same (the reply → negative moves the thread mood too).
    const viaPage = await staff.call(threadPage.action, `/t/${q.threadId}`, {
      form: { intent: "sentiment", postId: String(reply.postId), label: "neg" },
      params: pageParams,
    });
    expect(viaPage.status).toBe(200);
    expect(viaPage.body).toMatchObject({ ok: true, intent: "sentiment", postId: reply.postId, label: "neg" });
    expect(await threadMood(t, q.threadId)).toEqual({ mood: "neg", negative_posts: 2 });
    expect(await hourly(t, board.id)).toEqual({ pos: 0, neg: 2, neu: 0 });
    const byMember = await member.call(threadPage.action, `/t/${q.threadId}`, {
      form: { intent: "sentiment", postId: String(q.postId), label: "pos" },
      params: pageParams,
    });
    expect(byMember.status).toBe(403);
    expect(await hourly(t, board.id)).toEqual({ pos: 0, neg: 2, neu: 0 });

    const [model] = rowsOf(
      await t.db.execute(sql`select examples from sentiment_models where scope = 'community'`),
    );
    expect(Number(model!.examples)).toBe(2);
  });
});

/**
 * A labelled set of short posts from a gaming community, Vietnamese and English, full of jargon the general
 * lexicon gets wrong: "đứng máy", "văng game", "toang", "khựng", "desync" are complaints; "phê", "cuốn", "khét",
 * "slaps", "sick", "insane fps" are praise; "dead zone", "kill feed", "force close" are neutral settings.
 * The two halves share the community's vocabulary but not a single post.
 */
type Item = [SentimentLabel, string, string];
const FIRST_HALF: Item[] = [
  ["neg", "Bản 2.3 văng game liên tục", "Vào trận được năm phút là văng game, đứng máy luôn."],
  ["neg", "Đứng máy khi mở kho đồ", "Cứ mở kho đồ là đứng máy, phải tắt nguồn."],
  ["neg", "Server toang rồi à", "Tối nay ping cao, khựng liên tục, toang thật sự."],
  ["neg", "Tụt fps ở map mới", "Map mới tụt fps xuống 20, khựng từng nhịp."],
  ["neg", "Rubberbanding every match", "Constant rubberbanding and desync since the patch."],
  ["neg", "Stutter on the new map", "Heavy stutter and desync whenever the storm closes in."],
  ["neg", "Bị kick khỏi phòng chờ", "Cứ vào phòng là bị kick, kẹt màn hình chờ mãi."],
  ["pos", "Patch mới phê thật", "Combo mới đánh phê, đã tay cực."],
  ["pos", "Map mới cuốn quá", "Chơi map mới cuốn thật, bá cháy."],
  ["pos", "This update slaps", "The new movement slaps, absolutely insane fps now."],
  ["pos", "Ranked mode is sick", "Ranked is sick this season, gg to the dev team."],
  ["pos", "Skin mới khét", "Skin mới khét lẹt, đồ họa bá cháy."],
  ["pos", "Killer feature: replay", "Replay mode is a killer feature, insane work."],
  ["neu", "Chỉnh dead zone tay cầm ở đâu?", "Mình muốn chỉnh dead zone cho tay cầm, nằm ở mục nào?"],
  ["neu", "Tắt kill feed được không?", "Có cách tắt kill feed trên màn hình không?"],
  ["neu", "How to force close the launcher", "What is the shortcut to force close the launcher on Mac?"],
  ["neu", "Nhân vật chết hồi sinh ở đâu", "Khi nhân vật chết thì hồi sinh ở điểm nào trên bản đồ?"],
  ["neu", "Where is the kill cam setting", "Where do I turn off the kill cam replay?"],
  ["neu", "Lịch nerf buff mùa sau", "Khi nào có lịch nerf và buff tướng cho mùa sau?"],
  ["neu", "Dead zone on PS5 controller", "Which dead zone value do pros use on the PS5 controller?"],
];
const SECOND_HALF: Item[] = [
  ["neg", "Văng game khi vào sảnh", "Vừa vào sảnh đã văng game ra màn hình chính."],
  ["neg", "Đứng máy sau cập nhật", "Cập nhật xong là đứng máy ở màn hình tải."],
  ["neg", "Toang sau bảo trì", "Sau bảo trì ping cao ngất, toang hết."],
  ["neg", "Khựng khi quay camera", "Quay camera là khựng, tụt fps rõ."],
  ["neg", "Desync in ranked", "Ranked games have desync and rubberbanding every round."],
  ["neg", "Stutter after driver update", "Stutter every few seconds after the driver update."],
  ["neg", "Bị kick giữa trận", "Đang chơi thì bị kick, kẹt màn hình chờ."],
  ["pos", "Bản cập nhật phê", "Cảm giác bắn phê, đã tay thật."],
  ["pos", "Chế độ mới cuốn", "Chế độ mới cuốn ghê, bá cháy luôn."],
  ["pos", "New map slaps", "Honestly the new map slaps, insane fps on my laptop."],
  ["pos", "The new season is sick", "Sick season, gg devs."],
  ["pos", "Khét thật sự", "Hiệu ứng chiêu mới khét, đã tay."],
  ["pos", "Killer feature in 2.3", "Cross-save is a killer feature, gg."],
  ["neu", "Dead zone mặc định bao nhiêu?", "Dead zone mặc định của tay cầm Xbox là bao nhiêu?"],
  ["neu", "Kill feed hiển thị ở góc nào?", "Kill feed nằm ở góc nào trên màn hình?"],
  ["neu", "Force close on Windows", "How do I force close the game on Windows?"],
  ["neu", "Chết bao lâu thì hồi sinh?", "Nhân vật chết bao lâu thì được hồi sinh?"],
  ["neu", "Kill cam settings", "Where can I find the kill cam options?"],
  ["neu", "Khi nào nerf tướng mới?", "Bao giờ có bản nerf cho tướng mới?"],
  ["neu", "Adjust dead zone on Switch", "How do I adjust the dead zone on a Switch controller?"],
];

describe("learning from corrections", () => {
  it("corrections on one half of a labelled set improve the score on the other half", async () => {
    // A database of its own: nothing learned elsewhere in this file leaks in.
    const own = await createTestDb();
    try {
      const mod = await insertTestUser(own.deps, { role: "moderator" });
      const author = await insertTestUser(own.deps);
      const board = await insertTestBoard(own.deps);
      const ask = async ([, title, body]: Item) => {
        own.clock.advance(60_000);
        return askQuestion(own.deps, author, { board: board.slug, title, body: doc(body) });
      };
      const storedLabels = async (postIds: number[]) => {
        const rows = rowsOf(
          await own.db.execute(
            sql`select id, sentiment_label from posts where id in (${sql.join(
              postIds.map((id) => sql`${id}`),
              sql`, `,
            )})`,
          ),
        );
        const byId = new Map(rows.map((r) => [Number(r.id), String(r.sentiment_label)]));
        return postIds.map((id) => byId.get(id));
      };
      const accuracy = (predicted: (string | undefined)[], items: Item[]) =>
        predicted.filter((p, i) => p === items[i]![0]).length / items.length;

      // Every post goes through the real write path; what it stores is the base scorer's label.
      const first = [];
      for (const item of FIRST_HALF) first.push(await ask(item));
      const second = [];
      for (const item of SECOND_HALF) second.push(await ask(item));
      const before = accuracy(await storedLabels(second.map((p) => p.postId)), SECOND_HALF);
      const firstBefore = accuracy(await storedLabels(first.map((p) => p.postId)), FIRST_HALF);

      // Moderators correct the first half, one click at a time (each correction is learned at once).
      for (const [i, item] of FIRST_HALF.entries()) {
        await correctSentiment(own.deps, mod, first[i]!.postId, { label: item[0] });
      }
      const [model] = rowsOf(
        await own.db.execute(sql`select examples, model from sentiment_models where scope = 'community'`),
      );
      expect(Number(model!.examples)).toBe(FIRST_HALF.length);
      expect(Object.keys((model!.model as { weights: object }).weights).length).toBeGreaterThan(0);
      const [count] = rowsOf(await own.db.execute(sql`select count(*)::int n from sentiment_corrections`));
      expect(Number(count!.n)).toBe(FIRST_HALF.length);

      // The other half, scored by the community's analyzer (the one new posts are scored with)…
      const analyzer = await analyzerFor(own.db, own.db, own.clock.now().getTime());
      const scored = SECOND_HALF.map(
        ([, title, body]) => analyzer.score(postText({ isQuestion: true, title, text: body })).label,
      );
      const after = accuracy(scored, SECOND_HALF);
      // …and posted again through the write path, reading back the stored labels.
      const again = [];
      for (const item of SECOND_HALF) again.push(await ask(item));
      const afterStored = accuracy(await storedLabels(again.map((p) => p.postId)), SECOND_HALF);
      // The posts scored before the corrections keep their labels (nothing is re-scored behind anyone's back).
      expect(accuracy(await storedLabels(second.map((p) => p.postId)), SECOND_HALF)).toBe(before);

      console.info(
        `sentiment on the held-out half: ${Math.round(before * 100)}% → ${Math.round(after * 100)}% ` +
          `(stored ${Math.round(afterStored * 100)}%); corrected half before: ${Math.round(firstBefore * 100)}%`,
      );
      expect(before).toBeLessThan(0.5);
      expect(after).toBeGreaterThanOrEqual(before + 0.25);
      expect(afterStored).toBe(after);
      expect(after).toBeGreaterThanOrEqual(0.6);
    } finally {
      await own.close();
    }
  });
});

describe("a layer learned on an older feature scheme", () => {
  it("is relearned from the stored corrections, in order, and stored by the next correction, the start-up upgrade or the backfill", async () => {
    const own = await createTestDb();
    try {
      const mod = await insertTestUser(own.deps, { role: "moderator" });
      const author = await insertTestUser(own.deps);
      const board = await insertTestBoard(own.deps);
      const posts = [];
      for (const [, title, body] of FIRST_HALF.slice(0, 6)) {
        own.clock.advance(60_000);
        posts.push(await askQuestion(own.deps, author, { board: board.slug, title, body: doc(body) }));
      }
      for (const [i, item] of FIRST_HALF.slice(0, 5).entries()) {
        await correctSentiment(own.deps, mod, posts[i]!.postId, { label: item[0] });
      }
      const storedModel = async () =>
        rowsOf(
          await own.db.execute(sql`select examples, model from sentiment_models where scope = 'community'`),
        )[0] as { examples: number; model: LearnedModel };
      const current = await storedModel();
      expect(current.model.version).toBe(MODEL_VERSION);
      // Replaying the corrections gives exactly the layer the clicks built.
      expect(await relearnFromCorrections(own.db)).toEqual(current.model);

      // An older deploy's layer: same corrections, word weights on another scale (here: a word that would flip
      // everything). It is not used as it stands…
      const old = {
        ...current.model,
        version: 1,
        weights: { ...current.model.weights, "w:ban": [9, -9, 0] },
      };
      await own.db.execute(sql`update sentiment_models set model = ${JSON.stringify(old)}::jsonb,
        updated_at = now() where scope = 'community'`);
      own.clock.advance(60_000);
      const analyzer = await analyzerFor(own.db, own.db, own.clock.now().getTime());
      expect(analyzer.model()).toEqual(current.model);
      // …and reading does not write.
      expect((await storedModel()).model.version).toBe(1);

      // The next correction starts from the relearned layer and learns its own post once.
      await correctSentiment(own.deps, mod, posts[5]!.postId, { label: FIRST_HALF[5]![0] });
      const next = await storedModel();
      expect(next.model.version).toBe(MODEL_VERSION);
      expect(Number(next.examples)).toBe(6);
      expect(next.model.examples).toBe(6);
      expect(next.model).toEqual(await relearnFromCorrections(own.db));

      // The start-up upgrade and the backfill store it too; a current layer is left alone.
      for (const upgrade of [
        () => upgradeSentimentModel(own.deps),
        () => backfillSentiment(own.deps).then(() => true),
      ]) {
        await own.db.execute(sql`update sentiment_models set model = ${JSON.stringify(old)}::jsonb,
          updated_at = now() + interval '1 second' where scope = 'community'`);
        expect(await upgrade()).toBe(true);
        expect((await storedModel()).model).toEqual(next.model);
      }
      expect(await upgradeSentimentModel(own.deps)).toBe(false);
    } finally {
      await own.close();
    }
  });
});
