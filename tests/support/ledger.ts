/**
 * Reading the reputation ledger and checking its invariants in tests (raw SQL, normalised across PGlite and
 * postgres.js with rowsOf; bigint columns are cast to int so both drivers return numbers).
 */
import { sql, type SQL } from "drizzle-orm";
import { expect } from "vitest";
import type { Executor } from "~db/client";
import { rowsOf } from "~/data/reputation.server";
import { CAPPED_REASONS, REPUTATION, dayKey, dayStart } from "~/domain/reputation";
import { AppError } from "~/domain/shared/app-error";

export async function rows<T = Record<string, unknown>>(ex: Executor, q: SQL): Promise<T[]> {
  return rowsOf(await ex.execute(q)) as T[];
}

export interface LedgerRow {
  userId: string;
  points: number;
  reason: string;
  postId: number | null;
  actorId: string | null;
}

/** The id of the newest ledger row: pass it to ledgerSince to see what one action wrote. */
export async function ledgerMark(ex: Executor): Promise<number> {
  const [r] = await rows<{ id: number }>(
    ex,
    sql`select coalesce(max(id), 0)::int as id from reputation_events`,
  );
  return Number(r?.id ?? 0);
}

/** Ledger rows written after the mark, in a stable order (by member, reason, points) so reversals compare exactly. */
export async function ledgerSince(ex: Executor, mark: number): Promise<LedgerRow[]> {
  const r = await rows<{
    user_id: string;
    points: number;
    reason: string;
    post_id: number | null;
    actor_id: string | null;
  }>(
    ex,
    sql`select user_id, points, reason, post_id::int as post_id, actor_id
        from reputation_events where id > ${mark} order by id`,
  );
  return sortLedger(
    r.map((x) => ({
      userId: x.user_id,
      points: Number(x.points),
      reason: x.reason,
      postId: x.post_id === null ? null : Number(x.post_id),
      actorId: x.actor_id,
    })),
  );
}

export function sortLedger<T extends { userId: string; reason: string; points: number }>(list: T[]): T[] {
  return [...list].sort(
    (a, b) => a.userId.localeCompare(b.userId) || a.reason.localeCompare(b.reason) || a.points - b.points,
  );
}

/** All of one member's ledger rows, oldest first, as [reason, points] pairs. */
export async function ledgerOf(ex: Executor, userId: string): Promise<[string, number][]> {
  const r = await rows<{ reason: string; points: number }>(
    ex,
    sql`select reason, points from reputation_events where user_id = ${userId} order by id`,
  );
  return r.map((x) => [x.reason, Number(x.points)]);
}

export async function reputationOf(ex: Executor, userId: string): Promise<number> {
  const [r] = await rows<{ reputation: number }>(ex, sql`select reputation from users where id = ${userId}`);
  if (!r) throw new Error(`no member ${userId}`);
  return Number(r.reputation);
}

/** Totals of several members at once, keyed by id. */
export async function reputations(ex: Executor, ids: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of ids) out[id] = await reputationOf(ex, id);
  return out;
}

export async function postCounters(ex: Executor, postId: number) {
  const [r] = await rows<{ score: number; upvotes: number; downvotes: number; deleted: boolean }>(
    ex,
    sql`select score, upvotes, downvotes, deleted_at is not null as deleted from posts where id = ${postId}`,
  );
  return r ? { ...r, deleted: Boolean(r.deleted) } : null;
}

export async function threadState(ex: Executor, threadId: number) {
  const [r] = await rows<{ status: string; accepted_post_id: number | null }>(
    ex,
    sql`select status::text as status, accepted_post_id::int as accepted_post_id from threads where id = ${threadId}`,
  );
  if (!r) throw new Error(`no thread ${threadId}`);
  return {
    status: r.status,
    acceptedPostId: r.accepted_post_id === null ? null : Number(r.accepted_post_id),
  };
}

export async function badgesOf(ex: Executor, userId: string): Promise<string[]> {
  const r = await rows<{ slug: string }>(
    ex,
    sql`select slug from badge_awards where user_id = ${userId} order by slug`,
  );
  return r.map((x) => x.slug);
}

/** Slugs of the member's "badge" notifications (one per award), sorted. */
export async function badgeNotificationsOf(ex: Executor, userId: string): Promise<string[]> {
  const r = await rows<{ slug: string }>(
    ex,
    sql`select data->>'slug' as slug from notifications where user_id = ${userId} and kind = 'badge' order by 1`,
  );
  return r.map((x) => x.slug);
}

export async function expectAppError(p: Promise<unknown>, kind: string, code?: string): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "expected an AppError").toBeInstanceOf(AppError);
  expect((e as AppError).kind).toBe(kind);
  if (code) expect((e as AppError).code).toBe(code);
  return e as AppError;
}

/**
 * Moves the fixed clock forward to `minutes` after the next UTC+7 midnight (negative: before it), so a
 * scenario runs within one brand-time day or right across its end.
 */
export function toNextDay(clock: { now(): Date; advance(ms: number): void }, minutes = 1) {
  const now = clock.now().getTime();
  let target = dayStart(clock.now()).getTime() + 86_400_000 + minutes * 60_000;
  while (target <= now) target += 86_400_000;
  clock.advance(target - now);
}

// ---- Invariants (each returns the offending rows; [] means it holds) ----

/** Members whose total differs from their ledger's sum, or is below the floor. */
export async function ledgerTotalViolations(ex: Executor) {
  return rows(
    ex,
    sql`select u.id, u.reputation, coalesce(s.total, 0) as ledger
        from users u left join (select user_id, sum(points)::int as total from reputation_events group by user_id) s
          on s.user_id = u.id
        where u.reputation <> coalesce(s.total, 0) or u.reputation < ${REPUTATION.floor}`,
  );
}

/** Posts whose score / up / down counters differ from their vote rows. */
export async function voteCounterViolations(ex: Executor) {
  return rows(
    ex,
    sql`select p.id::int as id, p.score, p.upvotes, p.downvotes, v.s, v.u, v.d
        from posts p left join (
          select post_id, sum(value)::int as s, count(*) filter (where value = 1)::int as u,
                 count(*) filter (where value = -1)::int as d
          from votes group by post_id) v on v.post_id = p.id
        where p.score <> coalesce(v.s, 0) or p.upvotes <> coalesce(v.u, 0) or p.downvotes <> coalesce(v.d, 0)`,
  );
}

/** Questions whose thread score differs from the question post's score. */
export async function threadScoreViolations(ex: Executor) {
  return rows(
    ex,
    sql`select t.id::int as id, t.score, p.score as post_score from threads t join posts p on p.id = t.question_post_id
        where t.score <> p.score`,
  );
}

/** Duplicate (post, member) vote rows (the primary key should make this impossible). */
export async function duplicateVotes(ex: Executor) {
  return rows(
    ex,
    sql`select post_id::int as post_id, user_id, count(*)::int as n from votes group by post_id, user_id having count(*) > 1`,
  );
}

/** Threads whose accepted answer is not a live answer of that thread, or whose status disagrees with it. */
export async function acceptedViolations(ex: Executor) {
  return rows(
    ex,
    sql`select t.id::int as id, t.status::text as status, t.accepted_post_id::int as accepted
        from threads t left join posts p on p.id = t.accepted_post_id
        where (t.accepted_post_id is not null and (p.id is null or p.thread_id <> t.id or p.is_question or p.deleted_at is not null))
           or ((t.status = 'solved') <> (t.accepted_post_id is not null))
           or ((t.accepted_at is not null) <> (t.accepted_post_id is not null))`,
  );
}

/** Per member and UTC+7 day, net points from capped reasons above the daily cap. */
export async function dailyCapViolations(ex: Executor) {
  const r = await rows<{ user_id: string; points: number; ms: number }>(
    ex,
    sql`select user_id, points, (extract(epoch from created_at) * 1000)::float8 as ms from reputation_events
        where reason in (${sql.join(
          CAPPED_REASONS.map((x) => sql`${x}`),
          sql`, `,
        )})`,
  );
  const sums = new Map<string, number>();
  for (const x of r) {
    const key = `${x.user_id}|${dayKey(new Date(Number(x.ms)))}`;
    sums.set(key, (sums.get(key) ?? 0) + Number(x.points));
  }
  return [...sums].filter(([, s]) => s > REPUTATION.dailyUpvoteCap).map(([key, s]) => ({ key, points: s }));
}

/** The daily rollup (non-zero rows) must equal the ledger grouped by UTC+7 day, board (0 = none) and member. */
export async function dailyRollupViolations(ex: Executor) {
  const ledger = await rows<{ user_id: string; board_id: number; points: number; ms: number }>(
    ex,
    sql`select user_id, coalesce(board_id, 0) as board_id, points, (extract(epoch from created_at) * 1000)::float8 as ms
        from reputation_events`,
  );
  const expected = new Map<string, number>();
  for (const x of ledger) {
    const key = `${dayKey(new Date(Number(x.ms)))}|${x.board_id}|${x.user_id}`;
    expected.set(key, (expected.get(key) ?? 0) + Number(x.points));
  }
  const daily = await rows<{ day: string; board_id: number; user_id: string; points: number }>(
    ex,
    sql`select day::text as day, board_id, user_id, points from reputation_daily where points <> 0`,
  );
  const actual = new Map(daily.map((d) => [`${d.day}|${d.board_id}|${d.user_id}`, Number(d.points)]));
  const out: { key: string; ledger: number; daily: number }[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const a = actual.get(key) ?? 0;
    const e = expected.get(key) ?? 0;
    if (a !== e) out.push({ key, ledger: e, daily: a });
  }
  return out;
}

/**
 * What a downvote costs a member is exact (never floored: members need 125 to downvote): per (member, answer)
 * the standing downvote_cast points are -1 when a -1 vote stands on a live answer, else 0. (Staff may downvote
 * at any total, so the floor can absorb their cost; they are left out.)
 */
export async function downvoteCostViolations(ex: Executor) {
  return rows(
    ex,
    sql`with standing as (
          select e.user_id, e.post_id, sum(e.points)::int as pts from reputation_events e
          join users u on u.id = e.user_id and u.role = 'member'
          where e.reason = 'downvote_cast' group by e.user_id, e.post_id),
        due as (
          select v.user_id, v.post_id, -1 as pts from votes v join posts p on p.id = v.post_id
          join users u on u.id = v.user_id and u.role = 'member'
          where v.value = -1 and not p.is_question and p.deleted_at is null)
        select coalesce(s.user_id, d.user_id) as user_id, coalesce(s.post_id, d.post_id)::int as post_id,
               coalesce(s.pts, 0) as standing, coalesce(d.pts, 0) as due
        from standing s full join due d on d.user_id = s.user_id and d.post_id = s.post_id
        where coalesce(s.pts, 0) <> coalesce(d.pts, 0)`,
  );
}

/** Every invariant at once, named, for a single readable assertion. */
export async function allInvariantViolations(ex: Executor) {
  return {
    ledgerTotals: await ledgerTotalViolations(ex),
    voteCounters: await voteCounterViolations(ex),
    threadScores: await threadScoreViolations(ex),
    duplicateVotes: await duplicateVotes(ex),
    accepted: await acceptedViolations(ex),
    dailyCap: await dailyCapViolations(ex),
    dailyRollup: await dailyRollupViolations(ex),
    downvoteCosts: await downvoteCostViolations(ex),
  };
}

export const NO_VIOLATIONS = {
  ledgerTotals: [],
  voteCounters: [],
  threadScores: [],
  duplicateVotes: [],
  accepted: [],
  dailyCap: [],
  dailyRollup: [],
  downvoteCosts: [],
};
