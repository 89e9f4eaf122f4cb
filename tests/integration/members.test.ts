/**
 * The staff's member 360° view on a real database: a community built through the real services over 120
 * days lands in the right segments, the list filters and pages by segment and username, the CSV export holds
 * the filtered list with proper escaping, the member page's timeline has the right items newest first, and
 * members get 403 on every page and on the export.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient } from "../support/http";
import { doc, insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import * as listPage from "~/routes/mod.members._index";
import * as memberPage from "~/routes/mod.members.$username";
import * as csvExport from "~/routes/mod.members[.csv]";
import { listMembers, loadMember360 } from "~/services/members.server";
import { postReply, vote } from "~/services/forum.server";
import { flagPost } from "~/services/moderation.server";
import { escalateThread } from "~/services/escalation.server";
import { decideChampion } from "~/services/community.server";
import { correctSentiment } from "~/services/listening.server";
import type { Segment } from "~/domain/members";

type U = Awaited<ReturnType<typeof insertTestUser>>;
const DAY = 86_400_000;

let t: TestDb;
let admin: U;
let mod: U;
let boardSlug: string;
const m = {} as Record<
  "loyal" | "engaged" | "inactive" | "fresh" | "fewPosts" | "champion" | "atRisk" | "answered" | "dash",
  U
>;
let atRiskThread: number;
let staffClient: Client;
let memberClient: Client;

let seq = 0;
/** Neutral questions (the factory's default text reads as negative, which would make its author "at risk"). */
async function questions(u: U, n: number) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const th = await insertTestThread(t.deps, u, boardSlug, {
      title: `Where is the user guide for model ${++seq}?`,
      body: doc("I would like to read the user guide."),
    });
    ids.push(th.threadId);
  }
  return ids;
}

/** A member who joins now (by the test clock; users.created_at is the database's default, so set it as the seed does). */
async function member(reputation: number, username?: string) {
  const u = await insertTestUser(t.deps, { reputation, username });
  await t.db.execute(
    sql`update users set created_at = ${t.clock.now().toISOString()}::timestamptz where id = ${u.id}`,
  );
  return u;
}

/** A reply the scorer may label anything: a moderator's correction makes it negative for sure. */
async function negativeReply(u: U, threadId: number) {
  const r = await postReply(t.deps, u, threadId, {
    body: doc("Dịch vụ quá tệ, tôi rất thất vọng và bực mình. Terrible, I am furious."),
  });
  await correctSentiment(t.deps, admin, r.postId, { label: "neg" });
  return r.postId;
}

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  admin = await insertTestUser(t.deps, { role: "admin" });
  mod = await insertTestUser(t.deps, { role: "moderator" });
  boardSlug = (await insertTestBoard(t.deps)).slug;
  // Day 0: the established members join; reputation sets the list order (highest first).
  m.loyal = await member(900);
  m.engaged = await member(800);
  m.inactive = await member(700);
  m.fewPosts = await member(600);
  m.champion = await member(500);
  m.atRisk = await member(400);
  m.answered = await member(300);
  m.dash = await member(200, `-dash${Date.now().toString(36)}`);
  for (const u of [m.engaged, m.inactive, m.champion, m.answered, m.dash]) await questions(u, 3);
  atRiskThread = (await questions(m.atRisk, 3))[0]!;
  await questions(m.fewPosts, 1);
  await decideChampion(t.deps, admin, { username: m.champion.username, decision: "confirm" });
  const [shared] = await questions(admin, 1);
  // Days 29 … 120: the loyal member answers every week.
  t.clock.advance(29 * DAY);
  for (let day = 29; day <= 120; day += 7) {
    await insertTestReply(t.deps, m.loyal, shared!, `Week ${day}: try the reset button.`);
    if (day + 7 <= 120) t.clock.advance(7 * DAY);
  }
  // Now day 120 (the loop ended on it): a newcomer joins today.
  m.fresh = await member(1000);
  await questions(m.fresh, 1);
  // Recent activity: the engaged member replies; two members post negative replies, one gets a staff answer.
  await insertTestReply(t.deps, m.engaged, shared!, "Same here, fixed by a restart.");
  await negativeReply(m.atRisk, atRiskThread);
  await escalateThread(t.deps, admin, atRiskThread, { team: "technical", priority: "P2" });
  const answeredThread = (await questions(admin, 1))[0]!;
  await negativeReply(m.answered, answeredThread);
  t.clock.advance(60_000);
  await insertTestReply(t.deps, mod, answeredThread, "Sorry about that, we refunded you.");
  t.clock.advance(60_000);
  staffClient = await loggedInClient(mod.username);
  memberClient = await loggedInClient(m.engaged.username);
});
afterAll(async () => {
  await t?.close();
});

async function segmentsOf(segment: Segment | null) {
  const list = await listMembers(t.deps, { segment, q: null, cursor: null, limit: 100 });
  return new Map(list.rows.map((r) => [r.username, r.segment.segment]));
}

describe("segments", () => {
  it("puts each seeded member in the right segment", async () => {
    const all = await segmentsOf(null);
    expect(all.get(m.loyal.username)).toBe("loyal");
    expect(all.get(m.engaged.username)).toBe("engaged");
    expect(all.get(m.inactive.username)).toBe("inactive");
    expect(all.get(m.fresh.username)).toBe("new");
    expect(all.get(m.fewPosts.username)).toBe("new");
    expect(all.get(m.champion.username)).toBe("champion");
    expect(all.get(m.atRisk.username)).toBe("at_risk");
    // A negative post a moderator answered afterwards is not a risk; the member is simply engaged.
    expect(all.get(m.answered.username)).toBe("engaged");
    // Staff are not listed.
    expect(all.has(admin.username)).toBe(false);
    expect(all.has(mod.username)).toBe(false);
  });

  it("filters by segment, keeping the reputation order", async () => {
    for (const [segment, expected] of [
      ["at_risk", [m.atRisk]],
      ["champion", [m.champion]],
      ["loyal", [m.loyal]],
      ["new", [m.fresh, m.fewPosts]],
      ["inactive", [m.inactive, m.dash]],
      ["engaged", [m.engaged, m.answered]],
    ] as const) {
      const list = await listMembers(t.deps, { segment, q: null, cursor: null, limit: 25 });
      expect(
        list.rows.map((r) => r.username),
        segment,
      ).toEqual(expected.map((u) => u.username));
      expect(list.next).toBeNull();
    }
  });

  it("counts the facts shown in the list", async () => {
    const list = await listMembers(t.deps, { segment: "at_risk", q: null, cursor: null, limit: 25 });
    const row = list.rows[0]!;
    expect(row.negative14).toBe(1);
    expect(row.openEscalations).toBe(1);
    expect(row.segment).toEqual({ segment: "at_risk", negativeUnanswered: 1, days: 14 });
    expect(row.posts).toBe(4);
  });

  it("pages with a keyset cursor and searches by username prefix", async () => {
    const first = await listMembers(t.deps, { segment: null, q: null, cursor: null, limit: 3 });
    expect(first.rows.map((r) => r.username)).toEqual([m.fresh, m.loyal, m.engaged].map((u) => u.username));
    const second = await listMembers(t.deps, { segment: null, q: null, cursor: first.next, limit: 3 });
    expect(second.rows.map((r) => r.username)).toEqual(
      [m.inactive, m.fewPosts, m.champion].map((u) => u.username),
    );
    const prefix = m.dash.username.slice(0, 6).toUpperCase();
    const found = await listMembers(t.deps, { segment: null, q: prefix, cursor: null, limit: 10 });
    expect(found.rows.map((r) => r.username)).toEqual([m.dash.username]);
    // Text that cannot be a username matches nobody (and never reaches SQL as a pattern).
    expect((await listMembers(t.deps, { segment: null, q: "%", cursor: null, limit: 10 })).rows).toEqual([]);
  });

  it("stops at the scan budget and continues from there", async () => {
    // Each call may look at one candidate only: the page is short, and `next` continues the walk.
    const q = { segment: "engaged" as const, q: null, limit: 25, scanBudget: 1 };
    const first = await listMembers(t.deps, { ...q, cursor: null });
    expect(first).toMatchObject({ rows: [], partial: true, scanned: 1 }); // the loyal member came first
    const found: string[] = [];
    let cursor = first.next;
    let calls = 1;
    while (cursor && calls < 20) {
      const page = await listMembers(t.deps, { ...q, cursor });
      expect(page.scanned).toBeLessThanOrEqual(1);
      found.push(...page.rows.map((r) => r.username));
      cursor = page.next;
      calls++;
    }
    expect(cursor).toBeNull();
    expect(found).toEqual([m.engaged.username, m.answered.username]);
  });
});

describe("pages", () => {
  it("lists and filters on the page", async () => {
    const res = await staffClient.call(listPage.loader, "/mod/members?segment=at_risk");
    expect(res.status).toBe(200);
    const body = res.body as { rows: { username: string }[]; segment: string };
    expect(body.segment).toBe("at_risk");
    expect(body.rows.map((r) => r.username)).toEqual([m.atRisk.username]);
    // An unknown segment is ignored, not an error.
    const all = await staffClient.call(listPage.loader, "/mod/members?segment=vip&q=%25");
    expect(all.status).toBe(200);
  });

  it("exports the filtered list as CSV with escaping", async () => {
    const res = await staffClient.call(csvExport.loader, "/mod/members.csv?segment=inactive", {
      headers: { "Accept-Language": "en" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment; filename="lantern-members-inactive-/);
    const text = res.body as unknown as string;
    // (Response.text() drops the byte-order mark the file starts with.)
    const lines = text
      .replace(/^\uFEFF/, "")
      .split("\r\n")
      .filter(Boolean);
    expect(lines).toHaveLength(3); // header + two inactive members
    expect(lines[1]!.startsWith(`${m.inactive.username},`)).toBe(true);
    // A username starting with '-' is defused so a spreadsheet never runs it as a formula.
    expect(lines[2]!.startsWith(`'${m.dash.username},`)).toBe(true);
    expect(res.headers.get("X-Lantern-Truncated")).toBe("false");
  });

  it("quotes fields holding commas", async () => {
    const res = await staffClient.call(csvExport.loader, "/mod/members.csv?segment=loyal", {
      headers: { "Accept-Language": "en", Cookie: "" },
    });
    const text = res.body as unknown as string;
    // The loyal reason has a comma in English and in Vietnamese: it is one quoted field.
    expect(text).toMatch(/,"[^"]*,[^"]*",/);
  });

  it("shows a member's 360° view with the timeline newest first", async () => {
    // Fresh activity of the engaged member, a minute apart: vote, flag, then the escalation of their thread.
    const [their] = await questions(m.engaged, 1);
    t.clock.advance(60_000);
    const target = await insertTestReply(t.deps, m.loyal, their!, "Another idea.");
    t.clock.advance(60_000);
    await vote(t.deps, m.engaged, target.postId, { value: 1 });
    t.clock.advance(60_000);
    await flagPost(t.deps, m.engaged, target.postId, { reason: "off_topic" });
    t.clock.advance(60_000);
    await escalateThread(t.deps, admin, their!, { team: "technical", priority: "P3" });
    t.clock.advance(60_000);

    const res = await staffClient.call(memberPage.loader, `/mod/members/${m.engaged.username}`, {
      params: { username: m.engaged.username },
    });
    expect(res.status).toBe(200);
    const body = res.body as Awaited<ReturnType<typeof loadMember360>> & { timelineNext: string | null };
    expect(body.timeline.slice(0, 4).map((i) => i.kind)).toEqual(["escalation", "flag", "vote", "question"]);
    expect(body.timeline[0]!.threadId).toBe(their);
    expect(body.timeline[1]!.detail).toBe("off_topic");
    expect(body.timeline[2]!.detail).toBe("1");
    const at = body.timeline.map((i) => new Date(i.at).getTime());
    expect([...at].sort((a, b) => b - a)).toEqual(at);
    // 3 old questions + the recent reply + the new question, the vote, the flag, the escalation.
    expect(body.timeline).toHaveLength(8);
    expect(body.timeline.filter((i) => i.kind === "answer")).toHaveLength(1);
    expect(body.openEscalations.map((e) => e.threadId)).toEqual([their]);
    expect(body.member.segment.segment).toBe("engaged");
    expect(body.places.boards.map((b) => b.slug)).toEqual([boardSlug]);
    expect(body.sentiment.weeks).toHaveLength(12);
    expect(body.timelineNext).toBeNull();
  });

  it("pages the timeline with a cursor", async () => {
    const first = await loadMember360(t.deps, m.loyal.username);
    expect(first.timeline).toHaveLength(15); // 14 weekly answers + the vote-target reply
    const all = first.timeline.map((i) => `${i.kind}-${i.id}`);
    const cut = { at: first.timeline[4]!.at, rank: 1, id: first.timeline[4]!.id };
    const rest = await loadMember360(t.deps, m.loyal.username, { before: cut });
    expect(rest.timeline.map((i) => `${i.kind}-${i.id}`)).toEqual(all.slice(5));
  });

  it("shows the sentiment of the member's posts by week", async () => {
    const view = await loadMember360(t.deps, m.atRisk.username);
    const recent = view.sentiment.weeks[view.sentiment.weeks.length - 1]!;
    expect(recent.weeksAgo).toBe(0);
    expect(recent.neg).toBe(1);
    expect(view.sentiment.trend.totals.neg).toBe(1);
    expect(view.openEscalations).toHaveLength(1);
  });

  it("answers 404 for an unknown member", async () => {
    const res = await staffClient.call(memberPage.loader, "/mod/members/nobody_here", {
      params: { username: "nobody_here" },
    });
    expect(res.status).toBe(404);
  });

  it("refuses members (403) and sends anonymous visitors to log in", async () => {
    const calls = [
      [listPage.loader, "/mod/members", {}],
      [memberPage.loader, `/mod/members/${m.atRisk.username}`, { username: m.atRisk.username }],
      [csvExport.loader, "/mod/members.csv", {}],
    ] as const;
    for (const [handler, path, params] of calls) {
      expect((await memberClient.call(handler, path, { params })).status, path).toBe(403);
      const anon = await new Client().call(handler, path, { params });
      expect(anon.status).toBe(302);
      expect(anon.headers.get("Location")).toMatch(/^\/login/);
    }
  });
});

describe("cost", () => {
  it("reads a page's facts in one statement per batch (no query per member)", async () => {
    const statements: string[] = [];
    const db = t.db as unknown as { execute: (q: unknown) => Promise<unknown> };
    const original = db.execute.bind(db);
    db.execute = (q: unknown) => {
      statements.push("x");
      return original(q);
    };
    try {
      await listMembers(t.deps, { segment: null, q: null, cursor: null, limit: 25 });
    } finally {
      db.execute = original;
    }
    // One candidate scan + one facts statement, whatever the number of members on the page.
    expect(statements).toHaveLength(2);
    await t.db.execute(sql`select 1`);
  });
});
