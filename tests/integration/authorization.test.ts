/**
 * Every staff page, page action and staff JSON API route, called as anonymous, member, moderator and admin:
 * the check happens on the server. Pages and their actions send anonymous visitors to log in (302 → /login),
 * the JSON API answers 401; members get 403, moderators get 403 on admin-only routes, and the roles that are
 * allowed get the route's success status. State-changing cases build fresh fixtures for every call and check
 * that the change happened for allowed roles only (an audit row, a column, a correction row).
 *
 * A completeness test lists the staff route files in app/routes: a new one without a case here fails.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, gt, sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client } from "../support/http";
import {
  FACTORY_PASSWORD,
  insertTestBoard,
  insertTestReply,
  insertTestThread,
  insertTestUser,
} from "../factories";
import { alerts, auditLog, posts, reviewItems, sentimentCorrections, threads, users } from "~db/schema";
import * as login from "~/routes/api.v1.auth.login";
import * as modIndex from "~/routes/mod._index";
import * as modTriage from "~/routes/mod.triage";
import * as modCommunity from "~/routes/mod.community";
import * as modQueue from "~/routes/mod.queue";
import * as modSettings from "~/routes/mod.settings";
import * as modEscalations from "~/routes/mod.escalations._index";
import * as modEscalation from "~/routes/mod.escalations.$id";
import * as modIncidents from "~/routes/mod.incidents";
import * as modGovernance from "~/routes/mod.governance";
import * as modAudit from "~/routes/mod.audit";
import * as modExport from "~/routes/mod.export.$table";
import * as modMembers from "~/routes/mod.members._index";
import * as modMember from "~/routes/mod.members.$username";
import * as modMembersCsv from "~/routes/mod.members[.csv]";
import * as adminWebhooks from "~/routes/admin.webhooks";
import * as adminEmails from "~/routes/admin.emails";
import * as adminTeams from "~/routes/admin.teams";
import * as adminRole from "~/routes/admin.users.$username.role";
import * as threadPage from "~/routes/t.$threadId";
import * as apiOverview from "~/routes/api.v1.mod.overview";
import * as apiTriage from "~/routes/api.v1.mod.triage";
import * as apiAlerts from "~/routes/api.v1.mod.alerts";
import * as apiQueue from "~/routes/api.v1.mod.queue";
import * as apiEscalations from "~/routes/api.v1.escalations";
import * as apiEscalation from "~/routes/api.v1.escalations.$id";
import * as apiThreadEscalations from "~/routes/api.v1.threads.$id.escalations";
import * as apiThreadModeration from "~/routes/api.v1.threads.$id.moderation";
import * as apiPostSentiment from "~/routes/api.v1.posts.$postId.sentiment";
import { addMemberToTeam, createTeam, escalateThread, setTeamActive } from "~/services/escalation.server";
import { applyThreadTool } from "~/services/thread-tools.server";
import { decideChampion } from "~/services/community.server";
import { setBoardPremoderation } from "~/services/moderation.server";
import { createWebhook } from "~/services/webhooks.server";
import { findTeam } from "~/data/escalations.server";
import { insertAlert } from "~/data/listening.server";
import { upsertFlaggedItem } from "~/data/review-queue.server";
import { getModerationSettings, getRisingTermsIgnored } from "~/data/settings.server";
import type { Actor } from "~/domain/forum";
import type { ReviewOutcome } from "~/domain/moderation";

type U = Actor & { username: string };
type Who = "anonymous" | "member" | "moderator" | "admin";
const WHO: Who[] = ["anonymous", "member", "moderator", "admin"];

type Handler = Parameters<Client["call"]>[0];
type CallInit = NonNullable<Parameters<Client["call"]>[2]>;

/** Every route module under test, by its file name in app/routes. */
const ROUTES = {
  "mod._index.tsx": modIndex,
  "mod.triage.tsx": modTriage,
  "mod.community.tsx": modCommunity,
  "mod.queue.tsx": modQueue,
  "mod.settings.tsx": modSettings,
  "mod.escalations._index.tsx": modEscalations,
  "mod.escalations.$id.tsx": modEscalation,
  "mod.incidents.tsx": modIncidents,
  "mod.governance.tsx": modGovernance,
  "mod.audit.tsx": modAudit,
  "mod.export.$table.ts": modExport,
  "mod.members._index.tsx": modMembers,
  "mod.members.$username.tsx": modMember,
  "mod.members[.csv].ts": modMembersCsv,
  "admin.webhooks.tsx": adminWebhooks,
  "admin.emails.tsx": adminEmails,
  "admin.teams.tsx": adminTeams,
  "admin.users.$username.role.ts": adminRole,
  "t.$threadId.tsx": threadPage,
  "api.v1.mod.overview.ts": apiOverview,
  "api.v1.mod.triage.ts": apiTriage,
  "api.v1.mod.alerts.ts": apiAlerts,
  "api.v1.mod.queue.ts": apiQueue,
  "api.v1.escalations.ts": apiEscalations,
  "api.v1.escalations.$id.ts": apiEscalation,
  "api.v1.threads.$id.escalations.ts": apiThreadEscalations,
  "api.v1.threads.$id.moderation.ts": apiThreadModeration,
  "api.v1.posts.$postId.sentiment.ts": apiPostSentiment,
};
type RouteFile = keyof typeof ROUTES;
const handlersOf = (file: RouteFile) => ROUTES[file] as { loader?: Handler; action?: Handler };

/** Staff route files that must each have a case (matched against the files in app/routes). */
const STAFF_PREFIXES = ["mod.", "admin.", "api.v1.mod.", "api.v1.escalations"];
const STAFF_FILES = [
  "api.v1.threads.$id.escalations.ts",
  "api.v1.threads.$id.moderation.ts",
  "api.v1.posts.$postId.sentiment.ts",
];
/** Exported handlers that read nothing and need no check (with the reason). */
const UNGUARDED: Partial<Record<`${RouteFile}#${"loader" | "action"}`, string>> = {
  "admin.users.$username.role.ts#loader": "only redirects to the public profile page",
};

interface Req {
  path: string;
  init?: CallInit;
  /** True once the call's effect is visible; checked to be false for refused roles. */
  changed?: () => Promise<boolean>;
}

interface Case {
  file: RouteFile;
  handler: "loader" | "action";
  what: string;
  /** Who besides admins may use it: staff = moderators and admins; admin = admins only. */
  access: "staff" | "admin";
  /** The status an allowed role gets. */
  ok: number;
  /** Builds the request, with fresh fixtures where a repeat would conflict. */
  req: () => Promise<Req>;
}

const isApi = (file: RouteFile) => file.startsWith("api.");

function expectedStatus(k: Case, who: Who): number {
  if (who === "anonymous") return isApi(k.file) ? 401 : 302;
  if (who === "member") return 403;
  if (who === "moderator" && k.access === "admin") return 403;
  return k.ok;
}

let t: TestDb;
let admin: U;
let moderator: U;
let member: U;
/** Writes the threads and replies the actions work on (never one of the callers). */
let author: U;
/** A moderator in the "technical" team (escalations can be assigned to them). */
let teamMod: U;
let board: { id: number; slug: string };
let technicalId: number;
let sharedEscalationId: number;
const clients = {} as Record<Exclude<Who, "anonymous">, Client>;

async function as(user: { username: string }) {
  const c = new Client();
  const r = await c.call(login.action, "/api/v1/auth/login", {
    json: { login: user.username, password: FACTORY_PASSWORD },
  });
  expect(r.status).toBe(200);
  return c;
}

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  admin = await insertTestUser(t.deps, { role: "admin" });
  moderator = await insertTestUser(t.deps, { role: "moderator" });
  member = await insertTestUser(t.deps);
  author = await insertTestUser(t.deps);
  teamMod = await insertTestUser(t.deps, { role: "moderator" });
  board = await insertTestBoard(t.deps);
  technicalId = (await findTeam(t.db, { slug: "technical" }))!.id;
  await addMemberToTeam(t.deps, admin, technicalId, { username: teamMod.username });
  sharedEscalationId = await escalation();
  clients.member = await as(member);
  clients.moderator = await as(moderator);
  clients.admin = await as(admin);
});
afterAll(async () => {
  await t?.close();
});

// ---------------------------------------------------------------------------------------------------------
// Fixtures and effect checks

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(++seq).toString(36)}`;

const thread = () => insertTestThread(t.deps, author, board.slug);
const reply = async (threadId: number) => (await insertTestReply(t.deps, author, threadId)).postId;

async function escalation() {
  const th = await thread();
  const e = await escalateThread(t.deps, admin, th.threadId, { team: "technical", priority: "P2" });
  return e.id;
}

async function flaggedItem() {
  const th = await thread();
  const postId = await reply(th.threadId);
  const itemId = await upsertFlaggedItem(t.db, postId, t.clock.now());
  return { itemId, postId };
}

/** A reply held for approval on a pre-moderated board, with its pending review item. */
async function pendingItem() {
  const b = await insertTestBoard(t.deps);
  const th = await insertTestThread(t.deps, author, b.slug);
  await setBoardPremoderation(t.deps, admin, b.id, { premoderated: true });
  const r = await insertTestReply(t.deps, author, th.threadId);
  expect(r.pending).toBe(true);
  const [item] = await t.db
    .select({ id: reviewItems.id })
    .from(reviewItems)
    .where(and(eq(reviewItems.postId, r.postId), eq(reviewItems.status, "open")));
  return { itemId: item!.id, postId: r.postId };
}

async function auditMark() {
  const [r] = await t.db.select({ m: sql<number>`coalesce(max(${auditLog.id}), 0)` }).from(auditLog);
  return Number(r?.m ?? 0);
}

/** An audit entry for `action` (on `targetId`, if given) written after this point. */
async function audited(action: string, targetId?: number | string) {
  const mark = await auditMark();
  return async () => {
    const found = await t.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          gt(auditLog.id, mark),
          eq(auditLog.action, action),
          targetId === undefined ? undefined : eq(auditLog.targetId, String(targetId)),
        ),
      );
    return found.length > 0;
  };
}

const corrected = (postId: number) => async () =>
  (await t.db.select().from(sentimentCorrections).where(eq(sentimentCorrections.postId, postId))).length > 0;

const form = (f: Record<string, string>): CallInit => ({ form: f });

// ---------------------------------------------------------------------------------------------------------
// The table

const get = (file: RouteFile, path: string, access: Case["access"] = "staff", init?: CallInit): Case => ({
  file,
  handler: "loader",
  what: `GET ${path}`,
  access,
  ok: 200,
  req: async () => ({ path, init }),
});

const REVIEW_OUTCOMES: ReviewOutcome[] = [
  "approve",
  "hide",
  "delete_spam",
  "delete_abuse",
  "dismiss",
  "reject",
];
const THREAD_TOOLS = ["lock", "unlock", "close", "reopen", "pin", "unpin", "move", "merge"] as const;

const cases: Case[] = [
  // Pages
  get("mod._index.tsx", "/mod"),
  get("mod.triage.tsx", "/mod/triage"),
  get("mod.community.tsx", "/mod/community"),
  get("mod.queue.tsx", "/mod/queue"),
  get("mod.settings.tsx", "/mod/settings"),
  get("mod.escalations._index.tsx", "/mod/escalations"),
  {
    ...get("mod.escalations.$id.tsx", "/mod/escalations/:id"),
    req: async () => ({
      path: `/mod/escalations/${sharedEscalationId}`,
      init: { params: { id: String(sharedEscalationId) } },
    }),
  },
  get("mod.incidents.tsx", "/mod/incidents"),
  get("mod.governance.tsx", "/mod/governance"),
  get("mod.audit.tsx", "/mod/audit"),
  get("mod.export.$table.ts", "/mod/export/summary", "staff", { params: { table: "summary" } }),
  get("mod.export.$table.ts", "/mod/export/alerts", "staff", { params: { table: "alerts" } }),
  get("mod.members._index.tsx", "/mod/members?segment=at_risk"),
  {
    ...get("mod.members.$username.tsx", "/mod/members/:username"),
    req: async () => ({
      path: `/mod/members/${author.username}`,
      init: { params: { username: author.username } },
    }),
  },
  get("mod.members[.csv].ts", "/mod/members.csv"),
  get("admin.webhooks.tsx", "/admin/webhooks", "admin"),
  get("admin.emails.tsx", "/admin/emails", "admin"),
  get("admin.emails.tsx", "/admin/emails?status=kept&show=1", "admin"),
  get("admin.teams.tsx", "/admin/teams", "admin"),

  // Page actions
  {
    file: "mod._index.tsx",
    handler: "action",
    what: "POST /mod intent=close-alert",
    access: "staff",
    ok: 302,
    req: async () => {
      const now = t.clock.now();
      const id = await t.db.transaction((tx) =>
        insertAlert(tx, {
          boardId: 0,
          window: "hour",
          raisedAt: now,
          updatedAt: now,
          peakCount: 5,
          baseline: 1,
          threadIds: [],
          terms: ["mất mạng"],
        }),
      );
      return {
        path: "/mod",
        init: form({ intent: "close-alert", alertId: String(id), note: "Handled", period: "7d", board: "" }),
        changed: async () => {
          const [a] = await t.db.select().from(alerts).where(eq(alerts.id, id));
          return a!.status === "closed";
        },
      };
    },
  },
  ...(["take", "handled"] as const).map((intent): Case => ({
    file: "mod.triage.tsx",
    handler: "action",
    what: `POST /mod/triage intent=${intent}`,
    access: "staff",
    ok: 302,
    req: async () => {
      const { threadId } = await thread();
      return {
        path: "/mod/triage",
        init: form({ intent, threadId: String(threadId) }),
        changed: async () => {
          const [row] = await t.db.select().from(threads).where(eq(threads.id, threadId));
          return intent === "take" ? row!.assigneeId !== null : row!.handledAt !== null;
        },
      };
    },
  })),
  {
    file: "mod.triage.tsx",
    handler: "action",
    what: "POST /mod/triage intent=sentiment",
    access: "staff",
    ok: 302,
    req: async () => {
      const { threadId, postId } = await thread();
      return {
        path: "/mod/triage",
        init: form({ intent: "sentiment", threadId: String(threadId), postId: String(postId), label: "neg" }),
        changed: corrected(postId),
      };
    },
  },
  ...(["confirm", "revoke"] as const).map((intent): Case => ({
    file: "mod.community.tsx",
    handler: "action",
    what: `POST /mod/community intent=${intent}`,
    access: "staff",
    ok: 302,
    req: async () => {
      const u = await insertTestUser(t.deps);
      if (intent === "revoke")
        await decideChampion(t.deps, admin, { username: u.username, decision: "confirm" });
      return {
        path: "/mod/community",
        init: form({ intent, username: u.username, note: "" }),
        changed: async () => {
          const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
          return row!.isChampion === (intent === "confirm");
        },
      };
    },
  })),
  ...REVIEW_OUTCOMES.map((outcome): Case => ({
    file: "mod.queue.tsx",
    handler: "action",
    what: `POST /mod/queue intent=${outcome}`,
    access: "staff",
    ok: 302,
    req: async () => {
      const { itemId, postId } = outcome === "reject" ? await pendingItem() : await flaggedItem();
      return {
        path: "/mod/queue",
        init: form({ intent: outcome, itemId: String(itemId) }),
        changed: await audited(outcome === "dismiss" ? "post.dismiss_flags" : `post.${outcome}`, postId),
      };
    },
  })),
  {
    file: "mod.settings.tsx",
    handler: "action",
    what: "POST /mod/settings intent=settings",
    access: "admin",
    ok: 302,
    req: async () => {
      const current = await getModerationSettings(t.db);
      const next = current.flagHideThreshold === 7 ? 8 : 7;
      return {
        path: "/mod/settings",
        // newMemberPremodPosts stays 0: fixtures written later must not be held for approval.
        init: form({ intent: "settings", flagHideThreshold: String(next), newMemberPremodPosts: "0" }),
        changed: await audited("setting.update", "flagHideThreshold"),
      };
    },
  },
  {
    file: "mod.settings.tsx",
    handler: "action",
    what: "POST /mod/settings intent=risingTerms",
    access: "staff",
    ok: 302,
    req: async () => {
      const current = await getRisingTermsIgnored(t.db);
      const next = current[0] === "SaoViet" ? "SaoViet Net" : "SaoViet";
      return {
        path: "/mod/settings",
        init: form({ intent: "risingTerms", ignoredTerms: next }),
        changed: await audited("setting.update", "risingTermsIgnored"),
      };
    },
  },
  {
    file: "mod.settings.tsx",
    handler: "action",
    what: "POST /mod/settings intent=board",
    access: "admin",
    ok: 302,
    req: async () => {
      const b = await insertTestBoard(t.deps);
      return {
        path: "/mod/settings",
        init: form({ intent: "board", boardId: String(b.id), premoderated: "on" }),
        changed: await audited("board.premoderation", b.id),
      };
    },
  },
  ...(
    [
      ["status", { status: "in_progress" }, "escalation.status"],
      ["assignee", { assignee: "<teamMod>" }, "escalation.assign"],
      ["priority", { priority: "P3" }, "escalation.priority"],
      ["note", { note: "Called the customer back." }, "escalation.note"],
      [
        "resolution",
        { resolutionSummary: "Replaced the modem.", resolutionPublic: "on" },
        "escalation.resolution",
      ],
      ["link", { threadId: "<thread>" }, "escalation.link"],
    ] as const
  ).map(([intent, fields, auditAction]): Case => ({
    file: "mod.escalations.$id.tsx",
    handler: "action",
    what: `POST /mod/escalations/:id intent=${intent}`,
    access: "staff",
    ok: 302,
    req: async () => {
      const id = await escalation();
      const values: Record<string, string> = { intent, ...fields };
      if (values.assignee) values.assignee = teamMod.username;
      if (values.threadId) values.threadId = String((await thread()).threadId);
      return {
        path: `/mod/escalations/${id}`,
        init: { form: values, params: { id: String(id) } },
        changed: await audited(auditAction, id),
      };
    },
  })),
  {
    file: "mod.governance.tsx",
    handler: "action",
    what: "POST /mod/governance intent=transfer",
    access: "admin",
    ok: 302,
    req: async () => {
      const b = await insertTestBoard(t.deps);
      return {
        path: "/mod/governance",
        init: form({ intent: "transfer", board: b.slug, username: moderator.username }),
        changed: await audited("board.owner", b.id),
      };
    },
  },
  {
    file: "admin.users.$username.role.ts",
    handler: "action",
    what: "POST /admin/users/:username/role",
    access: "admin",
    ok: 302,
    req: async () => {
      const u = await insertTestUser(t.deps);
      return {
        path: `/admin/users/${u.username}/role`,
        init: { params: { username: u.username }, form: { role: "moderator" } },
        changed: async () => {
          const [row] = await t.db.select().from(users).where(eq(users.id, u.id));
          return row!.role === "moderator";
        },
      };
    },
  },
  {
    file: "admin.webhooks.tsx",
    handler: "action",
    what: "POST /admin/webhooks intent=create",
    access: "admin",
    ok: 200,
    req: async () => ({
      path: "/admin/webhooks",
      init: form({ intent: "create", url: `https://hooks.example.com/${unique()}`, events: "post.flagged" }),
      changed: await audited("webhook.create"),
    }),
  },
  ...(["update", "delete"] as const).map((intent): Case => ({
    file: "admin.webhooks.tsx",
    handler: "action",
    what: `POST /admin/webhooks intent=${intent}`,
    access: "admin",
    ok: 302,
    req: async () => {
      const hook = await createWebhook(t.deps, admin, {
        url: `https://hooks.example.com/${unique()}`,
        events: ["post.flagged"],
        active: true,
      });
      return {
        path: "/admin/webhooks",
        init: form({ intent, id: String(hook.id), events: "post.flagged", active: "on" }),
        changed: await audited(`webhook.${intent}`, hook.id),
      };
    },
  })),
  ...(
    [
      ["create", "team.create"],
      ["rename", "team.rename"],
      ["deactivate", "team.deactivate"],
      ["activate", "team.activate"],
      ["add-member", "team.member_add"],
      ["remove-member", "team.member_remove"],
    ] as const
  ).map(([intent, auditAction]): Case => ({
    file: "admin.teams.tsx",
    handler: "action",
    what: `POST /admin/teams intent=${intent}`,
    access: "admin",
    ok: 302,
    req: async () => {
      const slug = `team-${unique()}`;
      const values: Record<string, string> = { intent, slug, nameVi: `Nhóm ${slug}`, nameEn: `Team ${slug}` };
      let target: number | undefined;
      if (intent !== "create") {
        const team = await createTeam(t.deps, admin, { slug, nameVi: "Nhóm", nameEn: "Team" });
        target = team.id;
        values.teamId = String(team.id);
        if (intent === "activate") await setTeamActive(t.deps, admin, team.id, false);
        if (intent === "add-member") values.username = teamMod.username;
        if (intent === "remove-member") {
          await addMemberToTeam(t.deps, admin, team.id, { username: teamMod.username });
          values.userId = teamMod.id;
        }
      }
      return { path: "/admin/teams", init: form(values), changed: await audited(auditAction, target) };
    },
  })),
  ...THREAD_TOOLS.map((tool): Case => ({
    file: "t.$threadId.tsx",
    handler: "action",
    what: `POST /t/:threadId intent=thread-${tool}`,
    access: "staff",
    ok: 302,
    req: async () => {
      const { threadId } = await thread();
      const values: Record<string, string> = { intent: `thread-${tool}` };
      // The undo tools need something to undo.
      const setup = { unlock: "lock", reopen: "close", unpin: "pin" } as const;
      if (tool === "unlock" || tool === "reopen" || tool === "unpin") {
        await applyThreadTool(t.deps, admin, threadId, { action: setup[tool], reason: "resolved" });
      }
      if (tool === "close") values.reason = "resolved";
      if (tool === "move") values.board = (await insertTestBoard(t.deps)).slug;
      if (tool === "merge") values.target = String((await thread()).threadId);
      return {
        path: `/t/${threadId}`,
        init: { form: values, params: { threadId: String(threadId) } },
        changed: await audited(`thread.${tool}`, threadId),
      };
    },
  })),
  {
    file: "t.$threadId.tsx",
    handler: "action",
    what: "POST /t/:threadId intent=escalate",
    access: "staff",
    ok: 302,
    req: async () => {
      const { threadId } = await thread();
      return {
        path: `/t/${threadId}`,
        init: {
          form: { intent: "escalate", team: "technical", priority: "P2", assignee: "" },
          params: { threadId: String(threadId) },
        },
        changed: async () => {
          const [row] = await t.db.select().from(threads).where(eq(threads.id, threadId));
          return row!.activeEscalationId !== null;
        },
      };
    },
  },
  {
    file: "t.$threadId.tsx",
    handler: "action",
    what: "POST /t/:threadId intent=sentiment",
    access: "staff",
    ok: 200,
    req: async () => {
      const { threadId, postId } = await thread();
      return {
        path: `/t/${threadId}`,
        init: {
          form: { intent: "sentiment", postId: String(postId), label: "pos" },
          params: { threadId: String(threadId) },
        },
        changed: corrected(postId),
      };
    },
  },
  {
    file: "t.$threadId.tsx",
    handler: "action",
    what: "POST /t/:threadId intent=spam",
    access: "staff",
    ok: 302,
    req: async () => {
      const { threadId } = await thread();
      const postId = await reply(threadId);
      return {
        path: `/t/${threadId}`,
        init: { form: { intent: "spam", postId: String(postId) }, params: { threadId: String(threadId) } },
        changed: async () => {
          const [row] = await t.db.select().from(posts).where(eq(posts.id, postId));
          return row!.deletedReason === "spam";
        },
      };
    },
  },

  // JSON API
  get("api.v1.mod.overview.ts", "/api/v1/mod/overview"),
  get("api.v1.mod.triage.ts", "/api/v1/mod/triage"),
  get("api.v1.mod.alerts.ts", "/api/v1/mod/alerts"),
  get("api.v1.mod.queue.ts", "/api/v1/mod/queue"),
  get("api.v1.escalations.ts", "/api/v1/escalations"),
  {
    ...get("api.v1.escalations.$id.ts", "/api/v1/escalations/:id"),
    req: async () => ({
      path: `/api/v1/escalations/${sharedEscalationId}`,
      init: { params: { id: String(sharedEscalationId) } },
    }),
  },
  {
    file: "api.v1.escalations.$id.ts",
    handler: "action",
    what: "PATCH /api/v1/escalations/:id",
    access: "staff",
    ok: 200,
    req: async () => {
      const id = await escalation();
      return {
        path: `/api/v1/escalations/${id}`,
        init: {
          method: "PATCH",
          json: { note: "Waiting for the field team.", priority: "P1" },
          params: { id: String(id) },
        },
        changed: await audited("escalation.priority", id),
      };
    },
  },
  {
    file: "api.v1.threads.$id.escalations.ts",
    handler: "action",
    what: "POST /api/v1/threads/:id/escalations",
    access: "staff",
    ok: 201,
    req: async () => {
      const { threadId } = await thread();
      return {
        path: `/api/v1/threads/${threadId}/escalations`,
        init: { json: { team: "technical", priority: "P3" }, params: { id: String(threadId) } },
        changed: await audited("escalation.create"),
      };
    },
  },
  {
    file: "api.v1.threads.$id.moderation.ts",
    handler: "action",
    what: "POST /api/v1/threads/:id/moderation",
    access: "staff",
    ok: 200,
    req: async () => {
      const { threadId } = await thread();
      return {
        path: `/api/v1/threads/${threadId}/moderation`,
        init: { json: { action: "lock" }, params: { id: String(threadId) } },
        changed: await audited("thread.lock", threadId),
      };
    },
  },
  {
    file: "api.v1.posts.$postId.sentiment.ts",
    handler: "action",
    what: "POST /api/v1/posts/:postId/sentiment",
    access: "staff",
    ok: 200,
    req: async () => {
      const { postId } = await thread();
      return {
        path: `/api/v1/posts/${postId}/sentiment`,
        init: { json: { label: "negative" }, params: { postId: String(postId) } },
        changed: corrected(postId),
      };
    },
  },
];

describe("staff routes are checked on the server", () => {
  it.each(cases.flatMap((k) => WHO.map((who) => [`${k.file} ${k.what}`, who, k] as const)))(
    "%s as %s",
    async (_name, who, k) => {
      const r = await k.req();
      const client = who === "anonymous" ? new Client() : clients[who];
      const res = await client.call(handlersOf(k.file)[k.handler]!, r.path, r.init);
      const expected = expectedStatus(k, who);
      expect(res.status).toBe(expected);
      const location = res.headers.get("Location");
      if (who === "anonymous" && !isApi(k.file)) expect(location).toMatch(/^\/login/);
      const allowed = who === "admin" || (who === "moderator" && k.access === "staff");
      if (allowed && (res.status === 302 || res.status === 303)) {
        expect(location).not.toMatch(/^\/login/);
        expect(location).not.toMatch(/[?&]\w*[eE]rror=/);
      }
      if (r.changed) expect(await r.changed()).toBe(allowed);
    },
  );

  it("has a case for every staff route file and every handler they export", () => {
    const dir = new URL("../../app/routes/", import.meta.url);
    const files = fs
      .readdirSync(dir)
      .filter((f) => STAFF_PREFIXES.some((p) => f.startsWith(p)) || STAFF_FILES.includes(f))
      .sort();
    expect(files.length).toBeGreaterThanOrEqual(23);
    const covered = new Set<string>(cases.map((k) => k.file));
    expect(files.filter((f) => !covered.has(f))).toEqual([]);

    const missing: string[] = [];
    for (const file of Object.keys(ROUTES) as RouteFile[]) {
      const h = handlersOf(file);
      // API modules serve every method with one function: a case for either export covers it.
      const single = h.loader !== undefined && h.loader === h.action;
      for (const name of ["loader", "action"] as const) {
        if (!h[name] || UNGUARDED[`${file}#${name}`]) continue;
        if (file === "t.$threadId.tsx" && name === "loader") continue; // a public page
        const has = cases.some((k) => k.file === file && (single || k.handler === name));
        if (!has) missing.push(`${file}#${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
