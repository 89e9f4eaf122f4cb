import { and, desc, eq, gte, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import { badgeAwards, reputationDaily, users } from "~db/schema";
import { dayKey } from "~/domain/reputation";

export type Period = "week" | "month" | "all";

export function periodStartDay(period: Period, now: Date): string | null {
  if (period === "all") return null;
  const days = period === "week" ? 7 : 30;
  return dayKey(new Date(now.getTime() - (days - 1) * 86_400_000));
}

/**
 * Top members by reputation gained in the period (overall or in one board), from the daily rollup of the
 * ledger. All-time overall reads the kept totals (index users_reputation_idx).
 */
export async function leaderboard(ex: Executor, opts: { period: Period; boardId: number | null; now: Date; limit: number }) {
  const start = periodStartDay(opts.period, opts.now);
  if (!start && opts.boardId === null) {
    const rows = await ex
      .select({ userId: users.id, username: users.username, points: users.reputation, reputation: users.reputation, isChampion: users.isChampion })
      .from(users)
      .orderBy(desc(users.reputation), users.id)
      .limit(opts.limit);
    return rows;
  }
  const where: SQL[] = [];
  if (start) where.push(gte(reputationDaily.day, start));
  if (opts.boardId !== null) where.push(eq(reputationDaily.boardId, opts.boardId));
  const top = await ex
    .select({ userId: reputationDaily.userId, points: sql<number>`sum(${reputationDaily.points})::int` })
    .from(reputationDaily)
    .where(and(...where))
    .groupBy(reputationDaily.userId)
    .having(sql`sum(${reputationDaily.points}) > 0`)
    .orderBy(desc(sql`sum(${reputationDaily.points})`), reputationDaily.userId)
    .limit(opts.limit);
  if (!top.length) return [];
  const people = await ex
    .select({ id: users.id, username: users.username, reputation: users.reputation, isChampion: users.isChampion })
    .from(users)
    .where(inArray(users.id, top.map((t) => t.userId)));
  const byId = new Map(people.map((p) => [p.id, p]));
  return top.map((t) => {
    const p = byId.get(t.userId)!;
    return { userId: t.userId, username: p.username, points: Number(t.points), reputation: p.reputation, isChampion: p.isChampion };
  });
}

export async function badgeCounts(ex: Executor) {
  const rows = await ex
    .select({ slug: badgeAwards.slug, n: sql<number>`count(*)::int` })
    .from(badgeAwards)
    .groupBy(badgeAwards.slug);
  return new Map(rows.map((r) => [r.slug, Number(r.n)]));
}

export async function listBadgeHolders(ex: Executor, slug: string, limit = 60) {
  return ex
    .select({ username: users.username, reputation: users.reputation, isChampion: users.isChampion, awardedAt: badgeAwards.awardedAt })
    .from(badgeAwards)
    .innerJoin(users, eq(users.id, badgeAwards.userId))
    .where(eq(badgeAwards.slug, slug))
    .orderBy(desc(badgeAwards.awardedAt))
    .limit(limit);
}

export async function listUserBadges(ex: Executor, userId: string) {
  return ex
    .select({ slug: badgeAwards.slug, awardedAt: badgeAwards.awardedAt })
    .from(badgeAwards)
    .where(eq(badgeAwards.userId, userId))
    .orderBy(desc(badgeAwards.awardedAt));
}
