/**
 * Follow / unfollow a board, a tag or a thread. A plain POST form to the /follow resource route (works without
 * JavaScript; it redirects back); with JavaScript it submits through a fetcher and stays on the page.
 */
import { Link, useFetcher, useLocation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { BellIcon } from "./icons";

export interface FollowButtonProps {
  targetType: "board" | "tag" | "thread";
  targetKey: string;
  following: boolean;
  /** False for visitors: the button becomes a login link. */
  loggedIn: boolean;
}

const HINT = { board: "followBoard", tag: "followTag", thread: "followThread" } as const;

export function FollowButton({ targetType, targetKey, following, loggedIn }: FollowButtonProps) {
  const { t } = useTranslation();
  const fetcher = useFetcher();
  const location = useLocation();
  const back = `${location.pathname}${location.search}`;
  if (!loggedIn) {
    return (
      <Link
        to={`/login?redirectTo=${encodeURIComponent(back)}`}
        className="btn btn-sm btn-outline follow-btn"
      >
        <BellIcon /> {t("engagementFeature.loginToFollow")}
      </Link>
    );
  }
  // Optimistic: show the state being submitted.
  const pending = fetcher.formData?.get("intent");
  const on = pending ? pending === "follow" : following;
  const hint = t(`engagementFeature.${HINT[targetType]}`);
  return (
    <fetcher.Form method="post" action="/follow" className="follow-form" preventScrollReset>
      <input type="hidden" name="intent" value={on ? "unfollow" : "follow"} />
      <input type="hidden" name="targetType" value={targetType} />
      <input type="hidden" name="targetKey" value={targetKey} />
      <input type="hidden" name="redirectTo" value={back} />
      <button
        type="submit"
        className={`btn btn-sm follow-btn ${on ? "btn-outline is-following" : "btn-ghost"}`}
        aria-pressed={on}
        title={on ? t("engagementFeature.unfollow") : hint}
      >
        <BellIcon /> {on ? t("engagementFeature.following") : t("engagementFeature.follow")}
      </button>
    </fetcher.Form>
  );
}
