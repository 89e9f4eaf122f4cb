import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { findUserIdByUsername, listAuditActions, listAuditEntries } from "~/data/audit-log.server";
import { auditChanges } from "~/domain/moderation/audit-diff";
import { USERNAME_RE } from "~/forms/schemas";
import { formatDate, useLang } from "~/components/time";
import styles from "~/styles/community.css?url";
import govStyles from "~/styles/governance.css?url";

const PAGE = 50;
const Q_MAX = 100;
const ACTION_RE = /^[a-z_]{1,40}\.[a-z_]{1,40}$/;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: govStyles },
];

export const meta: MetaFunction = () => [{ title: "Nhật ký kiểm tra · Audit log — Lantern" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { db } = await getDeps();
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, Q_MAX);
  const rawAction = url.searchParams.get("action") ?? "";
  const action = ACTION_RE.test(rawAction) ? rawAction : "";
  const actor = (url.searchParams.get("actor") ?? "").trim();
  const rawBefore = url.searchParams.get("before");
  const before = rawBefore && /^\d{1,15}$/.test(rawBefore) ? Number(rawBefore) : null;
  // An unknown actor matches nothing (rather than everything).
  const actorId = actor ? (USERNAME_RE.test(actor) ? await findUserIdByUsername(db, actor) : null) : null;
  const unknownActor = Boolean(actor) && !actorId;
  const [page, actions] = await Promise.all([
    unknownActor
      ? Promise.resolve({ items: [], next: null })
      : listAuditEntries(db, { q, action: action || null, actorId, before, limit: PAGE }),
    listAuditActions(db),
  ]);
  return {
    q,
    action,
    actor,
    unknownActor,
    actions,
    isFirstPage: before === null,
    next: page.next,
    entries: page.items.map((e) => ({
      id: e.id,
      at: e.createdAt,
      actor: e.actor,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      link: targetLink(e),
      targetLabel: e.targetUsername ?? e.targetBoardSlug ?? null,
      changes: auditChanges(e.before, e.after),
    })),
  };
}

function targetLink(e: {
  targetType: string;
  targetId: string;
  targetUsername: string | null;
  targetBoardSlug: string | null;
  targetPostThreadId: number | null;
}): string | null {
  switch (e.targetType) {
    case "thread":
      return /^\d+$/.test(e.targetId) ? `/t/${e.targetId}` : null;
    case "post":
      return e.targetPostThreadId ? `/t/${e.targetPostThreadId}#p-${e.targetId}` : null;
    case "user":
      return e.targetUsername ? `/u/${e.targetUsername}` : null;
    case "board":
      return e.targetBoardSlug ? `/b/${e.targetBoardSlug}` : null;
    case "escalation":
      return /^\d+$/.test(e.targetId) ? `/mod/escalations/${e.targetId}` : null;
    case "webhook":
      return "/admin/webhooks";
    default:
      return null;
  }
}

export default function AuditLog() {
  const { q, action, actor, unknownActor, actions, entries, next, isFirstPage } =
    useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const qs = new URLSearchParams();
  if (q) qs.set("q", q);
  if (action) qs.set("action", action);
  if (actor) qs.set("actor", actor);
  const base = qs.toString();
  const filtered = Boolean(q || action || actor);
  return (
    <div className="gov-page">
      <header className="page-header">
        <div>
          <h1>{t("govAudit.title")}</h1>
          <p className="muted lead-text">{t("govAudit.lead")}</p>
        </div>
      </header>
      <Form method="get" className="card gov-filters" role="search" aria-label={t("govAudit.searchLabel")}>
        <div className="field">
          <label htmlFor="audit-q" className="label">
            {t("govAudit.q")}
          </label>
          <input
            id="audit-q"
            name="q"
            type="search"
            className="input"
            defaultValue={q}
            maxLength={100}
            aria-describedby="audit-q-hint"
          />
          <p id="audit-q-hint" className="hint">
            {t("govAudit.qHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="audit-action" className="label">
            {t("govAudit.action")}
          </label>
          <select id="audit-action" name="action" className="input" defaultValue={action}>
            <option value="">{t("govAudit.anyAction")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-actor" className="label">
            {t("govAudit.actor")}
          </label>
          <input
            id="audit-actor"
            name="actor"
            className="input"
            defaultValue={actor}
            maxLength={30}
            autoComplete="off"
            aria-invalid={unknownActor ? true : undefined}
            aria-describedby={unknownActor ? "audit-actor-error" : undefined}
          />
          {unknownActor ? (
            <p id="audit-actor-error" className="field-error" role="alert">
              {t("govAudit.unknownActor")}
            </p>
          ) : null}
        </div>
        <div className="gov-actions">
          <button type="submit" className="btn btn-primary btn-sm">
            {t("govAudit.search")}
          </button>
          {filtered ? (
            <Link to="/mod/audit" className="btn btn-ghost btn-sm">
              {t("govAudit.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      <section className="section" aria-labelledby="audit-results">
        <h2 id="audit-results" className="section-title">
          {t("govAudit.entries")}
        </h2>
        <div className="card table-card">
          {entries.length === 0 ? (
            <p className="empty">{filtered ? t("govAudit.noMatch") : t("govAudit.empty")}</p>
          ) : (
            <ol className="audit-list">
              {entries.map((e) => (
                <li key={e.id} className="audit-entry">
                  <p className="audit-head">
                    <time dateTime={new Date(e.at).toISOString()} className="small">
                      {formatDate(new Date(e.at), lang)}
                    </time>
                    <span>
                      {e.actor ? (
                        <Link to={`/u/${e.actor}`}>{e.actor}</Link>
                      ) : (
                        <span className="muted">{t("govAudit.system")}</span>
                      )}
                    </span>
                    <span className="audit-action">{e.action}</span>
                    <span>
                      {t(`govAudit.target.${e.targetType}`, { defaultValue: e.targetType })}{" "}
                      {e.link ? (
                        <Link to={e.link}>{e.targetLabel ?? `#${e.targetId}`}</Link>
                      ) : (
                        <span>{e.targetLabel ?? `#${e.targetId}`}</span>
                      )}
                    </span>
                  </p>
                  {e.changes.length ? (
                    <dl className="audit-changes" aria-label={t("govAudit.changes")}>
                      {e.changes.map((c) => (
                        <div key={c.key} className="audit-change">
                          <dt>{c.key || t("govAudit.value")}</dt>
                          <dd>
                            {c.before !== null ? (
                              <>
                                <span className="sr-only">{t("govAudit.before")} </span>
                                <del className="audit-before">{c.before}</del>
                              </>
                            ) : (
                              <span className="muted">∅</span>
                            )}{" "}
                            <span aria-hidden="true">→</span>
                            <span className="sr-only"> {t("govAudit.after")}</span>{" "}
                            {c.after !== null ? (
                              <ins className="audit-after">{c.after}</ins>
                            ) : (
                              <span className="muted">∅</span>
                            )}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </div>
        <nav className="pager" aria-label={t("govAudit.pages")}>
          {isFirstPage ? (
            <span />
          ) : (
            <Link to={`/mod/audit${base ? `?${base}` : ""}`}>{t("govAudit.newest")}</Link>
          )}
          {next ? (
            <Link to={`/mod/audit?${base ? `${base}&` : ""}before=${next}`} rel="next">
              {t("govAudit.older")}
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
