import { and, desc, eq, gte, isNotNull, ne, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { champions, posts, serialVoteLog, threads, users, votes } from "~db/schema";
import { CHAMPIONS } from "~/domain/reputation";
import { rowsOf } from "./reputation.server";

/** Updates the member's last visit day and streak; null when already recorded today. */
export async function recordVisitDay(
  ex: Executor,
  userId: string,
  today: string,
  next: (lastDay: string | null, streak: number) => number,
): Promise<number | null> {
  const [row] = await ex
    .select({ lastSeenOn: users.lastSeenOn, streakDays: users.streakDays })
    .from(users)
    .where(eq(users.id, userId))
    .for("update");
  if (!row || row.lastSeenOn === today) return null;
  const streak = next(row.lastSeenOn, row.streakDays);
  await ex.update(users).set({ lastSeenOn: today, streakDays: streak }).where(eq(users.id, userId));
  return streak;
}

export async function setChampion(
  ex: Executor,
  d: { username: string; confirmed: boolean; by: string; note: string; at: Date },
): Promise<string | null> {
  const [u] = await ex
    .update(users)
    .set({ isChampion: d.confirmed })
    .where(sql`lower(${users.username}) = ${d.username.toLowerCase()}`)
    .returning({ id: users.id });
  if (!u) return null;
  await ex
    .insert(champions)
    .values({
      userId: u.id,
      status: d.confirmed ? "confirmed" : "revoked",
      decidedBy: d.by,
      decidedAt: d.at,
      note: d.note,
    })
    .onConflictDoUpdate({
      target: champions.userId,
      set: { status: d.confirmed ? "confirmed" : "revoked", decidedBy: d.by, decidedAt: d.at, note: d.note },
    });
  return u.id;
}

/**
 * Champion candidates: members with enough accepted answers on others' questions in the window and no
 * removal as spam in it, who are not champions yet (a revoked champion can qualify again).
 */
export async function listChampionCandidates(ex: Executor, now: Date) {
  const since = new Date(now.getTime() - CHAMPIONS.windowDays * 86_400_000);
  const rows = await ex
    .select({
      userId: posts.authorId,
      username: users.username,
      reputation: users.reputation,
      accepted: sql<number>`count(*)::int`,
    })
    .from(threads)
    .innerJoin(posts, eq(posts.id, threads.acceptedPostId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(
      and(
        isNotNull(threads.acceptedAt),
        gte(threads.acceptedAt, since),
        ne(threads.authorId, posts.authorId),
        eq(users.isChampion, false),
        // From the posts themselves: the -100 may have been absorbed by the floor (no ledger row).
        sql`not exists (select 1 from ${posts} sp where sp.author_id = ${posts.authorId}
              and sp.deleted_reason = 'spam' and sp.deleted_at >= ${since.toISOString()}::timestamptz)`,
      ),
    )
    .groupBy(posts.authorId, users.username, users.reputation)
    .having(sql`count(*) >= ${CHAMPIONS.minAcceptedAnswers}`)
    .orderBy(desc(sql`count(*)`))
    .limit(100);
  return rows.map((r) => ({ ...r, accepted: Number(r.accepted) }));
}

export async function listChampions(ex: Executor) {
  return ex
    .select({
      username: users.username,
      reputation: users.reputation,
      decidedAt: champions.decidedAt,
      note: champions.note,
    })
    .from(champions)
    .innerJoin(users, eq(users.id, champions.userId))
    .where(eq(champions.status, "confirmed"))
    .orderBy(desc(champions.decidedAt))
    .limit(200);
}

export async function listSerialVoteLog(ex: Executor, limit = 50) {
  return ex
    .select({
      id: serialVoteLog.id,
      voter: sql<string>`(select username from users where id = ${serialVoteLog.voterId})`,
      author: sql<string>`(select username from users where id = ${serialVoteLog.authorId})`,
      postId: serialVoteLog.postId,
      votesInWindow: serialVoteLog.votesInWindow,
      pointsReversed: serialVoteLog.pointsReversed,
      createdAt: serialVoteLog.createdAt,
    })
    .from(serialVoteLog)
    .orderBy(desc(serialVoteLog.createdAt))
    .limit(limit);
}

/**
 * Pairs of accounts that signed up from the same address and voted for each other's posts: a signal
 * for moderators to look at, never acted on automatically.
 */
export async function listSharedIpVoting(ex: Executor, limit = 50) {
  // Only pairs that actually voted for each other are returned (the filter is in SQL, so a large group of
  // silent accounts behind one address cannot push a voting pair out of the list).
  const result = await ex.execute(sql`
    select a.username as a, b.username as b, a.signup_ip as ip, ab.n as a_to_b, ba.n as b_to_a
    from ${users} a
    join ${users} b on b.signup_ip = a.signup_ip and a.id < b.id
    cross join lateral (select count(*)::int as n from ${votes} v join ${posts} p on p.id = v.post_id
                        where v.user_id = a.id and p.author_id = b.id and v.value = 1) ab
    cross join lateral (select count(*)::int as n from ${votes} v join ${posts} p on p.id = v.post_id
                        where v.user_id = b.id and p.author_id = a.id and v.value = 1) ba
    where a.signup_ip is not null and ab.n + ba.n > 0
    order by ab.n + ba.n desc, a.username, b.username
    limit ${limit}`);
  return rowsOf(result).map((r) => ({
    a: String(r.a),
    b: String(r.b),
    ip: String(r.ip),
    aToB: Number(r.a_to_b),
    bToA: Number(r.b_to_a),
  }));
}
