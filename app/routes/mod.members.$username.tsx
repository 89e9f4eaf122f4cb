/**
 * GET /mod/members/:username?before= — one member's 360° view for staff: segment and why, reputation and
 * badges, activity timeline (keyset pages, newest first), sentiment of their posts over 12 weeks, open
 * escalations of their threads, boards and tags they are active in. Staff only (members 403).
 */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { decodeTimelineCursor, encodeTimelineCursor, loadMember360 } from "~/services/members.server";
import { USERNAME_RE } from "~/forms/schemas";
import { isAppError } from "~/domain/shared/app-error";
import { BADGE_BY_SLUG } from "~/domain/badges";
import { SegmentBadge, segmentReasonText } from "~/components/member-segment";
import { StackedBarChart, type ChartBucket, type ChartSeries } from "~/components/charts";
import { formatDate, formatNumber, pick, RelativeTime, useLang } from "~/components/time";
import { formatShortDate } from "~/components/reputation-chart";
import communityStyles from "~/styles/community.css?url";
import listeningStyles from "~/styles/listening.css?url";
import styles from "~/styles/members.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: communityStyles },
  { rel: "stylesheet", href: listeningStyles },
  { rel: "stylesheet", href: styles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.member.username ?? ""} · Thành viên · Members — Lantern` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const username = params.username ?? "";
  if (!USERNAME_RE.test(username)) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const before = decodeTimelineCursor(url.searchParams.get("before"));
  const deps = await getDeps();
  try {
    const view = await loadMember360(deps, username, { before });
    return {
      ...view,
      now: deps.clock.now().getTime(),
      isFirstPage: before === null,
      timelineNext: view.timelineNext ? encodeTimelineCursor(view.timelineNext) : null,
    };
  } catch (e) {
    if (isAppError(e) && e.kind === "not_found") throw new Response("Not found", { status: 404 });
    throw e;
  }
}

const WEEK = 7 * 86_400_000;

export default function Member360Page() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const m = d.member;
  const base = `/mod/members/${encodeURIComponent(m.username)}`;

  const buckets: ChartBucket[] = d.sentiment.weeks.map((w) => {
    const start = new Date(d.now - (w.weeksAgo + 1) * WEEK);
    const label = formatShortDate(start, lang);
    return { key: String(w.weeksAgo), label, longLabel: t("membersFeature.profile.weekOf", { date: label }) };
  });
  const series: ChartSeries[] = (["pos", "neu", "neg"] as const).map((k) => ({
    key: k,
    label: t(`sentiment.${k}`),
    tone: k,
    values: d.sentiment.weeks.map((w) => w[k]),
  }));
  const totals = d.sentiment.trend.totals;
  const total = totals.pos + totals.neg + totals.neu;

  return (
    <div className="gov-page">
      <nav aria-label={t("nav.breadcrumb")} className="small">
        <Link to="/mod/members">← {t("membersFeature.profile.back")}</Link>
      </nav>
      <header className="page-header">
        <div>
          <h1>
            {m.username} <SegmentBadge segment={m.segment.segment} />
          </h1>
          <p className="muted lead-text">{segmentReasonText(m.segment, t)}</p>
          <p className="small">
            <Link to={`/u/${encodeURIComponent(m.username)}`}>
              {t("membersFeature.profile.publicProfile")}
            </Link>
          </p>
        </div>
      </header>

      <div className="member360-grid">
        <div>
          <section className="section card" aria-labelledby="m-summary" style={{ padding: "1rem" }}>
            <h2 id="m-summary" className="section-title">
              {t("membersFeature.profile.summary")}
            </h2>
            <dl className="member-facts">
              <div>
                <dt>{t("membersFeature.profile.reputation")}</dt>
                <dd>{formatNumber(m.reputation, lang)}</dd>
              </div>
              <div>
                <dt>{t("membersFeature.profile.questions")}</dt>
                <dd>{formatNumber(m.questions, lang)}</dd>
              </div>
              <div>
                <dt>{t("membersFeature.profile.answers")}</dt>
                <dd>{formatNumber(m.answers, lang)}</dd>
              </div>
              <div>
                <dt>{t("membersFeature.profile.joined")}</dt>
                <dd>{formatShortDate(m.joinedAt, lang)}</dd>
              </div>
              <div>
                <dt>{t("membersFeature.profile.lastActive")}</dt>
                <dd>{m.lastActiveAt ? <RelativeTime date={m.lastActiveAt} /> : t("membersFeature.never")}</dd>
              </div>
              <div>
                <dt>{t("membersFeature.profile.activeWeeks")}</dt>
                <dd>{formatNumber(m.activeWeeks, lang)}</dd>
              </div>
              <div>
                <dt>{t("membersFeature.col.negative14")}</dt>
                <dd className={m.negative14 > 0 ? "num-alert" : undefined}>
                  {formatNumber(m.negative14, lang)}
                </dd>
              </div>
            </dl>
          </section>

          <section className="section" aria-labelledby="m-sentiment">
            <h2 id="m-sentiment" className="section-title">
              {t("membersFeature.profile.sentiment")}
            </h2>
            <div className="card chart-card" style={{ padding: "1rem" }}>
              <StackedBarChart
                headingId="m-sentiment"
                buckets={buckets}
                series={series}
                summary={
                  total === 0
                    ? t("membersFeature.profile.trendEmpty")
                    : t("membersFeature.profile.trendSummary", {
                        total: formatNumber(total, lang),
                        trend: t(`membersFeature.profile.trend.${d.sentiment.trend.direction}`),
                      })
                }
                caption={t("membersFeature.profile.sentiment")}
                bucketHeader={t("membersFeature.profile.week")}
                formatValue={(v) => formatNumber(v, lang)}
                emptyText={t("membersFeature.profile.trendEmpty")}
              />
            </div>
          </section>

          <section className="section" aria-labelledby="m-timeline">
            <h2 id="m-timeline" className="section-title">
              {t("membersFeature.profile.timeline")}
            </h2>
            <div className="card table-card">
              {d.timeline.length === 0 ? (
                <p className="empty">{t("membersFeature.profile.timelineEmpty")}</p>
              ) : (
                <ol className="member-timeline">
                  {d.timeline.map((i) => {
                    const kind = i.kind === "vote" ? (i.detail === "-1" ? "vote_down" : "vote_up") : i.kind;
                    const href = i.postId ? `/t/${i.threadId}#p-${i.postId}` : `/t/${i.threadId}`;
                    return (
                      <li key={`${i.kind}-${i.id}`} data-kind={i.kind}>
                        <time dateTime={new Date(i.at).toISOString()} className="small muted">
                          {formatDate(new Date(i.at), lang)}
                        </time>{" "}
                        <span className="kind">{t(`membersFeature.profile.kind.${kind}`)}</span>
                        <Link to={href}>{i.threadTitle}</Link>
                        {i.kind === "flag" && i.detail ? (
                          <span className="small muted">
                            {" "}
                            ·{" "}
                            {t("membersFeature.profile.flagReason", {
                              reason: t(`flagReason.${i.detail}`, { defaultValue: i.detail }),
                            })}
                          </span>
                        ) : null}
                        {i.kind === "escalation" && i.detail ? (
                          <span className="small muted">
                            {" "}
                            ·{" "}
                            {t("membersFeature.profile.status", {
                              status: t(`escalationFeature.status.${i.detail}`, { defaultValue: i.detail }),
                            })}
                          </span>
                        ) : null}
                        {(i.kind === "question" || i.kind === "answer") && i.detail ? (
                          <span className="small muted">
                            {" "}
                            · {t("membersFeature.profile.label", { label: t(`sentiment.${i.detail}`) })}
                          </span>
                        ) : null}
                        {i.deleted ? (
                          <span className="small muted"> · {t("membersFeature.profile.deleted")}</span>
                        ) : null}
                      </li>
                    );
                  })}
                </ol>
              )}
            </div>
            <nav className="pager" aria-label={t("membersFeature.pages")}>
              {d.isFirstPage ? <span /> : <Link to={base}>{t("membersFeature.profile.newest")}</Link>}
              {d.timelineNext ? (
                <Link to={`${base}?before=${d.timelineNext}`} rel="next">
                  {t("membersFeature.profile.older")}
                </Link>
              ) : null}
            </nav>
          </section>
        </div>

        <aside className="member-side">
          <section className="card" aria-labelledby="m-escalations">
            <h2 id="m-escalations" className="section-title">
              {t("membersFeature.profile.escalations")}
            </h2>
            {d.openEscalations.length === 0 ? (
              <p className="small muted">{t("membersFeature.profile.escalationsEmpty")}</p>
            ) : (
              <ul className="member-timeline">
                {d.openEscalations.map((e) => (
                  <li key={e.id}>
                    <Link to={`/mod/escalations/${e.id}`}>{e.title}</Link>
                    <span className="small muted">
                      {" "}
                      · P{e.priority} · {pick(lang, e.team.nameVi, e.team.nameEn)} ·{" "}
                      {t(`escalationFeature.status.${e.status}`, { defaultValue: e.status })} ·{" "}
                      {t("membersFeature.profile.due", { date: formatDate(new Date(e.dueAt), lang) })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby="m-badges">
            <h2 id="m-badges" className="section-title">
              {t("membersFeature.profile.badges")}
            </h2>
            {d.badges.filter((b) => BADGE_BY_SLUG.has(b.slug)).length === 0 ? (
              <p className="small muted">{t("membersFeature.profile.badgesEmpty")}</p>
            ) : (
              <ul className="member-places">
                {d.badges
                  .filter((b) => BADGE_BY_SLUG.has(b.slug))
                  .map((b) => (
                    <li key={b.slug}>
                      <Link to={`/badges/${b.slug}`} className="chip">
                        {t(`badge.${b.slug}.name`)}
                      </Link>
                    </li>
                  ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby="m-places">
            <h2 id="m-places" className="section-title">
              {t("membersFeature.profile.places")}
            </h2>
            {d.places.boards.length === 0 ? (
              <p className="small muted">{t("membersFeature.profile.placesEmpty")}</p>
            ) : (
              <>
                <h3 className="small">{t("membersFeature.profile.boards")}</h3>
                <ul className="member-places">
                  {d.places.boards.map((b) => (
                    <li key={b.slug}>
                      <Link to={`/b/${b.slug}`} className="chip">
                        {pick(lang, b.nameVi, b.nameEn)}
                      </Link>{" "}
                      <span className="small muted">
                        {t("membersFeature.profile.postsIn", { count: b.posts })}
                      </span>
                    </li>
                  ))}
                </ul>
                {d.places.tags.length ? (
                  <>
                    <h3 className="small">{t("membersFeature.profile.tags")}</h3>
                    <ul className="member-places">
                      {d.places.tags.map((x) => (
                        <li key={x.tag}>
                          <span className="chip">#{x.tag}</span>{" "}
                          <span className="small muted">
                            {t("membersFeature.profile.postsIn", { count: x.posts })}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
