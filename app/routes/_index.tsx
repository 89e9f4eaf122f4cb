import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getDeps } from "~/deps.server";
import { listPageFacts, sharedPageViewer } from "~/http/shared-page";
import { listBoards } from "~/data/boards.server";
import { listThreads } from "~/data/threads.server";
import { ThreadList } from "~/components/thread-list";
import { pick, RelativeTime, useLang } from "~/components/time";

export const meta: MetaFunction = () => [
  { title: "Lantern — Cộng đồng hỗ trợ · Support community" },
  { name: "description", content: "Ask, answer and get help from the community and our team." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  const { db } = await getDeps();
  const [boards, latest, unanswered] = await Promise.all([
    listBoards(db),
    listThreads(db, { filter: "newest", cursor: null, limit: 10 }),
    listThreads(db, { filter: "unanswered", cursor: null, limit: 6 }),
  ]);
  // The same for every member (ADR 017): only the header names them.
  sharedPageViewer(context)?.report(listPageFacts(null, false));
  return { boards, latest: latest.items, unanswered: unanswered.items };
}

export default function Home() {
  const { boards, latest, unanswered } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <>
      <section className="hero" aria-labelledby="hero-title">
        <div>
          <h1 id="hero-title">{t("home.title")}</h1>
          <p className="hero-lead">{t("home.lead")}</p>
        </div>
        <div className="hero-actions">
          <Link to="/ask" className="btn btn-primary btn-lg">
            {t("nav.ask")}
          </Link>
        </div>
      </section>

      <section aria-labelledby="boards-title" className="section">
        <h2 id="boards-title" className="section-title">
          {t("home.boards")}
        </h2>
        <ul className="board-grid">
          {boards.map((b) => (
            <li key={b.id} className="board-card">
              <Link to={`/b/${b.slug}`} className="board-link">
                <span className="board-name">{pick(lang, b.nameVi, b.nameEn)}</span>
              </Link>
              <p className="board-desc">{pick(lang, b.descriptionVi, b.descriptionEn)}</p>
              <p className="board-stats">
                <span>{t("board.threads", { count: b.threadCount })}</span>
                <span>{t("board.posts", { count: b.postCount })}</span>
                {b.lastActivityAt ? (
                  <span>
                    {t("board.lastActivity")} <RelativeTime date={b.lastActivityAt} />
                  </span>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <div className="two-col">
        <section aria-labelledby="latest-title" className="section card">
          <h2 id="latest-title" className="section-title">
            {t("home.latest")}
          </h2>
          <ThreadList items={latest} emptyText={t("home.noThreads")} />
        </section>
        <section aria-labelledby="unanswered-title" className="section card">
          <h2 id="unanswered-title" className="section-title">
            {t("home.unanswered")}
          </h2>
          <p className="muted small">{t("home.unansweredHint")}</p>
          <ThreadList items={unanswered} emptyText={t("home.allAnswered")} />
        </section>
      </div>
    </>
  );
}
