import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getDeps } from "~/deps.server";
import { badgeCounts, listBadgeHolders } from "~/data/leaderboard.server";
import { BADGE_BY_SLUG } from "~/domain/badges";
import { UserLink } from "~/components/user-flair";
import { RelativeTime, useLang } from "~/components/time";
import { formatShortDate } from "~/components/reputation-chart";
import { resources, type Lang } from "~/i18n/config";
import styles from "~/styles/community.css?url";

const HOLDERS_SHOWN = 60;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.nameVi} · ${data.nameEn} — Lantern` : "Lantern" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const badge = BADGE_BY_SLUG.get(slug);
  if (!badge) throw new Response("Not found", { status: 404 });
  const { db } = await getDeps();
  const [holders, counts] = await Promise.all([listBadgeHolders(db, slug, HOLDERS_SHOWN), badgeCounts(db)]);
  // <meta> names the badge in both languages, like the board pages.
  const names = (lang: Lang) =>
    (resources[lang].translation.badge as Record<string, { name: string }>)[slug]?.name ?? slug;
  return {
    slug,
    tier: badge.tier,
    holders,
    total: counts.get(slug) ?? 0,
    nameVi: names("vi"),
    nameEn: names("en"),
  };
}

export default function BadgePage() {
  const { slug, tier, holders, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const name = t(`badge.${slug}.name`);
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/badges">{t("badgesPage.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <span aria-current="page">{name}</span>
      </nav>
      <header className={`card badge-hero badge-card-${tier}`}>
        <span className={`badge-icon badge-icon-lg medal-${tier}`} aria-hidden="true">
          ★
        </span>
        <div>
          <p className={`tier-label medal-text-${tier}`}>
            {t("badgesPage.tier.label", { tier: t(`badgesPage.tier.${tier}`) })}
          </p>
          <h1>{name}</h1>
          <p className="badge-hero-rule">{t(`badge.${slug}.rule`)}.</p>
          <p className="muted">
            {total > 0 ? t("badgesPage.earnedBy", { count: total }) : t("badgesPage.nobody")}
          </p>
        </div>
      </header>

      <section className="section" aria-labelledby="holders-title">
        <h2 id="holders-title" className="section-title">
          {t("badgesPage.holders")}
        </h2>
        {holders.length === 0 ? (
          <p className="card empty">{t("badgesPage.holdersEmpty")}</p>
        ) : (
          <div className="card table-card">
            <div className="table-scroll">
              <table className="data-table">
                <caption className="sr-only">{t("badgesPage.holdersCaption", { name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("badgesPage.colMember")}</th>
                    <th scope="col">{t("badgesPage.colEarned")}</th>
                  </tr>
                </thead>
                <tbody>
                  {holders.map((h) => (
                    <tr key={h.username}>
                      <th scope="row" className="cell-member">
                        <UserLink username={h.username} reputation={h.reputation} champion={h.isChampion} />
                      </th>
                      <td>
                        {formatShortDate(h.awardedAt, lang)}{" "}
                        <span className="muted small">
                          (<RelativeTime date={h.awardedAt} />)
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {total > holders.length ? (
              <p className="small muted table-note">
                {t("badgesPage.showingLatest", { count: holders.length })}
              </p>
            ) : null}
          </div>
        )}
      </section>
      <p>
        <Link to="/badges">← {t("badgesPage.all")}</Link>
      </p>
    </>
  );
}
