import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./users";
import { posts } from "./forum";

/** The reputation ledger: every change of a member's total is one row. */
export const reputationEvents = pgTable(
  "reputation_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    points: integer().notNull(),
    reason: text().notNull(),
    postId: bigint({ mode: "number" }).references(() => posts.id, { onDelete: "set null" }),
    actorId: text().references(() => users.id, { onDelete: "set null" }),
    boardId: integer(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("reputation_events_user_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("reputation_events_post_idx").on(t.postId, t.actorId),
  ],
);

/**
 * Rollup of the ledger per brand-time day, board (0 = none) and member, kept in the same transaction:
 * leaderboards and the profile chart read this instead of the ledger.
 */
export const reputationDaily = pgTable(
  "reputation_daily",
  {
    day: date({ mode: "string" }).notNull(),
    boardId: integer().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    points: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.boardId, t.userId] }),
    index("reputation_daily_board_day_idx").on(t.boardId, t.day),
    index("reputation_daily_user_day_idx").on(t.userId, t.day),
  ],
);

/**
 * Leaderboard rollups: points gained per calendar period (kind week | month | all; start = the period's
 * first day in brand time), per board (0 = all boards), per member. Kept in the same transaction as the
 * ledger; a top-N query is one index range scan (reputation_periods_top_idx).
 */
export const reputationPeriods = pgTable(
  "reputation_periods",
  {
    kind: text().notNull(),
    start: date({ mode: "string" }).notNull(),
    boardId: integer().notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    points: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.start, t.boardId, t.userId] }),
    index("reputation_periods_top_idx").on(t.kind, t.start, t.boardId, t.points.desc()),
  ],
);

export const badgeAwards = pgTable(
  "badge_awards",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    slug: text().notNull(),
    awardedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.slug] }),
    index("badge_awards_slug_idx").on(t.slug, t.awardedAt.desc()),
  ],
);

/** Serial voting detected and reversed (shown to moderators). */
export const serialVoteLog = pgTable(
  "serial_vote_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    voterId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    authorId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    postId: bigint({ mode: "number" }).references(() => posts.id, { onDelete: "set null" }),
    votesInWindow: integer().notNull(),
    pointsReversed: integer().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("serial_vote_log_created_idx").on(t.createdAt.desc())],
);

export const champions = pgTable("champions", {
  userId: text()
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  status: text().notNull(), // confirmed | revoked
  decidedBy: text().references(() => users.id),
  decidedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  note: text().notNull().default(""),
});

export const notifications = pgTable(
  "notifications",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    data: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    readAt: timestamp({ withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.id.desc()),
    index("notifications_unread_idx")
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

export const flags = pgTable(
  "flags",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    postId: bigint({ mode: "number" })
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reason: text().notNull(), // spam | abusive | off_topic | needs_staff
    note: text().notNull().default(""),
    status: text().notNull().default("open"), // open | upheld | dismissed
    resolvedBy: text().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("flags_post_user_idx").on(t.postId, t.userId),
    index("flags_open_idx")
      .on(t.createdAt)
      .where(sql`${t.status} = 'open'`),
  ],
);
