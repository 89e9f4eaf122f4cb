import type { AppDeps } from "~/deps.server";
import { savePostSentiment } from "~/data/listening.server";
import {
  clearStaffPostSentiment,
  hasScoredStaffPosts,
  listPostsForScoring,
  rebuildSentimentRollups,
} from "~/data/sentiment-backfill.server";
import { findJobRun, listOpenThreadIdsSince, listTriageRefreshIds, recordJobRun } from "~/data/triage.server";
import { triageRefreshWindows } from "~/domain/triage";
import { analyzerFor, postText, refreshTriageScores, upgradeSentimentModel } from "./listening.server";
import { runExclusive } from "./job-lock.server";

/**
 * Rescores every member's post with the current scorer and the community's learned layer (moderators'
 * corrections still win; staff posts are not scored), then rebuilds the sentiment rollups and the open threads'
 * triage scores.
 */
export async function backfillSentiment(deps: AppDeps, batch = 2000) {
  const started = performance.now();
  const now = deps.clock.now();
  await upgradeSentimentModel(deps);
  // Staff posts are not scored (ADR 023): labels from before that rule go; the rollups are rebuilt below.
  await clearStaffPostSentiment(deps.db);
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

const STAFF_SENTIMENT_JOB = "staff-sentiment-cleared";

/**
 * At start-up, once per database (job_runs): a database from before ADR 023 has labels on staff posts. They are
 * cleared, the sentiment rollups rebuilt and every open thread's triage score refreshed (their mood may have
 * changed). Once, not at every start: the probe reads today's roles, and a member promoted later keeps the labels
 * of the posts written as a member (ADR 023); later starts cost one primary-key read.
 */
export async function forgetStaffSentimentIfNeeded(deps: AppDeps) {
  if (await findJobRun(deps.db, STAFF_SENTIMENT_JOB)) return false;
  const found = await hasScoredStaffPosts(deps.db);
  if (found) {
    await deps.db.transaction(async (tx) => {
      await clearStaffPostSentiment(tx);
      await rebuildSentimentRollups(tx);
    });
    await refreshChangedTriage(deps, { full: true });
  }
  await recordJobRun(deps.db, STAFF_SENTIMENT_JOB, deps.clock.now());
  return found;
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
 * their facts and one UPDATE of the changed scores per batch), each its own short statement, paced by the
 * server's timer (200 ms between batches) to leave room for requests (ADR 020, ADR 021).
 * A score is not written over a row that a concurrent write changed after its facts were read (that write
 * stored its own score: setTriageScores compares the row's version).
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

const TRIAGE_JOB = "triage-refresh";

/**
 * Refreshes the stored triage scores that can have changed since this job's previous run without a write of
 * their own (domain/triage triageRefreshWindows: waiting ramps, velocity leaving its hour, at-risk authors),
 * then records this run. With no previous run, or one older than `days`, it refreshes every open thread active
 * in the last `days` (refreshRecentTriage), as it does when asked for a `full` sweep (the large seed, whose rows
 * were loaded without the app). Returns how many threads it read and whether it was a full sweep.
 */
export async function refreshChangedTriage(
  deps: AppDeps,
  opts: { pauseMs?: number; days?: number; full?: boolean } = {},
) {
  const { days = 30, ...pace } = opts;
  const now = deps.clock.now();
  const since = opts.full ? null : await findJobRun(deps.db, TRIAGE_JOB);
  let threads: number;
  let full = false;
  if (!since || now.getTime() - since.getTime() > days * 86_400_000) {
    threads = await refreshRecentTriage(deps, days, pace);
    full = true;
  } else {
    const ids = await listTriageRefreshIds(deps.db, triageRefreshWindows(since, now));
    await refreshInBatches(deps, ids, now, pace);
    threads = ids.length;
  }
  // A minute back: a reply whose transaction began before this run and committed during it is still "since the
  // previous run" for the next one (its author's other threads may need it).
  await recordJobRun(deps.db, TRIAGE_JOB, new Date(now.getTime() - 60_000));
  return { threads, full };
}

/**
 * The server's 10-minute timer (entry.server.tsx): refreshChangedTriage, once per cluster at a time (several
 * server processes run the same timer; the scores are the same whoever computes them).
 */
export function refreshRecentTriageOnce(deps: AppDeps) {
  return runExclusive(deps, TRIAGE_JOB, () => refreshChangedTriage(deps, { pauseMs: 200 }));
}
