/**
 * Sign-up, login (with throttling and locks), password resets, unlocking, sessions and staff-account creation.
 * Login rules: domain/security/login-throttle.ts; e-mailed tokens: domain/security/auth-tokens.ts.
 */
import { createHash, randomBytes } from "node:crypto";
import { generateIdFromEntropySize } from "lucia";
import type { AppDeps } from "~/deps.server";
import {
  insertUser,
  findUserForLogin,
  findUserByUsernameOrEmail,
  setUserRole,
  type UserRow,
} from "~/data/users.server";
import { recordLedger } from "~/data/reputation.server";
import { REPUTATION } from "~/domain/reputation";
import type { Executor } from "~db/client";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { z } from "zod";
import { EmailSchema, LoginSchema, PasswordSchema, SignupSchema, fieldErrors } from "~/forms/schemas";
import { AppError, invalidInput } from "~/domain/shared/app-error";
import type { Role } from "~/domain/forum";
import {
  AUTH_TOKEN_BYTES,
  authEmailDedupeKey,
  authTokenPath,
  authTokenState,
  encodeToken,
  gateAccountAttempt,
  gateBeforePassword,
  loginSubject,
  looksLikeToken,
  rateKey,
  rateSubject,
  renderAuthEmail,
  shouldLock,
  signupNoticeDedupeKey,
  tokenExpiresAt,
  type AuthEmailKind,
  type AuthTokenPurpose,
  type AuthTokenState,
} from "~/domain/security";
import {
  consumeAuthToken,
  countUserSessions,
  deleteUnusedTokens,
  deleteUserSessions,
  findAccountByEmail,
  findAccountById,
  findAuthToken,
  insertAuthToken,
  lockAccount,
  queueAuthEmail,
  setPasswordAndUnlock,
  unlockAccount as clearAccountLock,
} from "~/data/auth-tokens.server";
import { emailBaseUrl } from "~/data/email.server";
import { enforceRateLimit, hitRateLimit, rateStore } from "./rate-limit.server";

function newUserId() {
  return generateIdFromEntropySize(10); // 16 characters, base32
}

/** Inserts a member with the starting reputation as their first ledger row; null if the name or e-mail is taken. */
export async function registerUser(
  ex: Executor,
  row: Pick<UserRow, "id" | "username" | "email" | "passwordHash"> &
    Partial<Pick<UserRow, "role" | "locale" | "signupIp">>,
  at: Date,
) {
  const created = await insertUser(ex, { ...row, reputation: 0 });
  if (!created) return null;
  await recordLedger(
    ex,
    [
      {
        userId: created.id,
        points: REPUTATION.start,
        reason: "signup",
        postId: null,
        actorId: null,
        boardId: null,
      },
    ],
    at,
  );
  return created;
}

export async function signUp(
  deps: AppDeps,
  input: unknown,
  opts: { role?: Role; locale?: string; ip?: string | null } = {},
) {
  const parsed = SignupSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidInput(fieldErrors(parsed.error));
  }
  const { username, email, password } = parsed.data;
  // Sign-ups from the pages and the API are limited per address (the command line passes no `ip`).
  if ("ip" in opts) await enforceRateLimit(deps, "signup", rateSubject(null, opts.ip ?? null));
  const passwordHash = await hashPassword(password);
  let emailOwner: string | null = null;
  const created = await deps.db
    .transaction(async (tx) => {
      const row = await registerUser(
        tx,
        {
          id: newUserId(),
          username,
          email,
          passwordHash,
          role: opts.role ?? "member",
          locale: opts.locale === "en" ? "en" : "vi",
          signupIp: opts.ip ?? null,
        },
        deps.clock.now(),
      );
      if (!row) {
        const clash = await findUserByUsernameOrEmail(tx, username, email);
        const fields: Record<string, string> = {};
        if (clash?.username.toLowerCase() === username.toLowerCase()) fields.username = "username_taken";
        else {
          fields.email = "email_taken";
          emailOwner = email;
        }
        throw new AppError(
          "conflict",
          "account_exists",
          "That username or email is already registered",
          fields,
        );
      }
      return row;
    })
    .catch(async (e: unknown) => {
      if (emailOwner) await noticeSignupWithTakenEmail(deps, emailOwner);
      throw e;
    });
  return created;
}

/**
 * Instant sign-up cannot hide that an e-mail address is taken (the account would exist right away
 * otherwise). What we do instead: the sign-up limit per address slows probing, and the owner of the address
 * is told (at most once a day) that someone tried, with a link to reset their password.
 */
async function noticeSignupWithTakenEmail(deps: AppDeps, email: string) {
  const owner = await findAccountByEmail(deps.db, email);
  if (!owner) return;
  const now = deps.clock.now();
  await queueEmail(
    deps.db,
    owner,
    "signup_notice",
    "/forgot-password",
    signupNoticeDedupeKey(owner.id, now),
    now,
  );
}

/** A login refused for a while: too many failures for this account (or from this address). */
export class LoginThrottledError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(
      "rate_limited",
      "login_throttled",
      `Too many failed logins; try again in ${retryAfterSeconds} s or reset your password`,
      { form: "login_throttled" },
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const accountLocked = () =>
  new AppError(
    "forbidden",
    "account_locked",
    "This account is locked after too many failed logins. Use the unlock link e-mailed to its owner, or reset the password",
    { form: "account_locked" },
  );

const badCredentials = () =>
  // One message for "no such user" and "wrong password": no account enumeration.
  new AppError("unauthenticated", "bad_credentials", "Wrong username/email or password", {
    form: "bad_credentials",
  });

/**
 * Checks a username/e-mail and password. Throttled (always, whatever RATE_LIMITS says): see
 * domain/security/login-throttle.ts. Unknown logins are counted and answered exactly like real ones, and the
 * password is checked against a dummy hash so the timing matches too.
 */
export async function logIn(deps: AppDeps, input: unknown, opts: { ip?: string | null } = {}) {
  const parsed = LoginSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidInput(fieldErrors(parsed.error));
  }
  const { login, password } = parsed.data;
  const now = deps.clock.now();
  const store = await rateStore(deps);
  const account = await findUserForLogin(deps.db, login);
  const subject = loginSubject(account?.id, login);
  const ipSubject = rateSubject(null, opts.ip ?? null);

  const [day, ip] = await Promise.all([
    store.peek(rateKey("login-lock", subject), now),
    store.peek(rateKey("login-ip", ipSubject), now),
  ]);
  const before = gateBeforePassword(
    { locked: !!account?.lockedAt, lockFailures: day.count, ipFailures: ip.count, ipResetAt: ip.resetAt },
    now,
  );
  if (before.kind === "locked") throw accountLocked();
  if (before.kind === "throttled") throw new LoginThrottledError(before.retryAfterSeconds);

  const attempt = gateAccountAttempt(await hitRateLimit(deps, "login-account", subject));
  if (attempt.kind === "throttled") throw new LoginThrottledError(attempt.retryAfterSeconds);

  const ok = await verifyPassword(account?.passwordHash ?? null, password);
  if (account && ok) {
    await clearLoginFailures(deps, subject);
    return { id: account.id, username: account.username, role: account.role };
  }

  await hitRateLimit(deps, "login-ip", ipSubject);
  const failures = await hitRateLimit(deps, "login-lock", subject);
  if (shouldLock(failures.count)) {
    if (account) await lockAndSendUnlockLink(deps, account, now);
    throw accountLocked();
  }
  throw badCredentials();
}

async function clearLoginFailures(deps: AppDeps, subject: string) {
  const store = await rateStore(deps);
  await store.reset(rateKey("login-account", subject));
  await store.reset(rateKey("login-lock", subject));
}

// ---------------------------------------------------------------------------------------------------------
// E-mailed tokens

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new token for the member (their older unused ones of that purpose die), and the e-mail carrying it. */
async function issueTokenEmail(
  ex: Executor,
  account: { id: string; username: string; email: string; locale: string },
  purpose: AuthTokenPurpose,
  now: Date,
) {
  await deleteUnusedTokens(ex, account.id, purpose);
  const token = encodeToken(randomBytes(AUTH_TOKEN_BYTES));
  const id = sha256(token);
  await insertAuthToken(
    ex,
    { id, userId: account.id, purpose, expiresAt: tokenExpiresAt(purpose, now) },
    now,
  );
  await queueEmail(ex, account, purpose, authTokenPath(purpose, token), authEmailDedupeKey(purpose, id), now);
}

async function queueEmail(
  ex: Executor,
  account: { id: string; username: string; email: string; locale: string },
  kind: AuthEmailKind,
  path: string,
  dedupeKey: string,
  now: Date,
) {
  const mail = renderAuthEmail(
    kind,
    { username: account.username, path },
    account.locale === "en" ? "en" : "vi",
    emailBaseUrl(),
  );
  return queueAuthEmail(
    ex,
    {
      userId: account.id,
      toAddress: account.email,
      subject: mail.subject,
      bodyText: mail.text,
      bodyHtml: mail.html,
      kind: `auth_${kind}`,
      dedupeKey,
    },
    now,
  );
}

async function lockAndSendUnlockLink(
  deps: AppDeps,
  account: { id: string; username: string; email: string; locale: string },
  now: Date,
) {
  await deps.db.transaction(async (tx) => {
    if (await lockAccount(tx, account.id, now)) await issueTokenEmail(tx, account, "unlock", now);
  });
}

const ResetRequestSchema = z.object({ email: EmailSchema });
const NewPasswordSchema = z.object({ password: PasswordSchema });

/**
 * "Forgot your password?": e-mails a reset link when the address belongs to an account. The answer is the
 * same either way (the caller shows "If an account exists for that address, we sent a link"). Limits: per
 * address (reset-request, like other limits off under RATE_LIMITS=off) and, silently, per account (at most
 * that many e-mails an hour to one inbox, whoever asks).
 */
export async function requestPasswordReset(deps: AppDeps, input: unknown, opts: { ip?: string | null } = {}) {
  const parsed = ResetRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidInput(fieldErrors(parsed.error));
  }
  await enforceRateLimit(deps, "reset-request", rateSubject(null, opts.ip ?? null));
  const now = deps.clock.now();
  const account = await findAccountByEmail(deps.db, parsed.data.email);
  if (account) {
    const perAccount = await hitRateLimit(deps, "reset-request", `account:${account.id}`);
    if (perAccount.allowed) {
      await deps.db.transaction((tx) => issueTokenEmail(tx, account, "reset", now));
    }
  }
  return { sent: true as const };
}

/** Whether a link's token is usable now (for the page that shows the form). */
export async function checkAuthToken(
  deps: AppDeps,
  token: unknown,
  purpose: AuthTokenPurpose,
): Promise<AuthTokenState> {
  if (!looksLikeToken(token)) return "unknown";
  const row = await findAuthToken(deps.db, sha256(token));
  return authTokenState(row, purpose, deps.clock.now());
}

function linkError(state: AuthTokenState) {
  const code = state === "expired" ? "link_expired" : state === "used" ? "link_used" : "link_invalid";
  return new AppError("invalid", code, "This link is invalid, expired or already used", { form: code });
}

/**
 * Sets a new password from a reset link. One transaction: the token is marked used (only if still usable),
 * the password is replaced, the lock lifted, the member's other links and ALL their sessions are deleted.
 * Then the login failure counts are cleared. The caller starts a fresh session.
 */
export async function resetPassword(deps: AppDeps, token: unknown, input: unknown) {
  const parsed = NewPasswordSchema.safeParse(input);
  if (!parsed.success) {
    throw invalidInput(fieldErrors(parsed.error));
  }
  const state = await checkAuthToken(deps, token, "reset");
  if (state !== "valid" || !looksLikeToken(token)) throw linkError(state);
  const passwordHash = await hashPassword(parsed.data.password);
  const now = deps.clock.now();
  const account = await deps.db.transaction(async (tx) => {
    const userId = await consumeAuthToken(tx, sha256(token), "reset", now);
    if (!userId) throw linkError("used");
    await setPasswordAndUnlock(tx, userId, passwordHash);
    await deleteUnusedTokens(tx, userId, "reset");
    await deleteUnusedTokens(tx, userId, "unlock");
    await deleteUserSessions(tx, userId);
    return findAccountById(tx, userId);
  });
  if (!account) throw linkError("unknown");
  await clearLoginFailures(deps, loginSubject(account.id, account.username));
  return { id: account.id, username: account.username, role: account.role };
}

/** Lifts a lock from the e-mailed unlock link (single use) and clears the login failure counts. */
export async function unlockWithToken(deps: AppDeps, token: unknown) {
  const state = await checkAuthToken(deps, token, "unlock");
  if (state !== "valid" || !looksLikeToken(token)) throw linkError(state);
  const now = deps.clock.now();
  const account = await deps.db.transaction(async (tx) => {
    const userId = await consumeAuthToken(tx, sha256(token), "unlock", now);
    if (!userId) throw linkError("used");
    await clearAccountLock(tx, userId);
    return findAccountById(tx, userId);
  });
  if (!account) throw linkError("unknown");
  await clearLoginFailures(deps, loginSubject(account.id, account.username));
  return { username: account.username };
}

// ---------------------------------------------------------------------------------------------------------
// Sessions

/** "Log out everywhere": deletes every session of the member, the current one included. */
export async function logOutEverywhere(deps: AppDeps, userId: string): Promise<number> {
  return deleteUserSessions(deps.db, userId);
}

export async function countActiveSessions(deps: AppDeps, userId: string): Promise<number> {
  return countUserSessions(deps.db, userId, deps.clock.now());
}

/** Creates a staff (or member) account from the command line; promotes an existing one if it exists. */
export async function createOrPromoteUser(
  deps: AppDeps,
  input: { username: string; email: string; password: string; role: Role },
) {
  try {
    return { ...(await signUp(deps, input, { role: input.role })), created: true };
  } catch (e) {
    if (e instanceof AppError && e.kind === "conflict") {
      const existing = await findUserForLogin(deps.db, input.username);
      if (!existing) throw e;
      await deps.db.transaction(async (tx) => {
        await setUserRole(tx, existing.id, input.role);
        // A privilege change starts over: every session of the member ends.
        await deleteUserSessions(tx, existing.id);
      });
      return { id: existing.id, username: existing.username, role: input.role, created: false };
    }
    throw e;
  }
}
