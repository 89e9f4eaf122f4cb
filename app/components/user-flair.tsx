import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { rankFor } from "~/domain/reputation";
import { formatNumber, useLang } from "./time";

/** A username with the member's rank and, for confirmed champions, the champion flair. */
export function UserLink({
  username,
  reputation,
  champion,
  showRank = true,
}: {
  username: string;
  reputation: number;
  champion?: boolean;
  showRank?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const rank = rankFor(reputation);
  return (
    <span className="user-flair">
      <Link to={`/u/${username}`} className="user-name">
        {username}
      </Link>
      {champion ? (
        <span className="flair-champion" title={t("flair.champion")}>
          ★ {t("flair.champion")}
        </span>
      ) : null}
      {showRank ? (
        <span className={`flair-rank rank-${rank.key}`} title={t("flair.reputation", { count: reputation })}>
          {t(`rank.${rank.key}`)} · {formatNumber(reputation, lang)}
        </span>
      ) : null}
    </span>
  );
}
