/**
 * Fuzz: every loader and action in app/routes gets random and hostile requests — form fields and JSON bodies
 * with the names the route reads, real ids and hostile strings (NUL, lone surrogates, 100k characters, SQL,
 * markup, numbers past every limit), tiptap-shaped documents with bad nodes and `javascript:` links, malformed
 * JSON, the wrong Content-Type, hostile route params, query strings and cookies — as anonymous, member,
 * moderator, admin and a visitor with a forged session cookie.
 *
 * Each call must answer below 500 without throwing a non-Response error, and a refused call (status >= 400)
 * must leave the database exactly as it was (fingerprint over every table, see FINGERPRINT_EXCLUDED).
 *
 * Routes are discovered from the files in app/routes, so a new route is fuzzed without a change here; the last
 * test checks that every exported loader and action was called. FUZZ_SEED=<n> replays a run (fast-check prints
 * the seed and path of a failure); FUZZ_RUNS=<n> changes the number of runs per handler.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import fc from "fast-check";
import { eq, inArray } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import {
  changedTables,
  describeValue,
  fingerprint,
  formEncoding,
  formWire,
  hostileJson,
  hostileString,
  invoke,
  jsonWire,
  listTables,
  RAW_JSON,
  rawWire,
  routeVocabulary,
  tiptapDoc,
  type Fingerprint,
  writeMark,
  type WireBody,
  wellFormed,
} from "../support/fuzz";
import { notifications, sessions as sessionRows, users } from "~db/schema";
import { startSession } from "~/auth/session.server";
import { BADGES } from "~/domain/badges";
import type { Actor, Role } from "~/domain/forum";
import { findTeam } from "~/data/escalations.server";
import { insertAlert } from "~/data/listening.server";
import { upsertFlaggedItem } from "~/data/review-queue.server";
import { addMemberToTeam, createTeam, escalateThread } from "~/services/escalation.server";
import { retagThread } from "~/services/post-actions.server";
import { createWebhook } from "~/services/webhooks.server";

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");
const FORMS_DIR = path.resolve(import.meta.dirname, "../../app/forms");

/**
 * Tables left out of the fingerprint, because a refused request may legitimately write them:
 * - rate_limits: counting refused attempts (failed logins…) is the rate limiter's job;
 * - sessions: reading a session can refresh its expiry, and logging out deletes one whatever the answer;
 * - thread_views_hourly: page views are counted on reads (buffered, flushed in batches).
 */
const FINGERPRINT_EXCLUDED = new Set(["rate_limits", "sessions", "thread_views_hourly"]);

/**
 * Writes a refused request is meant to make (route file → tables), with the reason:
 * - a sign-up with an address that is taken answers 409 and e-mails the address's owner about it
 *   (services/accounts.server.ts noticeSignupWithTakenEmail: instant sign-up cannot hide a taken address);
 * - the failed login that reaches the lock threshold locks the account (users.locked_at) and e-mails a
 *   single-use unlock link (auth_tokens, email_outbox) while answering 401 / 423.
 */
const REFUSAL_WRITES: Record<string, readonly string[]> = {
  "signup.tsx": ["email_outbox"],
  "api.v1.auth.signup.ts": ["email_outbox"],
  "login.tsx": ["users", "auth_tokens", "email_outbox"],
  "api.v1.auth.login.ts": ["users", "auth_tokens", "email_outbox"],
};

// A fixed seed by default, so `npm test` is reproducible and a landing is never blocked by a dice roll;
// FUZZ_SEED=random explores new inputs (run it before a release and keep any failure as a fixed case).
const SEED =
  process.env.FUZZ_SEED === "random"
    ? Math.floor(Math.random() * 2 ** 31)
    : process.env.FUZZ_SEED
      ? Number(process.env.FUZZ_SEED)
      : 1338930860;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
const RUNS_ACTION = RUNS ?? 40;
const RUNS_LOADER = RUNS ?? 20;

type Who = "anonymous" | "member" | "moderator" | "admin" | "forged";
const WHO: Who[] = ["anonymous", "member", "moderator", "admin", "forged"];
type U = Actor & { username: string };

type Handler = Parameters<typeof invoke>[0];
interface RouteModule {
  loader?: Handler;
  action?: Handler;
}

// ---------------------------------------------------------------------------------------------------------
// Discovery

interface Route {
  file: string;
  mod: RouteModule;
  params: string[];
  /** Path segments, `$name` kept as a placeholder. */
  segments: string[];
  words: string[];
  intents: string[];
}

/** Splits a flat-route file name on dots that are not inside [brackets]. */
function segmentsOf(file: string): string[] {
  const base = file.replace(/\.(tsx?|jsx?)$/, "");
  const out: string[] = [];
  let cur = "";
  let depth = 0;
  for (const ch of base) {
    if (ch === "[") depth++;
    if (ch === "]") depth--;
    if (ch === "." && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const FORMS_WORDS = fs
  .readdirSync(FORMS_DIR)
  .filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."))
  .flatMap((f) => routeVocabulary(fs.readFileSync(path.join(FORMS_DIR, f), "utf8")).words);

const ROUTE_FILES = fs
  .readdirSync(ROUTES_DIR)
  .filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\./.test(f))
  .sort();

const ROUTES: Route[] = await Promise.all(
  ROUTE_FILES.map(async (file) => {
    const mod = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
    const segments = segmentsOf(file);
    const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
    const vocab = routeVocabulary(source);
    // JSON bodies are read as `body.field`.
    const props = [...source.matchAll(/\bbody\.([A-Za-z_]\w{0,30})/g)].map((m) => m[1]!);
    // `$` alone is the splat, params["*"].
    const params = segments.filter((s) => s.startsWith("$")).map((s) => s.slice(1) || "*");
    return {
      file,
      mod,
      params,
      segments,
      words: [...new Set([...vocab.words, ...props, ...params])],
      intents: vocab.intents,
    };
  }),
);

function pathOf(route: Route, params: Record<string, string>): string {
  const parts = route.segments
    .filter((s) => s !== "_index" && !(s.startsWith("_") && s.length > 1))
    .map((s) => {
      if (s.startsWith("$")) return encodeURIComponent(wellFormed(params[s.slice(1) || "*"] ?? ""));
      return s.replace(/^\[(.*)\]$/, "$1").replace(/[[\]]/g, "");
    });
  return `/${parts.join("/")}`;
}

// ---------------------------------------------------------------------------------------------------------
// The world: real rows whose ids and names the fuzz uses

let t: TestDb;
let tables: string[];
const people = {} as Record<"member" | "moderator" | "admin" | "author", U>;
const ROLES: Record<keyof typeof people, Role> = {
  member: "member",
  moderator: "moderator",
  admin: "admin",
  author: "member",
};
const sessions = {} as Record<"member" | "moderator" | "admin", string>;
const pools = {
  threadIds: [] as string[],
  postIds: [] as string[],
  otherIds: [] as string[],
  usernames: [] as string[],
  boardSlugs: [] as string[],
  badgeSlugs: BADGES.map((b) => b.slug),
  tags: ["wifi", "modem", "the-tag"],
  all: [] as string[],
};

async function sessionCookie(userId: string) {
  const setCookie = await startSession(new Request("http://localhost/"), userId);
  return setCookie.split(";")[0]!;
}

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  people.admin = await insertTestUser(t.deps, { role: "admin" });
  people.moderator = await insertTestUser(t.deps, { role: "moderator" });
  people.member = await insertTestUser(t.deps, { reputation: 500 });
  people.author = await insertTestUser(t.deps);
  const board = await insertTestBoard(t.deps);
  const board2 = await insertTestBoard(t.deps, { ownerId: people.moderator.id });
  const q1 = await insertTestThread(t.deps, people.author, board.slug);
  const q2 = await insertTestThread(t.deps, people.member, board.slug);
  const q3 = await insertTestThread(t.deps, people.author, board2.slug);
  const r1 = await insertTestReply(t.deps, people.member, q1.threadId);
  const r2 = await insertTestReply(t.deps, people.author, q2.threadId, "Cảm ơn, đã được rồi!");
  const r3 = await insertTestReply(t.deps, people.moderator, q1.threadId);
  await retagThread(t.deps, people.admin, q1.threadId, { tags: "wifi modem the-tag" });
  const technical = (await findTeam(t.db, { slug: "technical" }))!;
  await addMemberToTeam(t.deps, people.admin, technical.id, { username: people.moderator.username });
  const esc = await escalateThread(t.deps, people.admin, q3.threadId, { team: "technical", priority: "P2" });
  const team = await createTeam(t.deps, people.admin, {
    slug: "fuzz-team",
    nameVi: "Nhóm thử",
    nameEn: "Fuzz team",
  });
  const hook = await createWebhook(t.deps, people.admin, {
    url: "https://hooks.example.com/fuzz",
    events: ["post.flagged"],
    active: true,
  });
  const item = await upsertFlaggedItem(t.db, r1.postId, t.clock.now());
  const now = t.clock.now();
  const alert = await t.db.transaction((tx) =>
    insertAlert(tx, {
      boardId: board.id,
      window: "hour",
      raisedAt: now,
      updatedAt: now,
      peakCount: 5,
      baseline: 1,
      threadIds: [q1.threadId],
      terms: ["mất mạng"],
    }),
  );
  const notes = await t.db.select({ id: notifications.id }).from(notifications).limit(5);

  pools.threadIds = [q1, q2, q3].map((q) => String(q.threadId));
  pools.postIds = [q1.postId, q2.postId, q3.postId, r1.postId, r2.postId, r3.postId].map(String);
  pools.otherIds = [
    esc.id,
    team.id,
    hook.id,
    item,
    alert,
    board.id,
    board2.id,
    ...notes.map((n) => n.id),
  ].map(String);
  pools.usernames = Object.values(people).map((p) => p.username);
  pools.boardSlugs = [board.slug, board2.slug];
  pools.all = [
    ...pools.threadIds,
    ...pools.postIds,
    ...pools.otherIds,
    ...pools.usernames,
    ...pools.boardSlugs,
    ...pools.badgeSlugs,
    ...pools.tags,
    ...Object.values(people).map((p) => p.id),
  ];
  for (const who of ["member", "moderator", "admin"] as const)
    sessions[who] = await sessionCookie(people[who].id);
  tables = (await listTables(t.db)).filter((x) => !FINGERPRINT_EXCLUDED.has(x));
}, 120_000);

afterAll(async () => {
  if (process.env.FUZZ_REPORT)
    console.log(
      Object.entries(statuses)
        .map(
          ([k, v]) =>
            `${k}: ${Object.entries(v)
              .map(([st, n]) => `${st}×${n}`)
              .join(" ")}`,
        )
        .join("\n"),
    );
  await t?.close();
});

/** A successful fuzz call may have changed a fixture user's role (an admin route): put the world back. */
beforeEach(async () => {
  if (!t) return;
  for (const [key, role] of Object.entries(ROLES) as [keyof typeof people, Role][]) {
    await t.db.update(users).set({ role, lockedAt: null }).where(eq(users.id, people[key].id));
  }
  await ensureSessions();
  const ids = Object.values(people).map((p) => p.id);
  expect((await t.db.select({ id: users.id }).from(users).where(inArray(users.id, ids))).length).toBe(
    ids.length,
  );
});

/** "Log out everywhere" and the like delete the callers' sessions: start new ones when that happened. */
async function ensureSessions() {
  const ids = Object.values(sessions).map((c) => decodeURIComponent(c.split("=")[1] ?? ""));
  const alive = await t.db
    .select({ id: sessionRows.id })
    .from(sessionRows)
    .where(inArray(sessionRows.id, ids));
  if (alive.length === ids.length) return;
  for (const who of ["member", "moderator", "admin"] as const)
    sessions[who] = await sessionCookie(people[who].id);
  last = null;
}

// ---------------------------------------------------------------------------------------------------------
// Inputs

function paramPool(name: string, route: Route): string[] {
  switch (name) {
    case "threadId":
      return pools.threadIds;
    case "postId":
      return pools.postIds;
    case "id":
      return [...pools.threadIds, ...pools.otherIds];
    case "username":
      return pools.usernames;
    case "slug":
      return route.file.startsWith("badges") ? pools.badgeSlugs : pools.boardSlugs;
    case "tag":
      return pools.tags;
    default:
      return [...pools.all, ...route.intents];
  }
}

function paramsArb(route: Route): fc.Arbitrary<Record<string, string>> {
  const entries = route.params.map((p) => {
    const pool = paramPool(p, route);
    return fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...pool) },
      { weight: 2, arbitrary: hostileString(pool) },
    );
  });
  return fc
    .tuple(...entries)
    .map((values) => Object.fromEntries(route.params.map((p, i) => [p, values[i]!])));
}

const SPECIAL_KEYS = ["__proto__", "constructor", "intent", "intent[]", "a[b]", "", "\u0000"];

function keyArb(route: Route) {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...(route.words.length ? route.words : ["intent"])) },
    { weight: 1, arbitrary: fc.constantFrom(...FORMS_WORDS) },
    { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
    { weight: 1, arbitrary: hostileString() },
  );
}

function formPairsArb(route: Route): fc.Arbitrary<[string, string][]> {
  const pool = [...pools.all, ...route.words];
  const value = fc.oneof(
    { weight: 8, arbitrary: hostileString(pool) },
    { weight: 1, arbitrary: tiptapDoc.map((d) => JSON.stringify(d) ?? "null") },
  );
  const intents = route.intents.length ? route.intents : route.words.length ? route.words : ["x"];
  return fc
    .tuple(
      fc.option(fc.oneof(fc.constantFrom(...intents), hostileString(intents)), { nil: null, freq: 6 }),
      fc.array(fc.tuple(keyArb(route), value), { maxLength: 8 }),
    )
    .map(([intent, rest]) => (intent === null ? rest : [["intent", intent] as [string, string], ...rest]));
}

/**
 * Valid requests for the routes with the most behind their validation (field names as authorization.test.ts
 * and the pages send them). The fuzz mutates them — a field replaced by a hostile value, dropped, repeated —
 * so it reaches the services and their SQL, not only the first zod check. Routes without one get random fields.
 */
type Template = Record<string, unknown>;
function templates(route: Route): Template[] {
  const [q1, q2] = pools.threadIds;
  const [p1, , , r1] = pools.postIds;
  const mod = people.moderator.username;
  const board = pools.boardSlugs[0]!;
  const body = {
    type: "doc",
    content: [{ type: "paragraph", content: [{ type: "text", text: "Thử lại xem sao." }] }],
  };
  const json = JSON.stringify(body);
  const unique = `fz${Math.random().toString(36).slice(2, 8)}`;
  switch (route.file) {
    case "api.v1.auth.login.ts":
      return [{ login: people.member.username, password: "correct horse battery" }];
    case "api.v1.auth.signup.ts":
      return [{ username: unique, email: `${unique}@example.test`, password: "long enough password" }];
    case "api.v1.threads.ts":
      return [{ board, title: "Mạng chập chờn mỗi tối, phải làm sao?", body }];
    case "api.v1.threads.$id.replies.ts":
      return [{ body }];
    case "api.v1.posts.$postId.edit.ts":
      return [{ body, title: "A better title for this question" }];
    case "api.v1.posts.$postId.vote.ts":
      return [{ value: 1 }, { value: -1 }];
    case "api.v1.threads.$id.accept.ts":
      return [{ replyId: Number(r1) }, { replyId: null }];
    case "api.v1.posts.$postId.flags.ts":
    case "api.v1.posts.$postId.flag.ts":
      return [
        { reason: "spam", note: "" },
        { reason: "needs_staff", note: "Cần hỗ trợ" },
      ];
    case "api.v1.posts.$postId.delete.ts":
      return [{ spam: false }, { spam: true }];
    case "api.v1.posts.$postId.sentiment.ts":
      return [{ label: "negative" }];
    case "api.v1.threads.$id.tags.ts":
      return [{ tags: ["wifi", "modem"] }, { tags: "wifi modem" }];
    case "api.v1.threads.$id.moderation.ts":
      return [
        { action: "close", reason: "resolved", duplicateOf: "" },
        { action: "move", board },
        { action: "merge", target: q2 },
        { action: "lock" },
      ];
    case "api.v1.threads.$id.escalations.ts":
      return [{ team: "technical", priority: "P2", assignee: mod }];
    case "api.v1.escalations.$id.ts":
      return [
        { status: "in_progress", priority: "P1", note: "Đang xử lý", assignee: mod, resolutionPublic: false },
      ];
    case "ask.tsx":
      return [
        { board, title: "Mạng chập chờn mỗi tối, phải làm sao?", body: json, bodyText: "", tags: "wifi" },
      ];
    case "login.tsx":
      return [{ login: people.member.username, password: "wrong password", redirectTo: "/" }];
    case "signup.tsx":
      return [{ username: unique, email: `${unique}@example.test`, password: "long enough password" }];
    case "t.$threadId.tsx":
      return [
        { intent: "reply", body: json, bodyText: "" },
        { intent: "reply", bodyText: "Khởi động lại modem là được." },
        { intent: "vote", postId: p1, value: "1" },
        { intent: "flag", postId: r1, reason: "spam", note: "" },
        { intent: "accept", replyId: r1 },
        { intent: "retag", tags: "wifi modem" },
        { intent: "sentiment", postId: r1, label: "neg" },
        { intent: "escalate", team: "technical", priority: "P2", assignee: "" },
        { intent: "thread-close", reason: "duplicate", duplicateOf: `/t/${q2}` },
        { intent: "thread-move", board },
        { intent: "thread-merge", target: q2 },
      ];
    case "p.$postId.edit.tsx":
      return [{ title: "A better title for this question", body: json, bodyText: "" }];
    case "mod.queue.tsx":
      return [
        { intent: "dismiss", itemId: pools.otherIds[3] },
        { intent: "hide", itemId: pools.otherIds[3] },
      ];
    case "mod.triage.tsx":
      return [
        { intent: "take", threadId: q1 },
        { intent: "sentiment", threadId: q1, postId: p1, label: "neg", _js: "1" },
      ];
    case "mod.escalations.$id.tsx":
      return [
        { intent: "status", status: "in_progress" },
        { intent: "assignee", assignee: mod },
        { intent: "note", note: "Đã gọi lại cho khách." },
        { intent: "resolution", resolutionSummary: "Thay modem.", resolutionPublic: "on" },
        { intent: "link", threadId: q2 },
      ];
    case "mod.settings.tsx":
      return [
        { intent: "settings", flagHideThreshold: "5", newMemberPremodPosts: "0" },
        { intent: "board", boardId: pools.otherIds[5], premoderated: "" },
      ];
    case "mod._index.tsx":
      return [
        { intent: "close-alert", alertId: pools.otherIds[4], note: "Đã xử lý", period: "7d", board: "" },
      ];
    case "mod.community.tsx":
      return [{ intent: "confirm", username: people.author.username, note: "" }];
    case "mod.governance.tsx":
      return [{ intent: "transfer", board, username: mod }];
    case "admin.teams.tsx":
      return [
        { intent: "create", slug: unique, nameVi: "Nhóm mới", nameEn: "New team" },
        { intent: "rename", teamId: pools.otherIds[1], nameVi: "Nhóm", nameEn: "Team" },
        { intent: "add-member", teamId: pools.otherIds[1], username: mod },
      ];
    case "admin.webhooks.tsx":
      return [
        { intent: "create", url: `https://hooks.example.com/${unique}`, events: "post.flagged", secret: "" },
        { intent: "update", id: pools.otherIds[2], events: "post.flagged", active: "on" },
      ];
    case "admin.users.$username.role.ts":
      return [{ role: "member" }];
    case "notifications.tsx":
      return [{ intent: "mark-read", id: pools.otherIds[7] ?? "1" }, { intent: "mark-all-read" }];
    case "settings.notifications.tsx":
      return [{ intent: "save", digest: "daily", "channel.reply": "email" }];
    case "follow.ts":
      return [
        { intent: "follow", targetType: "board", targetKey: board, redirectTo: "/" },
        { intent: "unfollow", targetType: "thread", targetKey: q1 },
        { intent: "follow", targetType: "tag", targetKey: "wifi" },
      ];
    default:
      return [];
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""));

/** A template with one or two fields made hostile, dropped, repeated, or random fields added. */
function mutatedArb(route: Route, json: boolean): fc.Arbitrary<[string, unknown][]> | null {
  const list = templates(route);
  if (!list.length) return null;
  const pool = [...pools.all, ...route.words];
  const value = json
    ? fc.oneof(hostileJson(pool, route.words), tiptapDoc, hostileString(pool))
    : hostileString(pool);
  const edit = fc.oneof(
    fc.tuple(fc.constant("set" as const), fc.nat(), value),
    fc.tuple(fc.constant("drop" as const), fc.nat(), fc.constant(null)),
    fc.tuple(fc.constant("repeat" as const), fc.nat(), value),
    fc.tuple(fc.constant("add" as const), keyArb(route), value),
  );
  return fc
    .tuple(fc.constantFrom(...list), fc.array(edit, { minLength: 1, maxLength: 2 }))
    .map(([tpl, edits]) => {
      const pairs: [string, unknown][] = Object.entries(tpl);
      for (const [op, at, v] of edits) {
        const i = typeof at === "number" && pairs.length ? at % pairs.length : 0;
        if (op === "set" && pairs[i]) pairs[i] = [pairs[i][0], v];
        else if (op === "drop") pairs.splice(i, 1);
        else if (op === "repeat" && pairs[i]) pairs.push([pairs[i][0], v]);
        else if (op === "add") pairs.push([String(at), v]);
      }
      return pairs;
    });
}

function formBodyArb(route: Route): fc.Arbitrary<WireBody> {
  const mutated = mutatedArb(route, false);
  const pairs = mutated
    ? fc.oneof(
        { weight: 2, arbitrary: mutated.map((ps) => ps.map(([k, v]): [string, string] => [k, str(v)])) },
        { weight: 1, arbitrary: formPairsArb(route) },
      )
    : formPairsArb(route);
  return fc.tuple(pairs, formEncoding).map(([ps, enc]) => formWire(ps, enc));
}

function jsonBodyArb(route: Route): fc.Arbitrary<WireBody> {
  const pool = [...pools.all, ...route.words];
  const value = fc.oneof(
    { weight: 4, arbitrary: hostileJson(pool, route.words) },
    { weight: 2, arbitrary: tiptapDoc },
    { weight: 1, arbitrary: fc.constantFrom(...pools.postIds, ...pools.threadIds).map(Number) },
  );
  const mutated = mutatedArb(route, true);
  return fc.oneof(
    ...(mutated ? [{ weight: 12, arbitrary: mutated.map((ps) => jsonWire(Object.fromEntries(ps))) }] : []),
    { weight: 8, arbitrary: fc.dictionary(keyArb(route), value, { maxKeys: 6 }).map(jsonWire) },
    { weight: 1, arbitrary: hostileJson(pool, route.words).map(jsonWire) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }).map(jsonWire) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_JSON).map((s) => rawWire(s)) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("text/plain", null, "application/json; charset=latin1")
        .map((ct) => rawWire('{"body":"x"}', ct)),
    },
  );
}

function queryArb(route: Route): fc.Arbitrary<string> {
  const pool = [...pools.all, ...route.words];
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant("") },
    {
      weight: 6,
      arbitrary: fc
        .array(fc.tuple(keyArb(route), hostileString(pool)), { maxLength: 5 })
        .map((pairs) => `?${new URLSearchParams(pairs.map(([k, v]) => [wellFormed(k), wellFormed(v)]))}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom("?%", "?%%00=%00", "?a=%E0%A4%A", "?&&==&", "?cursor=%ff%fe", "?=x"),
    },
  );
}

function headersArb(): fc.Arbitrary<{ who: Who; forgedCookie: string; acceptLanguage: string | null }> {
  return fc.record({
    who: fc.constantFrom(...WHO),
    forgedCookie: fc.oneof(
      hostileString(),
      fc.constantFrom("%00", "%E0%A4%A", "%", "x".repeat(5000), "a".repeat(40), "%ff%fe"),
    ),
    acceptLanguage: fc.option(
      fc.oneof(hostileString(), fc.constantFrom("vi;q=abc,en;q=1e309", "*", "en-US,en;q=0.9,vi;q=0.8")),
      { nil: null },
    ),
  });
}

// ---------------------------------------------------------------------------------------------------------
// One call and its checks

const calls = new Map<string, number>();
/** Answers per handler, printed with FUZZ_REPORT=1 (to see how far past validation the inputs get). */
const statuses: Record<string, Record<number, number>> = {};
/** The database as of the last check: the write mark and the fingerprint (null: to be taken again). */
let last: { mark: string; fp: Fingerprint } | null = null;

async function cookieFor(who: Who, route: Route, forged: string): Promise<string | null> {
  if (who === "anonymous") return null;
  if (who === "forged") return `lantern_session=${forged}`;
  // Logging out ends the session: give those routes a session of their own.
  if (route.file.includes("logout")) return sessionCookie(people[who].id);
  return sessions[who];
}

interface Input {
  method: string;
  params: Record<string, string>;
  query: string;
  body: WireBody | null;
  headers: { who: Who; forgedCookie: string; acceptLanguage: string | null };
}

async function exercise(route: Route, kind: "loader" | "action", handler: Handler, input: Input) {
  const cookie = await cookieFor(input.headers.who, route, input.headers.forgedCookie);
  const headers: Record<string, string> = {};
  if (cookie) headers.Cookie = cookie;
  if (input.headers.acceptLanguage !== null) headers["Accept-Language"] = input.headers.acceptLanguage;
  const p = `${pathOf(route, input.params)}${input.query}`;
  if (!last) {
    const mark = await writeMark(t.db);
    last = { mark, fp: await fingerprint(t.db, tables) };
  }
  const before = last;
  const out = await invoke(handler, {
    method: input.method,
    path: p,
    params: input.params,
    headers,
    body: input.body,
  });
  const mark = await writeMark(t.db);
  if (mark !== before.mark) last = null;
  if (mark !== before.mark) await ensureSessions();
  calls.set(`${route.file}#${kind}`, (calls.get(`${route.file}#${kind}`) ?? 0) + 1);
  const seen = (statuses[`${route.file}#${kind}`] ??= {});
  seen[out.status] = (seen[out.status] ?? 0) + 1;
  const what = () =>
    `${input.method} ${route.file} (${kind}) as ${input.headers.who}` +
    ` params=${describeValue(input.params)} query=${describeValue(input.query)}` +
    (input.body ? ` body=${input.body.describe}` : "") +
    (input.headers.who === "forged" ? ` cookie=${describeValue(input.headers.forgedCookie)}` : "") +
    (input.headers.acceptLanguage !== null
      ? ` accept-language=${describeValue(input.headers.acceptLanguage)}`
      : "") +
    ` [FUZZ_SEED=${SEED}]`;
  if (out.thrown !== undefined) {
    const e = out.thrown as Error;
    throw new Error(`threw ${e?.stack ?? String(e)}\n  on ${what()}`);
  }
  if (out.status >= 500) throw new Error(`answered ${out.status} to ${what()}`);
  if (out.status >= 400 && mark !== before.mark) {
    const after = await fingerprint(t.db, tables);
    last = { mark, fp: after };
    const allowed = REFUSAL_WRITES[route.file] ?? [];
    const changed = changedTables(before.fp, after).filter((c) => !allowed.includes(c.split(" ")[0]!));
    if (changed.length)
      throw new Error(`refused with ${out.status} but wrote ${changed.join(", ")}: ${what()}`);
  }
}

function fcParams(runs: number) {
  return { numRuns: runs, seed: SEED, endOnFailure: false, interruptAfterTimeLimit: 60_000 } as const;
}

/** Methods an API handler (utils/api.server.ts `api`) serves, from its 405 answer's Allow header. */
async function apiMethods(handler: Handler): Promise<string[] | null> {
  let res: unknown;
  try {
    res = await handler({
      request: new Request("http://localhost/x", { method: "OPTIONS" }),
      params: {},
      context: {},
    });
  } catch (e) {
    res = e;
  }
  if (res instanceof Response && res.status === 405 && res.headers.get("Allow"))
    return res.headers.get("Allow")!.split(/,\s*/);
  return null;
}

// ---------------------------------------------------------------------------------------------------------

describe("fuzz: no 5xx and no writes on refusal, for every route", () => {
  for (const route of ROUTES) {
    const { loader, action } = route.mod;
    const sameHandler = !!loader && loader === action;

    if (action) {
      it(`${route.file} action`, async () => {
        const methods = await apiMethods(action);
        const isApi = methods !== null;
        const writes = (methods ?? []).filter((m) => m !== "GET");
        const methodArb = isApi
          ? fc.oneof(...(writes.length ? [{ weight: 6, arbitrary: fc.constantFrom(...writes) }] : []), {
              weight: 1,
              arbitrary: fc.constantFrom("POST", "PUT", "PATCH", "DELETE"),
            })
          : fc.oneof(
              { weight: 6, arbitrary: fc.constant("POST") },
              { weight: 1, arbitrary: fc.constantFrom("PUT", "PATCH", "DELETE") },
            );
        // A body-less method list (GET only) still gets bodies: the handler must refuse the method.
        const bodyArb = isApi
          ? fc.oneof(
              { weight: 4, arbitrary: jsonBodyArb(route) },
              { weight: 1, arbitrary: formBodyArb(route) },
            )
          : fc.oneof(
              { weight: 12, arbitrary: formBodyArb(route) },
              { weight: 1, arbitrary: jsonBodyArb(route) },
              { weight: 1, arbitrary: fc.constant(null) },
            );
        last = null;
        await fc.assert(
          fc.asyncProperty(
            methodArb,
            paramsArb(route),
            queryArb(route),
            bodyArb,
            headersArb(),
            async (method, params, query, body, headers) => {
              await exercise(route, "action", action, { method, params, query, body, headers });
            },
          ),
          fcParams(RUNS_ACTION),
        );
      }, 120_000);
    }

    if (loader) {
      it(`${route.file} loader${sameHandler ? " (GET on the API handler)" : ""}`, async () => {
        last = null;
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom("GET", "GET", "GET", "HEAD"),
            paramsArb(route),
            queryArb(route),
            headersArb(),
            async (method, params, query, headers) => {
              await exercise(route, "loader", loader, { method, params, query, body: null, headers });
            },
          ),
          fcParams(RUNS_LOADER),
        );
      }, 120_000);
    }
  }

  it("covered every loader and action in app/routes", () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(60);
    const missing: string[] = [];
    for (const route of ROUTES) {
      for (const kind of ["loader", "action"] as const) {
        if (!route.mod[kind]) continue;
        const n = calls.get(`${route.file}#${kind}`) ?? 0;
        if (n < 1) missing.push(`${route.file}#${kind} (${n} calls)`);
      }
    }
    expect(missing).toEqual([]);
    // Route modules with an action (the write paths) must be most of what was fuzzed.
    expect(ROUTES.filter((r) => r.mod.action).length).toBeGreaterThanOrEqual(40);
  });
});

// ---------------------------------------------------------------------------------------------------------
// What the fuzz found (each was a 500), kept as plain cases

describe("fuzz findings stay fixed", () => {
  const byFile = (file: string) => {
    const r = ROUTES.find((x) => x.file === file);
    if (!r) throw new Error(`no route ${file}`);
    return r;
  };
  const call = (file: string, kind: "loader" | "action", init: Partial<Parameters<typeof invoke>[1]>) => {
    const route = byFile(file);
    return invoke(route.mod[kind]!, {
      method: kind === "loader" ? "GET" : "POST",
      path: pathOf(route, init.params ?? {}),
      params: {},
      headers: {},
      ...init,
    });
  };

  it("a forged session cookie (NUL, broken %-encoding, any size) is no session, not a failed query", async () => {
    for (const forged of [
      "%00",
      "abc%00def",
      "%E0%A4%A",
      "%",
      "x".repeat(5000),
      "a b",
      "'; drop table sessions; --",
    ]) {
      const headers = { Cookie: `lantern_session=${forged}` };
      expect((await call("api.v1.users.suggest.ts", "loader", { headers })).status).toBe(401);
      const page = await call("notifications.tsx", "loader", { headers });
      expect(page.status).toBe(302);
      expect(page.location).toMatch(/^\/login/);
    }
  });

  it("a page action sent something other than a form answers 415 / 400", async () => {
    const threadId = pools.threadIds[0]!;
    const base = { params: { threadId }, path: `/t/${threadId}`, headers: { Cookie: sessions.member } };
    const sent = async (body: WireBody) =>
      (await call("t.$threadId.tsx", "action", { ...base, body })).status;
    expect(await sent(jsonWire({ intent: "reply", bodyText: "hello" }))).toBe(415);
    expect(await sent(rawWire("intent=reply&bodyText=hello", "text/plain"))).toBe(415);
    expect(await sent(rawWire("intent=reply", null))).toBe(415);
    expect(await sent(formWire([["intent", "reply"]], "bad-multipart"))).toBe(400);
  });

  it("a NUL in any field of any page form is a 400", async () => {
    const formRoutes = ROUTES.filter(
      (r) =>
        r.mod.action && /\breadForm\(request\)/.test(fs.readFileSync(path.join(ROUTES_DIR, r.file), "utf8")),
    );
    expect(formRoutes.length).toBeGreaterThanOrEqual(19);
    const wrong: string[] = [];
    for (const route of formRoutes) {
      for (const tpl of [...templates(route), { intent: route.intents[0] ?? "x" }]) {
        for (const field of Object.keys(tpl)) {
          const pairs = Object.entries(tpl).map(([k, v]): [string, string] => [
            k,
            k === field ? `a\u0000b` : str(v),
          ]);
          const params = Object.fromEntries(route.params.map((p) => [p, paramPool(p, route)[0] ?? "1"]));
          const out = await call(route.file, "action", {
            params,
            path: pathOf(route, params),
            headers: { Cookie: sessions.admin },
            body: formWire(pairs, "urlencoded"),
          });
          if (out.status !== 400) wrong.push(`${route.file} ${field}: ${out.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a NUL in a JSON body is a 400", async () => {
    const out = await call("api.v1.threads.ts", "action", {
      headers: { Cookie: sessions.member },
      body: jsonWire({
        board: pools.boardSlugs[0],
        title: "A fine title\u0000 for a question",
        body: { type: "doc" },
      }),
    });
    expect(out.status).toBe(400);
  });

  it("a paging cursor past year 9999 means the first page", async () => {
    const cursor = Buffer.from("999999999999999.1").toString("base64url");
    const headers = { Cookie: sessions.moderator };
    for (const [file, key] of [
      ["mod.queue.tsx", "cursor"],
      ["mod.escalations._index.tsx", "cursor"],
      ["b.$slug.tsx", "cursor"],
    ] as const) {
      const route = byFile(file);
      const params: Record<string, string> = route.params.length ? { slug: pools.boardSlugs[0]! } : {};
      const out = await call(file, "loader", {
        headers,
        params,
        path: `${pathOf(route, params)}?${key}=${cursor}`,
      });
      expect(out.status, file).toBe(200);
    }
  });
});
