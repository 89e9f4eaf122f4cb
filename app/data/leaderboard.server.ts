import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { badgeAwards, reputationPeriods, users } from "~db/schema";
import { periodStart, type LeaderboardPeriod } from "~/domain/reputation";

export type Period = LeaderboardPeriod;

/**
 * Top members by reputation gained this calendar week / month (brand time) or all time, overall or in one
 * board. Period rows come from the reputation_periods rollup (one index range scan); all time overall reads
 * the kept totals (users_reputation_idx).
 */
export async function leaderboard(
  ex: Executor,
  opts: { period: Period; boardId: number | null; now: Date; limit: number },
) {
  if (opts.period === "all" && opts.boardId === null) {
    return ex
      .select({
        userId: users.id,
        username: users.username,
        points: users.reputation,
        reputation: users.reputation,
        isChampion: users.isChampion,
      })
      .from(users)
      .orderBy(sql`${users.reputation} desc nulls last`, users.id)
      .limit(opts.limit);
  }
  const top = await ex
    .select({ userId: reputationPeriods.userId, points: reputationPeriods.points })
    .from(reputationPeriods)
    .where(
      and(
        eq(reputationPeriods.kind, opts.period),
        eq(reputationPeriods.start, periodStart(opts.period, opts.now)),
        eq(reputationPeriods.boardId, opts.boardId ?? 0),
      ),
    )
    .orderBy(sql`${reputationPeriods.points} desc nulls last`, reputationPeriods.userId)
    .limit(opts.limit);
  const positive = top.filter((t) => t.points > 0);
  if (!positive.length) return [];
  const people = await ex
    .select({
      id: users.id,
      username: users.username,
      reputation: users.reputation,
      isChampion: users.isChampion,
    })
    .from(users)
    .where(
      inArray(
        users.id,
        positive.map((t) => t.userId),
      ),
    );
  const byId = new Map(people.map((p) => [p.id, p]));
  return positive.map((t) => {
    const p = byId.get(t.userId)!;
    return {
      userId: t.userId,
      username: p.username,
      points: t.points,
      reputation: p.reputation,
      isChampion: p.isChampion,
    };
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
    .select({
      username: users.username,
      reputation: users.reputation,
      isChampion: users.isChampion,
      awardedAt: badgeAwards.awardedAt,
    })
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
