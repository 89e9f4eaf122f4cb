/**
 * GET /api/v1/mod/alerts?status=open|closed — crisis alerts, open ones first, newest first (staff only:
 * anonymous → 401, member → 403, any other status → 400; no status: both).
 *
 * Response: { alerts: [{ id, status, board: {slug,nameVi,nameEn} | null (null = whole community),
 *   window: "hour" | "day", raisedAt, updatedAt, peakCount, baseline, terms: string[],
 *   threads: [{id, title}], closedAt, closedBy (username), note }] }
 */
import { requireApiUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listAlertsForApi } from "~/data/overview.server";
import { isStaff } from "~/domain/forum";
import { AppError } from "~/domain/shared/app-error";
import { api } from "~/utils/api.server";
import { apiJson } from "~/utils/http.server";

const handle = api({
  GET: async ({ request }) => {
    const user = await requireApiUser(request);
    if (!isStaff(user)) throw new AppError("forbidden", "staff_only", "Only moderators can see this");
    const raw = new URL(request.url).searchParams.get("status");
    if (raw !== null && raw !== "open" && raw !== "closed") {
      throw new AppError("invalid", "invalid_status", "status must be open or closed", {
        status: "invalid_status",
      });
    }
    const { db } = await getDeps();
    const alerts = await listAlertsForApi(db, raw ?? undefined, 100);
    return apiJson({ alerts }, 200, { "Cache-Control": "private, no-store" });
  },
});
export const loader = handle;
export const action = handle;
