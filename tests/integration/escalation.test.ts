/** Escalation to internal teams: the workflow with an injected clock, notes kept internal, incidents suggested. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient as loggedIn } from "../support/http";
import { doc, insertTestBoard, insertTestThread, insertTestUser } from "../factories";
import * as threadPage from "~/routes/t.$threadId";
import * as threadApi from "~/routes/api.v1.threads.$id";
import {
  addMemberToTeam,
  escalateThread,
  linkThreadToEscalation,
  similarIncidentsForThread,
  updateEscalation,
} from "~/services/escalation.server";
import {
  countActiveEscalations,
  escalationTimes,
  findTeam,
  findThreadEscalation,
  getEscalationDetail,
  listEscalations,
  listIncidents,
} from "~/data/escalations.server";
import { findTriageFacts } from "~/data/triage.server";
import { loadOverview } from "~/data/overview.server";
import { incidentQueryTerms } from "~/domain/moderation";
import { rowsOf } from "~/data/reputation.server";

const HOUR = 3_600_000;
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});

async function staffSetup() {
  const admin = await insertTestUser(t.deps, { role: "admin" });
  const mod = await insertTestUser(t.deps, { role: "moderator" });
  const member = await insertTestUser(t.deps);
  const board = await insertTestBoard(t.deps);
  const billing = (await findTeam(t.db, { slug: "billing" }))!;
  const technical = (await findTeam(t.db, { slug: "technical" }))!;
  await addMemberToTeam(t.deps, admin, billing.id, { username: mod.username });
  return { admin, mod, member, board, billing, technical };
}

const outboxEvents = async (escalationId: number) =>
  rowsOf(
    await t.db.execute(
      sql`select event, payload from outbox where (payload->'escalation'->>'id')::bigint = ${escalationId} order by id`,
    ),
  ) as { event: string; payload: { escalation: Record<string, unknown> } }[];

const auditActions = async (escalationId: number) =>
  rowsOf(
    await t.db.execute(
      sql`select action from audit_log where target_type = 'escalation' and target_id = ${String(escalationId)} order by id`,
    ),
  ).map((r) => r.action);

describe("escalation workflow", () => {
  it("due time per priority, overdue, first response, resolution — with events, audit and outbox", async () => {
    const s = await staffSetup();
    // Another thread first, so this thread's id and its escalation's differ (a query mixing them up shows).
    await insertTestThread(t.deps, s.member, s.board.slug);
    const thread = await insertTestThread(t.deps, s.member, s.board.slug, {
      title: "Charged twice for my subscription",
    });
    const start = t.clock.now();

    const e = await escalateThread(t.deps, s.mod, thread.threadId, {
      team: "billing",
      priority: "P1",
      assignee: s.mod.username,
    });
    expect(e.status).toBe("open");
    expect(e.id).not.toBe(thread.threadId);
    expect(e.dueAt.getTime() - start.getTime()).toBe(4 * HOUR);

    // The thread now carries it, triage sees it as escalated, the command center counts it.
    const view = await findThreadEscalation(t.db, thread.threadId, false);
    expect(view).toMatchObject({ teamOnIt: true, active: null, resolution: null });
    const [facts] = await findTriageFacts(t.db, [thread.threadId], t.clock.now());
    expect(facts!.input.escalated).toBe(true);
    const before = await countActiveEscalations(t.db, t.clock.now());

    // A second escalation of the same thread is a conflict.
    await expect(
      escalateThread(t.deps, s.mod, thread.threadId, { team: "technical", priority: 2 }),
    ).rejects.toMatchObject({ kind: "conflict", code: "escalation_exists" });

    // Re-routing is not a response; 5 h later it is overdue.
    t.clock.advance(HOUR);
    const r1 = await updateEscalation(t.deps, s.mod, e.id, { priority: "P2" });
    expect(r1.firstResponseAt).toBeNull();
    // P2: 24 h from the same start.
    expect(r1.dueAt.getTime() - start.getTime()).toBe(24 * HOUR);
    await updateEscalation(t.deps, s.mod, e.id, { priority: "P1" });
    t.clock.advance(4 * HOUR);
    const after = await countActiveEscalations(t.db, t.clock.now());
    expect(after.overdue - before.overdue).toBe(1);
    // The command center shows the same figures.
    const o = await loadOverview(t.db, { period: "7d", board: null, now: t.clock.now() });
    expect(o.escalations).toEqual({ configured: true, ...after });
    const board = await listEscalations(t.db, { statuses: ["open"], teamId: s.billing.id }, null, 50);
    expect(board.rows.map((r) => r.id)).toContain(e.id);

    // The first note is the first staff response (5 h after opening).
    await updateEscalation(t.deps, s.mod, e.id, { note: "Mã giao dịch trùng ở cổng thanh toán" });
    const withNote = await getEscalationDetail(t.db, e.id);
    expect(withNote!.firstResponseAt!.getTime() - start.getTime()).toBe(5 * HOUR);

    await updateEscalation(t.deps, s.mod, e.id, { status: "in_progress" });
    t.clock.advance(HOUR);
    const resolved = await updateEscalation(t.deps, s.mod, e.id, {
      status: "resolved",
      resolutionSummary: "Billing refunded the duplicate charge; the payment gateway bug is fixed.",
      resolutionPublic: true,
    });
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt!.getTime() - start.getTime()).toBe(6 * HOUR);
    // Closed: the thread has no active escalation any more, and shows the published summary.
    const closedView = await findThreadEscalation(t.db, thread.threadId, false);
    expect(closedView).toMatchObject({
      teamOnIt: false,
      resolution: { summary: "Billing refunded the duplicate charge; the payment gateway bug is fixed." },
    });
    expect(closedView!.resolution!.resolvedAt).toEqual(resolved.resolvedAt);
    const [facts2] = await findTriageFacts(t.db, [thread.threadId], t.clock.now());
    expect(facts2!.input.escalated).toBe(false);

    // Who and when, for every change.
    const detail = (await getEscalationDetail(t.db, e.id))!;
    expect(detail.events.map((x) => [x.kind, x.fromValue, x.toValue])).toEqual([
      ["created", null, "billing P1"],
      ["assignee", null, s.mod.username],
      ["priority", "P1", "P2"],
      ["priority", "P2", "P1"],
      ["note", null, null],
      ["status", "open", "in_progress"],
      ["status", "in_progress", "resolved"],
      ["resolution", null, "written"],
      ["resolution", "internal", "public"],
    ]);
    expect(detail.events.every((x) => x.actor === s.mod.username || x.actor === s.mod.username)).toBe(true);
    expect(await auditActions(e.id)).toEqual([
      "escalation.create",
      "escalation.priority",
      "escalation.priority",
      "escalation.note",
      "escalation.status",
      "escalation.status",
      "escalation.resolution",
      "escalation.publish",
    ]);
    const events = await outboxEvents(e.id);
    expect(events.map((x) => x.event)).toEqual([
      "escalation.created",
      "escalation.updated",
      "escalation.updated",
      "escalation.updated",
      "escalation.updated",
      "escalation.resolved",
    ]);
    // Webhook payloads never carry internal notes.
    expect(JSON.stringify(events)).not.toContain("Mã giao dịch");

    // Medians for the board (30 days): first response 5 h, resolution 6 h.
    const times = await escalationTimes(t.db, new Date(start.getTime() - HOUR));
    expect(times.firstResponse.medianSeconds).toBe(5 * 3600);
    expect(times.resolution.medianSeconds).toBe(6 * 3600);

    // Reopening: a fresh SLA from now, the thread is escalated again.
    const reopened = await updateEscalation(t.deps, s.mod, e.id, { status: "open" });
    expect(reopened.resolvedAt).toBeNull();
    expect(reopened.dueAt.getTime() - t.clock.now().getTime()).toBe(4 * HOUR);
    expect((await findThreadEscalation(t.db, thread.threadId, false))!.teamOnIt).toBe(true);
    await updateEscalation(t.deps, s.mod, e.id, { status: "wont_fix" });
    expect((await findThreadEscalation(t.db, thread.threadId, false))!.teamOnIt).toBe(false);
  });

  it("rejects bad input with field errors and disallowed transitions", async () => {
    const s = await staffSetup();
    const thread = await insertTestThread(t.deps, s.member, s.board.slug);
    await expect(
      escalateThread(t.deps, s.mod, thread.threadId, { team: "nope", priority: "P1" }),
    ).rejects.toMatchObject({
      kind: "invalid",
      fields: { team: "escalation_team" },
    });
    await expect(
      escalateThread(t.deps, s.mod, thread.threadId, { team: "billing", priority: "P9" }),
    ).rejects.toMatchObject({
      kind: "invalid",
      fields: { priority: "escalation_priority" },
    });
    // The assignee must be staff in that team: the moderator is in Billing, not in Technical.
    await expect(
      escalateThread(t.deps, s.mod, thread.threadId, {
        team: "technical",
        priority: 3,
        assignee: s.mod.username,
      }),
    ).rejects.toMatchObject({ kind: "invalid", fields: { assignee: "escalation_assignee_not_in_team" } });
    await expect(
      escalateThread(t.deps, s.mod, 99_999_999, { team: "billing", priority: 1 }),
    ).rejects.toMatchObject({
      kind: "not_found",
    });
    const e = await escalateThread(t.deps, s.mod, thread.threadId, { team: s.billing.id, priority: 4 });
    expect(e.dueAt.getTime() - t.clock.now().getTime()).toBe(168 * HOUR);
    await expect(updateEscalation(t.deps, s.mod, e.id, { status: "flying" })).rejects.toMatchObject({
      fields: { status: "escalation_status" },
    });
    await expect(updateEscalation(t.deps, s.mod, e.id, {})).rejects.toMatchObject({
      code: "nothing_to_change",
    });
    await updateEscalation(t.deps, s.mod, e.id, { status: "in_progress" });
    await expect(updateEscalation(t.deps, s.mod, e.id, { status: "open" })).rejects.toMatchObject({
      kind: "rule_violated",
      code: "escalation_bad_transition",
    });
    // Nothing half-written: the failed change left no event behind.
    const detail = (await getEscalationDetail(t.db, e.id))!;
    expect(detail.events.map((x) => x.kind)).toEqual(["created", "status"]);
  });

  it("members get 403 on every escalation action", async () => {
    const s = await staffSetup();
    const thread = await insertTestThread(t.deps, s.member, s.board.slug);
    const e = await escalateThread(t.deps, s.mod, thread.threadId, { team: "billing", priority: 2 });
    const forbidden = { kind: "forbidden" };
    await expect(
      escalateThread(t.deps, s.member, thread.threadId, { team: "billing", priority: 1 }),
    ).rejects.toMatchObject(forbidden);
    await expect(updateEscalation(t.deps, s.member, e.id, { note: "x" })).rejects.toMatchObject(forbidden);
    await expect(updateEscalation(t.deps, s.member, e.id, { status: "resolved" })).rejects.toMatchObject(
      forbidden,
    );
    await expect(linkThreadToEscalation(t.deps, s.member, e.id, thread.threadId)).rejects.toMatchObject(
      forbidden,
    );
    // Moderators cannot manage teams; admins can.
    await expect(
      addMemberToTeam(t.deps, s.mod, s.technical.id, { username: s.mod.username }),
    ).rejects.toMatchObject(forbidden);
    await expect(
      addMemberToTeam(t.deps, s.member, s.technical.id, { username: s.mod.username }),
    ).rejects.toMatchObject(forbidden);
  });

  it("internal notes never reach members: thread page and API show the marker only", async () => {
    const s = await staffSetup();
    const thread = await insertTestThread(t.deps, s.member, s.board.slug, {
      title: "App crashes when I open settings",
    });
    const e = await escalateThread(t.deps, s.mod, thread.threadId, { team: "billing", priority: 2 });
    const SECRET = "INTERNAL-ONLY customer is on the legacy plan 7731";
    await updateEscalation(t.deps, s.mod, e.id, {
      note: SECRET,
      resolutionSummary: "Draft: internal reasoning 7731",
    });

    for (const who of [s.member, null]) {
      const c = who ? await loggedIn(who.username) : new Client();
      const page = await c.call(threadPage.loader, `/t/${thread.threadId}`, {
        params: { threadId: String(thread.threadId) },
      });
      expect(page.status).toBe(200);
      const text = JSON.stringify(page.body);
      expect(text).not.toContain("INTERNAL-ONLY");
      expect(text).not.toContain("7731");
      expect((page.body as { escalation: { teamOnIt: boolean } }).escalation.teamOnIt).toBe(true);
      const api = await c.call(threadApi.loader, `/api/v1/threads/${thread.threadId}`, {
        params: { id: String(thread.threadId) },
      });
      expect(api.status).toBe(200);
      expect(JSON.stringify(api.body)).not.toContain("7731");
    }
    // Staff see the active escalation on the thread page.
    const staff = await loggedIn(s.mod.username);
    const page = await staff.call(threadPage.loader, `/t/${thread.threadId}`, {
      params: { threadId: String(thread.threadId) },
    });
    expect((page.body as { escalation: { active: { id: number } } }).escalation.active.id).toBe(e.id);
    // Even after resolving, an unpublished summary stays internal.
    await updateEscalation(t.deps, s.mod, e.id, { status: "resolved" });
    const member = await loggedIn(s.member.username);
    const closed = await member.call(threadPage.loader, `/t/${thread.threadId}`, {
      params: { threadId: String(thread.threadId) },
    });
    expect(JSON.stringify(closed.body)).not.toContain("7731");
    expect((closed.body as { escalation: { resolution: unknown } }).escalation.resolution).toBeNull();
  });
});

describe("incident knowledge base", () => {
  it("suggests a resolved Vietnamese incident for a new thread typed without diacritics, and finds it by search", async () => {
    const s = await staffSetup();
    const old = await insertTestThread(t.deps, s.member, s.board.slug, {
      title: "Bị trừ tiền hai lần khi thanh toán bằng thẻ",
      body: doc("Tôi thanh toán gói cước và bị trừ tiền hai lần."),
    });
    const unrelated = await insertTestThread(t.deps, s.member, s.board.slug, {
      title: "Router reboots every night after firmware update",
    });
    const e1 = await escalateThread(t.deps, s.mod, old.threadId, { team: "billing", priority: 2 });
    await updateEscalation(t.deps, s.mod, e1.id, {
      status: "resolved",
      resolutionSummary: "Cổng thanh toán gửi giao dịch hai lần; Billing hoàn tiền trong 3 ngày.",
      note: "Đối soát với ngân hàng",
    });
    const e2 = await escalateThread(t.deps, s.mod, unrelated.threadId, { team: "technical", priority: 3 });
    await updateEscalation(t.deps, s.mod, e2.id, {
      status: "resolved",
      resolutionSummary: "Firmware 2.1 fixed the reboot loop.",
    });

    const fresh = await insertTestThread(t.deps, s.member, s.board.slug, {
      title: "Toi bi tru tien 2 lan khi thanh toan",
      body: doc("Can hoan tien gap, the bi tru tien hai lan"),
    });
    const suggested = await similarIncidentsForThread(t.deps, fresh.threadId);
    expect(suggested[0]).toMatchObject({ id: e1.id, threadId: old.threadId });
    expect(suggested.map((x) => x.id)).not.toContain(e2.id);

    // Search is diacritics-insensitive both ways, and covers notes.
    for (const q of ["hoàn tiền", "hoan tien", "đối soát"]) {
      const found = await listIncidents(t.db, { terms: incidentQueryTerms(q), cursor: null, limit: 10 });
      expect(found.rows.map((r) => r.id)).toContain(e1.id);
      expect(found.rows.map((r) => r.id)).not.toContain(e2.id);
    }
    const linked = await linkThreadToEscalation(t.deps, s.mod, e1.id, `/t/${fresh.threadId}`);
    expect(linked.threadId).toBe(fresh.threadId);
    await expect(linkThreadToEscalation(t.deps, s.mod, e1.id, fresh.threadId)).rejects.toMatchObject({
      kind: "conflict",
    });
    const found = await listIncidents(t.db, { terms: ["hoan"], cursor: null, limit: 10 });
    const row = found.rows.find((r) => r.id === e1.id)!;
    expect(row.linked.map((l) => l.id).sort()).toEqual([old.threadId, fresh.threadId].sort());
    expect(row.events.map((x) => x.kind)).toContain("status");
  });

  it("the escalations board pages by due time without gaps or repeats", async () => {
    const s = await staffSetup();
    const team = (await findTeam(t.db, { slug: "product" }))!;
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const th = await insertTestThread(t.deps, s.member, s.board.slug);
      ids.push(
        (await escalateThread(t.deps, s.mod, th.threadId, { team: "product", priority: (i % 4) + 1 })).id,
      );
    }
    const seen: number[] = [];
    let cursor = null;
    do {
      const page: Awaited<ReturnType<typeof listEscalations>> = await listEscalations(
        t.db,
        { statuses: ["open"], teamId: team.id },
        cursor,
        2,
      );
      seen.push(...page.rows.map((r) => r.id));
      cursor = page.next;
    } while (cursor);
    expect(seen.sort()).toEqual([...ids].sort());
    const p1 = await listEscalations(t.db, { statuses: ["open"], teamId: team.id, priority: 1 }, null, 10);
    expect(p1.rows.every((r) => r.priority === 1)).toBe(true);
    expect(p1.rows.length).toBe(2);
  });
});
