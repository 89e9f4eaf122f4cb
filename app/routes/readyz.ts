import { getDeps } from "~/deps.server";
import { checkReadiness } from "~/http/readiness.server";
import { logger } from "~/http/logger.server";

/** Readiness for load balancers: 200 when the database answers and is fully migrated, else 503 with the reason. */
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  let result;
  try {
    result = await checkReadiness((await getDeps()).db);
  } catch {
    result = { ok: false as const, reason: "database unavailable" };
  }
  if (result.ok) return Response.json({ ok: true }, { headers });
  logger.warn({ reason: result.reason }, "not ready");
  return Response.json({ ok: false, reason: result.reason }, { status: 503, headers });
}
