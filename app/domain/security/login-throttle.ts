/**
 * Login throttling as rules (the counters live in the shared rate limiter, services/rate-limit.server.ts):
 *
 * - "login-account": 5 failed logins per account in 15 minutes; the next attempts are refused, even with the
 *   right password, until the window ends (429 + Retry-After). A successful login clears the count.
 * - "login-ip": 30 failed logins from one address in 15 minutes; further logins from there are refused.
 * - "login-lock": 10 failed logins per account in 24 hours lock the account (users.locked_at) until the
 *   e-mailed unlock link or a password reset.
 *
 * No account enumeration: an unknown username is counted the same way (its subject is the typed name), so
 * refusals look the same whether the account exists or not.
 */
import { RATE_RULES, type RateDecision } from "./rate-limit";

export const LOGIN_THROTTLE_AFTER = RATE_RULES["login-account"].limit;
export const LOGIN_LOCK_AFTER = RATE_RULES["login-lock"].limit;
export const LOGIN_IP_LIMIT = RATE_RULES["login-ip"].limit;

/** How a typed login (username or e-mail) is compared: trimmed, lower case. */
export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

/**
 * Whom failures count against: the account when it exists (so its username and e-mail share one count), else
 * the typed login. Both give the same observable behaviour.
 */
export function loginSubject(userId: string | null | undefined, login: string): string {
  return userId ? `user:${userId}` : `login:${normalizeLogin(login)}`;
}

export type LoginGate =
  { kind: "open" } | { kind: "throttled"; retryAfterSeconds: number } | { kind: "locked" };

/** Seconds until a window resets, at least 1. */
export function secondsUntil(resetAt: Date | null, now: Date): number {
  if (!resetAt) return 1;
  return Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
}

/**
 * Before the password is checked: a locked account (or, for an unknown login, as many failures as would
 * have locked one) is refused; so is an address over its failure budget.
 */
export function gateBeforePassword(
  s: {
    locked: boolean;
    lockFailures: number;
    ipFailures: number;
    ipResetAt: Date | null;
  },
  now: Date,
): LoginGate {
  if (s.locked || s.lockFailures >= LOGIN_LOCK_AFTER) return { kind: "locked" };
  if (s.ipFailures >= LOGIN_IP_LIMIT)
    return { kind: "throttled", retryAfterSeconds: secondsUntil(s.ipResetAt, now) };
  return { kind: "open" };
}

/**
 * The account's attempt is counted BEFORE the password check (an atomic increment, so parallel guesses
 * cannot slip past the limit), and the count is cleared on success: in effect only failures count. The
 * attempt is allowed while earlier failures in the window are fewer than LOGIN_THROTTLE_AFTER.
 */
export function gateAccountAttempt(d: Pick<RateDecision, "count" | "retryAfterSeconds">): LoginGate {
  return d.count > LOGIN_THROTTLE_AFTER
    ? { kind: "throttled", retryAfterSeconds: Math.max(1, d.retryAfterSeconds) }
    : { kind: "open" };
}

/** After a failed password: lock when the day's failures reach LOGIN_LOCK_AFTER. */
export function shouldLock(lockFailures: number): boolean {
  return lockFailures >= LOGIN_LOCK_AFTER;
}
