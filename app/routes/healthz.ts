import { getDeps } from "~/deps.server";
import { pingDatabase } from "~/data/health.server";

export async function loader() {
  try {
    await pingDatabase((await getDeps()).db);
    return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ ok: false }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
