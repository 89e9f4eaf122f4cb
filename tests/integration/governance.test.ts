/**
 * Governance (board ownership, at-risk boards), the audit log page and role changes: pages called with real
 * Requests and sessions, services against the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client } from "../support/http";
import { doc, FACTORY_PASSWORD, insertTestBoard, insertTestUser } from "../factories";
import { auditLog, boardOwnerships, boards, users } from "~db/schema";
import * as login from "~/routes/api.v1.auth.login";
import * as governance from "~/routes/mod.governance";
import * as audit from "~/routes/mod.audit";
import * as role from "~/routes/admin.users.$username.role";
import { askQuestion, postReply } from "~/services/forum.server";
import { changeUserRole, transferBoardOwnership } from "~/services/governance.server";
import { recordAudit } from "~/data/audit.server";
import type { Actor } from "~/domain/forum";

type U = Actor & { username: string };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestDb;
let admin: U;
let moderator: U;
let member: U;

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  admin = await insertTestUser(t.deps, { role: "admin" });
  moderator = await insertTestUser(t.deps, { role: "moderator" });
  member = await insertTestUser(t.deps);
});
afterAll(async () => {
  await t?.close();
});

async function as(user: { username: string } | null) {
  const c = new Client();
  if (user) {
    const r = await c.call(login.action, "/api/v1/auth/login", {
      json: { login: user.username, password: FACTORY_PASSWORD },
    });
    expect(r.status).toBe(200);
  }
  return c;
}

const dayString = (d: Date) => d.toISOString().slice(0, 10);

interface GovRow {
  slug: string;
  owner: { username: string; role: string } | null;
  unanswered: number;
  medianFirstResponseS: number | null;
  risk: string | null;
  history: { from: string | null; to: string | null; actor: string | null }[];
}

describe("/mod/governance", () => {
  it("who may read it: anonymous → login, member → 403, moderator and admin → 200", async () => {
    const anon = await (await as(null)).call(governance.loader, "/mod/governance");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toMatch(/^\/login/);
    expect((await (await as(member)).call(governance.loader, "/mod/governance")).status).toBe(403);
    expect((await (await as(moderator)).call(governance.loader, "/mod/governance")).status).toBe(200);
    expect((await (await as(admin)).call(governance.loader, "/mod/governance")).status).toBe(200);
  });

  it("lists boards with owner activity, unanswered threads, median first response, at-risk boards first", async () => {
    const activeOwner = await insertTestUser(t.deps, { role: "moderator" });
    const idleOwner = await insertTestUser(t.deps, { role: "moderator" });
    const healthy = await insertTestBoard(t.deps, { ownerId: activeOwner.id });
    const idle = await insertTestBoard(t.deps, { ownerId: idleOwner.id });
    const orphan = await insertTestBoard(t.deps);
    const now = t.clock.now();
    await t.db
      .update(users)
      .set({ lastSeenOn: dayString(now) })
      .where(eq(users.id, activeOwner.id));
    await t.db
      .update(users)
      .set({ lastSeenOn: dayString(new Date(now.getTime() - 40 * DAY)) })
      .where(eq(users.id, idleOwner.id));

    // Three questions on the healthy board answered after 1 h, 3 h and 5 h (median 3 h); two left unanswered.
    const asker = await insertTestUser(t.deps);
    const helper = await insertTestUser(t.deps);
    for (const hours of [1, 5, 3]) {
      const q = await askQuestion(t.deps, asker, {
        board: healthy.slug,
        title: `Câu hỏi số ${hours} về hóa đơn tháng này`,
        body: doc("Chi tiết câu hỏi."),
      });
      t.clock.advance(hours * HOUR);
      await postReply(t.deps, helper, q.threadId, { body: doc("Bạn thử khởi động lại nhé.") });
    }
    for (const n of [1, 2]) {
      await askQuestion(t.deps, asker, {
        board: healthy.slug,
        title: `Unanswered question number ${n} here`,
        body: doc("Nobody answered yet."),
      });
    }

    const res = await (await as(moderator)).call(governance.loader, "/mod/governance");
    const body = res.body as unknown as { boards: GovRow[]; isAdmin: boolean };
    expect(body.isAdmin).toBe(false);
    const bySlug = Object.fromEntries(body.boards.map((b) => [b.slug, b]));
    expect(bySlug[healthy.slug]).toMatchObject({
      owner: { username: activeOwner.username, role: "moderator" },
      unanswered: 2,
      medianFirstResponseS: 3 * 3600,
      risk: null,
    });
    expect(bySlug[idle.slug]).toMatchObject({
      risk: "owner_inactive",
      unanswered: 0,
      medianFirstResponseS: null,
    });
    expect(bySlug[orphan.slug]).toMatchObject({ owner: null, risk: "no_owner" });
    const order = body.boards.map((b) => b.slug);
    expect(order.indexOf(idle.slug)).toBeLessThan(order.indexOf(healthy.slug));
    expect(order.indexOf(orphan.slug)).toBeLessThan(order.indexOf(healthy.slug));
    const risks = body.boards.map((b) => Boolean(b.risk));
    expect(risks).toEqual([...risks].sort((a, b) => Number(b) - Number(a)));

    // An owner demoted to member leaves the board at risk.
    await t.db.update(users).set({ role: "member" }).where(eq(users.id, activeOwner.id));
    const again = await (await as(moderator)).call(governance.loader, "/mod/governance");
    const row = (again.body as unknown as { boards: GovRow[] }).boards.find((b) => b.slug === healthy.slug);
    expect(row!.risk).toBe("owner_not_staff");
    await t.db.update(users).set({ role: "moderator" }).where(eq(users.id, activeOwner.id));
  });

  it("admins transfer ownership; history and audit keep every change; moderators and members get 403", async () => {
    const board = await insertTestBoard(t.deps);
    const first = await insertTestUser(t.deps, { role: "moderator" });
    const second = await insertTestUser(t.deps, { role: "admin" });
    const form = (username: string) => ({ form: { intent: "transfer", board: board.slug, username } });

    for (const who of [moderator, member]) {
      const r = await (await as(who)).call(governance.action, "/mod/governance", form(first.username));
      expect(r.status).toBe(403);
    }
    await expect(
      transferBoardOwnership(t.deps, moderator, { board: board.slug, username: first.username }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    const anon = await (await as(null)).call(governance.action, "/mod/governance", form(first.username));
    expect(anon.status).toBe(302);
    const [unchanged] = await t.db.select().from(boards).where(eq(boards.id, board.id));
    expect(unchanged!.ownerId).toBeNull();

    const c = await as(admin);
    const ok = await c.call(governance.action, "/mod/governance", form(first.username));
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe(`/mod/governance?moved=${board.slug}`);
    expect(
      (await c.call(governance.action, "/mod/governance", form(second.username.toUpperCase()))).status,
    ).toBe(302);

    const [owned] = await t.db.select().from(boards).where(eq(boards.id, board.id));
    expect(owned!.ownerId).toBe(second.id);
    const history = await t.db
      .select()
      .from(boardOwnerships)
      .where(eq(boardOwnerships.boardId, board.id))
      .orderBy(boardOwnerships.id);
    expect(history.map((h) => [h.fromUserId, h.toUserId, h.actorId])).toEqual([
      [null, first.id, admin.id],
      [first.id, second.id, admin.id],
    ]);
    const entries = await t.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'board.owner' and ${auditLog.targetId} = ${String(board.id)}`)
      .orderBy(auditLog.id);
    expect(entries.map((e) => [e.actorId, e.before, e.after])).toEqual([
      [admin.id, { ownerId: null }, { ownerId: first.id, owner: first.username }],
      [admin.id, { ownerId: first.id }, { ownerId: second.id, owner: second.username }],
    ]);

    const page = await c.call(governance.loader, "/mod/governance");
    const row = (page.body as unknown as { boards: GovRow[]; isAdmin: boolean }).boards.find(
      (b) => b.slug === board.slug,
    );
    expect(row!.history).toEqual([
      expect.objectContaining({ from: first.username, to: second.username, actor: admin.username }),
      expect.objectContaining({ from: null, to: first.username, actor: admin.username }),
    ]);
  });

  it("refuses bad transfers with a field error and keeps what was typed", async () => {
    const board = await insertTestBoard(t.deps, { ownerId: moderator.id });
    const c = await as(admin);
    const cases: [string, number, string][] = [
      [member.username, 422, "owner_not_staff"],
      ["no_such_person", 400, "user_not_found"],
      ["", 400, "username_required"],
      ["<script>", 400, "user_not_found"],
      [moderator.username, 409, "same_owner"],
    ];
    for (const [username, status, field] of cases) {
      const r = await c.call(governance.action, "/mod/governance", {
        form: { intent: "transfer", board: board.slug, username },
      });
      expect(r.status).toBe(status);
      const b = r.body as unknown as {
        error: { fields: Record<string, string> };
        values: { username: string };
      };
      expect(b.error.fields.username).toBe(field);
      expect(b.values.username).toBe(username);
    }
    const missing = await c.call(governance.action, "/mod/governance", {
      form: { intent: "transfer", board: "no-such-board", username: moderator.username },
    });
    expect(missing.status).toBe(404);
    const [row] = await t.db.select().from(boards).where(eq(boards.id, board.id));
    expect(row!.ownerId).toBe(moderator.id);
  });
});

describe("/mod/audit", () => {
  interface Entry {
    id: number;
    action: string;
    actor: string | null;
    link: string | null;
    changes: { key: string; before: string | null; after: string | null }[];
  }
  const read = async (c: Client, qs = "") => {
    const r = await c.call(audit.loader, `/mod/audit${qs}`);
    expect(r.status).toBe(200);
    return r.body as unknown as {
      entries: Entry[];
      next: number | null;
      actions: string[];
      unknownActor: boolean;
    };
  };

  it("members cannot read it (403), anonymous visitors are sent to log in", async () => {
    expect((await (await as(member)).call(audit.loader, "/mod/audit")).status).toBe(403);
    const anon = await (await as(null)).call(audit.loader, "/mod/audit");
    expect(anon.status).toBe(302);
  });

  it("searches without diacritics, filters by action and actor, shows before → after with a link", async () => {
    const board = await insertTestBoard(t.deps);
    await recordAudit(
      t.db,
      {
        actorId: moderator.id,
        action: "thread.move",
        targetType: "board",
        targetId: board.id,
        before: { boardId: 1, title: "Hóa đơn" },
        after: { boardId: 2, title: "Hóa đơn" },
        search: "Chủ đề về HÓA ĐƠN điện tử",
      },
      t.clock.now(),
    );
    const c = await as(moderator);
    for (const q of ["hoa don", "HÓA ĐƠN", "hóa đơn điện"]) {
      const r = await read(c, `?q=${encodeURIComponent(q)}`);
      expect(r.entries.map((e) => e.action)).toEqual(["thread.move"]);
    }
    const [e] = (await read(c, "?q=hoa+don")).entries;
    expect(e).toMatchObject({
      actor: moderator.username,
      link: `/b/${board.slug}`,
      changes: [{ key: "boardId", before: "1", after: "2" }],
    });
    expect((await read(c, "?q=%25")).entries.length).toBe(0); // % is literal, not a wildcard
    expect((await read(c, `?action=thread.move`)).entries.every((x) => x.action === "thread.move")).toBe(
      true,
    );
    expect(
      (await read(c, `?actor=${moderator.username}`)).entries.every((x) => x.actor === moderator.username),
    ).toBe(true);
    const unknown = await read(c, "?actor=nobody_here");
    expect(unknown).toMatchObject({ entries: [], unknownActor: true });
    expect((await read(c, "?action=not-an-action';drop")).entries.length).toBeGreaterThan(0); // ignored, not an error
    expect((await read(c)).actions).toContain("thread.move");
  });

  it("pages newest first with a keyset cursor", async () => {
    const actor = await insertTestUser(t.deps, { role: "moderator" });
    for (let i = 0; i < 60; i++) {
      await recordAudit(
        t.db,
        { actorId: actor.id, action: "post.hide", targetType: "post", targetId: 100000 + i, after: { i } },
        t.clock.now(),
      );
    }
    const c = await as(admin);
    const p1 = await read(c, `?actor=${actor.username}`);
    expect(p1.entries).toHaveLength(50);
    expect(p1.next).not.toBeNull();
    const p2 = await read(c, `?actor=${actor.username}&before=${p1.next}`);
    expect(p2.entries).toHaveLength(10);
    expect(p2.next).toBeNull();
    const ids = [...p1.entries, ...p2.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(60);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(p1.entries[0]!.changes).toEqual([{ key: "i", before: null, after: "59" }]);
  });
});

describe("role changes", () => {
  const change = (c: Client, username: string, newRole: string) =>
    c.call(role.action, `/admin/users/${username}/role`, { params: { username }, form: { role: newRole } });

  it("the last admin cannot demote themself", async () => {
    const admins = await t.db.select().from(users).where(eq(users.role, "admin"));
    // Earlier tests made one more admin (an owner); make sure only `admin` is left.
    for (const a of admins)
      if (a.id !== admin.id) await t.db.update(users).set({ role: "moderator" }).where(eq(users.id, a.id));
    const c = await as(admin);
    const r = await change(c, admin.username, "moderator");
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(`/u/${admin.username}?roleError=last_admin#role-form`);
    const [me] = await t.db.select().from(users).where(eq(users.id, admin.id));
    expect(me!.role).toBe("admin");
    await expect(
      changeUserRole(t.deps, admin, { username: admin.username, role: "member" }),
    ).rejects.toMatchObject({
      code: "last_admin",
    });
  });

  it("admins change roles (audited with before/after); the member's sessions end, the new role applies at the next login", async () => {
    const target = await insertTestUser(t.deps);
    const targetClient = await as(target);
    expect((await targetClient.call(audit.loader, "/mod/audit")).status).toBe(403);

    const c = await as(admin);
    const r = await change(c, target.username, "moderator");
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe(`/u/${target.username}?roleChanged=moderator#role-form`);
    // Session rotation on a privilege change: the old session is gone (→ login), a new login has the role.
    const stale = await targetClient.call(audit.loader, "/mod/audit");
    expect(stale.status).toBe(302);
    expect(stale.headers.get("Location")).toMatch(/^\/login/);
    expect((await (await as(target)).call(audit.loader, "/mod/audit")).status).toBe(200);

    const [entry] = await t.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'user.role' and ${auditLog.targetId} = ${target.id}`);
    expect(entry).toMatchObject({
      actorId: admin.id,
      targetType: "user",
      before: { role: "member" },
      after: { role: "moderator" },
    });
    const page = await c.call(audit.loader, `/mod/audit?action=user.role&q=${target.username}`);
    const entries = (page.body as unknown as { entries: { link: string | null }[] }).entries;
    expect(entries[0]!.link).toBe(`/u/${target.username}`);

    expect((await change(c, target.username, "moderator")).headers.get("Location")).toContain(
      "roleError=same_role",
    );
    expect((await change(c, target.username, "superuser")).headers.get("Location")).toContain(
      "roleError=role_invalid",
    );
    expect((await change(c, "nobody_at_all", "member")).status).toBe(404);

    // With a second admin, an admin may step down.
    await change(c, target.username, "admin");
    const down = await change(c, admin.username, "moderator");
    expect(down.headers.get("Location")).toContain("roleChanged=moderator");
    await changeUserRole(t.deps, { ...target, role: "admin" }, { username: admin.username, role: "admin" });
  });

  it("moderators and members get 403, anonymous visitors are sent to log in", async () => {
    const target = await insertTestUser(t.deps);
    for (const who of [moderator, member]) {
      expect((await change(await as(who), target.username, "moderator")).status).toBe(403);
    }
    const anon = await change(await as(null), target.username, "moderator");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toMatch(/^\/login/);
    await expect(
      changeUserRole(t.deps, moderator, { username: target.username, role: "admin" }),
    ).rejects.toMatchObject({
      kind: "forbidden",
    });
    const [row] = await t.db.select().from(users).where(eq(users.id, target.id));
    expect(row!.role).toBe("member");
  });
});
