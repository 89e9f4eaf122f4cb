import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDeps } from "~/deps.server";
import { findProfile } from "~/data/users.server";
import { listAnswersBy, listThreads } from "~/data/threads.server";
import { decodeCursor } from "~/domain/shared/cursor";
import { USERNAME_RE } from "~/forms/schemas";
import { ThreadList } from "~/components/thread-list";
import { RelativeTime, formatDate, useLang } from "~/components/time";

const TABS = ["questions", "answers", "solutions"] as const;
type Tab = (typeof TABS)[number];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.username} — Lantern` : "Lantern" },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { db } = await getDeps();
  const username = params.username ?? "";
  const profile = USERNAME_RE.test(username) ? await findProfile(db, username) : null;
  if (!profile) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const rawTab = url.searchParams.get("tab");
  const tab: Tab = (TABS as readonly string[]).includes(rawTab ?? "") ? (rawTab as Tab) : "questions";
  const cursor = decodeCursor(url.searchParams.get("cursor"));
  if (tab === "questions") {
    const page = await listThreads(db, { authorId: profile.id, filter: "newest", cursor, limit: 20 });
    return { profile, tab, questions: page.items, answers: [], next: page.next };
  }
  const page = await listAnswersBy(db, profile.id, { acceptedOnly: tab === "solutions", cursor, limit: 20 });
  return { profile, tab, questions: [], answers: page.items, next: page.next };
}

export default function Profile() {
  const { profile, tab, questions, answers, next } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const counts: Record<Tab, number> = {
    questions: profile.questionCount,
    answers: profile.answerCount,
    solutions: profile.acceptedCount,
  };
  return (
    <>
      <header className="profile-header card">
        <span className="avatar avatar-lg" aria-hidden="true">
          {profile.username.slice(0, 1).toUpperCase()}
        </span>
        <div>
          <h1>
            {profile.username}{" "}
            {profile.role !== "member" ? (
              <span className="badge badge-staff">{t(`role.${profile.role}`)}</span>
            ) : null}
          </h1>
          <p className="muted">
            {t("profile.memberSince", { date: formatDate(new Date(profile.createdAt), lang) })}
          </p>
        </div>
        <dl className="profile-stats">
          <div>
            <dt>{t("profile.questions")}</dt>
            <dd>{profile.questionCount}</dd>
          </div>
          <div>
            <dt>{t("profile.answers")}</dt>
            <dd>{profile.answerCount}</dd>
          </div>
          <div>
            <dt>{t("profile.solutions")}</dt>
            <dd>{profile.acceptedCount}</dd>
          </div>
        </dl>
      </header>
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
      <section className="card">
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
      </section>
      {next ? (
        <nav className="pager" aria-label={t("nav.pagination")}>
          <span />
          <Link to={`?tab=${tab}&cursor=${next}`} className="btn btn-outline" rel="next">
            {t("nav.nextPage")} →
          </Link>
        </nav>
      ) : null}
    </>
  );
}
