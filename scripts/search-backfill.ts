// npm run search:backfill — writes the full-text documents (threads.search_vector, posts.search_vector) of every
// thread and post that has none: databases from before search, bulk-loaded data. Batches, safe to re-run.
// FORCE=1 clears every document first (after a change of the document rules).
import { sql } from "drizzle-orm";
import { openConfiguredDb } from "~db/client";
import { backfillSearchDocs } from "~/services/search.server";
import { systemClock } from "~/domain/shared/clock";

const handle = await openConfiguredDb();
try {
  const t = performance.now();
  if (process.env.FORCE) {
    await handle.db.execute(sql`update posts set search_vector = null where search_vector is not null`);
    await handle.db.execute(sql`update threads set search_vector = null where search_vector is not null`);
  }
  const done = await backfillSearchDocs(
    { db: handle.db, clock: systemClock },
    { batch: Number(process.env.BATCH ?? 2000), log: (m) => console.log(m) },
  );
  console.log(JSON.stringify({ ...done, seconds: Number(((performance.now() - t) / 1000).toFixed(1)) }));
} finally {
  await handle.close();
}
