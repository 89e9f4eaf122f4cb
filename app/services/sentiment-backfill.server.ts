import type { AppDeps } from "~/deps.server";
import { savePostSentiment } from "~/data/listening.server";
import { listPostsForScoring, rebuildSentimentRollups } from "~/data/sentiment-backfill.server";
import { listOpenThreadIdsSince } from "~/data/triage.server";
import { analyzerFor, postText, refreshTriage } from "./listening.server";
import { runExclusive } from "./job-lock.server";

/**
 * Rescores every post with the current scorer and the community's learned layer (moderators' corrections
 * still win), then rebuilds the sentiment rollups and the open threads' triage scores.
 */
export async function backfillSentiment(deps: AppDeps, batch = 2000) {
  const started = performance.now();
  const now = deps.clock.now();
  let after = 0;
  let scored = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const rows = await listPostsForScoring(tx, after, batch);
      if (!rows.length) return 0;
      const analyzer = await analyzerFor(tx, deps.db, now.getTime());
      for (const r of rows) await savePostSentiment(tx, r.id, analyzer.score(postText(r)));
      after = rows[rows.length - 1]!.id;
      return rows.length;
    });
    if (!n) break;
    scored += n;
  }
  await deps.db.transaction((tx) => rebuildSentimentRollups(tx));
  const open = await listOpenThreadIdsSince(deps.db, new Date(0), 1_000_000);
  for (let i = 0; i < open.length; i += 500) {
    await deps.db.transaction(async (tx) => {
      for (const id of open.slice(i, i + 500)) await refreshTriage(tx, id, now);
    });
  }
  return {
    posts: scored,
    openThreads: open.length,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** Refreshes the stored triage score of open threads active recently (their time-based signals grow). */
export async function refreshRecentTriage(deps: AppDeps, days = 30) {
  const now = deps.clock.now();
  const ids = await listOpenThreadIdsSince(deps.db, new Date(now.getTime() - days * 86_400_000), 20_000);
  for (let i = 0; i < ids.length; i += 500) {
    await deps.db.transaction(async (tx) => {
      for (const id of ids.slice(i, i + 500)) await refreshTriage(tx, id, now);
    });
  }
  return ids.length;
}

/**
 * The server's 10-minute timer (entry.server.tsx): refreshRecentTriage, once per cluster at a time (several
 * server processes run the same timer; the scores are the same whoever computes them).
 */
export function refreshRecentTriageOnce(deps: AppDeps) {
  return runExclusive(deps, "triage-refresh", () => refreshRecentTriage(deps));
}
