import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { useRootData } from "~/root";

/** On a public profile: a link to the member's 360° view, shown to staff only (the page itself checks again). */
export function StaffMemberLink({ username, role }: { username: string; role: string }) {
  const { user } = useRootData();
  const { t } = useTranslation();
  if (!user || user.role === "member" || role !== "member") return null;
  return (
    <p className="small">
      <Link to={`/mod/members/${encodeURIComponent(username)}`}>{t("membersFeature.staffView")}</Link>
    </p>
  );
}
