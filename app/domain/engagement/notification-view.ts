/**
 * How a stored engagement notification is shown: an i18n key under engagementFeature.notif, its variables and
 * the link to its target. Stored data is untrusted JSON (older rows, other writers): anything malformed
 * gives null and the page falls back to a generic line.
 */
import { isEngagementKind } from "./recipients";

export interface NotificationView {
  key: string;
  vars: { actor: string; title: string; status?: string };
  href: string;
}

const posInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v > 0;
const str = (v: unknown, max = 300) => (typeof v === "string" ? v.slice(0, max) : null);

export function engagementNotificationView(kind: string, data: unknown): NotificationView | null {
  if (!isEngagementKind(kind) || !data || typeof data !== "object") return null;
  const d = data as Record<string, unknown>;
  const title = str(d.title);
  if (!posInt(d.threadId) || title === null) return null;
  const actor = str(d.actor, 60) ?? "";
  const href = `/t/${d.threadId}${posInt(d.postId) ? `#p-${d.postId}` : ""}`;
  const vars = { actor, title };
  switch (kind) {
    case "followed_thread":
      return { key: d.via === "tag" ? "followed_thread_tag" : "followed_thread_board", vars, href };
    case "escalation_update": {
      if (d.change === "resolution") return { key: "escalation_resolution", vars, href };
      const status = str(d.status, 40);
      return { key: "escalation_status", vars: { ...vars, status: status ?? "" }, href };
    }
    default:
      return { key: kind, vars, href };
  }
}
