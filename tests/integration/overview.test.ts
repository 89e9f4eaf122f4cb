/**
 * The moderators' command center (/mod, /api/v1/mod/overview, /api/v1/mod/alerts, /mod/export/:table): a small
 * community built through the real services over two weeks, then every figure checked by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { Client } from "../support/http";
import { doc, FACTORY_PASSWORD, insertTestUser } from "../factories";
import { insertBoard } from "~/data/boards.server";
import { insertAlert } from "~/data/listening.server";
import type { Overview } from "~/data/overview.server";
import { acceptAnswer, askQuestion, postReply } from "~/services/forum.server";
import type { Actor } from "~/domain/forum";
import * as loginPage from "~/routes/login";
import * as page from "~/routes/mod._index";
import * as overviewApi from "~/routes/api.v1.mod.overview";
import * as alertsApi from "~/routes/api.v1.mod.alerts";
import * as exportCsv from "~/routes/mod.export.$table";
import * as settingsPage from "~/routes/mod.settings";

const HOUR = 3_600_000;
const BOARD_X = {
  slug: "mang-internet",
  nameVi: 'Mạng, "Internet" & Wi‑Fi',
  nameEn: 'Network, "Internet" & Wi-Fi',
};
const BOARD_Y = { slug: "thanh-toan", nameVi: "Thanh toán và cước", nameEn: "Billing" };

let t: TestDb;
let mod: Actor & { username: string };
let member: Actor & { username: string };
const threads: Record<string, number> = {};

/** Moves the test clock to an instant (backwards too). */
function at(iso: string) {
  t.clock.advance(Date.parse(iso) - t.clock.now().getTime());
}

async function ask(author: Actor, board: string, title: string, body: string) {
  return (await askQuestion(t.deps, author, { board, title, body: doc(body) })).threadId;
}
async function reply(author: Actor, threadId: number, body: string) {
  return (await postReply(t.deps, author, threadId, { body: doc(body) })).postId;
}

async function loggedIn(username: string) {
  const c = new Client();
  const res = await c.call(loginPage.action, "/login", {
    form: { login: username, password: FACTORY_PASSWORD, redirectTo: "/mod" },
  });
  expect(res.status).toBe(302);
  return c;
}

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  at("2026-05-15T00:00:00Z");
  await insertBoard(t.db, BOARD_X);
  await insertBoard(t.db, BOARD_Y);
  const a = await insertTestUser(t.deps, { username: "an_khach" });
  const b = await insertTestUser(t.deps, { username: "binh_helper" });
  const c = await insertTestUser(t.deps, { username: "chris_angry" });
  const d = await insertTestUser(t.deps, { username: "dung_wifi" });
  mod = await insertTestUser(t.deps, { username: "mai_mod", role: "moderator" });
  member = await insertTestUser(t.deps, { username: "just_member" });

  // Previous 7-day period (brand days 19–25 May): one neutral question answered after 2 h.
  at("2026-05-20T03:00:00Z");
  threads.p1 = await ask(
    a,
    BOARD_X.slug,
    "Làm sao để đổi mật khẩu Wi-Fi?",
    "Mình muốn đổi mật khẩu cho modem.",
  );
  t.clock.advance(2 * HOUR);
  await reply(b, threads.p1, "Bạn vào trang quản trị 192.168.1.1 rồi chọn mục Wireless.");

  // Current period (26 May – 1 June).
  at("2026-05-30T02:00:00Z");
  threads.t1 = await ask(
    a,
    BOARD_X.slug,
    "Mất mạng 3 ngày rồi",
    "Tôi rất thất vọng, mất mạng 3 ngày không ai hỗ trợ, lừa đảo!",
  );
  t.clock.advance(HOUR);
  const modReply = await reply(mod, threads.t1, "Bạn thử khởi động lại modem xem.");
  t.clock.advance(2 * HOUR);
  await reply(a, threads.t1, "Cảm ơn bạn rất nhiều, đã sửa được, tuyệt vời!");
  t.clock.advance(HOUR);
  await acceptAnswer(t.deps, a, threads.t1, { replyId: modReply }); // solved 4 h after asking

  at("2026-05-31T01:00:00Z");
  threads.t2 = await ask(
    c,
    BOARD_X.slug,
    "Terrible service, I want a refund now",
    "Internet down again, terrible, refund please",
  );

  at("2026-06-01T02:00:00Z");
  threads.t3 = await ask(b, BOARD_Y.slug, "Great new app", "Thanks a lot, it works great now!");

  at("2026-06-01T05:00:00Z");
  threads.t4 = await ask(a, BOARD_X.slug, "Hỏi về gói cước 200Mbps", "Gói cước 200Mbps giá bao nhiêu?");
  t.clock.advance(10 * 60_000);
  await reply(mod, threads.t4, "Gói 200Mbps giá 250.000đ mỗi tháng.");

  at("2026-06-01T06:00:00Z");
  threads.t5 = await ask(
    d,
    BOARD_X.slug,
    "Wi-Fi rớt liên tục",
    "Wi-Fi rớt liên tục, mất mạng hoài, bực mình quá",
  );

  at("2026-06-01T07:00:00Z");
  await reply(b, threads.t2, "Try restarting the modem."); // first answer 30 h after asking
  at("2026-06-01T07:30:00Z");
  await reply(c, threads.t2, "Tổng đài không ai nghe máy, mất mạng cả ngày, quá tệ");

  at("2026-06-01T08:00:00Z"); // now: 15:00 on 1 June, Vietnam time
});

afterAll(async () => {
  await t?.close();
});

/** Calls the export loader directly, for the Response itself (its bytes). */
async function rawExport(c: Client, path: string, table: string): Promise<Response> {
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const request = new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
  return exportCsv.loader({ request, params: { table }, context: {} });
}

async function overview(c: Client, query: string) {
  const res = await c.call(overviewApi.loader, `/api/v1/mod/overview${query}`);
  expect(res.status).toBe(200);
  return res.body as unknown as Overview;
}

describe("command center figures", () => {
  it("7 days, all boards: volume, answers, response times and sentiment, with the previous period", async () => {
    const o = await overview(await loggedIn(mod.username), "?period=7d");
    expect(o.window).toMatchObject({ fromDay: "2026-05-26", toDay: "2026-06-01" });
    expect(o.previousWindow).toMatchObject({ fromDay: "2026-05-19", toDay: "2026-05-25" });
    expect(o.window.from).toBe("2026-05-25T17:00:00.000Z"); // midnight 26 May in Vietnam

    const c = o.current;
    expect(c.threads).toBe(5);
    expect(c.replies).toBe(5);
    expect(c.activeMembers).toBe(5); // an, binh, chris, dung, mai (community-wide)
    expect(c.answeredWithin24h).toBe(2); // t1 (1 h) and t4 (10 min); t2 waited 30 h
    expect(c.answeredWithin24hShare).toBeCloseTo(2 / 5, 10);
    expect(c.resolved).toBe(1);
    expect(c.resolutionRate).toBeCloseTo(1 / 5, 10);
    // Means from the rollup: (3600 + 108000 + 600) / 3; medians from the threads themselves.
    expect(c.firstResponse).toEqual({ count: 3, meanSeconds: 37_400, medianSeconds: 3_600, medianOf: 3 });
    expect(c.resolution).toEqual({ count: 1, meanSeconds: 14_400, medianSeconds: 14_400, medianOf: 1 });
    expect(c.medianSample).toEqual({ size: 5, sampled: false });
    // The moderator's two (neutral) replies are not scored: the mood is the members' (ADR 023).
    expect(c.sentiment).toMatchObject({ pos: 2, neu: 2, neg: 4, total: 8 });
    // Every member's post is counted once in the hourly rollup: questions + replies − the moderator's 2.
    expect(c.sentiment.total).toBe(c.threads + c.replies - 2);
    expect(c.sentiment.net).toBeCloseTo(-25, 10);
    expect(c.sentiment.negShare).toBeCloseTo(0.5, 10);

    const p = o.previous;
    expect(p).toMatchObject({ threads: 1, replies: 1, activeMembers: 2, answeredWithin24h: 1, resolved: 0 });
    expect(p.answeredWithin24hShare).toBe(1);
    expect(p.resolutionRate).toBe(0);
    expect(p.firstResponse).toEqual({ count: 1, meanSeconds: 7_200, medianSeconds: 7_200, medianOf: 1 });
    expect(p.resolution.meanSeconds).toBeNull();
    expect(p.sentiment).toMatchObject({ pos: 0, neu: 2, neg: 0, total: 2, net: 0 });

    // Charts: one point per day of the period, the days summing to the totals.
    expect(o.volume.map((v) => v.key)).toEqual([
      "2026-05-26",
      "2026-05-27",
      "2026-05-28",
      "2026-05-29",
      "2026-05-30",
      "2026-05-31",
      "2026-06-01",
    ]);
    // May 30 also had the moderator's reply: not scored (ADR 023).
    expect(o.volume.find((v) => v.key === "2026-05-30")).toMatchObject({ pos: 1, neu: 0, neg: 1 });
    expect(o.volume.reduce((s, v) => s + v.neg, 0)).toBe(4);
    const may31 = o.response.find((r) => r.day === "2026-05-31")!;
    expect(may31).toMatchObject({ threads: 1, firstResponseCount: 1, firstResponseMeanSeconds: 108_000 });
    expect(o.response.find((r) => r.day === "2026-05-30")).toMatchObject({
      resolvedCount: 1,
      resolutionMeanSeconds: 14_400,
    });
    expect(o.escalations).toEqual({ configured: true, open: 0, overdue: 0 });
  });

  it("one board: the same figures restricted to it, and at-risk boards with their reasons", async () => {
    const o = await overview(await loggedIn(mod.username), `?period=7d&board=${BOARD_X.slug}`);
    expect(o.board).toEqual(BOARD_X);
    const c = o.current;
    expect(c).toMatchObject({ threads: 4, replies: 5, answeredWithin24h: 2, resolved: 1 });
    expect(c.answeredWithin24hShare).toBe(0.5);
    expect(c.resolutionRate).toBe(0.25);
    expect(c.firstResponse.meanSeconds).toBe(37_400);
    expect(c.firstResponse.medianSeconds).toBe(3_600);
    expect(c.sentiment).toMatchObject({ pos: 1, neu: 2, neg: 4, total: 7 }); // without the moderator's 2
    expect(c.sentiment.net).toBeCloseTo(-300 / 7, 10);
    expect(o.previous).toMatchObject({ threads: 1, replies: 1 });

    const x = o.boards.find((b) => b.slug === BOARD_X.slug)!;
    const y = o.boards.find((b) => b.slug === BOARD_Y.slug)!;
    // Scored posts: the moderator's two replies on this board are not (ADR 023).
    expect(x).toMatchObject({ posts: 7, negative: 4, previousPosts: 2, previousNegShare: 0, atRisk: true });
    expect(x.reasons).toEqual(["high_negative", "rising_negative"]);
    expect(y).toMatchObject({ posts: 1, atRisk: false, reasons: [] });
    expect(o.boards[0]!.slug).toBe(BOARD_X.slug); // at-risk boards first

    const billing = await overview(await loggedIn(mod.username), `?period=7d&board=${BOARD_Y.slug}`);
    expect(billing.current).toMatchObject({ threads: 1, replies: 0, answeredWithin24h: 0 });
    expect(billing.current.sentiment).toMatchObject({ pos: 1, neu: 0, neg: 0 });
    expect(billing.current.firstResponse.medianSeconds).toBeNull();
  });

  it("24 hours: sentiment by the hour over exactly 24 h, daily figures over yesterday and today", async () => {
    const o = await overview(await loggedIn(mod.username), "?period=24h");
    expect(o.bucket).toBe("hour");
    expect(o.window).toEqual({
      from: "2026-05-31T09:00:00.000Z",
      to: "2026-06-01T09:00:00.000Z",
      fromDay: "2026-05-31",
      toDay: "2026-06-01",
    });
    expect(o.volume).toHaveLength(24);
    // t3, t4 (its reply is the moderator's: not scored), t5, t2's two replies (t2 itself was asked 31 h ago).
    expect(o.current.sentiment).toMatchObject({ pos: 1, neu: 2, neg: 2, total: 5 });
    expect(o.current).toMatchObject({ threads: 4, replies: 3 });
    expect(o.previous.sentiment).toMatchObject({ neg: 1, total: 1 }); // t2's question
  });

  it("rising issues: terms rising in negative posts, with the threads that use them", async () => {
    const o = await overview(await loggedIn(mod.username), "?period=7d");
    const term = o.risingIssues.find((r) => r.term === "mất mạng");
    expect(term).toMatchObject({ count: 3, previousCount: 0 });
    expect(term!.threads.map((th) => th.id).sort()).toEqual([threads.t1, threads.t2, threads.t5].sort());
  });

  it("rising issues leave out the terms moderators hide (settings: staff only, bad input kept with its error)", async () => {
    const staff = await loggedIn(mod.username);
    const before = await overview(staff, "?period=7d");
    expect(before.risingIgnored).toEqual([]);
    expect(before.risingIssues.map((r) => r.term)).toContain("mất mạng");

    // A member may not change it.
    const refused = await (
      await loggedIn(member.username)
    ).call(settingsPage.action, "/mod/settings", {
      form: { intent: "risingTerms", ignoredTerms: "mất mạng" },
    });
    expect(refused.status).toBe(403);
    // A term that can never be a rising issue: an error on the field, the text kept, nothing stored.
    const bad = await staff.call(settingsPage.action, "/mod/settings", {
      form: { intent: "risingTerms", ignoredTerms: "mat mang\n2026" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { fields: { ignoredTerms: "ignored_term_invalid" } },
      values: { ignoredTerms: "mat mang\n2026" },
    });
    expect((await overview(staff, "?period=7d")).risingIgnored).toEqual([]);

    // Typed without diacritics, it still hides the accented term.
    const ok = await staff.call(settingsPage.action, "/mod/settings", {
      form: { intent: "risingTerms", ignoredTerms: "mat mang" },
    });
    expect(ok.status).toBe(302);
    const after = await overview(staff, "?period=7d");
    expect(after.risingIgnored).toEqual(["mat mang"]);
    expect(after.risingIssues.map((r) => r.term)).not.toContain("mất mạng");
    const settings = (await staff.call(settingsPage.loader, "/mod/settings")).body as {
      ignoredTerms: string[];
    };
    expect(settings.ignoredTerms).toEqual(["mat mang"]);

    const cleared = await staff.call(settingsPage.action, "/mod/settings", {
      form: { intent: "risingTerms", ignoredTerms: "" },
    });
    expect(cleared.status).toBe(302);
    expect((await overview(staff, "?period=7d")).risingIssues).toEqual(before.risingIssues);
  });

  it("top of the triage queue: at most 5 open threads, most urgent first, each with reasons", async () => {
    const o = await overview(await loggedIn(mod.username), "?period=7d");
    expect(o.triage.length).toBeGreaterThan(0);
    expect(o.triage.length).toBeLessThanOrEqual(5);
    const scores = o.triage.map((x) => x.score);
    expect(scores).toEqual([...scores].sort((p, q) => q - p));
    expect(o.triage.map((x) => x.threadId)).not.toContain(threads.t1); // solved
    for (const x of o.triage) {
      expect(x.score).toBeGreaterThan(0);
      expect(x.reasons.length).toBeGreaterThan(0);
    }
    // t5: negative, urgent words, nobody has answered yet.
    expect(o.triage.map((x) => x.threadId)).toContain(threads.t5);
  });
});

describe("access", () => {
  it("API: anonymous 401, member 403, bad period 400, unknown board 404", async () => {
    const anon = await new Client().call(overviewApi.loader, "/api/v1/mod/overview?period=7d");
    expect(anon.status).toBe(401);
    const asMember = await loggedIn(member.username);
    const forbidden = await asMember.call(overviewApi.loader, "/api/v1/mod/overview?period=7d");
    expect(forbidden).toMatchObject({ status: 403, body: { error: { code: "staff_only" } } });
    expect((await asMember.call(alertsApi.loader, "/api/v1/mod/alerts")).status).toBe(403);
    expect((await new Client().call(alertsApi.loader, "/api/v1/mod/alerts")).status).toBe(401);
    const asMod = await loggedIn(mod.username);
    expect((await asMod.call(overviewApi.loader, "/api/v1/mod/overview?period=1y")).status).toBe(400);
    expect((await asMod.call(overviewApi.loader, "/api/v1/mod/overview?board=nope")).status).toBe(404);
    expect((await asMod.call(alertsApi.loader, "/api/v1/mod/alerts?status=maybe")).status).toBe(400);
  });

  it("page and export: member 403, anonymous sent to log in, moderator sees the page", async () => {
    const asMember = await loggedIn(member.username);
    expect((await asMember.call(page.loader, "/mod")).status).toBe(403);
    expect((await asMember.call(page.action, "/mod", { form: { intent: "close-alert" } })).status).toBe(403);
    expect(
      (await asMember.call(exportCsv.loader, "/mod/export/summary", { params: { table: "summary" } })).status,
    ).toBe(403);
    const anon = await new Client().call(page.loader, "/mod?period=30d");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/mod?period=30d")}`);

    const ok = await (await loggedIn(mod.username)).call(page.loader, "/mod?period=30d&board=unknown");
    expect(ok.status).toBe(200);
    const body = ok.body as unknown as { overview: Overview; boards: { slug: string }[] };
    expect(body.overview.period).toBe("30d");
    expect(body.overview.board).toBeNull(); // an unknown board shows every board
    expect(body.overview.current.threads).toBe(6); // p1 is inside 30 days
    expect(body.boards.map((b) => b.slug)).toEqual(expect.arrayContaining([BOARD_X.slug, BOARD_Y.slug]));
  });
});

describe("alerts", () => {
  it("closing needs a note; the note is kept and the alert moves to closed", async () => {
    const id = await t.db.transaction((tx) =>
      insertAlert(tx, {
        boardId: 0,
        window: "hour",
        raisedAt: new Date("2026-06-01T07:45:00Z"),
        updatedAt: new Date("2026-06-01T07:45:00Z"),
        peakCount: 9,
        baseline: 1.5,
        threadIds: [threads.t2!, threads.t5!],
        terms: ["mất mạng"],
      }),
    );
    const c = await loggedIn(mod.username);
    const open = await c.call(alertsApi.loader, "/api/v1/mod/alerts?status=open");
    const mine = (
      open.body as unknown as { alerts: { id: number; threads: { id: number; title: string }[] }[] }
    ).alerts;
    expect(mine.find((a) => a.id === id)?.threads.map((th) => th.id)).toEqual([threads.t2, threads.t5]);
    const o = await overview(c, "?period=7d");
    expect(o.alerts.find((a) => a.id === id)).toMatchObject({
      board: null,
      peakCount: 9,
      terms: ["mất mạng"],
    });

    const empty = await c.call(page.action, "/mod?index", {
      form: { intent: "close-alert", alertId: String(id), note: "   ", period: "7d", board: "" },
    });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ ok: false, error: { fields: { note: "alert_note_required" } } });

    const note = 'Đã gọi lại khách, "đứt cáp" ở Q.3,\nđã đăng thông báo';
    const done = await c.call(page.action, "/mod?index", {
      form: { intent: "close-alert", alertId: String(id), note, period: "24h", board: BOARD_X.slug },
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/mod?period=24h&board=${BOARD_X.slug}&closed=1#alerts`);
    const again = await c.call(page.action, "/mod?index", {
      form: { intent: "close-alert", alertId: String(id), note: "twice", period: "7d", board: "" },
    });
    expect(again.status).toBe(404);

    const closed = await c.call(alertsApi.loader, "/api/v1/mod/alerts?status=closed");
    expect(
      (closed.body as unknown as { alerts: { id: number; note: string; closedBy: string }[] }).alerts.find(
        (a) => a.id === id,
      ),
    ).toMatchObject({ note, closedBy: mod.username });
    expect((await overview(c, "?period=7d")).alerts.map((a) => a.id)).not.toContain(id);

    // The export keeps the note intact: quotes doubled, the comma and the line break inside one quoted field.
    const csv = await c.call(exportCsv.loader, "/mod/export/alerts?period=7d", {
      params: { table: "alerts" },
    });
    expect(csv.status).toBe(200);
    expect(String(csv.body)).toContain('"Đã gọi lại khách, ""đứt cáp"" ở Q.3,\nđã đăng thông báo"');
  });
});

describe("CSV export", () => {
  it("escapes fields (RFC 4180), starts with a BOM and keeps Vietnamese board names", async () => {
    const c = await loggedIn(mod.username);
    const res = await c.call(exportCsv.loader, "/mod/export/boards?period=7d", {
      params: { table: "boards" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="lantern-boards-7d-all-2026-06-01\.csv"/,
    );
    // The raw bytes: a BOM first (decoding the body as text would hide it).
    const bytes = new Uint8Array(
      await (await rawExport(c, "/mod/export/boards?period=7d", "boards")).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const lines = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(
      "Chuyên mục,Mã,Bài của thành viên,Tỷ lệ tiêu cực (%),Tỷ lệ tiêu cực kỳ trước (%),Chưa trả lời quá 24 giờ,Cần chú ý,Lý do",
    );
    // The Vietnamese name holds a comma and quotes: quoted, quotes doubled.
    expect(lines[1]).toBe(
      '"Mạng, ""Internet"" & Wi‑Fi",mang-internet,7,57.1,0,0,có,Tỷ lệ tiêu cực cao; Tỷ lệ tiêu cực đang tăng',
    );
    expect(lines.at(-1)).toBe(""); // CRLF after the last row

    c.cookies.set("lantern_lang", "en");
    const en = await c.call(exportCsv.loader, "/mod/export/summary?period=7d&board=mang-internet", {
      params: { table: "summary" },
    });
    c.cookies.delete("lantern_lang");
    const summary = String(en.body)
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(summary[0]).toBe(
      "Metric,This period (2026-05-26 – 2026-06-01),Previous period (2026-05-19 – 2026-05-25)",
    );
    expect(summary).toContain("Questions asked,4,1");
    expect(summary).toContain('"Time to first response, mean (hours)",10.39,2');
    expect(summary).toContain("Net sentiment (points),-42.9,0");

    expect((await c.call(exportCsv.loader, "/mod/export/users", { params: { table: "users" } })).status).toBe(
      404,
    );
  });

  it("csvField: quotes only when needed and defuses spreadsheet formulas", () => {
    expect(exportCsv.csvField("plain")).toBe("plain");
    expect(exportCsv.csvField('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    expect(exportCsv.csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(exportCsv.csvField(-3.5)).toBe("-3.5");
    expect(exportCsv.csvField(null)).toBe("");
    expect(exportCsv.toCsv([["a", 1]])).toBe("\uFEFFa,1\r\n");
  });
});

describe("active members", () => {
  it("past days are counted once and kept; today's activity still shows at once", async () => {
    const c = await loggedIn(mod.username);
    const before = await overview(c, "?period=30d");
    await reply(member, threads.t3!, "Cảm ơn, mình cũng dùng bản mới thấy ổn."); // first activity of this member
    const after = await overview(c, "?period=30d");
    expect(after.current.activeMembers).toBe(before.current.activeMembers + 1);
    expect(after.previous.activeMembers).toBe(before.previous.activeMembers);
    expect(after.current.replies).toBe(before.current.replies + 1);
  });
});
