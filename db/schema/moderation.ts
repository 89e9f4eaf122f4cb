/**
 * Moderation, escalation, integration and governance (issue "Moderation, escalation to internal teams,
 * and community governance"). Posts/threads carry their own moderation columns (db/schema/forum.ts).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  check,
} from "drizzle-orm/pg-core";
import { users } from "./users";
import { boards, posts, threads } from "./forum";

const ts = () => timestamp({ withTimezone: true, mode: "date" });

/** Community-wide settings a brand can change (flag threshold, new-member pre-moderation, …). */
export const communitySettings = pgTable("community_settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedBy: text().references(() => users.id, { onDelete: "set null" }),
  updatedAt: ts().notNull(),
});

/**
 * Periodic jobs' watermarks: when a job last completed a run, and the clock it ran at (the triage refresh
 * recomputes only what can have changed since then; services/sentiment-backfill.server.ts).
 */
export const jobRuns = pgTable("job_runs", {
  name: text().primaryKey(),
  lastRunAt: ts().notNull(),
});

/**
 * The review queue: one row per post that needs a moderator (flagged, or waiting for approval).
 * Kept in the same transaction as the flag / the post, so the queue is an index scan, oldest first.
 */
export const reviewItems = pgTable(
  "review_items",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    postId: bigint({ mode: "number" })
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    /** flagged | pending (awaiting approval) */
    kind: text().notNull(),
    /** open | resolved */
    status: text().notNull().default("open"),
    flagCount: integer().notNull().default(0),
    /** approved | hidden | deleted_spam | deleted_abuse | dismissed | rejected */
    resolution: text(),
    resolvedBy: text().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: ts(),
    createdAt: ts().notNull(),
  },
  (t) => [
    index("review_items_open_idx")
      .on(t.createdAt, t.id)
      .where(sql`${t.status} = 'open'`),
    uniqueIndex("review_items_open_post_idx")
      .on(t.postId)
      .where(sql`${t.status} = 'open'`),
    index("review_items_post_idx").on(t.postId),
  ],
);

/** Internal teams a thread can be escalated to (Billing, Technical, …). */
export const teams = pgTable(
  "teams",
  {
    id: serial().primaryKey(),
    slug: text().notNull(),
    nameVi: text().notNull(),
    nameEn: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: ts().notNull(),
  },
  (t) => [uniqueIndex("teams_slug_idx").on(t.slug)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    teamId: integer()
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user_idx").on(t.userId)],
);

export const escalations = pgTable(
  "escalations",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    threadId: bigint({ mode: "number" })
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    teamId: integer()
      .notNull()
      .references(() => teams.id),
    priority: smallint().notNull(),
    /** open | in_progress | waiting_on_customer | resolved | wont_fix */
    status: text().notNull().default("open"),
    assigneeId: text().references(() => users.id, { onDelete: "set null" }),
    createdBy: text()
      .notNull()
      .references(() => users.id),
    dueAt: ts().notNull(),
    /** First status change or note by staff after creation (time to first staff response). */
    firstResponseAt: ts(),
    resolvedAt: ts(),
    /** Staff-written summary; shown to members when resolutionPublic. Makes the escalation an incident record. */
    resolutionSummary: text(),
    resolutionPublic: boolean().notNull().default(false),
    /** Title + summary + notes, lower-cased without diacritics: the incident knowledge base searches this. */
    searchText: text().notNull().default(""),
    createdAt: ts().notNull(),
    updatedAt: ts().notNull(),
  },
  (t) => [
    check("escalations_priority_check", sql`${t.priority} between 1 and 4`),
    index("escalations_thread_idx").on(t.threadId),
    index("escalations_status_due_idx").on(t.status, t.dueAt, t.id),
    // The board's default view (several active statuses) in due order, without sorting every active row.
    index("escalations_active_due_idx")
      .on(t.dueAt, t.id)
      .where(sql`${t.status} in ('open', 'in_progress', 'waiting_on_customer')`),
    index("escalations_team_idx").on(t.teamId, t.status, t.dueAt, t.id),
    index("escalations_assignee_idx").on(t.assigneeId, t.status, t.dueAt, t.id),
    index("escalations_updated_idx").on(t.updatedAt.desc(), t.id.desc()),
  ],
);

/** Every change of an escalation (status, assignee, priority, note, resolution): who and when. Notes are internal. */
export const escalationEvents = pgTable(
  "escalation_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    escalationId: bigint({ mode: "number" })
      .notNull()
      .references(() => escalations.id, { onDelete: "cascade" }),
    actorId: text()
      .notNull()
      .references(() => users.id),
    /** created | status | assignee | priority | note | resolution | link */
    kind: text().notNull(),
    fromValue: text(),
    toValue: text(),
    note: text(),
    createdAt: ts().notNull(),
  },
  (t) => [index("escalation_events_escalation_idx").on(t.escalationId, t.id)],
);

/** Threads linked to an escalation / incident (the escalated thread and any similar ones staff attach). */
export const escalationThreads = pgTable(
  "escalation_threads",
  {
    escalationId: bigint({ mode: "number" })
      .notNull()
      .references(() => escalations.id, { onDelete: "cascade" }),
    threadId: bigint({ mode: "number" })
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.escalationId, t.threadId] }),
    index("escalation_threads_thread_idx").on(t.threadId),
  ],
);

export const webhooks = pgTable("webhooks", {
  id: serial().primaryKey(),
  url: text().notNull(),
  secret: text().notNull(),
  events: text()
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  active: boolean().notNull().default(true),
  createdBy: text().references(() => users.id, { onDelete: "set null" }),
  createdAt: ts().notNull(),
});

/** Transactional outbox: written in the same transaction as the change it describes. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    event: text().notNull(),
    payload: jsonb().notNull(),
    createdAt: ts().notNull(),
  },
  (t) => [index("outbox_created_idx").on(t.createdAt)],
);

/** One row per (outbox event × subscribed webhook), fanned out in the same transaction; retried with backoff. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    webhookId: integer()
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    outboxId: bigint({ mode: "number" })
      .notNull()
      .references(() => outbox.id, { onDelete: "cascade" }),
    /** pending | delivered | failed (gave up) */
    status: text().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull(),
    lastStatus: integer(),
    lastError: text(),
    deliveredAt: ts(),
    createdAt: ts().notNull(),
  },
  (t) => [
    index("webhook_deliveries_due_idx")
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.status} = 'pending'`),
    index("webhook_deliveries_webhook_idx").on(t.webhookId, t.id.desc()),
  ],
);

/** Board ownership transfers, kept forever. */
export const boardOwnerships = pgTable(
  "board_ownerships",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    boardId: integer()
      .notNull()
      .references(() => boards.id, { onDelete: "cascade" }),
    fromUserId: text().references(() => users.id, { onDelete: "set null" }),
    toUserId: text().references(() => users.id, { onDelete: "set null" }),
    actorId: text().references(() => users.id, { onDelete: "set null" }),
    createdAt: ts().notNull(),
  },
  (t) => [index("board_ownerships_board_idx").on(t.boardId, t.id.desc())],
);

/** Every moderator and admin action, with before/after. Members cannot read it. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    actorId: text().references(() => users.id, { onDelete: "set null" }),
    /** e.g. post.hide, post.approve, thread.lock, thread.move, escalation.create, user.role, board.owner, webhook.create */
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text().notNull(),
    before: jsonb(),
    after: jsonb(),
    /** Lower-cased, diacritics removed: action, target, actor name and note, for the moderators' search. */
    searchText: text().notNull().default(""),
    createdAt: ts().notNull(),
  },
  (t) => [
    index("audit_log_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("audit_log_action_idx").on(t.action, t.id.desc()),
    index("audit_log_actor_idx").on(t.actorId, t.id.desc()),
    index("audit_log_target_idx").on(t.targetType, t.targetId, t.id.desc()),
  ],
);
