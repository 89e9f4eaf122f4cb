import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getDeps } from "~/deps.server";
import { findProfile } from "~/data/users.server";
import { listAnswersBy, listThreads } from "~/data/threads.server";
import { listLedger, reputationHistory } from "~/data/reputation.server";
import { listUserBadges } from "~/data/leaderboard.server";
import { listThreadTitles } from "~/data/community-pages.server";
import { BADGE_BY_SLUG } from "~/domain/badges";
import {
  dayKey,
  nextPrivilege,
  nextRank,
  PRIVILEGES,
  privilegesFor,
  rankFor,
  type LedgerReason,
} from "~/domain/reputation";
import { decodeCursor } from "~/domain/shared/cursor";
import { USERNAME_RE } from "~/forms/schemas";
import { ThreadList } from "~/components/thread-list";
import { RelativeTime, formatDate, formatNumber, useLang } from "~/components/time";
import { ReputationChart, formatShortDate, formatSigned } from "~/components/reputation-chart";
import { RoleForm } from "~/components/moderation/role-form";
import styles from "~/styles/community.css?url";
import { getOptionalUser } from "~/auth/session.server";
import { findFlaggerRecord } from "~/data/review-queue.server";
import { FlagRecordCard } from "~/components/moderation/flag-record";
import { StaffMemberLink } from "~/components/staff-member-link";

const TABS = ["questions", "answers", "solutions"] as const;
type Tab = (typeof TABS)[number];
const LEDGER_PAGE = 10;

/** Reasons whose normal effect is a loss: a gain under one of them (or a loss under any other) is an undo. */
const LOSS_REASONS: readonly string[] = [
  "post_downvoted",
  "downvote_cast",
  "serial_vote_reversal",
  "removed_as_spam",
];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.username} — Lantern` : "Lantern" },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const deps = await getDeps();
  const { db } = deps;
  const username = params.username ?? "";
  // The viewer first, with the profile: the session lookup is then shared with the root loader's.
  const [profile, viewer] = await Promise.all([
    USERNAME_RE.test(username) ? findProfile(db, username) : null,
    getOptionalUser(request),
  ]);
  if (!profile) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const rawTab = url.searchParams.get("tab");
  const tab: Tab = (TABS as readonly string[]).includes(rawTab ?? "") ? (rawTab as Tab) : "questions";
  const cursorParam = url.searchParams.get("cursor");
  const cursor = decodeCursor(cursorParam);
  const repCursor = decodeCursor(url.searchParams.get("repCursor"));

  const [ledger, history, badges, posts] = await Promise.all([
    listLedger(db, profile.id, { cursor: repCursor, limit: LEDGER_PAGE }),
    reputationHistory(db, profile.id),
    listUserBadges(db, profile.id),
    tab === "questions"
      ? listThreads(db, { authorId: profile.id, filter: "newest", cursor, limit: 20 }).then((p) => ({
          questions: p.items,
          answers: [],
          next: p.next,
        }))
      : listAnswersBy(db, profile.id, { acceptedOnly: tab === "solutions", cursor, limit: 20 }).then((p) => ({
          questions: [],
          answers: p.items,
          next: p.next,
        })),
  ]);
  // Flagging accuracy: the member themself and staff only.
  const seesFlagRecord =
    !!viewer && (viewer.id === profile.id || viewer.role === "moderator" || viewer.role === "admin");
  const [flagRecord, titles] = await Promise.all([
    seesFlagRecord ? findFlaggerRecord(db, profile.id) : null,
    listThreadTitles(
      db,
      ledger.items.flatMap((e) => (e.threadId ? [e.threadId] : [])),
    ),
  ]);
  return {
    profile,
    tab,
    ...posts,
    cursor: cursor ? cursorParam : null,
    ledger: ledger.items.map((e) => ({
      id: e.id,
      points: e.points,
      reason: e.reason,
      postId: e.postId,
      threadId: e.threadId,
      title: e.threadId ? (titles[e.threadId] ?? null) : null,
      createdAt: e.createdAt,
    })),
    ledgerNext: ledger.next,
    ledgerIsFirst: !repCursor,
    history,
    today: dayKey(deps.clock.now()),
    badges,
    flagRecord,
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** Query string for this page, keeping the other list's position. */
function href(p: { tab: Tab; cursor?: string | null; repCursor?: string | null }, hash = "") {
  const q = new URLSearchParams({ tab: p.tab });
  if (p.cursor) q.set("cursor", p.cursor);
  if (p.repCursor) q.set("repCursor", p.repCursor);
  return `?${q.toString()}${hash}`;
}

function RankCard({ reputation }: { reputation: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rank = rankFor(reputation);
  const next = nextRank(reputation);
  return (
    <section className="card side-card" aria-labelledby="rank-title">
      <h2 id="rank-title" className="section-title">
        {t("profileRep.rankTitle")}
      </h2>
      <p className="rank-now">
        <span className={`rank-pill rank-${rank.key}`}>{t(`rank.${rank.key}`)}</span>
        <span className="muted small">{t("flair.reputation", { count: reputation })}</span>
      </p>
      {next ? (
        <>
          <label htmlFor="rank-progress" className="progress-label">
            {t("profileRep.progressLabel", { rank: t(`rank.${next.key}`) })}
          </label>
          <progress
            id="rank-progress"
            className="rank-progress"
            max={next.min - rank.min}
            value={reputation - rank.min}
            aria-describedby="rank-progress-text"
          />
          <p id="rank-progress-text" className="small muted progress-text">
            {t("profileRep.progressText", {
              current: formatNumber(reputation, lang),
              target: formatNumber(next.min, lang),
              remaining: formatNumber(next.min - reputation, lang),
              rank: t(`rank.${next.key}`),
            })}
          </p>
        </>
      ) : (
        <p className="small muted">{t("profileRep.topRank")}</p>
      )}
    </section>
  );
}

function PrivilegesCard({ reputation, staff }: { reputation: number; staff: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const held = new Set(privilegesFor(reputation, staff));
  const next = staff ? null : nextPrivilege(reputation);
  return (
    <section className="card side-card" aria-labelledby="privileges-title">
      <h2 id="privileges-title" className="section-title">
        {t("profileRep.privileges")}
      </h2>
      <h3 className="mini-title">{t("profileRep.unlocked")}</h3>
      <ul className="privilege-list">
        {PRIVILEGES.filter((p) => held.has(p.key)).map((p) => (
          <li key={p.key}>
            <span className="check" aria-hidden="true">
              ✓
            </span>{" "}
            {t(`privilege.${p.key}`)}
          </li>
        ))}
      </ul>
      {next ? (
        <div className="next-privilege">
          <h3 className="mini-title">{t("profileRep.nextPrivilege")}</h3>
          <p className="next-privilege-name">
            {t("profileRep.privilegeAt", {
              name: t(`privilege.${next.key}`),
              min: formatNumber(next.min, lang),
            })}
          </p>
          <p className="small muted">{t("profileRep.toGo", { count: next.min - reputation })}</p>
        </div>
      ) : (
        <p className="small muted">{staff ? t("profileRep.staffAll") : t("profileRep.allUnlocked")}</p>
      )}
    </section>
  );
}

function BadgesCard({ badges }: { badges: Data["badges"] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const known = badges.filter((b) => BADGE_BY_SLUG.has(b.slug));
  return (
    <section className="card side-card" aria-labelledby="badges-title">
      <h2 id="badges-title" className="section-title">
        {t("profileRep.badges")} <span className="tab-count">{formatNumber(known.length, lang)}</span>
      </h2>
      {known.length === 0 ? (
        <p className="small muted">{t("profileRep.badgesEmpty")}</p>
      ) : (
        <ul className="earned-badges">
          {known.map((b) => {
            const tier = BADGE_BY_SLUG.get(b.slug)!.tier;
            return (
              <li key={b.slug}>
                <Link to={`/badges/${b.slug}`} className={`medal medal-${tier}`}>
                  <span className="medal-dot" aria-hidden="true" />
                  <span>{t(`badge.${b.slug}.name`)}</span>
                  <span className="sr-only"> ({t(`badgesPage.tier.${tier}`)})</span>
                </Link>
                <span className="earned-date">
                  {t("profileRep.earnedOn", { date: formatShortDate(b.awardedAt, lang) })}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <p className="side-more">
        <Link to="/badges">{t("profileRep.allBadges")} →</Link>
      </p>
    </section>
  );
}

function LedgerSection({ data }: { data: Data }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { ledger, ledgerNext, ledgerIsFirst, tab, cursor } = data;
  return (
    <section className="card" id="reputation" aria-labelledby="rep-recent-title">
      <h2 id="rep-recent-title" className="section-title">
        {t("profileRep.recent")}
      </h2>
      {ledger.length === 0 ? (
        <p className="empty">{t("profileRep.recentEmpty")}</p>
      ) : (
        <ol className="rep-events" aria-label={t("profileRep.recentCaption")}>
          {ledger.map((e) => {
            const reason = t(`ledgerReason.${e.reason as LedgerReason}`, { defaultValue: e.reason });
            const undone = e.reason !== "adjustment" && e.points < 0 !== LOSS_REASONS.includes(e.reason);
            return (
              <li key={e.id} className="rep-event">
                <span className={`rep-points ${e.points > 0 ? "is-up" : "is-down"}`}>
                  {formatSigned(e.points, lang)}
                </span>
                <div className="rep-event-main">
                  <span className="rep-reason">{undone ? t("profileRep.undone", { reason }) : reason}</span>
                  <span className="rep-event-meta">
                    {e.threadId && e.title ? (
                      <Link to={`/t/${e.threadId}${e.postId ? `#p-${e.postId}` : ""}`} className="rep-thread">
                        {e.title}
                      </Link>
                    ) : e.postId ? (
                      <span className="muted">{t("profileRep.removedPost")}</span>
                    ) : null}
                    <RelativeTime date={e.createdAt} />
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {ledgerNext || !ledgerIsFirst ? (
        <nav className="pager pager-compact" aria-label={t("profileRep.recent")}>
          {!ledgerIsFirst ? (
            <Link to={href({ tab, cursor }, "#reputation")} className="btn btn-ghost btn-sm">
              ← {t("profileRep.newest")}
            </Link>
          ) : (
            <span />
          )}
          {ledgerNext ? (
            <Link
              to={href({ tab, cursor, repCursor: ledgerNext }, "#reputation")}
              className="btn btn-outline btn-sm"
              rel="next"
            >
              {t("profileRep.older")} →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

export default function Profile() {
  const data = useLoaderData<typeof loader>();
  const { profile, tab, questions, answers, next, history, today, badges } = data;
  const { t } = useTranslation();
  const lang = useLang();
  const staff = profile.role !== "member";
  const rank = rankFor(profile.reputation);
  const counts: Record<Tab, number> = {
    questions: profile.questionCount,
    answers: profile.answerCount,
    solutions: profile.acceptedCount,
  };
  return (
    <>
      <header className="profile-header card">
        <span
          className={`avatar avatar-lg${profile.isChampion ? " avatar-champion" : ""}`}
          aria-hidden="true"
        >
          {profile.username.slice(0, 1).toUpperCase()}
        </span>
        <div className="profile-id">
          <h1>
            {profile.username}{" "}
            {profile.role !== "member" ? (
              <span className="badge badge-staff">{t(`role.${profile.role}`)}</span>
            ) : null}
          </h1>
          <p className="profile-flair">
            <span className={`flair-rank rank-${rank.key}`}>{t(`rank.${rank.key}`)}</span>
            {profile.isChampion ? <span className="flair-champion">★ {t("flair.champion")}</span> : null}
            {profile.streakDays > 1 ? (
              <span className="streak">{t("profileRep.streak", { count: profile.streakDays })}</span>
            ) : null}
          </p>
          <p className="muted">
            {t("profile.memberSince", { date: formatDate(new Date(profile.createdAt), lang) })}
          </p>
          <StaffMemberLink username={profile.username} role={profile.role} />
        </div>
        <dl className="profile-stats">
          <div className="stat-rep">
            <dt>{t("profileRep.reputation")}</dt>
            <dd>{formatNumber(profile.reputation, lang)}</dd>
          </div>
          <div>
            <dt>{t("profile.questions")}</dt>
            <dd>{formatNumber(profile.questionCount, lang)}</dd>
          </div>
          <div>
            <dt>{t("profile.answers")}</dt>
            <dd>{formatNumber(profile.answerCount, lang)}</dd>
          </div>
          <div>
            <dt>{t("profile.solutions")}</dt>
            <dd>{formatNumber(profile.acceptedCount, lang)}</dd>
          </div>
        </dl>
      </header>

      <div className="profile-grid">
        <div className="profile-main">
          <section className="card" aria-labelledby="rep-chart-title">
            <h2 id="rep-chart-title" className="section-title">
              {t("profileRep.chartTitle")}
            </h2>
            <ReputationChart history={history} today={today} headingId="rep-chart-title" />
          </section>
          <LedgerSection data={data} />
        </div>
        <div className="profile-side">
          <RankCard reputation={profile.reputation} />
          <BadgesCard badges={badges} />
          <PrivilegesCard reputation={profile.reputation} staff={staff} />
          <FlagRecordCard record={data.flagRecord} />
          <RoleForm username={profile.username} role={profile.role} />
        </div>
      </div>

      <section className="section" aria-labelledby="posts-title">
        <h2 id="posts-title" className="section-title">
          {t("profileRep.posts")}
        </h2>
        <nav className="tabs" aria-label={t("profile.sections")}>
          {TABS.map((k) => (
            <Link
              key={k}
              to={`?tab=${k}`}
              className={`tab${k === tab ? " is-active" : ""}`}
              aria-current={k === tab ? "page" : undefined}
            >
              {t(`profile.${k}`)} <span className="tab-count">{counts[k]}</span>
            </Link>
          ))}
        </nav>
        <div className="card">
          {tab === "questions" ? (
            <ThreadList items={questions} emptyText={t("profile.noQuestions")} />
          ) : answers.length === 0 ? (
            <p className="empty">{tab === "solutions" ? t("profile.noSolutions") : t("profile.noAnswers")}</p>
          ) : (
            <ul className="thread-list">
              {answers.map((a) => (
                <li key={a.postId} className="thread-row">
                  <div className={`thread-stat${a.accepted ? " is-solved" : ""}`}>
                    <span className="stat-num">{a.score}</span>
                    <span className="stat-label">{t("post.scoreShort")}</span>
                  </div>
                  <div className="thread-main">
                    <Link to={`/t/${a.threadId}#p-${a.postId}`} className="thread-title">
                      {a.title}
                    </Link>
                    <div className="thread-meta">
                      {a.accepted ? (
                        <span className="badge badge-solved">✓ {t("thread.acceptedSolution")}</span>
                      ) : null}
                      <RelativeTime date={a.createdAt} />
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </div>
        {next ? (
          <nav className="pager" aria-label={t("nav.pagination")}>
            <span />
            <Link to={`?tab=${tab}&cursor=${next}`} className="btn btn-outline" rel="next">
              {t("nav.nextPage")} →
            </Link>
          </nav>
        ) : null}
      </section>
    </>
  );
}
