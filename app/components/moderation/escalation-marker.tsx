/** What members see on an escalated thread: "Our team is on it", then the published resolution summary. */
import { useTranslation } from "~/i18n/react";
import { RelativeTime } from "~/components/time";
import { WrenchIcon } from "~/components/icons";

export interface EscalationMarkerData {
  teamOnIt: boolean;
  resolution: { summary: string | null; resolvedAt: string | Date | null } | null;
}

export function EscalationMarker({ data }: { data: EscalationMarkerData | null }) {
  const { t } = useTranslation();
  if (!data) return null;
  if (data.teamOnIt) {
    return (
      <section className="esc-marker" aria-labelledby="esc-marker-title" id="escalation">
        <span className="esc-marker-icon" aria-hidden="true">
          <WrenchIcon size={20} />
        </span>
        <div>
          <h2 id="esc-marker-title">{t("escalationFeature.marker.onIt")}</h2>
          <p>{t("escalationFeature.marker.onItText")}</p>
        </div>
      </section>
    );
  }
  if (data.resolution?.summary) {
    return (
      <section className="esc-marker is-resolved" aria-labelledby="esc-marker-title" id="escalation">
        <span className="esc-marker-icon" aria-hidden="true">
          ✓
        </span>
        <div>
          <h2 id="esc-marker-title">{t("escalationFeature.marker.resolved")}</h2>
          <p>{data.resolution.summary}</p>
          {data.resolution.resolvedAt ? (
            <p className="muted small">
              {t("escalationFeature.marker.resolvedOn")} <RelativeTime date={data.resolution.resolvedAt} />
            </p>
          ) : null}
        </div>
      </section>
    );
  }
  return null;
}
