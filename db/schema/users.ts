import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

export const roleEnum = pgEnum("role", ["member", "moderator", "admin"]);

export const users = pgTable(
  "users",
  {
    id: text().primaryKey(),
    username: text().notNull(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    role: roleEnum().notNull().default("member"),
    locale: text().notNull().default("vi"),
    // Counters kept in step by the services (same transaction as the row they count).
    questionCount: integer().notNull().default(0),
    answerCount: integer().notNull().default(0),
    acceptedCount: integer().notNull().default(0),
    /** Always equal to the sum of the member's reputation_events (kept in the same transaction). */
    reputation: integer().notNull().default(1),
    isChampion: boolean().notNull().default(false),
    signupIp: text(),
    // Badge stats (see app/domain/badges): counters kept by the services.
    upvotesCast: integer().notNull().default(0),
    downvotesCast: integer().notNull().default(0),
    flagsCast: integer().notNull().default(0),
    /** Flag accuracy record: flags a moderator upheld / dismissed. */
    flagsUpheld: integer().notNull().default(0),
    flagsDismissed: integer().notNull().default(0),
    /** Posts of this member a moderator approved or that were published without review (new-member pre-moderation). */
    approvedPosts: integer().notNull().default(0),
    /** E-mail digest of notifications: off | daily | weekly. */
    digest: text().notNull().default("off"),
    lastDigestAt: timestamp({ withTimezone: true, mode: "date" }),
    editsMade: integer().notNull().default(0),
    acceptsGiven: integer().notNull().default(0),
    welcomes: integer().notNull().default(0),
    bestAnswerScore: integer().notNull().default(0),
    bestQuestionScore: integer().notNull().default(0),
    bestAcceptedScore: integer().notNull().default(0),
    streakDays: integer().notNull().default(0),
    lastSeenOn: date({ mode: "string" }),
    /** Set when too many failed logins locked the account; cleared by the e-mailed unlock link or a password reset. */
    lockedAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("users_reputation_idx").on(t.reputation.desc(), t.id),
    index("users_signup_ip_idx").on(t.signupIp),
    // Staff lookups (crisis alerts, escalation assignees): a few rows among many members.
    index("users_role_idx").on(t.role),
    uniqueIndex("users_username_lower_idx").on(sql`lower(${t.username})`),
    uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Fixed-window counters for rate limits and login throttling (app/services/rate-limit.server.ts), shared by
 * every server process. Key = "<rule>:<subject>", e.g. "post:user:u1" or "login-ip:203.0.113.9".
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text().primaryKey(),
    windowStart: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    count: integer().notNull().default(0),
    resetAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("rate_limits_reset_idx").on(t.resetAt)],
);

/**
 * Single-use, expiring tokens sent by e-mail: password reset and account unlock. Only a SHA-256 hash of the
 * token is stored (id), so a database leak does not hand out working links.
 */
export const authTokens = pgTable(
  "auth_tokens",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text().notNull(), // "reset" | "unlock"
    expiresAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [index("auth_tokens_user_idx").on(t.userId, t.purpose)],
);
