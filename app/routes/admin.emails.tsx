import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireAdmin } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { findOutboxEmail, listOutbox } from "~/data/email.server";
import { OUTBOX_STATUSES, type OutboxStatus } from "~/domain/engagement/email";
import { smtpConfigured } from "~/services/email.server";
import { decodeCursor } from "~/domain/shared/cursor";
import { formatDate, formatNumber, RelativeTime, useLang } from "~/components/time";
import styles from "~/styles/community.css?url";
import govStyles from "~/styles/governance.css?url";
import emailStyles from "~/styles/email.css?url";
import { redactAuthLinks } from "~/domain/security/auth-tokens";

const PAGE = 30;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: govStyles },
  { rel: "stylesheet", href: emailStyles },
];

export const meta: MetaFunction = () => [{ title: "Hộp thư đi · E-mail outbox — Lantern" }];

const positiveInt = (raw: string | null) => (raw && /^\d{1,15}$/.test(raw) ? Number(raw) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { db } = await getDeps();
  const url = new URL(request.url);
  const rawStatus = url.searchParams.get("status");
  const status = (OUTBOX_STATUSES as readonly string[]).includes(rawStatus ?? "")
    ? (rawStatus as OutboxStatus)
    : null;
  const after = url.searchParams.get("after");
  const cursor = decodeCursor(after);
  const limit = Math.min(Math.max(positiveInt(url.searchParams.get("limit")) ?? PAGE, 1), 100);
  const showId = positiveInt(url.searchParams.get("show"));
  const [page, email] = await Promise.all([
    listOutbox(db, { status, cursor, limit }),
    showId ? findOutboxEmail(db, showId) : Promise.resolve(null),
  ]);
  return {
    items: page.items,
    next: page.next,
    status,
    isFirstPage: cursor === null,
    showId,
    email: email
      ? {
          id: email.id,
          toAddress: email.toAddress,
          subject: email.subject,
          kind: email.kind,
          status: email.status,
          attempts: email.attempts,
          lastError: email.lastError,
          dedupeKey: email.dedupeKey,
          createdAt: email.createdAt,
          sentAt: email.sentAt,
          nextAttemptAt: email.nextAttemptAt,
          // Reset and unlock links are for their addressee only (ADR 015).
          bodyText: email.kind.startsWith("auth_") ? redactAuthLinks(email.bodyText) : email.bodyText,
          bodyHtml:
            email.kind.startsWith("auth_") && email.bodyHtml
              ? redactAuthLinks(email.bodyHtml)
              : email.bodyHtml,
        }
      : null,
    smtp: smtpConfigured(),
  };
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function StatusPill({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`email-status email-status-${status}`}>
      {t(`emailAdmin.status.${status}`, { defaultValue: status })}
    </span>
  );
}

function EmailDetail({ email, backTo }: { email: NonNullable<Loaded["email"]>; backTo: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="section" aria-labelledby="email-detail-title">
      <h2 id="email-detail-title" className="section-title">
        {t("emailAdmin.detailTitle", { id: email.id })}
      </h2>
      <div className="card">
        <dl className="email-meta">
          <dt>{t("emailAdmin.col.to")}</dt>
          <dd>{email.toAddress}</dd>
          <dt>{t("emailAdmin.col.subject")}</dt>
          <dd>{email.subject}</dd>
          <dt>{t("emailAdmin.col.kind")}</dt>
          <dd>
            <code>{email.kind}</code>
          </dd>
          <dt>{t("emailAdmin.col.status")}</dt>
          <dd>
            <StatusPill status={email.status} /> · {t("emailAdmin.col.attempts")}:{" "}
            {formatNumber(email.attempts, lang)}
          </dd>
          <dt>{t("emailAdmin.created")}</dt>
          <dd>{formatDate(new Date(email.createdAt), lang)}</dd>
          {email.sentAt ? (
            <>
              <dt>{t("emailAdmin.sentAt")}</dt>
              <dd>{formatDate(new Date(email.sentAt), lang)}</dd>
            </>
          ) : null}
          {email.status === "pending" ? (
            <>
              <dt>{t("emailAdmin.nextAttempt")}</dt>
              <dd>
                <RelativeTime date={email.nextAttemptAt} />
              </dd>
            </>
          ) : null}
          {email.lastError ? (
            <>
              <dt>{t("emailAdmin.col.lastError")}</dt>
              <dd>{email.lastError}</dd>
            </>
          ) : null}
          <dt>{t("emailAdmin.dedupeKey")}</dt>
          <dd>
            <code>{email.dedupeKey}</code>
          </dd>
        </dl>
        <h3 className="label">{t("emailAdmin.textPart")}</h3>
        <pre className="email-body">{email.bodyText}</pre>
        {email.bodyHtml ? (
          <details>
            <summary>{t("emailAdmin.htmlPart")}</summary>
            <pre className="email-body">{email.bodyHtml}</pre>
          </details>
        ) : null}
        <p>
          <Link to={backTo}>{t("emailAdmin.back")}</Link>
        </p>
      </div>
    </section>
  );
}

export default function AdminEmails() {
  const { items, next, status, isFirstPage, showId, email, smtp } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const statusQs = status ? `status=${status}&` : "";
  return (
    <div className="gov-page">
      <header className="page-header">
        <div>
          <h1>{t("emailAdmin.title")}</h1>
          <p className="muted lead-text">{t("emailAdmin.lead")}</p>
        </div>
      </header>
      <div className={`alert ${smtp ? "alert-success" : "email-smtp-off"}`} role="note">
        {smtp ? t("emailAdmin.smtpOn") : t("emailAdmin.smtpOff")}
      </div>

      {showId ? (
        email ? (
          <EmailDetail email={email} backTo={`/admin/emails?${statusQs}`} />
        ) : (
          <div className="alert alert-error" role="alert">
            {t("emailAdmin.notFound")}
          </div>
        )
      ) : null}

      <nav className="tabs" aria-label={t("emailAdmin.filterLabel")}>
        <Link
          to="/admin/emails"
          className={`tab${status === null ? " is-active" : ""}`}
          aria-current={status === null ? "page" : undefined}
        >
          {t("emailAdmin.all")}
        </Link>
        {OUTBOX_STATUSES.map((s) => (
          <Link
            key={s}
            to={`/admin/emails?status=${s}`}
            className={`tab${status === s ? " is-active" : ""}`}
            aria-current={status === s ? "page" : undefined}
          >
            {t(`emailAdmin.status.${s}`)}
          </Link>
        ))}
      </nav>

      <div className="card table-card">
        {items.length === 0 ? (
          <p className="empty">{t("emailAdmin.empty")}</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table stack-narrow">
              <caption className="sr-only">{t("emailAdmin.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("emailAdmin.col.subject")}</th>
                  <th scope="col">{t("emailAdmin.col.to")}</th>
                  <th scope="col">{t("emailAdmin.col.kind")}</th>
                  <th scope="col">{t("emailAdmin.col.status")}</th>
                  <th scope="col" className="num">
                    {t("emailAdmin.col.attempts")}
                  </th>
                  <th scope="col">{t("emailAdmin.col.lastError")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => (
                  <tr key={m.id}>
                    <th scope="row" className="cell-note">
                      <Link
                        to={`/admin/emails?${statusQs}show=${m.id}`}
                        aria-label={t("emailAdmin.viewFor", { subject: m.subject })}
                      >
                        {m.subject}
                      </Link>
                      <br />
                      <span className="muted small">
                        #{m.id} · <RelativeTime date={m.createdAt} />
                      </span>
                    </th>
                    <td data-label={t("emailAdmin.col.to")} className="cell-note">
                      {m.toAddress}
                    </td>
                    <td data-label={t("emailAdmin.col.kind")}>
                      <code>{m.kind}</code>
                    </td>
                    <td data-label={t("emailAdmin.col.status")}>
                      <StatusPill status={m.status} />
                    </td>
                    <td className="num" data-label={t("emailAdmin.col.attempts")}>
                      {formatNumber(m.attempts, lang)}
                    </td>
                    <td data-label={t("emailAdmin.col.lastError")} className="cell-note">
                      {m.lastError ? <span>{m.lastError}</span> : <span className="muted">—</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <nav className="pager" aria-label={t("emailAdmin.pages")}>
        {isFirstPage ? <span /> : <Link to={`/admin/emails?${statusQs}`}>{t("emailAdmin.newest")}</Link>}
        {next ? (
          <Link to={`/admin/emails?${statusQs}after=${next}`} rel="next">
            {t("emailAdmin.older")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
