/** The member segment badge and its reason in words (staff's member 360° view and its CSV export). */
import type { TFunction } from "i18next";
import { useTranslation } from "~/i18n/react";
import type { Segment, SegmentReason } from "~/domain/members";

export function segmentReasonText(r: SegmentReason, t: TFunction): string {
  switch (r.segment) {
    case "at_risk":
      return t("membersFeature.reason.at_risk", { count: r.negativeUnanswered, days: r.days });
    case "champion":
      return t("membersFeature.reason.champion");
    case "new":
      return r.why === "joined"
        ? t("membersFeature.reason.new_joined", { count: r.joinedDaysAgo })
        : t("membersFeature.reason.new_few_posts", { count: r.posts });
    case "loyal":
      return t("membersFeature.reason.loyal", { weeks: r.activeWeeks, window: r.windowWeeks });
    case "engaged":
      return r.lastActiveDaysAgo === 0
        ? t("membersFeature.reason.engaged_today")
        : t("membersFeature.reason.engaged", { count: r.lastActiveDaysAgo });
    case "inactive":
      return t("membersFeature.reason.inactive");
  }
}

export function SegmentBadge({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  return (
    <span className={`badge segment-badge segment-${segment}`}>{t(`membersFeature.segment.${segment}`)}</span>
  );
}
