import type { AppDeps } from "~/deps.server";
import { savePostSentiment } from "~/data/listening.server";
import { listPostsForScoring, rebuildSentimentRollups } from "~/data/sentiment-backfill.server";
import { listOpenThreadIdsSince } from "~/data/triage.server";
import { analyzerFor, postText, refreshTriageScores } from "./listening.server";
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
  await refreshInBatches(deps, open, now);
  return {
    posts: scored,
    openThreads: open.length,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** Refreshes the stored triage score of open threads active recently (their time-based signals grow). */
export async function refreshRecentTriage(
  deps: AppDeps,
  days = 30,
  /** Pause between batches: the server's timer leaves room for requests between them. */
  pace: { pauseMs?: number } = {},
) {
  const now = deps.clock.now();
  const ids = await listOpenThreadIdsSince(deps.db, new Date(now.getTime() - days * 86_400_000), 20_000);
  await refreshInBatches(deps, ids, now, pace);
  return ids.length;
}

/**
 * Recomputes these threads' stored triage scores, 100 at a time (listening refreshTriageScores: one read of
 * their facts and one UPDATE of the changed scores per batch), each its own short statement. It used to be two
 * statements per thread inside a transaction per 500 threads, which held their row locks for the whole batch. At 1M posts that took 27 s for
 * 20,000 threads every 10 minutes, and replies meanwhile waited: p99 821 ms at 150 replies/s (ADR 020). The
 * server's timer paces the batches 200 ms apart (≈ 43 s for 20,000 threads): replies at 150/s during a refresh
 * had p99 269 ms with 20 ms pauses, 134 ms with 200 ms.
 * A score computed from facts that a concurrent post has just changed is corrected by that post's own
 * refresh or by the next run.
 */
async function refreshInBatches(
  deps: AppDeps,
  ids: readonly number[],
  now: Date,
  opts: { batch?: number; pauseMs?: number } = {},
) {
  const batch = opts.batch ?? 100;
  for (let i = 0; i < ids.length; i += batch) {
    await refreshTriageScores(deps.db, ids.slice(i, i + batch), now);
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  }
}

/**
 * The server's 10-minute timer (entry.server.tsx): refreshRecentTriage, once per cluster at a time (several
 * server processes run the same timer; the scores are the same whoever computes them).
 */
export function refreshRecentTriageOnce(deps: AppDeps) {
  return runExclusive(deps, "triage-refresh", () => refreshRecentTriage(deps, 30, { pauseMs: 200 }));
}
