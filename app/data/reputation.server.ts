import { and, desc, eq, gte, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { statement, textArray } from "~db/statements";
import {
  badgeAwards,
  posts,
  reputationDaily,
  reputationEvents,
  reputationPeriods,
  serialVoteLog,
  users,
  votes,
} from "~db/schema";
import { CAPPED_REASONS, dayKey, periodStart, type LedgerReason } from "~/domain/reputation";
import type { BadgeStats } from "~/domain/badges";
import { encodeCursor, type Cursor } from "~/domain/shared/cursor";
import { insertNotificationsWithEmail } from "./email.server";

export interface LockedUser {
  id: string;
  username: string;
  role: "member" | "moderator" | "admin";
  reputation: number;
  questionCount: number;
  /** Posts of theirs approved or published (new-member pre-moderation counts these). */
  approvedPosts: number;
}

/**
 * Locks the members' rows in id order (so two transactions never wait on each other in opposite orders)
 * and returns their current totals. Every change of reputation happens under this lock.
 * FOR NO KEY UPDATE, not FOR UPDATE: it still excludes every other locker and writer of these rows, but lets
 * other transactions insert rows that reference the members (notifications, follows, votes: foreign-key
 * checks take KEY SHARE). With FOR UPDATE, a reply notifying a thread's author waited for that author's own
 * write while holding the hot rollup rows (sentiment_hourly, boards): a deadlock (40P01) under bursts.
 */
export async function lockUsers(ex: Executor, ids: string[]): Promise<Map<string, LockedUser>> {
  const unique = [...new Set(ids)].sort();
  if (!unique.length) return new Map();
  const rows = await lockUsersStmt(ex, { ids: textArray(unique) });
  return new Map(rows.map((r) => [r.id, r]));
}

const lockUsersStmt = statement("lock_users", (ex) =>
  ex
    .select({
      id: users.id,
      username: users.username,
      role: users.role,
      reputation: users.reputation,
      questionCount: users.questionCount,
      approvedPosts: users.approvedPosts,
    })
    .from(users)
    .where(sql`${users.id} = any(${sql.placeholder("ids")}::text[])`)
    .orderBy(users.id)
    .for("no key update"),
);

export interface LedgerWrite {
  userId: string;
  points: number;
  reason: LedgerReason;
  postId: number | null;
  actorId: string | null;
  boardId: number | null;
}

/** Appends ledger rows and moves the totals and the daily rollup by the same points (one transaction). */
export async function recordLedger(ex: Executor, entries: LedgerWrite[], at: Date) {
  const rows = entries.filter((e) => e.points !== 0);
  if (!rows.length) return;
  await ex.insert(reputationEvents).values(rows.map((e) => ({ ...e, createdAt: at })));
  const day = dayKey(at);
  const byUser = new Map<string, number>();
  const byDaily = new Map<string, { userId: string; boardId: number; points: number }>();
  for (const e of rows) {
    byUser.set(e.userId, (byUser.get(e.userId) ?? 0) + e.points);
    const key = `${e.userId}|${e.boardId ?? 0}`;
    const d = byDaily.get(key) ?? { userId: e.userId, boardId: e.boardId ?? 0, points: 0 };
    d.points += e.points;
    byDaily.set(key, d);
  }
  for (const [userId, points] of byUser) {
    if (points === 0) continue;
    await ex
      .update(users)
      .set({ reputation: sql`${users.reputation} + ${points}` })
      .where(eq(users.id, userId));
  }
  const daily = [...byDaily.values()].filter((d) => d.points !== 0);
  const periods = new Map<
    string,
    { kind: string; start: string; boardId: number; userId: string; points: number }
  >();
  const addPeriod = (kind: "week" | "month" | "all", boardId: number, userId: string, points: number) => {
    const start = periodStart(kind, at);
    const key = `${kind}|${boardId}|${userId}`;
    const row = periods.get(key) ?? { kind, start, boardId, userId, points: 0 };
    row.points += points;
    periods.set(key, row);
  };
  for (const d of daily) {
    addPeriod("week", 0, d.userId, d.points);
    addPeriod("month", 0, d.userId, d.points);
    if (d.boardId !== 0) {
      addPeriod("week", d.boardId, d.userId, d.points);
      addPeriod("month", d.boardId, d.userId, d.points);
      addPeriod("all", d.boardId, d.userId, d.points);
    }
  }
  const periodRows = [...periods.values()].filter((p) => p.points !== 0);
  if (periodRows.length) {
    await ex
      .insert(reputationPeriods)
      .values(periodRows)
      .onConflictDoUpdate({
        target: [
          reputationPeriods.kind,
          reputationPeriods.start,
          reputationPeriods.boardId,
          reputationPeriods.userId,
        ],
        set: { points: sql`${reputationPeriods.points} + excluded.points` },
      });
  }
  if (daily.length) {
    await ex
      .insert(reputationDaily)
      .values(daily.map((d) => ({ day, boardId: d.boardId, userId: d.userId, points: d.points })))
      .onConflictDoUpdate({
        target: [reputationDaily.day, reputationDaily.boardId, reputationDaily.userId],
        set: { points: sql`${reputationDaily.points} + excluded.points` },
      });
  }
}

/** What still stands in the ledger for (user, post, actor) per reason: the points an undo must reverse. */
export async function standingPoints(
  ex: Executor,
  q: { postId: number; actorId?: string | null; userId?: string; reasons?: readonly LedgerReason[] },
) {
  const where: SQL[] = [eq(reputationEvents.postId, q.postId)];
  if (q.actorId !== undefined) {
    where.push(
      q.actorId === null ? sql`${reputationEvents.actorId} is null` : eq(reputationEvents.actorId, q.actorId),
    );
  }
  if (q.userId) where.push(eq(reputationEvents.userId, q.userId));
  if (q.reasons) where.push(inArray(reputationEvents.reason, [...q.reasons]));
  const rows = await ex
    .select({
      userId: reputationEvents.userId,
      reason: reputationEvents.reason,
      points: sql<number>`sum(${reputationEvents.points})::int`,
    })
    .from(reputationEvents)
    .where(and(...where))
    .groupBy(reputationEvents.userId, reputationEvents.reason);
  return rows
    .map((r) => ({ ...r, points: Number(r.points), reason: r.reason as LedgerReason }))
    .filter((r) => r.points !== 0);
}

export async function upvotePointsSince(ex: Executor, userId: string, since: Date): Promise<number> {
  const [row] = await ex
    .select({ points: sql<number>`coalesce(sum(${reputationEvents.points}), 0)::int` })
    .from(reputationEvents)
    .where(
      and(
        eq(reputationEvents.userId, userId),
        gte(reputationEvents.createdAt, since),
        inArray(reputationEvents.reason, [...CAPPED_REASONS]),
      ),
    );
  return Number(row?.points ?? 0);
}

/** Upvotes (current vote rows) this voter gave to this author's posts since the given time. */
export async function countUpvotesToAuthorSince(
  ex: Executor,
  voterId: string,
  authorId: string,
  since: Date,
) {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(votes)
    .innerJoin(posts, eq(posts.id, votes.postId))
    .where(
      and(
        eq(votes.userId, voterId),
        gte(votes.createdAt, since),
        eq(votes.value, 1),
        eq(posts.authorId, authorId),
      ),
    );
  return Number(row?.n ?? 0);
}

export async function insertSerialVoteLog(
  ex: Executor,
  row: {
    voterId: string;
    authorId: string;
    postId: number;
    votesInWindow: number;
    pointsReversed: number;
    createdAt: Date;
  },
) {
  await ex.insert(serialVoteLog).values(row);
}

export async function bumpBadgeStats(
  ex: Executor,
  userId: string,
  d: Partial<
    Record<"upvotesCast" | "downvotesCast" | "flagsCast" | "editsMade" | "acceptsGiven" | "welcomes", number>
  >,
  best?: Partial<Record<"bestAnswerScore" | "bestQuestionScore" | "bestAcceptedScore", number>>,
) {
  const set: Record<string, SQL> = {};
  for (const [k, v] of Object.entries(d)) {
    if (!v) continue;
    const col = users[k as keyof typeof d];
    set[k] = sql`${col} + ${v}`;
  }
  for (const [k, v] of Object.entries(best ?? {})) {
    if (v === undefined) continue;
    const col = users[k as keyof NonNullable<typeof best>];
    set[k] = sql`greatest(${col}, ${v})`;
  }
  if (!Object.keys(set).length) return;
  await ex.update(users).set(set).where(eq(users.id, userId));
}

/** The member's counters that badges look at (domain/badges BadgeStats). */
const badgeStatColumns = {
  id: users.id,
  questionCount: users.questionCount,
  answerCount: users.answerCount,
  acceptedCount: users.acceptedCount,
  upvotesCast: users.upvotesCast,
  downvotesCast: users.downvotesCast,
  flagsCast: users.flagsCast,
  editsMade: users.editsMade,
  acceptsGiven: users.acceptsGiven,
  welcomes: users.welcomes,
  bestAnswerScore: users.bestAnswerScore,
  bestQuestionScore: users.bestQuestionScore,
  bestAcceptedScore: users.bestAcceptedScore,
  streakDays: users.streakDays,
  reputation: users.reputation,
  isChampion: users.isChampion,
};

export async function getBadgeStats(ex: Executor, userIds: string[]) {
  if (!userIds.length) return new Map<string, BadgeStats>();
  const rows = await ex.select(badgeStatColumns).from(users).where(inArray(users.id, userIds));
  return new Map(rows.map(({ id, ...s }) => [id, s]));
}

/**
 * A post of this member became public: its question or answer count, its approved posts (pre-moderation) and
 * a welcome given (badges), in one write of the member's row (locked by the caller). Returns, from the same
 * statement, the badge stats as they are now and the badges held (for awardBadges), or null if there is no
 * such member.
 */
export async function countPublishedPost(
  ex: Executor,
  userId: string,
  d: { questions?: number; answers?: number; welcomes?: number },
): Promise<{ stats: BadgeStats; held: Set<string> } | null> {
  const [row] = await countPublishedPostStmt(ex, {
    userId,
    questions: d.questions ?? 0,
    answers: d.answers ?? 0,
    welcomes: d.welcomes ?? 0,
  });
  if (!row) return null;
  const { id: _id, held, ...stats } = row;
  return { stats, held: new Set(held ?? []) };
}

const countPublishedPostStmt = statement("count_published_post", (ex) =>
  ex
    .update(users)
    .set({
      questionCount: sql`${users.questionCount} + ${sql.placeholder("questions")}::int`,
      answerCount: sql`${users.answerCount} + ${sql.placeholder("answers")}::int`,
      approvedPosts: sql`${users.approvedPosts} + 1`,
      welcomes: sql`${users.welcomes} + ${sql.placeholder("welcomes")}::int`,
    })
    .where(eq(users.id, sql.placeholder("userId")))
    .returning({
      ...badgeStatColumns,
      held: sql<
        string[] | null
      >`(select array_agg(b.slug) from ${badgeAwards} b where b.user_id = ${users.id})`,
    }),
);

export async function listHeldBadges(ex: Executor, userIds: string[]) {
  const out = new Map<string, Set<string>>();
  if (!userIds.length) return out;
  const rows = await ex
    .select({ userId: badgeAwards.userId, slug: badgeAwards.slug })
    .from(badgeAwards)
    .where(inArray(badgeAwards.userId, userIds));
  for (const r of rows) {
    if (!out.has(r.userId)) out.set(r.userId, new Set());
    out.get(r.userId)!.add(r.slug);
  }
  return out;
}

/** Grants badges; a repeat grant does nothing (primary key). Returns the slugs actually granted. */
export async function grantBadges(
  ex: Executor,
  userId: string,
  slugs: string[],
  at: Date,
): Promise<string[]> {
  if (!slugs.length) return [];
  const rows = await ex
    .insert(badgeAwards)
    .values(slugs.map((slug) => ({ userId, slug, awardedAt: at })))
    .onConflictDoNothing()
    .returning({ slug: badgeAwards.slug });
  return rows.map((r) => r.slug);
}

export async function revokeBadge(ex: Executor, userId: string, slug: string) {
  await ex.delete(badgeAwards).where(and(eq(badgeAwards.userId, userId), eq(badgeAwards.slug, slug)));
}

/**
 * Inserts notifications honouring each member's preference for the kind (data/email.server.ts): `none` skips
 * the row, `email` also queues one outbox e-mail per notification, in the same statement.
 */
export async function insertNotifications(
  ex: Executor,
  rows: { userId: string; kind: string; data: Record<string, unknown> }[],
  at: Date,
) {
  if (!rows.length) return;
  await insertNotificationsWithEmail(ex, rows, at);
}

export async function listLedger(
  ex: Executor,
  userId: string,
  opts: { cursor: Cursor | null; limit: number },
) {
  const where: SQL[] = [eq(reputationEvents.userId, userId)];
  if (opts.cursor) {
    where.push(
      sql`(${reputationEvents.createdAt}, ${reputationEvents.id}) < (${opts.cursor.at.toISOString()}::timestamptz, ${opts.cursor.id})`,
    );
  }
  const rows = await ex
    .select({
      id: reputationEvents.id,
      points: reputationEvents.points,
      reason: reputationEvents.reason,
      postId: reputationEvents.postId,
      threadId: posts.threadId,
      actorId: reputationEvents.actorId,
      createdAt: reputationEvents.createdAt,
    })
    .from(reputationEvents)
    .leftJoin(posts, eq(posts.id, reputationEvents.postId))
    .where(and(...where))
    .orderBy(desc(reputationEvents.createdAt), desc(reputationEvents.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit);
  const last = rows.length > opts.limit ? rows[opts.limit - 1] : undefined;
  return { items, next: last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}

/** Daily reputation of one member (all boards), for the profile chart. */
export async function reputationHistory(ex: Executor, userId: string) {
  const rows = await ex
    .select({ day: reputationDaily.day, points: sql<number>`sum(${reputationDaily.points})::int` })
    .from(reputationDaily)
    .where(eq(reputationDaily.userId, userId))
    .groupBy(reputationDaily.day)
    .orderBy(reputationDaily.day);
  return rows.map((r) => ({ day: r.day, points: Number(r.points) }));
}

/** Recomputes every total and the daily rollup from the ledger; returns how many totals were wrong. */
export async function rebuildFromLedger(ex: Executor): Promise<{ members: number; corrected: number }> {
  const diff = await ex.execute(sql`
    with sums as (select user_id, sum(points)::int as total from reputation_events group by user_id)
    update users u set reputation = coalesce(s.total, 0)
    from users u2 left join sums s on s.user_id = u2.id
    where u.id = u2.id and u.reputation is distinct from coalesce(s.total, 0)
    returning u.id`);
  const corrected = rowsOf(diff).length;
  await ex.execute(sql`delete from reputation_daily`);
  await ex.execute(sql`
    insert into reputation_daily (day, board_id, user_id, points)
    select ((created_at at time zone 'UTC') + interval '7 hours')::date, coalesce(board_id, 0), user_id, sum(points)::int
    from reputation_events group by 1, 2, 3 having sum(points) <> 0`);
  await ex.execute(sql`delete from reputation_periods`);
  // Weeks start on Monday and months on the 1st, in brand time (UTC+7).
  await ex.execute(sql`
    insert into reputation_periods (kind, start, board_id, user_id, points)
    select kind, start, board_id, user_id, sum(points)::int from (
      select 'week' as kind, date_trunc('week', (created_at at time zone 'UTC') + interval '7 hours')::date as start, 0 as board_id, user_id, points from reputation_events
      union all
      select 'week', date_trunc('week', (created_at at time zone 'UTC') + interval '7 hours')::date, board_id, user_id, points from reputation_events where board_id is not null and board_id <> 0
      union all
      select 'month', date_trunc('month', (created_at at time zone 'UTC') + interval '7 hours')::date, 0, user_id, points from reputation_events
      union all
      select 'month', date_trunc('month', (created_at at time zone 'UTC') + interval '7 hours')::date, board_id, user_id, points from reputation_events where board_id is not null and board_id <> 0
      union all
      select 'all', date '1970-01-01', board_id, user_id, points from reputation_events where board_id is not null and board_id <> 0
    ) x group by 1, 2, 3, 4 having sum(points) <> 0`);
  const [count] = rowsOf(await ex.execute(sql`select count(*)::int as n from users`));
  return { members: Number((count as { n: number }).n), corrected };
}

export function rowsOf(result: unknown): Record<string, unknown>[] {
  const r = result as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}
