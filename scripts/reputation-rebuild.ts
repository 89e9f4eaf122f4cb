// npm run reputation:rebuild — recomputes every member's total (and the daily rollup) from the ledger and
// reports how many totals differed. Run it after restoring data or to audit: on a healthy database it
// corrects nothing.
import { openConfiguredDb } from "~db/client";
import { rebuildFromLedger } from "~/data/reputation.server";

const handle = await openConfiguredDb();
try {
  const started = performance.now();
  const r = await handle.db.transaction((tx) => rebuildFromLedger(tx));
  console.log(
    JSON.stringify({
      members: r.members,
      corrected: r.corrected,
      ms: Math.round(performance.now() - started),
    }),
  );
} finally {
  await handle.close();
}
