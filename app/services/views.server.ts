/**
 * Thread views for triage's view velocity. Counting a view is an in-memory increment (no query per page
 * view); the counts are written in one batch every 30 seconds and at shutdown. A crash loses at most the
 * last 30 seconds of view counts, which only nudge a triage score.
 */
import type { AppDeps } from "~/deps.server";
import { addThreadViews } from "~/data/views.server";
import { hourOf } from "~/data/listening.server";

const pending = new Map<string, { threadId: number; hour: Date; views: number }>();

export function countThreadView(threadId: number, at: Date) {
  const hour = hourOf(at);
  const key = `${threadId}|${hour.getTime()}`;
  const row = pending.get(key);
  if (row) row.views += 1;
  else if (pending.size < 100_000) pending.set(key, { threadId, hour, views: 1 });
}

export async function flushThreadViews(deps: AppDeps) {
  if (!pending.size) return 0;
  const rows = [...pending.values()];
  pending.clear();
  await deps.db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await addThreadViews(tx, rows.slice(i, i + 1000));
  });
  return rows.length;
}
