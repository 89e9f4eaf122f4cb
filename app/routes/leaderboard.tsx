import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getDeps } from "~/deps.server";
import { listBoards } from "~/data/boards.server";
import { leaderboard, type Period } from "~/data/leaderboard.server";
import { UserLink } from "~/components/user-flair";
import { formatNumber, pick, useLang } from "~/components/time";
import { formatSigned } from "~/components/reputation-chart";
import styles from "~/styles/community.css?url";

const PERIODS: readonly Period[] = ["week", "month", "all"];
const LIMIT = 50;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Bảng xếp hạng · Leaderboard — Lantern" }];

const parsePeriod = (raw: string | null): Period =>
  PERIODS.includes(raw as Period) ? (raw as Period) : "week";

export async function loader({ request }: LoaderFunctionArgs) {
  const deps = await getDeps();
  const url = new URL(request.url);
  const period = parsePeriod(url.searchParams.get("period"));
  const slug = url.searchParams.get("board");
  const ranking = (boardId: number | null) =>
    leaderboard(deps.db, { period, boardId, now: deps.clock.now(), limit: LIMIT });
  // Without a board the ranking needs no board id: both reads at once.
  const [boards, everyBoard] = await Promise.all([listBoards(deps.db), slug ? null : ranking(null)]);
  // An unknown board (stale link, typo) shows every board rather than an error.
  const board = slug ? (boards.find((b) => b.slug === slug) ?? null) : null;
  const rows = everyBoard ?? (await ranking(board?.id ?? null));
  return {
    period,
    board: board ? { slug: board.slug, nameVi: board.nameVi, nameEn: board.nameEn } : null,
    boards: boards.map((b) => ({ slug: b.slug, nameVi: b.nameVi, nameEn: b.nameEn })),
    rows,
  };
}

export default function Leaderboard() {
  const { period, board, boards, rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const boardName = board ? pick(lang, board.nameVi, board.nameEn) : t("leaderboard.allBoards");
  const qs = (p: Period) => `?period=${p}${board ? `&board=${encodeURIComponent(board.slug)}` : ""}`;
  // Ties share a rank (1, 2, 2, 4), so equal points never look like a ranking.
  let shownRank = 0;
  const ranked = rows.map((r, i) => {
    if (i === 0 || rows[i - 1]!.points !== r.points) shownRank = i + 1;
    return { ...r, rank: shownRank };
  });
  return (
    <>
      <header className="page-header community-header">
        <div>
          <h1>{t("leaderboard.title")}</h1>
          <p className="muted lead-text">{t("leaderboard.lead")}</p>
        </div>
        <Link to="/badges" className="btn btn-outline">
          {t("leaderboard.badgesLink")}
        </Link>
      </header>

      <div className="leaderboard-controls">
        <nav className="tabs period-tabs" aria-label={t("leaderboard.periods")}>
          {PERIODS.map((p) => (
            <Link
              key={p}
              to={qs(p)}
              className={`tab${p === period ? " is-active" : ""}`}
              aria-current={p === period ? "page" : undefined}
            >
              {t(`leaderboard.period.${p}`)}
            </Link>
          ))}
        </nav>
        <Form method="get" className="board-filter" aria-label={t("leaderboard.filter")}>
          <input type="hidden" name="period" value={period} />
          <label htmlFor="lb-board" className="label">
            {t("leaderboard.board")}
          </label>
          <select id="lb-board" name="board" className="input select" defaultValue={board?.slug ?? ""}>
            <option value="">{t("leaderboard.allBoards")}</option>
            {boards.map((b) => (
              <option key={b.slug} value={b.slug}>
                {pick(lang, b.nameVi, b.nameEn)}
              </option>
            ))}
          </select>
          <button type="submit" className="btn btn-primary">
            {t("leaderboard.apply")}
          </button>
        </Form>
      </div>

      <section className="card table-card" aria-labelledby="lb-caption">
        {ranked.length === 0 ? (
          <>
            <h2 id="lb-caption" className="sr-only">
              {t("leaderboard.caption", { period: t(`leaderboard.period.${period}`), board: boardName })}
            </h2>
            <p className="empty">{t("leaderboard.empty")}</p>
          </>
        ) : (
          <div className="table-scroll">
            <table className="data-table leaderboard-table">
              <caption id="lb-caption" className="table-caption">
                {t("leaderboard.caption", { period: t(`leaderboard.period.${period}`), board: boardName })}
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="col-rank">
                    {t("leaderboard.colRank")}
                  </th>
                  <th scope="col">{t("leaderboard.colMember")}</th>
                  <th scope="col" className="num">
                    {t("leaderboard.colPoints")}
                  </th>
                  <th scope="col" className="num hide-narrow">
                    {t("leaderboard.colTotal")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {ranked.map((r) => (
                  <tr key={r.userId} className={r.rank <= 3 ? `is-top is-top-${r.rank}` : undefined}>
                    <td className="col-rank">
                      <span className="rank-num">{formatNumber(r.rank, lang)}</span>
                    </td>
                    <th scope="row" className="cell-member">
                      <UserLink username={r.username} reputation={r.reputation} champion={r.isChampion} />
                    </th>
                    <td className="num points-cell">
                      {period === "all" && !board
                        ? formatNumber(r.points, lang)
                        : formatSigned(r.points, lang)}
                    </td>
                    <td className="num hide-narrow">{formatNumber(r.reputation, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
