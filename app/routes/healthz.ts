/**
 * Liveness: the process is up and serving requests. It deliberately does not touch the database, so a database
 * outage makes instances unready (GET /readyz) instead of getting them restarted.
 */
export function loader() {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
