// npm run sentiment:backfill — rescores every post (current scorer + the community's learned layer; moderators'
// corrections still win) and rebuilds the sentiment rollups and triage scores.
import { openConfiguredDb } from "~db/client";
import { backfillSentiment } from "~/services/sentiment-backfill.server";
import { systemClock } from "~/domain/shared/clock";

const handle = await openConfiguredDb();
try {
  console.log(JSON.stringify(await backfillSentiment({ db: handle.db, clock: systemClock })));
} finally {
  await handle.close();
}
