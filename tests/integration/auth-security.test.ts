/**
 * Authentication hardening: login throttling and locks (no user enumeration), password reset and unlock
 * links (single use, expiring, hashed), session rotation and "log out everywhere". Through the real routes.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient } from "../support/http";
import { FACTORY_PASSWORD, insertTestUser } from "../factories";
import { authTokens, emailOutbox, users } from "~db/schema";
import * as loginApi from "~/routes/api.v1.auth.login";
import * as signupApi from "~/routes/api.v1.auth.signup";
import * as loginPage from "~/routes/login";
import * as forgot from "~/routes/forgot-password";
import * as resetPage from "~/routes/reset-password.$token";
import * as unlockPage from "~/routes/unlock.$token";
import * as security from "~/routes/settings.security";
import * as role from "~/routes/admin.users.$username.role";
import { setRateLimitsEnabled } from "~/services/rate-limit.server";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});
// Every client here has no address (ip:unknown): each test starts with fresh counters.
beforeEach(async () => {
  await t.db.execute(sql`delete from rate_limits`);
});
afterEach(() => {
  setRateLimitsEnabled(undefined);
});

const MIN = 60_000;

const apiLogin = (c: Client, login: string, password: string) =>
  c.call(loginApi.action, "/api/v1/auth/login", { json: { login, password } });

/** The login API with a client address in the load context (as server.js provides it). */
async function apiLoginFrom(ip: string, login: string, password: string) {
  const request = new Request("http://localhost/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login, password }),
  });
  const res = await loginApi.action({ request, params: {}, context: { ip } } as never);
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

/** Whether a client's cookie still authenticates: the security page answers 200, or sends it to log in. */
async function authenticates(c: Client): Promise<boolean> {
  const r = await c.call(security.loader, "/settings/security");
  if (r.status === 302) expect(r.headers.get("Location")).toMatch(/^\/login/);
  return r.status === 200;
}

async function emailsTo(address: string) {
  return t.db
    .select({ kind: emailOutbox.kind, bodyText: emailOutbox.bodyText, subject: emailOutbox.subject })
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, address))
    .orderBy(emailOutbox.id);
}

function linkToken(body: string, path: "reset-password" | "unlock"): string {
  const m = new RegExp(`/${path}/([A-Za-z0-9_-]{43})`).exec(body);
  if (!m) throw new Error(`no ${path} link in: ${body}`);
  return m[1]!;
}

async function requestReset(c: Client, email: string) {
  return c.call(forgot.action, "/forgot-password", { form: { email } });
}

async function latestToken(address: string, path: "reset-password" | "unlock") {
  const mails = await emailsTo(address);
  return linkToken(mails[mails.length - 1]!.bodyText, path);
}

async function userRow(id: string) {
  const [row] = await t.db.select().from(users).where(eq(users.id, id));
  return row!;
}

describe("login throttling", () => {
  it("after 5 failures the right password is refused (429 + Retry-After), exactly like for an unknown username", async () => {
    const u = await insertTestUser(t.deps);
    const c = new Client();
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await apiLogin(c, u.username, "wrong password");
      const b = await apiLogin(c, "ghost_nobody", "wrong password");
      expect([a.status, b.status]).toEqual([401, 401]);
      known.push(a.body);
      unknown.push(b.body);
    }
    expect(known).toEqual(unknown);

    const refused = await apiLogin(c, u.username, FACTORY_PASSWORD);
    const refusedGhost = await apiLogin(c, "GHOST_nobody", "anything at all");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("900");
    expect(refused.body).toMatchObject({ error: { code: "login_throttled" } });
    expect(refusedGhost.status).toBe(429);
    expect(refusedGhost.headers.get("Retry-After")).toBe("900");
    expect(refusedGhost.body).toEqual(refused.body);
    expect(c.cookies.has("lantern_session")).toBe(false);

    // The page says so next to the form, keeps the login, and sends Retry-After too.
    const page = await new Client().call(loginPage.action, "/login", {
      form: { login: u.username, password: FACTORY_PASSWORD, redirectTo: "/" },
    });
    expect(page.status).toBe(429);
    expect(page.headers.get("Retry-After")).toBe("900");
    expect(page.body).toMatchObject({
      error: { code: "login_throttled", fields: { form: "login_throttled" } },
      values: { login: u.username },
    });
    // The e-mail address is the same account: no extra tries by switching to it.
    expect((await apiLogin(c, `${u.username}@example.test`, FACTORY_PASSWORD)).status).toBe(429);

    // Retry-After counts down with the clock; when the window ends the login works again.
    t.clock.advance(10 * MIN);
    expect((await apiLogin(c, u.username, FACTORY_PASSWORD)).headers.get("Retry-After")).toBe("300");
    t.clock.advance(5 * MIN);
    const again = await apiLogin(c, u.username, FACTORY_PASSWORD);
    expect(again.status).toBe(200);
    expect(c.cookies.has("lantern_session")).toBe(true);
  });

  it("only failures count: a successful login clears the account's count", async () => {
    const u = await insertTestUser(t.deps);
    const c = new Client();
    for (let i = 0; i < 4; i++) expect((await apiLogin(c, u.username, "nope nope")).status).toBe(401);
    expect((await apiLogin(c, u.username, FACTORY_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await apiLogin(c, u.username, "nope nope")).status).toBe(401);
    expect((await apiLogin(c, u.username, FACTORY_PASSWORD)).status).toBe(200);
    // Many successful logins in a row are never throttled.
    for (let i = 0; i < 8; i++) expect((await apiLogin(c, u.username, FACTORY_PASSWORD)).status).toBe(200);
  });

  it("30 failures from one address refuse logins from it (even right ones) but not from elsewhere", async () => {
    const u = await insertTestUser(t.deps);
    for (let i = 0; i < 30; i++) {
      expect((await apiLoginFrom("203.0.113.9", `nobody_${i % 10}`, "wrong")).status).toBe(401);
    }
    const blocked = await apiLoginFrom("203.0.113.9", u.username, FACTORY_PASSWORD);
    expect(blocked).toMatchObject({ status: 429, body: { error: { code: "login_throttled" } } });
    expect((await apiLoginFrom("198.51.100.7", u.username, FACTORY_PASSWORD)).status).toBe(200);
  });

  it("10 failures in a day lock the account and e-mail a single-use unlock link; unknown names look the same", async () => {
    const u = await insertTestUser(t.deps);
    const email = `${u.username}@example.test`;
    const c = new Client();
    const fail = async (login: string) => apiLogin(c, login, "still wrong");
    for (let i = 0; i < 5; i++) {
      await fail(u.username);
      await fail("ghost_locked");
    }
    t.clock.advance(15 * MIN + 1000);
    for (let i = 0; i < 4; i++) {
      expect((await fail(u.username)).status).toBe(401);
      expect((await fail("ghost_locked")).status).toBe(401);
    }
    expect(await emailsTo(email)).toEqual([]);
    const tenth = await fail(u.username);
    const tenthGhost = await fail("ghost_locked");
    expect(tenth).toMatchObject({ status: 403, body: { error: { code: "account_locked" } } });
    expect(tenthGhost.status).toBe(403);
    expect(tenthGhost.body).toEqual(tenth.body);
    expect((await userRow(u.id)).lockedAt).not.toBeNull();

    // Locked: even the right password is refused (same answer as for the unknown name), long after the window.
    t.clock.advance(60 * MIN);
    const right = await apiLogin(c, u.username, FACTORY_PASSWORD);
    expect(right.status).toBe(403);
    expect(right.body).toEqual((await apiLogin(c, "ghost_locked", "x")).body);

    const mails = await emailsTo(email);
    expect(mails.map((m) => m.kind)).toEqual(["auth_unlock"]);
    const token = linkToken(mails[0]!.bodyText, "unlock");
    // Only the hash is stored.
    const stored = await t.db.select().from(authTokens).where(eq(authTokens.userId, u.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.id).not.toContain(token);

    // Opening the link changes nothing (mail scanners); the button unlocks.
    const view = await new Client().call(unlockPage.loader, `/unlock/${token}`, { params: { token } });
    expect(view.body).toEqual({ state: "valid" });
    expect((await userRow(u.id)).lockedAt).not.toBeNull();
    const done = await new Client().call(unlockPage.action, `/unlock/${token}`, {
      method: "POST",
      params: { token },
    });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe(`/login?unlocked=1&login=${u.username}`);
    expect((await userRow(u.id)).lockedAt).toBeNull();
    // The failure counts were cleared too: a wrong password is just a wrong password again.
    expect((await apiLogin(c, u.username, "wrong again")).status).toBe(401);
    expect((await apiLogin(c, u.username, FACTORY_PASSWORD)).status).toBe(200);

    const reuse = await new Client().call(unlockPage.action, `/unlock/${token}`, {
      method: "POST",
      params: { token },
    });
    expect(reuse).toMatchObject({ status: 400, body: { error: { code: "link_used" } } });
    expect(
      (await new Client().call(unlockPage.loader, `/unlock/${token}`, { params: { token } })).body,
    ).toEqual({ state: "used" });
  });

  it("an unlock link expires after 24 hours; garbage tokens are 'unknown', never a 500", async () => {
    const u = await insertTestUser(t.deps);
    const c = new Client();
    for (let i = 0; i < 5; i++) await apiLogin(c, u.username, "wrong");
    t.clock.advance(16 * MIN);
    for (let i = 0; i < 5; i++) await apiLogin(c, u.username, "wrong");
    expect((await userRow(u.id)).lockedAt).not.toBeNull();
    const token = await latestToken(`${u.username}@example.test`, "unlock");
    t.clock.advance(24 * 60 * MIN);
    const late = await new Client().call(unlockPage.action, `/unlock/${token}`, {
      method: "POST",
      params: { token },
    });
    expect(late).toMatchObject({ status: 400, body: { error: { code: "link_expired" } } });
    expect((await userRow(u.id)).lockedAt).not.toBeNull();
    for (const bad of ["abc", "x".repeat(43), `${token.slice(0, 42)}%`, ""]) {
      const r = await new Client().call(unlockPage.loader, "/unlock/x", { params: { token: bad } });
      expect(r.body).toEqual({ state: "unknown" });
      const p = await new Client().call(unlockPage.action, "/unlock/x", {
        method: "POST",
        params: { token: bad },
      });
      expect(p.status).toBe(400);
    }
  });
});

describe("password reset", () => {
  it("answers the same for unknown and known addresses; only a known one queues an e-mail", async () => {
    const u = await insertTestUser(t.deps);
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(emailOutbox);
    const unknown = await requestReset(new Client(), "nobody-here@example.test");
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(emailOutbox);
    expect(after).toEqual(before);
    const known = await requestReset(new Client(), `${u.username.toUpperCase()}@example.test`);
    expect(known.status).toBe(unknown.status);
    expect(known.body).toEqual({
      ...(unknown.body as object),
      values: { email: `${u.username.toUpperCase()}@example.test` },
    });
    expect(unknown.body).toEqual({ ok: true, values: { email: "nobody-here@example.test" } });
    const mails = await emailsTo(`${u.username}@example.test`);
    expect(mails.map((m) => m.kind)).toEqual(["auth_reset"]);
    expect(mails[0]!.bodyText).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}/);

    // A bad address is a field error (nothing about accounts), the input kept.
    const bad = await requestReset(new Client(), "not an address");
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { fields: { email: "email_invalid" } }, values: { email: "not an address" } },
    });
  });

  it("a link works once, ends every session, lifts a lock, and logs in afresh; older links die", async () => {
    const u = await insertTestUser(t.deps);
    const email = `${u.username}@example.test`;
    const oldSession = await loggedInClient(u.username);
    const otherDevice = await loggedInClient(u.username);
    expect(await authenticates(oldSession)).toBe(true);

    await requestReset(new Client(), email);
    const first = await latestToken(email, "reset-password");
    await requestReset(new Client(), email);
    const second = await latestToken(email, "reset-password");
    expect(second).not.toBe(first);
    // Issuing a new link invalidated the older one.
    expect(
      (await new Client().call(resetPage.loader, `/reset-password/${first}`, { params: { token: first } }))
        .body,
    ).toEqual({ state: "unknown" });
    const firstTry = await new Client().call(resetPage.action, `/reset-password/${first}`, {
      params: { token: first },
      form: { password: "a brand new password" },
    });
    expect(firstTry).toMatchObject({ status: 400, body: { error: { code: "link_invalid" } } });

    // Lock the account to see the reset lift it.
    await t.db.update(users).set({ lockedAt: t.clock.now() }).where(eq(users.id, u.id));

    // Same validation as sign-up; the password is not echoed, the link still works afterwards.
    const c = new Client();
    const short = await c.call(resetPage.action, `/reset-password/${second}`, {
      params: { token: second },
      form: { password: "short" },
    });
    expect(short).toMatchObject({
      status: 400,
      body: { error: { fields: { password: "password_length" } }, values: {} },
    });

    const ok = await c.call(resetPage.action, `/reset-password/${second}`, {
      params: { token: second },
      form: { password: "a brand new password" },
    });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/settings/security?reset=1");
    expect(c.cookies.has("lantern_session")).toBe(true);
    expect(await authenticates(c)).toBe(true);
    expect(await authenticates(oldSession)).toBe(false);
    expect(await authenticates(otherDevice)).toBe(false);
    expect((await userRow(u.id)).lockedAt).toBeNull();

    expect((await apiLogin(new Client(), u.username, FACTORY_PASSWORD)).status).toBe(401);
    expect((await apiLogin(new Client(), u.username, "a brand new password")).status).toBe(200);

    const again = await new Client().call(resetPage.action, `/reset-password/${second}`, {
      params: { token: second },
      form: { password: "yet another password" },
    });
    expect(again).toMatchObject({ status: 400, body: { error: { code: "link_used" } } });
    expect((await apiLogin(new Client(), u.username, "yet another password")).status).toBe(401);
  });

  it("a reset clears the login failure counts", async () => {
    const u = await insertTestUser(t.deps);
    const c = new Client();
    for (let i = 0; i < 5; i++) await apiLogin(c, u.username, "wrong");
    expect((await apiLogin(c, u.username, FACTORY_PASSWORD)).status).toBe(429);
    await requestReset(new Client(), `${u.username}@example.test`);
    const token = await latestToken(`${u.username}@example.test`, "reset-password");
    const r = await new Client().call(resetPage.action, `/reset-password/${token}`, {
      params: { token },
      form: { password: "fresh password 1" },
    });
    expect(r.status).toBe(302);
    expect((await apiLogin(c, u.username, "fresh password 1")).status).toBe(200);
  });

  it("a link expires after one hour", async () => {
    const u = await insertTestUser(t.deps);
    await requestReset(new Client(), `${u.username}@example.test`);
    const token = await latestToken(`${u.username}@example.test`, "reset-password");
    t.clock.advance(59 * MIN);
    expect(
      (await new Client().call(resetPage.loader, `/reset-password/${token}`, { params: { token } })).body,
    ).toEqual({ state: "valid" });
    t.clock.advance(1 * MIN);
    expect(
      (await new Client().call(resetPage.loader, `/reset-password/${token}`, { params: { token } })).body,
    ).toEqual({ state: "expired" });
    const r = await new Client().call(resetPage.action, `/reset-password/${token}`, {
      params: { token },
      form: { password: "too late password" },
    });
    expect(r).toMatchObject({ status: 400, body: { error: { code: "link_expired" } } });
  });

  it("requests are limited per address (when limits are on) and per account (always, silently)", async () => {
    const u = await insertTestUser(t.deps);
    const email = `${u.username}@example.test`;
    for (let i = 0; i < 7; i++) expect((await requestReset(new Client(), email)).status).toBe(200);
    // At most 5 e-mails an hour to one inbox, whoever asks; the answer does not change.
    expect((await emailsTo(email)).length).toBe(5);

    setRateLimitsEnabled(true);
    await t.db.execute(sql`delete from rate_limits`);
    for (let i = 0; i < 5; i++) expect((await requestReset(new Client(), "x@example.test")).status).toBe(200);
    const limited = await requestReset(new Client(), "x@example.test");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("3600");
  });
});

describe("sessions", () => {
  it("a login rotates the session: new id, the old one no longer works", async () => {
    const u = await insertTestUser(t.deps);
    const c = await loggedInClient(u.username);
    const firstId = c.cookies.get("lantern_session")!;
    const copy = new Client();
    copy.cookies.set("lantern_session", firstId);
    expect(await authenticates(copy)).toBe(true);

    expect((await apiLogin(c, u.username, FACTORY_PASSWORD)).status).toBe(200);
    const secondId = c.cookies.get("lantern_session")!;
    expect(secondId).toBeTruthy();
    expect(secondId).not.toBe(firstId);
    expect(await authenticates(c)).toBe(true);
    expect(await authenticates(copy)).toBe(false);

    // The login page rotates too.
    const page = await c.call(loginPage.action, "/login", {
      form: { login: u.username, password: FACTORY_PASSWORD, redirectTo: "/" },
    });
    expect(page.status).toBe(302);
    expect(c.cookies.get("lantern_session")).not.toBe(secondId);
  });

  it("a role change by an admin ends every session of that member", async () => {
    const admin = await insertTestUser(t.deps, { role: "admin" });
    const target = await insertTestUser(t.deps);
    const targetClient = await loggedInClient(target.username);
    const bystander = await loggedInClient((await insertTestUser(t.deps)).username);
    const adminClient = await loggedInClient(admin.username);
    const r = await adminClient.call(role.action, `/admin/users/${target.username}/role`, {
      params: { username: target.username },
      form: { role: "moderator" },
    });
    expect(r.headers.get("Location")).toContain("roleChanged=moderator");
    expect(await authenticates(targetClient)).toBe(false);
    expect(await authenticates(bystander)).toBe(true);
    expect(await authenticates(adminClient)).toBe(true);
  });

  it("'log out everywhere' ends every session of the member, this one included", async () => {
    const u = await insertTestUser(t.deps);
    const other = await insertTestUser(t.deps);
    const laptop = await loggedInClient(u.username);
    const phone = await loggedInClient(u.username);
    const someoneElse = await loggedInClient(other.username);
    const page = await laptop.call(security.loader, "/settings/security");
    expect(page.body).toMatchObject({ sessions: 2, email: `${u.username}@example.test` });

    const r = await laptop.call(security.action, "/settings/security", {
      form: { intent: "logout-everywhere" },
    });
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toBe("/login?loggedOut=everywhere");
    expect(laptop.cookies.has("lantern_session")).toBe(false);
    expect(await authenticates(phone)).toBe(false);
    expect(await authenticates(someoneElse)).toBe(true);

    const unknownIntent = await someoneElse.call(security.action, "/settings/security", {
      form: { intent: "x" },
    });
    expect(unknownIntent.status).toBe(400);
    const anonymous = await new Client().call(security.action, "/settings/security", {
      form: { intent: "logout-everywhere" },
    });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });

  it("the security page can send a reset link to the member's own address", async () => {
    const u = await insertTestUser(t.deps);
    const c = await loggedInClient(u.username);
    const r = await c.call(security.action, "/settings/security", { form: { intent: "send-reset" } });
    expect(r).toMatchObject({ status: 200, body: { ok: true } });
    expect((await emailsTo(`${u.username}@example.test`)).map((m) => m.kind)).toEqual(["auth_reset"]);
  });
});

describe("sign-up", () => {
  it("a taken e-mail is a field error, and its owner is told (once a day) with a reset link", async () => {
    const owner = await insertTestUser(t.deps);
    const email = `${owner.username}@example.test`;
    for (let i = 0; i < 2; i++) {
      const r = await new Client().call(signupApi.action, "/api/v1/auth/signup", {
        json: {
          username: `newcomer_${i}_${owner.username}`.slice(0, 30),
          email: email.toUpperCase(),
          password: "long enough pw",
        },
      });
      expect(r).toMatchObject({ status: 409, body: { error: { fields: { email: "email_taken" } } } });
    }
    const mails = await emailsTo(email);
    expect(mails.map((m) => m.kind)).toEqual(["auth_signup_notice"]);
    expect(mails[0]!.bodyText).toContain("/forgot-password");
  });

  it("sign-ups are limited per address", async () => {
    setRateLimitsEnabled(true);
    const stamp = Date.now().toString(36);
    for (let i = 0; i < 10; i++) {
      const r = await new Client().call(signupApi.action, "/api/v1/auth/signup", {
        json: {
          username: `s${stamp}_${i}`,
          email: `s${stamp}_${i}@example.test`,
          password: "long enough pw",
        },
      });
      expect(r.status).toBe(201);
    }
    const eleventh = await new Client().call(signupApi.action, "/api/v1/auth/signup", {
      json: { username: `s${stamp}_x`, email: `s${stamp}_x@example.test`, password: "long enough pw" },
    });
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get("Retry-After"))).toBeGreaterThan(0);
    const [row] = await t.db
      .select()
      .from(users)
      .where(eq(users.username, `s${stamp}_x`));
    expect(row).toBeUndefined();
    // Passwords are stored as argon2id hashes (OWASP's minimum profile).
    const [first] = await t.db
      .select()
      .from(users)
      .where(eq(users.username, `s${stamp}_0`));
    expect(first!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
