/**
 * Sessions. The only module that imports lucia (deprecated upstream, so kept swappable): everyone else
 * calls getOptionalUser / requireUser / startSession / endSession and gets our own SessionUser.
 */
import { Lucia, type Cookie, type DatabaseSession, type DatabaseUser } from "lucia";
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { redirect } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { sessions, users } from "~db/schema";
import type { Db } from "~db/client";
import { getDeps, lookupDb } from "~/deps.server";
import type { Role } from "~/domain/forum";
import { AppError } from "~/domain/shared/app-error";

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  /** As of this request (the session lookup reads the member's row anyway): privileges without another query. */
  reputation: number;
}

export const SESSION_COOKIE = "lantern_session";

/**
 * lucia's drizzle adapter, with its session lookup (every request with a cookie) replaced. The adapter's own
 * reads the member's whole row, some forty columns, and drizzle builds that query again on each request: a
 * quarter of the CPU of a shared member page (ADR 017) in a profile. This one reads the columns lucia uses, in
 * a query built once per database (a prepared statement); the other methods are the adapter's.
 */
class SessionAdapter extends DrizzlePostgreSQLAdapter {
  private readonly lookup;
  constructor(db: Db) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    super(db as any, sessions, users);
    this.lookup = db
      .select({
        sessionId: sessions.id,
        expiresAt: sessions.expiresAt,
        userId: users.id,
        username: users.username,
        role: users.role,
        reputation: users.reputation,
      })
      .from(sessions)
      .innerJoin(users, eq(sessions.userId, users.id))
      .where(eq(sessions.id, sql.placeholder("id")))
      .prepare("lantern_session_lookup");
  }

  override async getSessionAndUser(id: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [r] = await this.lookup.execute({ id });
    if (!r) return [null, null];
    return [
      { id: r.sessionId, userId: r.userId, expiresAt: r.expiresAt, attributes: {} },
      { id: r.userId, attributes: { username: r.username, role: r.role, reputation: r.reputation } },
    ];
  }
}

function buildLucia(db: Db) {
  const adapter = new SessionAdapter(db);
  return new Lucia(adapter, {
    sessionCookie: { name: SESSION_COOKIE, expires: false, attributes: { sameSite: "lax" } },
    getUserAttributes: (a) => ({ username: a.username, role: a.role, reputation: a.reputation }),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof buildLucia>;
    DatabaseUserAttributes: { username: string; role: Role; reputation: number };
  }
}

const cache = new WeakMap<Db, ReturnType<typeof buildLucia>>();
async function lucia() {
  const db = lookupDb(await getDeps());
  let l = cache.get(db);
  if (!l) {
    l = buildLucia(db);
    cache.set(db, l);
  }
  return l;
}

/**
 * Secure in production; a production build opened on localhost (the demo, the e2e tests) still works in
 * every browser because the flag is dropped only for loopback hosts. See docs/decisions/005.
 */
function isSecureRequest(request: Request): boolean {
  if (process.env.NODE_ENV !== "production") return false;
  const host = new URL(request.url).hostname;
  return !(host === "localhost" || host === "127.0.0.1" || host === "[::1]");
}

function serialize(cookie: Cookie, request: Request): string {
  let out = `${cookie.name}=${encodeURIComponent(cookie.value)}; Path=/; HttpOnly; SameSite=Lax`;
  if (cookie.attributes.maxAge !== undefined) out += `; Max-Age=${cookie.attributes.maxAge}`;
  if (isSecureRequest(request)) out += "; Secure";
  return out;
}

function readSessionId(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === SESSION_COOKIE) return validSessionId(v.join("="));
  }
  return null;
}

/** A tampered cookie (bad %-encoding, NUL, any size) is no session, not a failed query. */
function validSessionId(raw: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return /^[A-Za-z0-9_-]{1,255}$/.test(id) ? id : null;
}

export interface SessionLookup {
  user: SessionUser | null;
  /** Set-Cookie to send back (refreshed or blank session cookie), if any. */
  setCookie: string | null;
}

// A page request runs the root loader and the page's loader at once, and Remix hands each loader its own copy of
// the Request: a lookup of a session that is still running, started in this same turn of the event loop, is
// shared (so it never answers a request that came later, nor outlives its query). Only for reads: an action may
// rotate the session in between.
const sameTurn = new Map<string, Promise<SessionLookup>>();
const NO_SESSION: Promise<SessionLookup> = Promise.resolve({ user: null, setCookie: null });

export function lookupSession(request: Request): Promise<SessionLookup> {
  if (request.method !== "GET" && request.method !== "HEAD") return lookupSessionNow(request);
  const id = readSessionId(request);
  if (!id) return NO_SESSION;
  // The Set-Cookie a lookup may answer with depends on the request's host (Secure or not).
  const key = `${isSecureRequest(request) ? "s" : "p"}:${id}`;
  let p = sameTurn.get(key);
  if (!p) {
    const running = lookupSessionNow(request);
    const drop = () => {
      if (sameTurn.get(key) === running) sameTurn.delete(key);
    };
    running.then(drop, drop);
    setImmediate(drop);
    sameTurn.set(key, (p = running));
  }
  return p;
}

async function lookupSessionNow(request: Request): Promise<SessionLookup> {
  const id = readSessionId(request);
  if (!id) return { user: null, setCookie: null };
  const l = await lucia();
  const { session, user } = await l.validateSession(id);
  if (!session) return { user: null, setCookie: serialize(l.createBlankSessionCookie(), request) };
  const setCookie = session.fresh ? serialize(l.createSessionCookie(session.id), request) : null;
  return {
    user: { id: user.id, username: user.username, role: user.role, reputation: user.reputation },
    setCookie,
  };
}

export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return (await lookupSession(request)).user;
}

/** For pages: redirects to the login page, coming back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** For the API: an AppError the route turns into 401. */
export async function requireApiUser(request: Request): Promise<SessionUser> {
  const user = await getOptionalUser(request);
  if (!user) throw new AppError("unauthenticated", "login_required", "Log in first");
  return user;
}

/**
 * Creates a session for the user and returns the Set-Cookie header value. Rotation: the session the request
 * came with (if any) is invalidated first, and the new one always has a new id (no session fixation).
 */
export async function startSession(request: Request, userId: string): Promise<string> {
  const l = await lucia();
  const previous = readSessionId(request);
  if (previous) await l.invalidateSession(previous);
  const session = await l.createSession(userId, {});
  return serialize(l.createSessionCookie(session.id), request);
}

/** Set-Cookie that clears the session cookie (after the sessions were deleted elsewhere). */
export async function blankSessionCookie(request: Request): Promise<string> {
  return serialize((await lucia()).createBlankSessionCookie(), request);
}

export async function endSession(request: Request): Promise<string> {
  const l = await lucia();
  const id = readSessionId(request);
  if (id) await l.invalidateSession(id);
  return serialize(l.createBlankSessionCookie(), request);
}

/** For staff pages: anonymous → login redirect; members → 403. */
export async function requireStaff(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "moderator" && user.role !== "admin") throw new Response("Forbidden", { status: 403 });
  return user;
}

/** For admin pages: anonymous → login redirect; members and moderators → 403. */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") throw new Response("Forbidden", { status: 403 });
  return user;
}
