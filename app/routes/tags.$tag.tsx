import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { redirect } from "@remix-run/node";
import { useTranslation } from "~/i18n/react";
import { getOptionalUser } from "~/auth/session.server";
import { listPageFacts, sharedPageViewer } from "~/http/shared-page";
import { getDeps } from "~/deps.server";
import { isFollowing, listThreadsByTag } from "~/data/engagement.server";
import { normalizeTags } from "~/domain/forum";
import { decodeCursor } from "~/domain/shared/cursor";
import { ThreadList } from "~/components/thread-list";
import { FollowButton } from "~/components/follow-button";
import engagementStyles from "~/styles/engagement.css?url";

const PAGE_SIZE = 20;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: engagementStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `#${data.tag} — Lantern` : "Lantern" },
];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const parsed = normalizeTags(params.tag ?? "");
  if (!parsed.ok || parsed.tags.length !== 1) throw new Response("Not found", { status: 404 });
  const tag = parsed.tags[0]!;
  // One spelling per tag: /tags/Billing → /tags/billing.
  if (params.tag !== tag) throw redirect(`/tags/${tag}`, 301);
  const { db } = await getDeps();
  const shared = sharedPageViewer(context);
  const viewer = shared ?? (await getOptionalUser(request));
  const cursor = decodeCursor(new URL(request.url).searchParams.get("cursor"));
  const follow = { targetType: "tag" as const, targetKey: tag };
  const [page, following] = await Promise.all([
    listThreadsByTag(db, tag, { cursor, limit: PAGE_SIZE }),
    viewer ? isFollowing(db, viewer.id, follow) : false,
  ]);
  // Members who follow the tag, and those who do not, each share one render (ADR 017).
  shared?.report(listPageFacts(follow, following));
  return { tag, threads: page.items, next: page.next, isFirstPage: !cursor, following, loggedIn: !!viewer };
}

export default function TagPage() {
  const { tag, threads, next, isFirstPage, following, loggedIn } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to="/">{t("nav.home")}</Link> <span aria-hidden="true">›</span>{" "}
        <span aria-current="page">#{tag}</span>
      </nav>
      <header className="page-header">
        <div>
          <h1>{t("engagementFeature.tagTitle", { tag })}</h1>
          <p className="small muted">{t("engagementFeature.tagThreads", { count: threads.length })}</p>
        </div>
        <FollowButton targetType="tag" targetKey={tag} following={following} loggedIn={loggedIn} />
      </header>
      <section className="card" aria-label={t("engagementFeature.tagTitle", { tag })}>
        <ThreadList items={threads} emptyText={t("engagementFeature.tagEmpty")} />
      </section>
      <nav className="pager" aria-label={t("nav.pagination")}>
        {!isFirstPage ? (
          <Link to={`/tags/${tag}`} className="btn btn-ghost">
            ← {t("nav.firstPage")}
          </Link>
        ) : (
          <span />
        )}
        {next ? (
          <Link to={`?cursor=${next}`} className="btn btn-outline" rel="next">
            {t("nav.nextPage")} →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
