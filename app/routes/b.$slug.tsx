import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getDeps } from "~/deps.server";
import { findBoardBySlug } from "~/data/boards.server";
import { listThreads } from "~/data/threads.server";
import { listPinnedThreads } from "~/data/thread-tools.server";
import { parseThreadFilter, THREAD_FILTERS } from "~/domain/forum";
import { decodeCursor } from "~/domain/shared/cursor";
import { SLUG_RE } from "~/forms/schemas";
import { ThreadList } from "~/components/thread-list";
import { pick, useLang } from "~/components/time";
import threadToolsStyles from "~/styles/thread-tools.css?url";
import { getOptionalUser } from "~/auth/session.server";
import { listPageFacts, sharedPageViewer } from "~/http/shared-page";
import { isFollowing } from "~/data/engagement.server";
import { FollowButton } from "~/components/follow-button";
import engagementStyles from "~/styles/engagement.css?url";

const PAGE_SIZE = 20;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: threadToolsStyles },
  { rel: "stylesheet", href: engagementStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.board.nameVi} · ${data.board.nameEn} — Lantern` : "Lantern" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const { db } = await getDeps();
  const slug = params.slug ?? "";
  const board = SLUG_RE.test(slug) ? await findBoardBySlug(db, slug) : null;
  if (!board) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const filter = parseThreadFilter(url.searchParams.get("filter"));
  const cursor = decodeCursor(url.searchParams.get("cursor"));
  // Pinned threads head the browsing views (first page); the filtered views list them in place.
  const pinFirst = filter === "newest" || filter === "active";
  const page = await listThreads(db, {
    boardId: board.id,
    filter,
    cursor,
    limit: PAGE_SIZE,
    excludePinned: pinFirst,
  });
  const pinned = pinFirst && !cursor ? await listPinnedThreads(db, board.id) : [];
  const shared = sharedPageViewer(context);
  const viewer = shared ?? (await getOptionalUser(request));
  const follow = { targetType: "board" as const, targetKey: String(board.id) };
  const following = viewer ? await isFollowing(db, viewer.id, follow) : false;
  // Members who follow the board, and those who do not, each share one render (ADR 017).
  shared?.report(listPageFacts(follow, following));
  return {
    board,
    filter,
    threads: [...pinned, ...page.items],
    next: page.next,
    isFirstPage: !cursor,
    follow: { ...follow, following, loggedIn: !!viewer },
  };
}

export default function BoardPage() {
  const { board, filter, threads, next, isFirstPage, follow } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link> <span aria-hidden="true">›</span>{" "}
        <span aria-current="page">{pick(lang, board.nameVi, board.nameEn)}</span>
      </nav>
      <header className="page-header">
        <div>
          <h1>{pick(lang, board.nameVi, board.nameEn)}</h1>
          <p className="muted">{pick(lang, board.descriptionVi, board.descriptionEn)}</p>
          <p className="small muted">
            {t("board.threads", { count: board.threadCount })} ·{" "}
            {t("board.posts", { count: board.postCount })}
            {board.ownerUsername ? (
              <>
                {" "}
                · {t("board.owner")} <Link to={`/u/${board.ownerUsername}`}>{board.ownerUsername}</Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="page-actions">
          <FollowButton {...follow} />
          <Link to={`/ask?board=${board.slug}`} className="btn btn-primary">
            {t("nav.ask")}
          </Link>
        </div>
      </header>
      <nav className="tabs" aria-label={t("board.filters")}>
        {THREAD_FILTERS.map((f) => (
          <Link
            key={f}
            to={`?filter=${f}`}
            className={`tab${f === filter ? " is-active" : ""}`}
            aria-current={f === filter ? "page" : undefined}
          >
            {t(`board.filter.${f}`)}
          </Link>
        ))}
      </nav>
      <section className="card" aria-label={t(`board.filter.${filter}`)}>
        <ThreadList items={threads} showBoard={false} emptyText={t(`board.empty.${filter}`)} />
      </section>
      <nav className="pager" aria-label={t("nav.pagination")}>
        {!isFirstPage ? (
          <Link to={`?filter=${filter}`} className="btn btn-ghost">
            ← {t("nav.firstPage")}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link to={`?filter=${filter}&cursor=${next}`} className="btn btn-outline" rel="next">
            {t("nav.nextPage")} →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
