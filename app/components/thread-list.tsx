import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { RelativeTime, pick, useLang } from "./time";
import { UserLink } from "./user-flair";
import { PinIcon } from "~/components/icons";

export interface ThreadListItemView {
  id: number;
  title: string;
  status: "open" | "solved";
  replyCount: number;
  score: number;
  createdAt: string | Date;
  lastActivityAt: string | Date;
  authorUsername: string;
  authorReputation: number;
  authorChampion: boolean;
  tags: string[];
  boardSlug: string;
  boardNameVi: string;
  boardNameEn: string;
  /** Pinned to the top of its board (thread tools). */
  pinned?: boolean;
}

export function ThreadList({
  items,
  showBoard = true,
  emptyText,
}: {
  items: ThreadListItemView[];
  showBoard?: boolean;
  emptyText: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!items.length) return <p className="empty">{emptyText}</p>;
  return (
    <ul className="thread-list">
      {items.map((th) => (
        <li key={th.id} className="thread-row">
          <div
            className={`thread-stat ${th.status === "solved" ? "is-solved" : th.replyCount === 0 ? "is-unanswered" : ""}`}
          >
            <span className="stat-num">{th.replyCount}</span>
            <span className="stat-label">{t("thread.answersShort", { count: th.replyCount })}</span>
          </div>
          <div className="thread-main">
            <Link to={`/t/${th.id}`} className="thread-title">
              {th.title}
            </Link>
            <div className="thread-meta">
              {th.pinned ? (
                <span className="badge badge-pinned">
                  <PinIcon /> {t("toolsFeature.pinned")}
                </span>
              ) : null}
              {th.status === "solved" ? (
                <span className="badge badge-solved">✓ {t("thread.solved")}</span>
              ) : th.replyCount === 0 ? (
                <span className="badge badge-unanswered">{t("thread.unanswered")}</span>
              ) : null}
              {showBoard ? (
                <Link to={`/b/${th.boardSlug}`} className="chip">
                  {pick(lang, th.boardNameVi, th.boardNameEn)}
                </Link>
              ) : null}
              {th.tags.map((tag) => (
                <Link key={tag} to={`/tags/${tag}`} className="tag">
                  {tag}
                </Link>
              ))}
              <UserLink
                username={th.authorUsername}
                reputation={th.authorReputation}
                champion={th.authorChampion}
              />
              <RelativeTime date={th.lastActivityAt} />
              <span className="score" title={t("post.score")}>
                {t("thread.votes", { count: th.score })}
              </span>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
