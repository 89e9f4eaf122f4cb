/**
 * Steps shared by every use case that moves reputation or may earn a badge. They run inside the
 * caller's transaction, after the caller has locked the members involved (lockUsers).
 */
import type { Tx } from "~db/client";
import {
  grantBadges,
  getBadgeStats,
  insertNotifications,
  listHeldBadges,
  recordLedger,
  standingPoints,
  type LedgerWrite,
  type LockedUser,
} from "~/data/reputation.server";
import { applyFloor, type LedgerReason } from "~/domain/reputation";
import { newlyEarned, type BadgeStats } from "~/domain/badges";

/**
 * Applies the floor to each entry in order, against the locked totals (kept current in `locked`), and
 * writes the ledger. The ledger holds what was applied, so totals always equal the ledger's sum.
 */
export async function settle(tx: Tx, entries: LedgerWrite[], locked: Map<string, LockedUser>, at: Date) {
  const applied: LedgerWrite[] = [];
  // Gains before losses, so that the floor only absorbs what the whole action really takes away
  // (deleting a post that was upvoted and downvoted must not cost more than its net).
  const ordered = [...entries].sort((a, b) => Number(b.points > 0) - Number(a.points > 0));
  for (const e of ordered) {
    const user = locked.get(e.userId);
    if (!user) throw new Error(`settle: member ${e.userId} was not locked`);
    const points = applyFloor(user.reputation, e.points);
    if (points === 0) continue;
    user.reputation += points;
    applied.push({ ...e, points });
  }
  await recordLedger(tx, applied, at);
  return applied;
}

/** Ledger entries that cancel what still stands for a post (optionally one actor's, some reasons). */
export async function reversalsFor(
  tx: Tx,
  q: {
    postId: number;
    actorId?: string | null;
    userId?: string;
    reasons?: readonly LedgerReason[];
    boardId: number | null;
  },
): Promise<LedgerWrite[]> {
  const standing = await standingPoints(tx, q);
  return standing.map((s) => ({
    userId: s.userId,
    points: -s.points,
    reason: s.reason,
    postId: q.postId,
    actorId: q.actorId ?? null,
    boardId: q.boardId,
  }));
}

/**
 * Grants whatever badges the members now qualify for and notifies them; returns the new ones. `known`: what the
 * caller already has, current for these (locked) members: badge stats (read, or returned by its own write of
 * the member's row) and held badges (listHeldBadges).
 */
export async function awardBadges(
  tx: Tx,
  userIds: string[],
  at: Date,
  known: { stats?: ReadonlyMap<string, BadgeStats>; held?: ReadonlyMap<string, ReadonlySet<string>> } = {},
): Promise<Map<string, string[]>> {
  const ids = [...new Set(userIds)];
  const stats = new Map(known.stats);
  const missing = ids.filter((id) => !stats.has(id));
  for (const [id, s] of await getBadgeStats(tx, missing)) stats.set(id, s);
  // Only members who qualify for any badge at all need their held badges looked up.
  const qualifying = ids.filter((id) => {
    const s = stats.get(id);
    return s !== undefined && newlyEarned(s, new Set()).length > 0;
  });
  const held = new Map<string, ReadonlySet<string>>(known.held);
  const unknown = qualifying.filter((id) => !held.has(id));
  for (const [id, slugs] of await listHeldBadges(tx, unknown)) held.set(id, slugs);
  const earned = new Map<string, string[]>();
  for (const id of qualifying) {
    const candidates = newlyEarned(stats.get(id)!, held.get(id) ?? new Set()).map((b) => b.slug);
    const granted = await grantBadges(tx, id, candidates, at);
    if (granted.length) earned.set(id, granted);
  }
  await insertNotifications(
    tx,
    [...earned].flatMap(([userId, slugs]) =>
      slugs.map((slug) => ({ userId, kind: "badge", data: { slug } })),
    ),
    at,
  );
  return earned;
}
