/** The moderators' triage queue: page loader/action and JSON API, built from real services — PGlite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient as loggedIn } from "../support/http";
import { doc, insertTestBoard, insertTestUser } from "../factories";
import * as triagePage from "~/routes/mod.triage";
import * as triageApi from "~/routes/api.v1.mod.triage";
import { acceptAnswer, askQuestion, postReply } from "~/services/forum.server";
import type { TriageReason } from "~/domain/triage";
import { createI18n } from "~/i18n/config";
import { sql } from "drizzle-orm";
import { rowsOf } from "~/data/reputation.server";
import { findTriageFacts } from "~/data/triage.server";
import { triagePriority } from "~/domain/triage";
import { refreshRecentTriage } from "~/services/sentiment-backfill.server";

const HOUR = 3_600_000;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});

interface PageRow {
  threadId: number;
  title: string;
  score: number;
  assignee: string | null;
  mood: string;
  reasons: TriageReason[];
  questionPostId: number | null;
  questionLabel: string | null;
}
interface ApiRow {
  threadId: number;
  title: string;
  board: string;
  score: number;
  reasons: TriageReason[];
  assignee: string | null;
  mood: string;
}

/**
 * An angry refund complaint left unanswered for 30 h, a solved complaint of the same age, and a neutral how-to
 * asked 5 minutes ago, all on a fresh board.
 */
async function scenario() {
  const mod = await insertTestUser(t.deps, { role: "moderator" });
  const angryAuthor = await insertTestUser(t.deps);
  const calmAuthor = await insertTestUser(t.deps);
  const helper = await insertTestUser(t.deps);
  const board = await insertTestBoard(t.deps);
  // Earlier questions, so neither author is on their first post (that signal is tested in the domain).
  await askQuestion(t.deps, angryAuthor, {
    board: board.slug,
    title: "Where can I download my invoices?",
    body: doc("I need last year's invoices for my accountant."),
  });
  await askQuestion(t.deps, calmAuthor, {
    board: board.slug,
    title: "Which router model do you recommend?",
    body: doc("Looking for something for a small flat."),
  });
  const angry = await askQuestion(t.deps, angryAuthor, {
    board: board.slug,
    title: "Hoàn tiền ngay! Bị trừ tiền hai lần",
    body: doc("Tôi bị trừ tiền hai lần, quá tệ và thất vọng. I want a refund now, this is terrible."),
  });
  const solved = await askQuestion(t.deps, angryAuthor, {
    board: board.slug,
    title: "Refund for the double charge, this is awful",
    body: doc("Terrible: I was charged twice. I want a refund."),
  });
  const answer = await postReply(t.deps, helper, solved.threadId, {
    body: doc("Billing refunds double charges within 3 days; open a ticket with both receipts."),
  });
  await acceptAnswer(t.deps, angryAuthor, solved.threadId, { replyId: answer.postId });
  t.clock.advance(30 * HOUR - 5 * 60_000);
  const calm = await askQuestion(t.deps, calmAuthor, {
    board: board.slug,
    title: "How do I change my avatar?",
    body: doc("Where is the setting for the profile picture?"),
  });
  t.clock.advance(5 * 60_000);
  return { mod, angryAuthor, board, angry, solved, calm };
}

describe("triage queue", () => {
  it("ranks the angry, unanswered refund complaint above a fresh how-to and a solved thread, with reasons", async () => {
    const s = await scenario();
    const c = await loggedIn(s.mod.username);

    const page = await c.call(triagePage.loader, `/mod/triage?board=${s.board.slug}`);
    expect(page.status).toBe(200);
    const rows = (page.body as { threads: PageRow[]; board: string }).threads;
    expect((page.body as { board: string }).board).toBe(s.board.slug);
    const ids = rows.map((r) => r.threadId);
    expect(ids.indexOf(s.angry.threadId)).toBe(0);
    expect(ids.indexOf(s.calm.threadId)).toBeGreaterThan(0);
    // Solved threads leave the queue (triagePriority would also bring them down to almost nothing).
    expect(ids).not.toContain(s.solved.threadId);

    const angry = rows[0]!;
    const calm = rows.find((r) => r.threadId === s.calm.threadId)!;
    expect(angry.score).toBeGreaterThanOrEqual(40);
    expect(angry.score).toBeGreaterThan(calm.score + 30);
    expect(angry.mood).toBe("neg");
    expect(angry.reasons.length).toBeLessThanOrEqual(3);
    expect(angry.reasons.map((r) => r.code)).toEqual(["negative", "urgent_terms", "no_answer"]);
    expect(angry.reasons.find((r) => r.code === "no_answer")).toMatchObject({ hours: 30 });
    const urgent = angry.reasons.find((r) => r.code === "urgent_terms") as { terms: string[] };
    expect(urgent.terms).toEqual(expect.arrayContaining(["hoàn tiền", "refund"]));
    expect(calm.reasons).toEqual([]);
    expect(angry.questionPostId).toBe(s.angry.postId);
    expect(angry.questionLabel).toBe("neg");

    const api = await c.call(triageApi.loader, `/api/v1/mod/triage?board=${s.board.slug}`);
    expect(api.status).toBe(200);
    const apiRows = (api.body as { threads: ApiRow[] }).threads;
    expect(apiRows.map((r) => r.threadId)).toEqual(ids);
    expect(apiRows[0]).toMatchObject({
      threadId: s.angry.threadId,
      title: "Hoàn tiền ngay! Bị trừ tiền hai lần",
      board: s.board.slug,
      score: angry.score,
      assignee: null,
      mood: "neg",
    });
    // The API gives every reason, in order; the page shows the top three.
    expect(apiRows[0]!.reasons.slice(0, 3)).toEqual(angry.reasons);
    expect(apiRows[0]!.reasons.map((r) => r.code)).toContain("no_staff_response");
    expect(apiRows[0]!.reasons.reduce((sum, r) => sum + r.weight, 0)).toBe(angry.score);

    // Unknown board: 404 from the API; the page shows every board instead.
    expect((await c.call(triageApi.loader, "/api/v1/mod/triage?board=no-such-board")).status).toBe(404);
    const all = await c.call(triagePage.loader, "/mod/triage?board=no-such-board");
    expect((all.body as { board: string }).board).toBe("");
    const everywhere = (all.body as { threads: PageRow[] }).threads.map((r) => r.threadId);
    expect(everywhere).toEqual(expect.arrayContaining([s.angry.threadId, s.calm.threadId]));
    // Sorted by score at read time.
    const scores = (all.body as { threads: PageRow[] }).threads.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("“take it” assigns the thread to me; “mark handled” removes it; a sentiment correction sticks", async () => {
    const s = await scenario();
    const c = await loggedIn(s.mod.username);
    const url = `/mod/triage?board=${s.board.slug}`;

    // Without JavaScript: a redirect back to the same filter, with a confirmation.
    const take = await c.call(triagePage.action, url, {
      form: { intent: "take", threadId: String(s.angry.threadId) },
    });
    expect(take.status).toBe(302);
    expect(take.headers.get("Location")).toBe(`/mod/triage?board=${s.board.slug}&done=take`);
    let rows = ((await c.call(triagePage.loader, url)).body as { threads: PageRow[] }).threads;
    expect(rows.find((r) => r.threadId === s.angry.threadId)?.assignee).toBe(s.mod.username);
    const api = await c.call(triageApi.loader, `/api/v1/mod/triage?board=${s.board.slug}`);
    expect((api.body as { threads: ApiRow[] }).threads[0]).toMatchObject({
      threadId: s.angry.threadId,
      assignee: s.mod.username,
    });

    // A fetcher (JavaScript on) gets data instead of a redirect.
    const fix = await c.call(triagePage.action, url, {
      form: {
        intent: "sentiment",
        threadId: String(s.calm.threadId),
        postId: String(s.calm.postId),
        label: "neg",
        _js: "1",
      },
    });
    expect(fix.status).toBe(200);
    expect(fix.body).toMatchObject({ ok: true, intent: "sentiment" });
    rows = ((await c.call(triagePage.loader, url)).body as { threads: PageRow[] }).threads;
    expect(rows.find((r) => r.threadId === s.calm.threadId)).toMatchObject({
      questionLabel: "neg",
      mood: "neg",
    });

    const bad = await c.call(triagePage.action, url, {
      form: {
        intent: "sentiment",
        threadId: String(s.calm.threadId),
        postId: String(s.calm.postId),
        label: "angry",
      },
    });
    expect(bad.status).toBe(400);

    const handled = await c.call(triagePage.action, url, {
      form: { intent: "handled", threadId: String(s.angry.threadId), _js: "1" },
    });
    expect(handled.status).toBe(200);
    rows = ((await c.call(triagePage.loader, url)).body as { threads: PageRow[] }).threads;
    expect(rows.map((r) => r.threadId)).not.toContain(s.angry.threadId);
    expect(rows.map((r) => r.threadId)).toContain(s.calm.threadId);
    const apiAfter = await c.call(triageApi.loader, `/api/v1/mod/triage?board=${s.board.slug}`);
    expect((apiAfter.body as { threads: ApiRow[] }).threads.map((r) => r.threadId)).not.toContain(
      s.angry.threadId,
    );

    // Handling twice is a 404 (it already left the queue), shown as a form error.
    const again = await c.call(triagePage.action, url, {
      form: { intent: "handled", threadId: String(s.angry.threadId) },
    });
    expect(again.status).toBe(404);
    expect(
      (await c.call(triagePage.action, url, { form: { intent: "escalate", threadId: "1" } })).status,
    ).toBe(400);
  });

  it("reasons read as sentences in both languages", () => {
    const en = createI18n("en");
    const vi = createI18n("vi");
    const h30 = { duration: en.t("triage.hours", { count: 30 }) };
    expect(en.t("triageReason.no_answer", h30)).toBe("No answer for 30 h");
    expect(en.t("triageReason.no_staff_response", h30)).toBe("No staff response for 30 h");
    expect(vi.t("triageReason.no_answer", { duration: vi.t("triage.hours", { count: 30 }) })).toBe(
      "Chưa có trả lời sau 30 giờ",
    );
    expect(en.t("triageReason.urgent_terms", { terms: "hoàn tiền, refund" })).toBe(
      "Urgent words: hoàn tiền, refund",
    );
    expect(en.t("triageReason.negative", { neg: 2, total: 3 })).toBe("Negative: 2 of 3 posts negative");
    expect(vi.t("triageReason.negative", { neg: 2, total: 3 })).toBe("Tiêu cực: 2/3 bài viết tiêu cực");
    expect(en.t("triageReason.velocity", { count: 5 })).toBe("5 replies in the last hour");
    expect(vi.t("triageReason.velocity", { count: 5 })).toBe("5 trả lời trong giờ qua");
    for (const code of ["first_post", "at_risk_member", "escalated", "solved", "handled"]) {
      expect(en.t(`triageReason.${code}`)).not.toMatch(/^triageReason\./);
      expect(vi.t(`triageReason.${code}`)).not.toBe(en.t(`triageReason.${code}`));
    }
  });

  it("members get 403 on the page, its action and the API; anonymous visitors 401 on the API", async () => {
    const s = await scenario();
    const member = await loggedIn(s.angryAuthor.username);
    expect((await member.call(triagePage.loader, "/mod/triage")).status).toBe(403);
    const act = await member.call(triagePage.action, "/mod/triage", {
      form: { intent: "take", threadId: String(s.angry.threadId) },
    });
    expect(act.status).toBe(403);
    const handled = await member.call(triagePage.action, "/mod/triage", {
      form: { intent: "handled", threadId: String(s.angry.threadId), _js: "1" },
    });
    expect(handled.status).toBe(403);
    const api = await member.call(triageApi.loader, "/api/v1/mod/triage");
    expect(api.status).toBe(403);
    expect(api.body).toMatchObject({ error: { code: "staff_only" } });

    const anon = new Client();
    const anonApi = await anon.call(triageApi.loader, "/api/v1/mod/triage");
    expect(anonApi.status).toBe(401);
    expect(anonApi.body).toMatchObject({ error: { code: "login_required" } });
    const anonPage = await anon.call(triagePage.loader, "/mod/triage");
    expect(anonPage.status).toBe(302);
    expect(anonPage.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);

    // Nothing changed.
    const mod = await loggedIn(s.mod.username);
    const rows = (
      (await mod.call(triagePage.loader, `/mod/triage?board=${s.board.slug}`)).body as {
        threads: PageRow[];
      }
    ).threads;
    expect(rows.find((r) => r.threadId === s.angry.threadId)?.assignee).toBeNull();
  });
});

describe("view velocity", () => {
  it("thread views are buffered, flushed in one batch, and count in triage as views in the last hour", async () => {
    const { countThreadView, flushThreadViews } = await import("~/services/views.server");
    const { findTriageFacts } = await import("~/data/triage.server");
    const { insertTestBoard, insertTestThread, insertTestUser } = await import("../factories");
    const { createTestDb } = await import("../support/db");
    const db2 = await createTestDb();
    try {
      const board = await insertTestBoard(db2.deps);
      const q = await insertTestThread(db2.deps, await insertTestUser(db2.deps), board.slug);
      for (let i = 0; i < 250; i++) countThreadView(q.threadId, db2.clock.now());
      expect(await flushThreadViews(db2.deps)).toBe(1);
      expect(await flushThreadViews(db2.deps)).toBe(0);
      const [facts] = await findTriageFacts(db2.db, [q.threadId], db2.clock.now());
      expect(facts!.input.viewsLastHour).toBe(250);
      db2.clock.advance(3 * 3_600_000);
      const [later] = await findTriageFacts(db2.db, [q.threadId], db2.clock.now());
      expect(later!.input.viewsLastHour).toBe(0);
    } finally {
      await db2.close();
    }
  });
});

describe("stored scores refreshed as time passes", () => {
  it("refreshRecentTriage stores each open thread's current score and writes only the changed rows", async () => {
    const author = await insertTestUser(t.deps);
    const board = await insertTestBoard(t.deps);
    const asked: Awaited<ReturnType<typeof askQuestion>>[] = [];
    for (const title of ["Bị trừ tiền hai lần, hoàn tiền giúp tôi", "Router keeps dropping, refund?"]) {
      asked.push(
        await askQuestion(t.deps, author, { board: board.slug, title, body: doc(`${title}. Terrible.`) }),
      );
    }
    const stored = async () =>
      new Map(
        rowsOf(
          await t.db.execute(
            sql`select id, triage_score from threads where id in (${asked[0]!.threadId}, ${asked[1]!.threadId})`,
          ),
        ).map((r) => [Number(r.id), Number(r.triage_score)]),
      );
    const expected = async () =>
      new Map(
        (
          await findTriageFacts(
            t.db,
            asked.map((a) => a.threadId),
            t.clock.now(),
          )
        ).map((f) => [f.threadId, triagePriority(f.input, t.clock.now()).score]),
      );
    const before = await stored();
    // Two days without an answer: the time signals grow, and the refresher catches the stored scores up.
    t.clock.advance(48 * HOUR);
    const due = await expected();
    expect([...due.values()].every((v, i) => v > [...before.values()][i]!)).toBe(true);
    const refreshed = await refreshRecentTriage(t.deps, 30);
    expect(refreshed).toBeGreaterThanOrEqual(2);
    expect(await stored()).toEqual(due);
    // Nothing changed since: the second run rewrites no row (xmin stays).
    const xmin = async () =>
      rowsOf(
        await t.db.execute(
          sql`select xmin::text as x from threads where id in (${asked[0]!.threadId}, ${asked[1]!.threadId}) order by id`,
        ),
      ).map((r) => r.x);
    const versions = await xmin();
    await refreshRecentTriage(t.deps, 30);
    expect(await xmin()).toEqual(versions);
    expect(await stored()).toEqual(due);
  });
});
