/** Pieces of the notifications page for the engagement kinds: the line itself, "mark read", the Following list. */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "~/i18n/react";
import { pick, useLang } from "./time";
import { FollowButton } from "./follow-button";

export interface EngagementLine {
  key: string;
  vars: { actor: string; title: string; status?: string };
  href: string;
}

export function EngagementNotificationText({ view, marker }: { view: EngagementLine; marker: ReactNode }) {
  const { t } = useTranslation();
  const status = view.vars.status
    ? t(`engagementFeature.escalationStatus.${view.vars.status}`, { defaultValue: view.vars.status })
    : "";
  return (
    <p className="notif-title">
      {marker}
      <Link to={view.href} className="notif-link">
        {t(`engagementFeature.notif.${view.key}`, {
          ...view.vars,
          status,
          interpolation: { escapeValue: false },
        })}
      </Link>
    </p>
  );
}

/** "Mark read" for one unread notification (a POST form: works without JavaScript). */
export function MarkReadButton({ id, label }: { id: number; label?: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="inline-form notif-actions">
      <input type="hidden" name="intent" value="mark-read" />
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        className="tool-link"
        aria-label={label ? t("engagementFeature.markReadLabel", { title: label }) : undefined}
      >
        {t("engagementFeature.markRead")}
      </button>
    </Form>
  );
}

export interface FollowingItem {
  targetType: string;
  targetKey: string;
  boardSlug: string | null;
  boardNameVi: string | null;
  boardNameEn: string | null;
  threadTitle: string | null;
}

const KIND_LABEL = { board: "kindBoard", tag: "kindTag", thread: "kindThread" } as const;

/** What the member follows, each with an unfollow button; keyset "more" link. */
export function FollowingList({ items, next }: { items: FollowingItem[]; next: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="card" aria-labelledby="following-title">
      <h2 id="following-title" className="section-title">
        {t("engagementFeature.followingTitle")}
      </h2>
      {items.length === 0 ? (
        <p className="empty">{t("engagementFeature.followingEmpty")}</p>
      ) : (
        <ul className="following-list" aria-label={t("engagementFeature.followingLabel")}>
          {items.map((f) => {
            const type = f.targetType as keyof typeof KIND_LABEL;
            if (!(type in KIND_LABEL)) return null;
            const target =
              type === "board" ? (
                f.boardSlug ? (
                  <Link to={`/b/${f.boardSlug}`}>{pick(lang, f.boardNameVi ?? "", f.boardNameEn ?? "")}</Link>
                ) : null
              ) : type === "tag" ? (
                <Link to={`/tags/${f.targetKey}`} className="tag">
                  {f.targetKey}
                </Link>
              ) : f.threadTitle ? (
                <Link to={`/t/${f.targetKey}`}>{f.threadTitle}</Link>
              ) : null;
            return (
              <li key={`${f.targetType}:${f.targetKey}`}>
                <span>
                  <span className="following-kind">{t(`engagementFeature.${KIND_LABEL[type]}`)}</span>
                  {target ?? <span className="muted">{t("engagementFeature.unknownTarget")}</span>}
                </span>
                <FollowButton targetType={type} targetKey={f.targetKey} following loggedIn />
              </li>
            );
          })}
        </ul>
      )}
      {next ? (
        <p className="pager">
          <Link
            to={`?fafter=${encodeURIComponent(next)}#following-title`}
            className="btn btn-outline"
            rel="next"
          >
            {t("engagementFeature.followingMore")} →
          </Link>
        </p>
      ) : null}
    </section>
  );
}
