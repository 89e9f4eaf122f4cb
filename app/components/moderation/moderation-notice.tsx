/**
 * The banner on a post that others cannot see: its author reads why (awaiting approval, hidden while
 * moderators review members' flags, not approved — the text stays readable so nothing is lost); staff see
 * a marker and a link to the queue.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { flagReasonsSummary } from "~/domain/moderation";

interface Props {
  post: { id: number; authorId: string; moderationState: string; moderationReason: string | null };
  viewerId: string | null;
  viewerIsStaff: boolean;
  /** Reasons of the post's open flags (only sent for posts hidden by flags). */
  flagReasons?: readonly string[];
}

export function ModerationNotice({ post, viewerId, viewerIsStaff, flagReasons }: Props) {
  const { t } = useTranslation();
  const state = post.moderationState;
  if (state === "visible") return null;
  const own = viewerId !== null && viewerId === post.authorId;
  if (!own && !viewerIsStaff) return null;
  const reasons = flagReasonsSummary(flagReasons ?? [])
    .map((r) => t(`flagReason.${r}`))
    .join(", ");
  let text: string;
  if (state === "pending") text = own ? t("modNotice.pendingOwn") : t("modNotice.pendingStaff");
  else if (state === "rejected") text = own ? t("modNotice.rejectedOwn") : t("modNotice.rejectedStaff");
  else if (post.moderationReason === "flags")
    text = reasons
      ? t(own ? "modNotice.flaggedOwn" : "modNotice.flaggedStaff", { reasons })
      : t(own ? "modNotice.flaggedOwnNoReason" : "modNotice.flaggedStaffNoReason");
  else text = own ? t("modNotice.hiddenOwn") : t("modNotice.hiddenStaff");
  return (
    <div className={`mod-notice mod-notice-${state}`} role="note" id={`mod-notice-${post.id}`}>
      <span className="mod-notice-tag">{t(`modNotice.state.${state}`, { defaultValue: state })}</span>{" "}
      <span>{text}</span>
      {viewerIsStaff ? (
        <>
          {" "}
          <Link to="/mod/queue" className="mod-notice-link">
            {t("modNotice.openQueue")}
          </Link>
        </>
      ) : null}
    </div>
  );
}
