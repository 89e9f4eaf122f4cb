import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { threadViewsHourly } from "~db/schema";

export async function addThreadViews(ex: Executor, rows: { threadId: number; hour: Date; views: number }[]) {
  if (!rows.length) return;
  await ex
    .insert(threadViewsHourly)
    .values(rows)
    .onConflictDoUpdate({
      target: [threadViewsHourly.threadId, threadViewsHourly.hour],
      set: { views: sql`${threadViewsHourly.views} + excluded.views` },
    });
}
