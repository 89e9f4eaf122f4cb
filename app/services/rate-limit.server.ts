/**
 * Rate limits shared by every server process: counters in PostgreSQL (table rate_limits, one upsert per
 * hit), or in Redis when REDIS_URL is set (INCR + PEXPIRE). Rules are in domain/security/rate-limit.ts.
 * RATE_LIMITS=off turns enforcement off (benchmarks and the test suite, whose dedicated tests turn it on).
 */
import { sql } from "drizzle-orm";
import type { AppDeps } from "~/deps.server";
import {
  RATE_RULES,
  decide,
  rateKey,
  type RateDecision,
  type RateRule,
  type RateRuleName,
} from "~/domain/security";
import { AppError } from "~/domain/shared/app-error";
import { rowsOf } from "~/data/reputation.server";

export interface RateStore {
  /** Counts one hit; returns the window's count after it and when the window resets. */
  hit(key: string, rule: RateRule, now: Date): Promise<{ count: number; resetAt: Date }>;
  /** Forgets a key (a successful login clears its failures). */
  reset(key: string): Promise<void>;
  /** The current count without counting (0 when the window has ended). */
  peek(key: string, now: Date): Promise<{ count: number; resetAt: Date | null }>;
}

export function postgresRateStore(deps: Pick<AppDeps, "db">): RateStore {
  return {
    async hit(key, rule, now) {
      const reset = new Date(now.getTime() + rule.windowSeconds * 1000).toISOString();
      const at = now.toISOString();
      const rows = await deps.db.execute(sql`
        insert into rate_limits (key, window_start, count, reset_at)
        values (${key}, ${at}::timestamptz, 1, ${reset}::timestamptz)
        on conflict (key) do update set
          window_start = case when rate_limits.reset_at <= ${at}::timestamptz then ${at}::timestamptz else rate_limits.window_start end,
          count = case when rate_limits.reset_at <= ${at}::timestamptz then 1 else rate_limits.count + 1 end,
          reset_at = case when rate_limits.reset_at <= ${at}::timestamptz then ${reset}::timestamptz else rate_limits.reset_at end
        returning count, reset_at`);
      const row = rowsOf(rows)[0]!;
      return { count: Number(row.count), resetAt: new Date(row.reset_at as string) };
    },
    async reset(key) {
      await deps.db.execute(sql`delete from rate_limits where key = ${key}`);
    },
    async peek(key, now) {
      const rows = await deps.db.execute(
        sql`select count, reset_at from rate_limits where key = ${key} and reset_at > ${now.toISOString()}::timestamptz`,
      );
      const row = rowsOf(rows)[0];
      return row
        ? { count: Number(row.count), resetAt: new Date(row.reset_at as string) }
        : { count: 0, resetAt: null };
    },
  };
}

/** Minimal view of an ioredis client, so tests can pass a real one and the app loads ioredis lazily. */
export interface RedisMulti {
  incr(key: string): RedisMulti;
  pexpire(key: string, ms: number, mode: "NX"): RedisMulti;
  pttl(key: string): RedisMulti;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
}

export interface RedisLike {
  multi(): RedisMulti;
  del(key: string): Promise<number>;
  get(key: string): Promise<string | null>;
  pttl(key: string): Promise<number>;
}

export function redisRateStore(redis: RedisLike, prefix = "lantern:rl:"): RateStore {
  return {
    async hit(key, rule, now) {
      const res = await redis
        .multi()
        .incr(prefix + key)
        .pexpire(prefix + key, rule.windowSeconds * 1000, "NX")
        .pttl(prefix + key)
        .exec();
      const count = Number(res?.[0]?.[1] ?? 1);
      const ttl = Number(res?.[2]?.[1] ?? rule.windowSeconds * 1000);
      return { count, resetAt: new Date(now.getTime() + Math.max(0, ttl)) };
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
    async peek(key, now) {
      const v = await redis.get(prefix + key);
      if (v === null) return { count: 0, resetAt: null };
      const ttl = await redis.pttl(prefix + key);
      return { count: Number(v), resetAt: new Date(now.getTime() + Math.max(0, ttl)) };
    },
  };
}

const g = globalThis as unknown as {
  __lanternRateStore?: Promise<RateStore>;
  __lanternRateOverride?: boolean;
};

/** The process's store: Redis when REDIS_URL is set, else PostgreSQL / PGlite through the app's database. */
export function rateStore(deps: AppDeps): Promise<RateStore> {
  const url = process.env.REDIS_URL;
  if (!url) return Promise.resolve(postgresRateStore(deps));
  if (!g.__lanternRateStore) {
    g.__lanternRateStore = (async () => {
      const { Redis } = await import("ioredis");
      const client = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
      return redisRateStore(client as unknown as RedisLike);
    })();
  }
  return g.__lanternRateStore;
}

/** Whether limits are enforced: on unless RATE_LIMITS=off; tests may force either way. */
export function rateLimitsEnabled(): boolean {
  if (g.__lanternRateOverride !== undefined) return g.__lanternRateOverride;
  return process.env.RATE_LIMITS !== "off";
}

/** Tests: force enforcement on or off (undefined: back to the environment). */
export function setRateLimitsEnabled(on: boolean | undefined) {
  g.__lanternRateOverride = on;
}

export class RateLimitedError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(rule: RateRuleName, retryAfterSeconds: number) {
    super("rate_limited", "rate_limited", `Too many requests (${rule}); try again in ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Counts one hit against a rule; returns the decision without throwing. */
export async function hitRateLimit(
  deps: AppDeps,
  rule: RateRuleName,
  subject: string,
): Promise<RateDecision> {
  const def = RATE_RULES[rule];
  const now = deps.clock.now();
  const store = await rateStore(deps);
  const { count, resetAt } = await store.hit(rateKey(rule, subject), def, now);
  return decide(def, count, resetAt, now);
}

/** Counts one hit and throws RateLimitedError (→ 429 with Retry-After) when over the limit. */
export async function enforceRateLimit(deps: AppDeps, rule: RateRuleName, subject: string): Promise<void> {
  if (!rateLimitsEnabled()) return;
  const d = await hitRateLimit(deps, rule, subject);
  if (!d.allowed) throw new RateLimitedError(rule, d.retryAfterSeconds);
}
