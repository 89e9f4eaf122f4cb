/** The incident knowledge base (staff): resolved escalations with a summary, searchable without diacritics. */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listIncidents } from "~/data/escalations.server";
import { incidentQueryTerms } from "~/domain/moderation";
import { decodeCursor, encodeCursor } from "~/domain/shared/cursor";
import { formatDuration, PriorityBadge } from "~/components/moderation/escalation-ui";
import { formatDate, pick, useLang } from "~/components/time";
import styles from "~/styles/escalation.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Kho tri thức sự cố · Incident knowledge base — Lantern" }];

const PAGE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const deps = await getDeps();
  const params = new URL(request.url).searchParams;
  const q = (params.get("q") ?? "").slice(0, 200);
  const terms = q.trim() ? incidentQueryTerms(q) : [];
  const page = await listIncidents(deps.db, {
    terms,
    cursor: decodeCursor(params.get("cursor")),
    limit: PAGE,
  });
  return {
    q,
    isFirstPage: !params.get("cursor"),
    next: page.next ? encodeCursor(page.next) : null,
    incidents: page.rows.map((r) => ({
      id: r.id,
      threadId: r.threadId,
      threadTitle: r.threadTitle,
      teamNameVi: r.teamNameVi,
      teamNameEn: r.teamNameEn,
      priority: r.priority,
      summary: r.summary ?? "",
      createdAt: r.createdAt,
      resolvedAt: r.resolvedAt,
      resolutionSeconds: r.resolvedAt
        ? Math.round((r.resolvedAt.getTime() - r.createdAt.getTime()) / 1000)
        : null,
      events: r.events.map((e) => ({
        id: e.id,
        kind: e.kind,
        from: e.fromValue,
        to: e.toValue,
        note: e.note,
        actor: e.actor,
        at: e.createdAt,
      })),
      linked: r.linked.map((l) => ({ id: l.id, title: l.title })),
    })),
  };
}

export default function Incidents() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const base = new URLSearchParams();
  if (d.q) base.set("q", d.q);
  const next = new URLSearchParams(base);
  if (d.next) next.set("cursor", d.next);
  return (
    <div className="esc-page">
      <p className="breadcrumb">
        <Link to="/mod/escalations">{t("escalationFeature.detail.back")}</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>{t("escalationFeature.incidents.title")}</h1>
          <p className="muted">{t("escalationFeature.incidents.lead")}</p>
        </div>
      </header>
      <Form
        method="get"
        role="search"
        className="card esc-filter"
        aria-label={t("escalationFeature.incidents.search")}
      >
        <div className="field">
          <label className="label small" htmlFor="inc-q">
            {t("escalationFeature.incidents.search")}
          </label>
          <input
            id="inc-q"
            name="q"
            type="search"
            className="input"
            defaultValue={d.q}
            maxLength={200}
            placeholder={t("escalationFeature.incidents.placeholder")}
          />
        </div>
        <div className="esc-filter-actions">
          <button type="submit" className="btn btn-sm btn-primary">
            {t("escalationFeature.incidents.searchButton")}
          </button>
        </div>
      </Form>

      <p className="muted small" role="status">
        {t("escalationFeature.incidents.results", { count: d.incidents.length })}
      </p>
      {d.incidents.length === 0 ? (
        <div className="card">
          <p className="empty">
            {d.q ? t("escalationFeature.incidents.empty") : t("escalationFeature.incidents.emptyAll")}
          </p>
        </div>
      ) : (
        d.incidents.map((i) => (
          <article
            key={i.id}
            id={`incident-${i.id}`}
            className="card esc-incident"
            aria-labelledby={`inc-${i.id}`}
          >
            <h2 id={`inc-${i.id}`}>
              <Link to={`/mod/escalations/${i.id}`}>{i.threadTitle}</Link>
            </h2>
            <p className="esc-inline small muted">
              <PriorityBadge priority={i.priority} />
              <span>{pick(lang, i.teamNameVi, i.teamNameEn)}</span>
              {i.resolvedAt ? <span>{formatDate(new Date(i.resolvedAt), lang)}</span> : null}
              <span>
                {t("escalationFeature.incidents.resolvedIn", {
                  duration: formatDuration(t, i.resolutionSeconds),
                })}
              </span>
            </p>
            <h3 className="label">{t("escalationFeature.incidents.what")}</h3>
            <p className="esc-summary">{i.summary}</p>
            <details>
              <summary>{t("escalationFeature.incidents.handled")}</summary>
              <ol className="esc-timeline">
                {i.events.map((e) => (
                  <li key={e.id}>
                    <span className="small">
                      {formatDate(new Date(e.at), lang)} · {e.actor} ·{" "}
                      {e.kind === "status" && e.to
                        ? t(`escalationFeature.status.${e.to}`, { defaultValue: e.to })
                        : t(`escalationFeature.event.${e.kind}`, {
                            actor: "",
                            from: e.from ?? "",
                            to: e.to ?? "",
                          }).trim()}
                    </span>
                    {e.note ? <p className="esc-note">{e.note}</p> : null}
                  </li>
                ))}
              </ol>
            </details>
            {i.linked.length ? (
              <>
                <h3 className="label">{t("escalationFeature.incidents.linked")}</h3>
                <ul>
                  {i.linked.map((l) => (
                    <li key={l.id}>
                      <Link to={`/t/${l.id}`}>
                        #{l.id} · {l.title}
                      </Link>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </article>
        ))
      )}
      <nav className="pager" aria-label={t("escalationFeature.incidents.title")}>
        {d.isFirstPage ? (
          <span />
        ) : (
          <Link to={`/mod/incidents${base.size ? `?${base}` : ""}`}>
            {t("escalationFeature.board.first")}
          </Link>
        )}
        {d.next ? <Link to={`/mod/incidents?${next}`}>{t("escalationFeature.board.next")}</Link> : null}
      </nav>
    </div>
  );
}
