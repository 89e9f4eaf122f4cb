import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getDeps } from "~/deps.server";
import { badgeCounts } from "~/data/leaderboard.server";
import { BADGES, type BadgeTier } from "~/domain/badges";
import styles from "~/styles/community.css?url";

const TIERS: readonly BadgeTier[] = ["bronze", "silver", "gold"];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Huy hiệu · Badges — Lantern" }];

export async function loader(_: LoaderFunctionArgs) {
  const { db } = await getDeps();
  const counts = await badgeCounts(db);
  return {
    badges: BADGES.map((b) => ({ slug: b.slug, tier: b.tier, holders: counts.get(b.slug) ?? 0 })),
  };
}

export default function BadgesPage() {
  const { badges } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <header className="page-header community-header">
        <div>
          <h1>{t("badgesPage.title")}</h1>
          <p className="muted lead-text">{t("badgesPage.lead")}</p>
        </div>
        <Link to="/leaderboard" className="btn btn-outline">
          {t("badgesPage.leaderboardLink")}
        </Link>
      </header>
      {TIERS.map((tier) => {
        const inTier = badges.filter((b) => b.tier === tier);
        return (
          <section
            key={tier}
            className={`section tier-section tier-${tier}`}
            aria-labelledby={`tier-${tier}`}
          >
            <h2 id={`tier-${tier}`} className="tier-title">
              <span className={`tier-mark medal-${tier}`} aria-hidden="true" />
              {t(`badgesPage.tier.${tier}`)}
              <span className="tier-lead">{t(`badgesPage.tierLead.${tier}`)}</span>
            </h2>
            <ul className="badge-grid">
              {inTier.map((b) => (
                <li key={b.slug} className={`badge-card badge-card-${tier}`}>
                  <span className={`badge-icon medal-${tier}`} aria-hidden="true">
                    ★
                  </span>
                  <div className="badge-card-body">
                    <h3 className="badge-card-name">
                      <Link to={`/badges/${b.slug}`} className="badge-card-link">
                        {t(`badge.${b.slug}.name`)}
                      </Link>
                    </h3>
                    <p className="badge-card-rule">{t(`badge.${b.slug}.rule`)}</p>
                    <p className={`badge-card-count${b.holders > 0 ? "" : " is-none"}`}>
                      {b.holders > 0
                        ? t("badgesPage.earnedBy", { count: b.holders })
                        : t("badgesPage.nobody")}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
