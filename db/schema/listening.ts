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
  real,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { users } from "./users";
import { posts } from "./forum";

/** Moderators' corrections of a post's sentiment: the training data of the community's learned layer. */
export const sentimentCorrections = pgTable(
  "sentiment_corrections",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    postId: bigint({ mode: "number" })
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    moderatorId: text()
      .notNull()
      .references(() => users.id),
    fromLabel: text().notNull(),
    toLabel: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("sentiment_corrections_post_idx").on(t.postId)],
);

/** The learned layer per community (one row today: "community"). */
export const sentimentModels = pgTable("sentiment_models", {
  scope: text().primaryKey(),
  model: jsonb().notNull(),
  examples: integer().notNull().default(0),
  updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
});

/** Posts per hour, board (0 = all) and label: crisis detection and the sentiment charts read this. */
export const sentimentHourly = pgTable(
  "sentiment_hourly",
  {
    hour: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    boardId: integer().notNull(),
    pos: integer().notNull().default(0),
    neg: integer().notNull().default(0),
    neu: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.hour] })],
);

/** Daily activity per board (0 = all): the command center's figures for any period are sums of these. */
export const activityDaily = pgTable(
  "activity_daily",
  {
    day: date({ mode: "string" }).notNull(),
    boardId: integer().notNull(),
    threads: integer().notNull().default(0),
    replies: integer().notNull().default(0),
    answeredWithin24h: integer().notNull().default(0),
    firstResponseCount: integer().notNull().default(0),
    firstResponseSeconds: bigint({ mode: "number" }).notNull().default(0),
    resolvedCount: integer().notNull().default(0),
    resolutionSeconds: bigint({ mode: "number" }).notNull().default(0),
    /**
     * Histograms of the same durations: count per duration_bucket (domain/listening/overview-rollups), a sparse
     * array indexed by bucket (NULL = 0), so a period's median is read from one row per day.
     */
    firstResponseHist: integer().array(),
    resolutionHist: integer().array(),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.day] })],
);

/** sentiment_hourly summed per brand day (board 0 = all), kept by the same statement: periods of days read it. */
export const sentimentDaily = pgTable(
  "sentiment_daily",
  {
    day: date({ mode: "string" }).notNull(),
    boardId: integer().notNull(),
    pos: integer().notNull().default(0),
    neg: integer().notNull().default(0),
    neu: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.boardId, t.day] })],
);

/**
 * Per day: s[k] (k = 0 …, 1-based in SQL) = members active that day whose previous active day is more than k
 * days before (or who were never active before). Distinct members of a window = one element per day
 * (domain/listening/overview-rollups).
 */
export const memberGapsDaily = pgTable("member_gaps_daily", {
  day: date({ mode: "string" }).primaryKey(),
  s: integer().array().notNull(),
});

/** Who was active on which day (distinct active members over a period). */
export const memberActivityDaily = pgTable(
  "member_activity_daily",
  {
    day: date({ mode: "string" }).notNull(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.userId] }),
    // A member's previous (and next) active day, for member_gaps_daily.
    index("member_activity_user_day_idx").on(t.userId, t.day),
  ],
);

/** Crisis alerts: raised once per incident, updated while it grows, closed by a moderator. */
export const alerts = pgTable(
  "alerts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    boardId: integer().notNull(), // 0 = whole community
    window: text().notNull(), // hour | day
    status: text().notNull().default("open"),
    raisedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    peakCount: integer().notNull(),
    baseline: real().notNull(),
    threadIds: jsonb().$type<number[]>().notNull(),
    terms: jsonb().$type<string[]>().notNull(),
    closedAt: timestamp({ withTimezone: true, mode: "date" }),
    closedBy: text().references(() => users.id),
    note: text().notNull().default(""),
  },
  (t) => [
    index("alerts_open_idx")
      .on(t.boardId)
      .where(sql`${t.status} = 'open'`),
    index("alerts_raised_idx").on(t.raisedAt.desc()),
  ],
);

/** Thread views per clock hour (buffered in memory and flushed in batches; triage's view velocity). */
export const threadViewsHourly = pgTable(
  "thread_views_hourly",
  {
    threadId: bigint({ mode: "number" }).notNull(),
    hour: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    views: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.threadId, t.hour] }),
    // The triage refresh reads the last hours' buckets of every thread (data/triage.server listTriageRefreshIds).
    index("thread_views_hourly_hour_idx").on(t.hour),
  ],
);
