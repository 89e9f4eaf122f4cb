/** The escalation JSON API and staff pages: who may call them, and what each answers. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient as loggedIn } from "../support/http";
import { insertTestBoard, insertTestThread, insertTestUser } from "../factories";
import * as create from "~/routes/api.v1.threads.$id.escalations";
import * as one from "~/routes/api.v1.escalations.$id";
import * as list from "~/routes/api.v1.escalations";
import * as boardPage from "~/routes/mod.escalations._index";
import * as detailPage from "~/routes/mod.escalations.$id";
import * as incidentsPage from "~/routes/mod.incidents";
import * as teamsPage from "~/routes/admin.teams";
import * as threadPage from "~/routes/t.$threadId";
import { addMemberToTeam } from "~/services/escalation.server";
import { findTeam } from "~/data/escalations.server";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});

async function setup() {
  const admin = await insertTestUser(t.deps, { role: "admin" });
  const mod = await insertTestUser(t.deps, { role: "moderator" });
  const member = await insertTestUser(t.deps);
  const board = await insertTestBoard(t.deps);
  const technical = (await findTeam(t.db, { slug: "technical" }))!;
  await addMemberToTeam(t.deps, admin, technical.id, { username: mod.username });
  const thread = await insertTestThread(t.deps, member, board.slug, {
    title: "Wi-Fi drops every evening at home",
  });
  return {
    admin,
    mod,
    member,
    board,
    technical,
    thread,
    clients: {
      anonymous: new Client(),
      member: await loggedIn(member.username),
      moderator: await loggedIn(mod.username),
      admin: await loggedIn(admin.username),
    },
  };
}

describe("POST /api/v1/threads/:id/escalations", () => {
  it("401 anonymous, 403 member, 201 moderator, 409 twice, 400 bad input, 404 unknown thread", async () => {
    const s = await setup();
    const path = `/api/v1/threads/${s.thread.threadId}/escalations`;
    const params = { id: String(s.thread.threadId) };
    const body = { team: "technical", priority: "P2", assignee: s.mod.username };
    expect((await s.clients.anonymous.call(create.action, path, { json: body, params })).status).toBe(401);
    expect((await s.clients.member.call(create.action, path, { json: body, params })).status).toBe(403);

    const bad = await s.clients.moderator.call(create.action, path, {
      json: { team: "", priority: "urgent" },
      params,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { fields: { team: "escalation_team", priority: "escalation_priority" } },
    });
    expect((await s.clients.moderator.call(create.action, path, { json: "{nope", params })).status).toBe(400);
    expect(
      (
        await s.clients.moderator.call(create.action, "/api/v1/threads/99999999/escalations", {
          json: body,
          params: { id: "99999999" },
        })
      ).status,
    ).toBe(404);

    const ok = await s.clients.moderator.call(create.action, path, { json: body, params });
    expect(ok.status).toBe(201);
    const e = (ok.body as { escalation: { id: number; status: string; dueAt: string } }).escalation;
    expect(e.status).toBe("open");
    expect(new Date(e.dueAt).getTime() - t.clock.now().getTime()).toBe(24 * 3_600_000);

    const again = await s.clients.admin.call(create.action, path, { json: { team: 2, priority: 1 }, params });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: "escalation_exists" } });
  });
});

describe("PATCH and GET /api/v1/escalations", () => {
  it("staff change status and add notes; members cannot; filters and cursor work", async () => {
    const s = await setup();
    const created = await s.clients.moderator.call(
      create.action,
      `/api/v1/threads/${s.thread.threadId}/escalations`,
      {
        json: { team: s.technical.id, priority: 1 },
        params: { id: String(s.thread.threadId) },
      },
    );
    const id = (created.body as { escalation: { id: number } }).escalation.id;
    const path = `/api/v1/escalations/${id}`;
    const params = { id: String(id) };
    const patch = { status: "in_progress", note: "Checking the modem logs" };

    expect(
      (await s.clients.anonymous.call(one.action, path, { method: "PATCH", json: patch, params })).status,
    ).toBe(401);
    expect(
      (await s.clients.member.call(one.action, path, { method: "PATCH", json: patch, params })).status,
    ).toBe(403);
    expect((await s.clients.member.call(one.loader, path, { params })).status).toBe(403);
    expect((await s.clients.anonymous.call(one.loader, path, { params })).status).toBe(401);

    const ok = await s.clients.moderator.call(one.action, path, {
      method: "PATCH",
      json: { ...patch, assignee: s.mod.username },
      params,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      escalation: { id, status: "in_progress", assignee: s.mod.username, priority: "P1" },
    });
    expect((ok.body as { escalation: { firstResponseAt: string } }).escalation.firstResponseAt).toBe(
      t.clock.now().toISOString(),
    );

    const badStatus = await s.clients.moderator.call(one.action, path, {
      method: "PATCH",
      json: { status: "open" },
      params,
    });
    expect(badStatus.status).toBe(422);
    const badNote = await s.clients.moderator.call(one.action, path, {
      method: "PATCH",
      json: { note: 42 },
      params,
    });
    expect(badNote.status).toBe(400);
    expect(
      (
        await s.clients.moderator.call(one.action, "/api/v1/escalations/9999999", {
          method: "PATCH",
          json: patch,
          params: { id: "9999999" },
        })
      ).status,
    ).toBe(404);
    // POST is not PATCH.
    expect(
      (await s.clients.moderator.call(one.action, path, { method: "POST", json: patch, params })).status,
    ).toBe(405);

    const detail = await s.clients.admin.call(one.loader, path, { params });
    expect(detail.status).toBe(200);
    expect(
      (detail.body as { escalation: { events: { kind: string; note: string | null }[] } }).escalation.events,
    ).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "note", note: "Checking the modem logs" })]),
    );

    // The list: 401/403, filters, 400 on bad filters, 404 on an unknown team.
    expect((await s.clients.anonymous.call(list.loader, "/api/v1/escalations")).status).toBe(401);
    expect((await s.clients.member.call(list.loader, "/api/v1/escalations")).status).toBe(403);
    const listed = await s.clients.moderator.call(
      list.loader,
      "/api/v1/escalations?status=in_progress&team=technical",
    );
    expect(listed.status).toBe(200);
    const rows = (listed.body as { escalations: { id: number; status: string; team: string }[] }).escalations;
    expect(rows.map((r) => r.id)).toContain(id);
    expect(rows.every((r) => r.status === "in_progress" && r.team === "technical")).toBe(true);
    const none = await s.clients.moderator.call(
      list.loader,
      "/api/v1/escalations?status=resolved&team=technical",
    );
    expect((none.body as { escalations: { id: number }[] }).escalations.map((r) => r.id)).not.toContain(id);
    expect((await s.clients.moderator.call(list.loader, "/api/v1/escalations?status=bogus")).status).toBe(
      400,
    );
    expect((await s.clients.moderator.call(list.loader, "/api/v1/escalations?priority=P7")).status).toBe(400);
    expect(
      (await s.clients.moderator.call(list.loader, "/api/v1/escalations?team=no-such-team")).status,
    ).toBe(404);
    // A tampered cursor is just the first page.
    expect(
      (await s.clients.moderator.call(list.loader, "/api/v1/escalations?cursor=%F0%9F%92%A5")).status,
    ).toBe(200);
  });
});

describe("staff pages", () => {
  it("anonymous → login, member → 403, moderator → 200; teams admin is for admins only", async () => {
    const s = await setup();
    const created = await s.clients.moderator.call(
      create.action,
      `/api/v1/threads/${s.thread.threadId}/escalations`,
      {
        json: { team: "technical", priority: 3 },
        params: { id: String(s.thread.threadId) },
      },
    );
    const id = String((created.body as { escalation: { id: number } }).escalation.id);
    const pages: { handler: Parameters<Client["call"]>[0]; path: string; params: Record<string, string> }[] =
      [
        { handler: boardPage.loader, path: "/mod/escalations", params: {} },
        { handler: detailPage.loader, path: `/mod/escalations/${id}`, params: { id } },
        { handler: incidentsPage.loader, path: "/mod/incidents", params: {} },
      ];
    for (const p of pages) {
      const anon = await s.clients.anonymous.call(p.handler, p.path, { params: p.params });
      expect(anon.status).toBe(302);
      expect(anon.headers.get("Location")).toMatch(/^\/login/);
      expect((await s.clients.member.call(p.handler, p.path, { params: p.params })).status).toBe(403);
      expect((await s.clients.moderator.call(p.handler, p.path, { params: p.params })).status).toBe(200);
      expect((await s.clients.admin.call(p.handler, p.path, { params: p.params })).status).toBe(200);
    }
    // Page actions are checked on the server too.
    const note = { intent: "note", note: "member trying" };
    expect(
      (
        await s.clients.member.call(detailPage.action, `/mod/escalations/${id}`, {
          form: note,
          params: { id },
        })
      ).status,
    ).toBe(403);
    const escalateForm = { intent: "escalate", team: "technical", priority: "P1" };
    const memberEscalate = await s.clients.member.call(threadPage.action, `/t/${s.thread.threadId}`, {
      form: escalateForm,
      params: { threadId: String(s.thread.threadId) },
    });
    expect(memberEscalate.status).toBe(403);

    expect((await s.clients.anonymous.call(teamsPage.loader, "/admin/teams")).status).toBe(302);
    expect((await s.clients.member.call(teamsPage.loader, "/admin/teams")).status).toBe(403);
    expect((await s.clients.moderator.call(teamsPage.loader, "/admin/teams")).status).toBe(403);
    expect((await s.clients.admin.call(teamsPage.loader, "/admin/teams")).status).toBe(200);
    const addForm = { intent: "create", slug: "security", nameVi: "An ninh", nameEn: "Security" };
    expect((await s.clients.moderator.call(teamsPage.action, "/admin/teams", { form: addForm })).status).toBe(
      403,
    );
    const added = await s.clients.admin.call(teamsPage.action, "/admin/teams", { form: addForm });
    expect(added.status).toBe(302);
    expect(await findTeam(t.db, { slug: "security" })).toMatchObject({ nameEn: "Security", active: true });
    const dup = await s.clients.admin.call(teamsPage.action, "/admin/teams", { form: addForm });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({
      error: { fields: { slug: "team_slug_taken" } },
      values: { nameEn: "Security" },
    });

    // The moderator works the escalation from its page, without JavaScript.
    const status = await s.clients.moderator.call(detailPage.action, `/mod/escalations/${id}`, {
      form: { intent: "status", status: "in_progress" },
      params: { id },
    });
    expect(status.status).toBe(302);
    const badNote = await s.clients.moderator.call(detailPage.action, `/mod/escalations/${id}`, {
      form: { intent: "note", note: "x".repeat(6000) },
      params: { id },
    });
    expect(badNote.status).toBe(400);
    expect((badNote.body as { values: { note: string } }).values.note).toHaveLength(6000);
    const page = await s.clients.moderator.call(detailPage.loader, `/mod/escalations/${id}`, {
      params: { id },
    });
    expect((page.body as { escalation: { status: string } }).escalation.status).toBe("in_progress");
  });
});
