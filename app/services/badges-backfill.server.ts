import type { AppDeps } from "~/deps.server";
import { listUserIdsAfter, recomputeBadgeStats } from "~/data/badge-stats.server";
import { getBadgeStats, grantBadges, listHeldBadges } from "~/data/reputation.server";
import { newlyEarned } from "~/domain/badges";

/**
 * Recomputes badge stats and grants every badge members qualify for, in batches of members.
 * Idempotent. Backfilled badges are not notified (they may be old news).
 */
export async function backfillBadges(deps: AppDeps, batch = 1000) {
  const now = deps.clock.now();
  await deps.db.transaction((tx) => recomputeBadgeStats(tx));
  let after = "";
  let members = 0;
  let granted = 0;
  for (;;) {
    const ids = await listUserIdsAfter(deps.db, after, batch);
    if (!ids.length) break;
    granted += await deps.db.transaction(async (tx) => {
      const stats = await getBadgeStats(tx, ids);
      const held = await listHeldBadges(tx, ids);
      let n = 0;
      for (const id of ids) {
        const s = stats.get(id);
        if (!s) continue;
        const slugs = newlyEarned(s, held.get(id) ?? new Set())
          .filter((b) => b.slug !== "champion")
          .map((b) => b.slug);
        n += (await grantBadges(tx, id, slugs, now)).length;
      }
      return n;
    });
    members += ids.length;
    after = ids[ids.length - 1]!;
  }
  return { members, granted };
}
