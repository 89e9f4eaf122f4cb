/**
 * Rate-limit rules: how many times a subject (a member, or an address for visitors) may do something per
 * window. Fixed windows: simple, one row (or one Redis key) per subject and rule, and the Retry-After is
 * exact. The figures are set for people, not scripts: a busy champion answering fast stays well inside.
 */
export const RATE_RULES = {
  /** Replies and new threads, per member. */
  post: { limit: 10, windowSeconds: 60 },
  /** Votes and accepts, per member. */
  vote: { limit: 60, windowSeconds: 60 },
  /** Flags, per member. */
  flag: { limit: 20, windowSeconds: 3600 },
  /** Searches (page, API, similar-thread suggestions), per member or per address. */
  search: { limit: 60, windowSeconds: 60 },
  /** Any JSON API call, per member or per address. */
  api: { limit: 300, windowSeconds: 60 },
  /** Failed logins per account: after this many, logins are refused until the window ends. */
  "login-account": { limit: 5, windowSeconds: 900 },
  /** Failed logins per address (many accounts tried from one place). */
  "login-ip": { limit: 30, windowSeconds: 900 },
  /** Failed logins per account in a day: reaching this many locks the account (unlock link by e-mail). */
  "login-lock": { limit: 10, windowSeconds: 86400 },
  /** Sign-ups per address. */
  signup: { limit: 10, windowSeconds: 3600 },
  /** Password-reset and unlock e-mails requested, per address. */
  "reset-request": { limit: 5, windowSeconds: 3600 },
} as const satisfies Record<string, RateRule>;

export interface RateRule {
  limit: number;
  windowSeconds: number;
}

export type RateRuleName = keyof typeof RATE_RULES;

/** The stored key for one rule and subject ("user:<id>" or "ip:<address>"). */
export function rateKey(rule: RateRuleName, subject: string): string {
  return `${rule}:${subject}`.slice(0, 200);
}

/** Who a request counts against: the member when signed in, else the address (unknown address: one bucket). */
export function rateSubject(userId: string | null | undefined, ip: string | null | undefined): string {
  if (userId) return `user:${userId}`;
  return `ip:${ip ?? "unknown"}`;
}

export interface RateDecision {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  count: number;
  limit: number;
  /** Seconds until the window resets (whole seconds, at least 1 when refused). */
  retryAfterSeconds: number;
}

/** Decides from a window's count after this hit and the moment the window resets. */
export function decide(rule: RateRule, count: number, resetAt: Date, now: Date): RateDecision {
  const remainingMs = Math.max(0, resetAt.getTime() - now.getTime());
  const allowed = count <= rule.limit;
  return {
    allowed,
    count,
    limit: rule.limit,
    retryAfterSeconds: allowed ? Math.ceil(remainingMs / 1000) : Math.max(1, Math.ceil(remainingMs / 1000)),
  };
}
