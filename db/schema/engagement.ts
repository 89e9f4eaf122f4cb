/**
 * Search, following, notification preferences and e-mail (issue "Search, duplicate prevention, notifications
 * and the member 360° view").
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./users";

const ts = () => timestamp({ withTimezone: true, mode: "date" });

/** PostgreSQL tsvector (written with SQL expressions; read only through SQL). */
export const tsvector = customType<{ data: string }>({
  dataType() {
    return "tsvector";
  },
});

/** What a member follows: a board (key = board id), a tag (key = tag) or a thread (key = thread id). */
export const follows = pgTable(
  "follows",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** board | tag | thread */
    targetType: text().notNull(),
    targetKey: text().notNull(),
    createdAt: ts().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.targetType, t.targetKey] }),
    index("follows_target_idx").on(t.targetType, t.targetKey, t.userId),
  ],
);

/** Per member and notification kind: in_app | email | none (absent = the kind's default). */
export const notificationPrefs = pgTable(
  "notification_prefs",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text().notNull(),
    channel: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/**
 * E-mail outbox: every e-mail is a row first (written in the transaction that caused it); a worker sends them
 * through SMTP when SMTP_URL is set, with retries. dedupeKey makes sending the same thing twice impossible.
 * Without SMTP_URL the rows stay here and admins read them in the app.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    userId: text().references(() => users.id, { onDelete: "set null" }),
    toAddress: text().notNull(),
    subject: text().notNull(),
    bodyText: text().notNull(),
    bodyHtml: text(),
    /** notification kind, or digest_daily / digest_weekly */
    kind: text().notNull(),
    notificationId: bigint({ mode: "number" }),
    dedupeKey: text().notNull(),
    /** pending | sent | failed | kept (no SMTP configured) */
    status: text().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull(),
    lastError: text(),
    sentAt: ts(),
    createdAt: ts().notNull(),
  },
  (t) => [
    uniqueIndex("email_outbox_dedupe_idx").on(t.dedupeKey),
    index("email_outbox_due_idx")
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    index("email_outbox_created_idx").on(t.createdAt.desc(), t.id.desc()),
  ],
);
