/**
 * Full-text search and "similar threads" through the services, the JSON API and the page loader, on PGlite
 * (and on PostgreSQL when DATABASE_URL is set): folding both ways, phrases, stems, boosts, filters, keyset
 * pages, documents kept up to date on every write, hostile input and escaped snippets.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient } from "../support/http";
import { doc, insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import * as searchApi from "~/routes/api.v1.search";
import * as similarApi from "~/routes/api.v1.search.similar";
import * as searchPage from "~/routes/search";
import { acceptAnswer } from "~/services/forum.server";
import { deletePost, editPost } from "~/services/post-actions.server";
import { applyThreadTool } from "~/services/thread-tools.server";
import { backfillSearchDocs, search } from "~/services/search.server";
import { hasMissingSearchDocs } from "~/data/search.server";
import type { Actor } from "~/domain/forum";

let t: TestDb;
let asker: Actor & { username: string };
let helper: Actor & { username: string };
let mod: Actor & { username: string };
const ids = {} as Record<"vi" | "plain" | "apart" | "en" | "xss" | "solvedA" | "openA", number>;

const titles = (r: { results: { title: string }[] }) => r.results.map((x) => x.title);
const find = (q: string, extra: Record<string, string> = {}) => search(t.deps, { q, ...extra });

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  asker = await insertTestUser(t.deps);
  helper = await insertTestUser(t.deps);
  mod = await insertTestUser(t.deps, { role: "moderator" });
  await insertTestBoard(t.deps, { slug: "billing" });
  await insertTestBoard(t.deps, { slug: "devices" });
  const ask = async (key: keyof typeof ids, board: string, title: string, body: string) => {
    const r = await insertTestThread(t.deps, asker, board, { title, body: doc(body) });
    ids[key] = r.threadId;
    return r;
  };
  await ask(
    "vi",
    "billing",
    "Yêu cầu hoàn tiền cho đơn hàng",
    "Tôi muốn hoàn tiền vì tài khoản bị trừ hai lần.",
  );
  await ask(
    "plain",
    "billing",
    "Khong dang nhap duoc tai khoan",
    "Mat khau dung nhung tai khoan van bi khoa.",
  );
  await ask("apart", "devices", "Tiền điện thoại và hoàn cảnh", "Tiền sạc pin nhiều, hoàn cảnh khó khăn.");
  await ask("en", "devices", "Where is my refund for the broken charger", "The refund never arrived.");
  await ask(
    "xss",
    "devices",
    "Charger smoke question here",
    'Smoke <img src=x onerror="alert(1)"> <script>alert(2)</script>',
  );
  await insertTestReply(t.deps, helper, ids.en, "Refunds arrive within five business days.");
  await ask("solvedA", "devices", "Battery drains fast overnight", "Battery drains fast overnight.");
  await ask("openA", "devices", "Battery drains fast overnight too", "Battery drains fast overnight.");
  const fix = await insertTestReply(t.deps, helper, ids.solvedA, "Turn off background sync.");
  await acceptAnswer(t.deps, asker, ids.solvedA, { replyId: fix.postId });
});
afterAll(async () => {
  await t?.close();
});

describe("matching", () => {
  it("finds Vietnamese with or without diacritics, both ways", async () => {
    expect(titles(await find("hoan tien"))).toContain("Yêu cầu hoàn tiền cho đơn hàng");
    expect(titles(await find("HOÀN TIỀN"))).toContain("Yêu cầu hoàn tiền cho đơn hàng");
    expect(titles(await find("tài khoản"))).toContain("Khong dang nhap duoc tai khoan");
    expect(titles(await find("tai khoan"))).toContain("Yêu cầu hoàn tiền cho đơn hàng");
  });

  it("ranks the phrase above the same syllables apart", async () => {
    const r = await find("hoàn tiền");
    expect(titles(r).slice(0, 2)).toEqual(["Yêu cầu hoàn tiền cho đơn hàng", "Tiền điện thoại và hoàn cảnh"]);
    expect(r.results[0]!.score).toBeGreaterThan(r.results[1]!.score);
    // A quoted phrase is required.
    expect(titles(await find('"hoàn tiền"'))).toEqual(["Yêu cầu hoàn tiền cho đơn hàng"]);
  });

  it("stems English: refunds finds refund, refund finds refunds", async () => {
    expect(titles(await find("refunds"))).toContain("Where is my refund for the broken charger");
    expect(titles(await find("refunding"))).toContain("Where is my refund for the broken charger");
  });

  it("boosts a solved thread above an equal open one", async () => {
    const r = await find("battery drains");
    expect(r.results.map((x) => x.threadId).slice(0, 2)).toEqual([ids.solvedA, ids.openA]);
    expect(r.results[0]!.solved).toBe(true);
  });

  it("highlights as written and escapes what authors wrote", async () => {
    const r = await find("hoan tien");
    expect(r.results[0]!.snippetHtml).toContain("<mark>hoàn</mark> <mark>tiền</mark>");
    const x = await find("smoke");
    const html = x.results[0]!.snippetHtml;
    expect(html).toContain("<mark>Smoke</mark>");
    expect(html).not.toMatch(/<(?!\/?mark>)/);
    expect(html).toContain("&lt;script&gt;");
  });

  it("snippets come from the matching reply", async () => {
    const r = await find("business days");
    expect(r.results[0]!.threadId).toBe(ids.en);
    expect(r.results[0]!.snippetHtml).toContain("<mark>business</mark> <mark>days</mark>");
  });
});

describe("filters and pages", () => {
  it("board, solved, unanswered, author, tag, dates", async () => {
    expect(titles(await find("tien", { board: "billing" }))).toEqual(["Yêu cầu hoàn tiền cho đơn hàng"]);
    expect((await find("battery", { solved: "solved" })).results.map((x) => x.threadId)).toEqual([
      ids.solvedA,
    ]);
    expect((await find("battery", { solved: "open" })).results.map((x) => x.threadId)).toEqual([ids.openA]);
    expect((await find("battery", { solved: "unanswered" })).results.map((x) => x.threadId)).toEqual([
      ids.openA,
    ]);
    expect((await find("refund", { author: helper.username })).results).toEqual([]);
    expect((await find("refund", { author: asker.username })).results.length).toBe(1);
    expect((await find("refund", { tag: "nothing-tagged" })).results).toEqual([]);
    expect((await find("refund", { from: "2026-06-01", to: "2026-06-01" })).results.length).toBe(1);
    expect((await find("refund", { from: "2026-06-02" })).results).toEqual([]);
    await expect(find("refund", { board: "no-such-board" })).rejects.toMatchObject({
      fields: { board: "board_unknown" },
    });
  });

  it("keyset pages cover every hit once, by relevance and by newest", async () => {
    const board = await insertTestBoard(t.deps);
    for (let i = 0; i < 7; i++) {
      await insertTestThread(t.deps, asker, board.slug, {
        title: `Paging topic number ${i} zebra`,
        body: doc(i % 2 ? "zebra zebra stripes" : "one zebra"),
      });
      t.clock.advance(1000);
    }
    for (const sort of ["relevance", "newest"]) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r = await search(t.deps, { q: "zebra", sort, cursor }, { limit: 3 });
        seen.push(...r.results.map((x) => x.threadId));
        cursor = r.next;
        pages++;
      } while (cursor && pages < 10);
      expect(seen.length).toBe(7);
      expect(new Set(seen).size).toBe(7);
      expect(pages).toBe(3);
    }
  });
});

describe("documents follow every write", () => {
  it("edit, retitle, delete, merge, accept", async () => {
    const board = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, asker, board.slug, {
      title: "Printer prints blank pages",
      body: doc("Printer ink is full."),
    });
    const reply = await insertTestReply(t.deps, helper, q.threadId, "Clean the nozzle with alcohol.");
    expect(titles(await find("nozzle"))).toEqual(["Printer prints blank pages"]);
    // Edit the reply: the old word goes, the new one comes.
    await editPost(t.deps, helper, reply.postId, { body: doc("Reinstall the driver software.") });
    expect((await find("nozzle")).results).toEqual([]);
    expect(titles(await find("driver"))).toEqual(["Printer prints blank pages"]);
    // Retitle through the question edit.
    await editPost(t.deps, asker, q.postId, {
      body: doc("Printer ink is full."),
      title: "Máy in ra giấy trắng",
    });
    expect(titles(await find("may in giay trang"))).toEqual(["Máy in ra giấy trắng"]);
    // Delete the reply.
    await deletePost(t.deps, helper, reply.postId);
    expect(await find("driver")).toMatchObject({ results: [] });
    // Merge: the source's words are found in the target; the source is gone from results.
    const src = await insertTestThread(t.deps, asker, board.slug, {
      title: "Scanner jams with thick paper",
      body: doc("Cardstock jams the scanner."),
    });
    await applyThreadTool(t.deps, mod, src.threadId, { action: "merge", target: String(q.threadId) });
    expect((await find("cardstock")).results.map((x) => x.threadId)).toEqual([q.threadId]);
    expect((await find("scanner")).results.map((x) => x.threadId)).not.toContain(src.threadId);
    // Move: the board filter follows the thread.
    const dest = await insertTestBoard(t.deps);
    await applyThreadTool(t.deps, mod, q.threadId, { action: "move", board: dest.slug });
    expect((await find("cardstock", { board: dest.slug })).results.map((x) => x.threadId)).toEqual([
      q.threadId,
    ]);
    expect((await find("cardstock", { board: board.slug })).results).toEqual([]);
  });

  it("backfill writes missing documents and the start-up check sees it", async () => {
    await t.db.execute(sql`update threads set search_vector = null where id = ${ids.vi}`);
    await t.db.execute(sql`update posts set search_vector = null where thread_id = ${ids.vi}`);
    expect(await hasMissingSearchDocs(t.db)).toBe(true);
    expect((await find("hoan tien")).results.map((x) => x.threadId)).not.toContain(ids.vi);
    const n = await backfillSearchDocs(t.deps);
    expect(n).toEqual({ posts: 1, threads: 1 });
    expect(await hasMissingSearchDocs(t.db)).toBe(false);
    expect((await find("hoan tien")).results.map((x) => x.threadId)).toContain(ids.vi);
  });
});

describe("hostile input", () => {
  it.each([
    "&|!():*<>'\"\\",
    "a' | 'b",
    "x:* & !y <-> z",
    "'; drop table threads; --",
    "\\u0000",
    "(((((((((",
    "🙂🙂",
  ])("%j → no error", async (q) => {
    const r = await new Client().call(searchApi.loader, `/api/v1/search?q=${encodeURIComponent(q)}`);
    expect(r.status).toBe(200);
  });

  it("very long input → 400 with a field error; bad params → field errors", async () => {
    const c = new Client();
    const long = await c.call(searchApi.loader, `/api/v1/search?q=${"a".repeat(5000)}`);
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ error: { fields: { q: "query_too_long" } } });
    const bad = await c.call(searchApi.loader, "/api/v1/search?q=x&sort=best&solved=maybe&from=2026-13-01");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { fields: { sort: "sort_invalid", solved: "solved_invalid", from: "date_invalid" } },
    });
    const missing = await c.call(searchApi.loader, "/api/v1/search");
    expect(missing.status).toBe(400);
    const tampered = await c.call(searchApi.loader, "/api/v1/search?q=refund&cursor=%27%3B--");
    expect(tampered.status).toBe(200);
  });
});

describe("API and page", () => {
  it("GET /api/v1/search returns results and next", async () => {
    const r = await new Client().call(searchApi.loader, "/api/v1/search?q=hoan%20tien&board=billing");
    expect(r.status).toBe(200);
    const body = r.body as { results: Record<string, unknown>[]; next: string | null };
    expect(body.next).toBeNull();
    expect(body.results[0]).toMatchObject({
      threadId: ids.vi,
      title: "Yêu cầu hoàn tiền cho đơn hàng",
      solved: false,
    });
    expect(typeof body.results[0]!.score).toBe("number");
    expect(body.results[0]!.snippetHtml).toContain("<mark>");
  });

  it("GET /api/v1/search/similar suggests threads, solved first", async () => {
    const c = await loggedInClient(helper.username);
    const r = await c.call(
      similarApi.loader,
      `/api/v1/search/similar?title=${encodeURIComponent("My battery drains")}`,
    );
    expect(r.status).toBe(200);
    const list = (r.body as { threads: { threadId: number; solved: boolean }[] }).threads;
    expect(list[0]).toMatchObject({ threadId: ids.solvedA, solved: true });
    expect(list.map((x) => x.threadId)).toContain(ids.openA);
    expect(list.length).toBeLessThanOrEqual(5);
    const typing = await c.call(
      similarApi.loader,
      `/api/v1/search/similar?title=${encodeURIComponent("hoàn ti")}`,
    );
    expect((typing.body as { threads: { threadId: number }[] }).threads.map((x) => x.threadId)).toContain(
      ids.vi,
    );
    const junk = await c.call(
      similarApi.loader,
      `/api/v1/search/similar?title=${encodeURIComponent("'&|!")}`,
    );
    expect(junk.body).toEqual({ threads: [] });
  });

  it("the page loader returns results, keeps bad input with field errors", async () => {
    const c = new Client();
    const ok = await c.call(searchPage.loader, "/search?q=refund");
    expect(ok.status).toBe(200);
    expect(JSON.stringify(ok.body)).toContain("Where is my refund for the broken charger");
    const bad = await c.call(searchPage.loader, "/search?q=refund&from=nope");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      fields: { from: "date_invalid" },
      values: { q: "refund", from: "nope" },
    });
    const empty = await c.call(searchPage.loader, "/search");
    expect(empty.status).toBe(200);
  });
});
