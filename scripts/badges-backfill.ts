// npm run badges:backfill — recomputes every member's badge stats from the stored rows and grants any
// badge they qualify for but do not hold (idempotent: a second run grants nothing).
import { openConfiguredDb } from "~db/client";
import { backfillBadges } from "~/services/badges-backfill.server";
import { systemClock } from "~/domain/shared/clock";

const handle = await openConfiguredDb();
try {
  const r = await backfillBadges({ db: handle.db, clock: systemClock });
  console.log(JSON.stringify(r));
} finally {
  await handle.close();
}
