import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  bigserial,
  check,
  real,
} from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { tsvector } from "./engagement";
import { users } from "./users";

export const boards = pgTable(
  "boards",
  {
    id: serial().primaryKey(),
    slug: text().notNull(),
    nameVi: text().notNull(),
    nameEn: text().notNull(),
    descriptionVi: text().notNull().default(""),
    descriptionEn: text().notNull().default(""),
    ownerId: text().references(() => users.id, { onDelete: "set null" }),
    /** Every new post on this board waits for a moderator's approval (e.g. announcements). */
    premoderated: boolean().notNull().default(false),
    position: integer().notNull().default(0),
    threadCount: integer().notNull().default(0),
    postCount: integer().notNull().default(0),
    lastActivityAt: timestamp({ withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("boards_slug_idx").on(t.slug)],
);

export const threadStatusEnum = pgEnum("thread_status", ["open", "solved"]);

export const threads = pgTable(
  "threads",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    boardId: integer()
      .notNull()
      .references(() => boards.id),
    authorId: text()
      .notNull()
      .references(() => users.id),
    title: text().notNull(),
    status: threadStatusEnum().notNull().default("open"),
    /** Post id of the question (the first post). */
    questionPostId: bigint({ mode: "number" }),
    /** Post id of the accepted answer. */
    acceptedPostId: bigint({ mode: "number" }),
    acceptedAt: timestamp({ withTimezone: true, mode: "date" }),
    /** The author's first question (for the "welcomer" badge). */
    isAuthorsFirst: boolean().notNull().default(false),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    replyCount: integer().notNull().default(0),
    score: integer().notNull().default(0),
    // Sentiment rollup of the thread's posts (kept when a post is scored).
    mood: text().notNull().default("neu"),
    scoredPosts: integer().notNull().default(0),
    negativePosts: integer().notNull().default(0),
    mostNegativePostId: bigint({ mode: "number" }),
    mostNegativeScore: real(),
    // Response times (command center, triage).
    firstAnswerAt: timestamp({ withTimezone: true, mode: "date" }),
    firstStaffResponseAt: timestamp({ withTimezone: true, mode: "date" }),
    // Triage: a stored priority refreshed on writes and by the triage refresher; exact order is computed at read.
    triageScore: integer().notNull().default(0),
    handledAt: timestamp({ withTimezone: true, mode: "date" }),
    handledBy: text(),
    assigneeId: text(),
    /** visible | pending (question awaits approval) | hidden (question hidden by flags or a moderator) */
    moderationState: text().notNull().default("visible"),
    // Thread tools (moderation).
    lockedAt: timestamp({ withTimezone: true, mode: "date" }),
    lockedBy: text(),
    closedAt: timestamp({ withTimezone: true, mode: "date" }),
    closedBy: text(),
    /** duplicate | resolved | off_topic */
    closeReason: text(),
    duplicateOfId: bigint({ mode: "number" }),
    pinnedAt: timestamp({ withTimezone: true, mode: "date" }),
    /** Set when this thread was merged into another (it then redirects there). */
    mergedIntoId: bigint({ mode: "number" }),
    /** The thread's active (not resolved / won't fix) escalation, for the public marker and triage. */
    activeEscalationId: bigint({ mode: "number" }),
    /** Full-text document of the thread (title, question, answers); see docs/decisions (search). */
    searchVector: tsvector(),
    lastActivityAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("threads_board_new_idx").on(t.boardId, t.createdAt.desc(), t.id.desc()),
    index("threads_board_active_idx").on(t.boardId, t.lastActivityAt.desc(), t.id.desc()),
    index("threads_board_unanswered_idx")
      .on(t.boardId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.replyCount} = 0`),
    index("threads_board_solved_idx")
      .on(t.boardId, t.lastActivityAt.desc(), t.id.desc())
      .where(sql`${t.status} = 'solved'`),
    index("threads_new_idx").on(t.createdAt.desc(), t.id.desc()),
    index("threads_unanswered_idx")
      .on(t.createdAt.desc(), t.id.desc())
      .where(sql`${t.replyCount} = 0`),
    index("threads_author_idx").on(t.authorId, t.createdAt.desc(), t.id.desc()),
    index("threads_tags_idx").using("gin", t.tags),
    index("threads_triage_idx")
      .on(t.triageScore.desc(), t.id)
      .where(sql`${t.status} = 'open' and ${t.handledAt} is null`),
    index("threads_search_idx").using("gin", t.searchVector),
    index("threads_board_pinned_idx")
      .on(t.boardId, t.pinnedAt.desc())
      .where(sql`${t.pinnedAt} is not null`),
    index("threads_accepted_at_idx")
      .on(t.acceptedAt)
      .where(sql`${t.acceptedAt} is not null`),
  ],
);

export const posts = pgTable(
  "posts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    threadId: bigint({ mode: "number" })
      .notNull()
      .references(() => threads.id, { onDelete: "cascade" }),
    authorId: text()
      .notNull()
      .references(() => users.id),
    isQuestion: boolean().notNull().default(false),
    /** The tiptap document, validated against the allowed schema before insert. */
    bodyJson: jsonb().notNull(),
    /** Sanitized HTML rendered from bodyJson when the post is written. */
    bodyHtml: text().notNull(),
    /** Plain text, for search and sentiment. */
    bodyText: text().notNull(),
    score: integer().notNull().default(0),
    upvotes: integer().notNull().default(0),
    downvotes: integer().notNull().default(0),
    /** Current revision number (1 = as first written); older ones are in post_revisions. */
    revision: integer().notNull().default(1),
    editedAt: timestamp({ withTimezone: true, mode: "date" }),
    editedBy: text().references(() => users.id),
    /** Soft delete: the row stays for the ledger and the author; it is hidden from the thread. */
    deletedAt: timestamp({ withTimezone: true, mode: "date" }),
    deletedBy: text().references(() => users.id),
    deletedReason: text(),
    sentimentLabel: text(),
    sentimentScore: real(),
    sentimentConfidence: real(),
    sentimentLanguage: text(),
    sentimentCues: jsonb().$type<string[]>(),
    /** A moderator's correction; wins over the scorer's label everywhere. */
    sentimentCorrected: text(),
    /** visible | pending (awaiting approval) | hidden (by flags or a moderator) | rejected */
    moderationState: text().notNull().default("visible"),
    /** Why it is not visible: flags | moderator | premoderation_board | premoderation_new_member */
    moderationReason: text(),
    flagCount: integer().notNull().default(0),
    /** Full-text document of this post (for post-level hits and snippets). */
    searchVector: tsvector(),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("posts_thread_idx").on(t.threadId, t.createdAt, t.id),
    index("posts_author_idx").on(t.authorId, t.isQuestion, t.createdAt.desc(), t.id.desc()),
    index("posts_created_idx").on(t.createdAt),
    index("posts_search_idx").using("gin", t.searchVector),
  ],
);

export const votes = pgTable(
  "votes",
  {
    postId: bigint({ mode: "number" })
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    value: smallint().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.userId] }),
    index("votes_user_idx").on(t.userId, t.createdAt),
    check("votes_value_check", sql`${t.value} in (-1, 1)`),
  ],
);

export const postRevisions = pgTable(
  "post_revisions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    postId: bigint({ mode: "number" })
      .notNull()
      .references(() => posts.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    title: text(),
    bodyJson: jsonb().notNull(),
    bodyHtml: text().notNull(),
    editorId: text()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [uniqueIndex("post_revisions_post_rev_idx").on(t.postId, t.revision)],
);
