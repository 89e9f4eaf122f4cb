/** A post's revision history and a word diff between two versions: the post's author and staff only. */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { getRevisionHistory } from "~/services/thread-tools.server";
import { isAppError } from "~/domain/shared/app-error";
import type { DiffPart } from "~/domain/moderation";
import { idParam, statusOf } from "~/utils/http.server";
import { RelativeTime } from "~/components/time";
import threadToolsStyles from "~/styles/thread-tools.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: threadToolsStyles }];

export const meta: MetaFunction = () => [{ title: "Lịch sử chỉnh sửa · Revision history — Lantern" }];

const intParam = (v: string | null) => (v && /^\d{1,9}$/.test(v) ? Number(v) : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  try {
    const postId = idParam(params.postId, "post");
    return await getRevisionHistory(await getDeps(), user, postId, {
      from: intParam(url.searchParams.get("from")),
      to: intParam(url.searchParams.get("to")),
      before: intParam(url.searchParams.get("before")),
    });
  } catch (e) {
    if (isAppError(e)) throw new Response(e.message, { status: statusOf(e) });
    throw e;
  }
}

function DiffText({ parts }: { parts: DiffPart[] }) {
  const { t } = useTranslation();
  return (
    <div className="diff">
      {parts.map((p, i) =>
        p.kind === "ins" ? (
          <ins key={i} data-label={t("toolsFeature.revisions.inserted")}>
            {p.text}
          </ins>
        ) : p.kind === "del" ? (
          <del key={i} data-label={t("toolsFeature.revisions.deleted")}>
            {p.text}
          </del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </div>
  );
}

export default function Revisions() {
  const { post, revisions, diff, nextBefore } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const versions = Array.from({ length: post.revision }, (_, i) => post.revision - i);
  const unchanged = !diff.title && diff.body.every((p) => p.kind === "same");
  return (
    <div className="narrow">
      <nav aria-label={t("nav.breadcrumb")} className="breadcrumb">
        <Link to={`/t/${post.threadId}#p-${post.id}`}>← {t("toolsFeature.revisions.back")}</Link>
      </nav>
      <h1>{t("toolsFeature.revisions.pageTitle")}</h1>
      <p className="muted">
        {post.threadTitle} · {post.author}
      </p>
      {post.revision === 1 ? (
        <p className="empty">{t("toolsFeature.revisions.onlyOne")}</p>
      ) : (
        <>
          <p>{t("toolsFeature.revisions.lead")}</p>
          <Form
            method="get"
            className="card revision-compare"
            aria-label={t("toolsFeature.revisions.compare")}
          >
            <div className="field">
              <label htmlFor="rev-from" className="label small">
                {t("toolsFeature.revisions.from")}
              </label>
              <select id="rev-from" name="from" className="input" defaultValue={diff.from}>
                {versions.map((n) => (
                  <option key={n} value={n}>
                    {t("toolsFeature.revisions.version", { n })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="rev-to" className="label small">
                {t("toolsFeature.revisions.to")}
              </label>
              <select id="rev-to" name="to" className="input" defaultValue={diff.to}>
                {versions.map((n) => (
                  <option key={n} value={n}>
                    {t("toolsFeature.revisions.version", { n })}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn btn-primary">
              {t("toolsFeature.revisions.show")}
            </button>
          </Form>
          <section className="card section" aria-labelledby="diff-title">
            <h2 id="diff-title" className="section-title">
              {t("toolsFeature.revisions.diffTitle", { from: diff.from, to: diff.to })}
            </h2>
            <p className="small muted">{t("toolsFeature.revisions.legend")}</p>
            {unchanged ? (
              <p>{t("toolsFeature.revisions.same")}</p>
            ) : (
              <>
                <p className="small">
                  {t("toolsFeature.revisions.stats", {
                    inserted: diff.stats.inserted,
                    deleted: diff.stats.deleted,
                  })}
                </p>
                {diff.title ? (
                  <>
                    <h3 className="label">{t("toolsFeature.revisions.titleChanges")}</h3>
                    <DiffText parts={diff.title} />
                  </>
                ) : null}
                <h3 className="label">{t("toolsFeature.revisions.bodyChanges")}</h3>
                <DiffText parts={diff.body} />
              </>
            )}
          </section>
        </>
      )}
      <section className="card section" aria-labelledby="rev-list-title">
        <h2 id="rev-list-title" className="section-title">
          {t("toolsFeature.revisions.list")}
        </h2>
        <ol className="revision-list">
          {revisions.map((r) => (
            <li key={r.revision}>
              <strong>{t("toolsFeature.revisions.version", { n: r.revision })}</strong>
              {r.current ? ` (${t("toolsFeature.revisions.current")})` : ""} ·{" "}
              {t("toolsFeature.revisions.by", { name: r.by })} · <RelativeTime date={r.at} />
              {r.revision > 1 ? (
                <>
                  {" · "}
                  <Link
                    to={`?from=${r.revision - 1}&to=${r.revision}`}
                    aria-label={t("toolsFeature.revisions.diffTitle", {
                      from: r.revision - 1,
                      to: r.revision,
                    })}
                  >
                    {t("toolsFeature.revisions.compare")}
                  </Link>
                </>
              ) : null}
            </li>
          ))}
        </ol>
        {nextBefore !== null ? (
          <p className="pager">
            <Link
              to={`?from=${diff.from}&to=${diff.to}&before=${nextBefore}`}
              className="btn btn-outline"
              rel="next"
            >
              {t("toolsFeature.revisions.older")} →
            </Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}
