import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireAdmin } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listDeliveries, listWebhooks } from "~/data/webhooks.server";
import { createWebhook, deleteWebhook, updateWebhook } from "~/services/webhooks.server";
import { WEBHOOK_EVENT_NAMES, WEBHOOK_HEADERS, WEBHOOK_RETRY } from "~/domain/moderation/webhooks";
import { AppError } from "~/domain/shared/app-error";
import { formError, idParam, readForm } from "~/utils/http.server";
import { formatDate, formatNumber, RelativeTime, useLang } from "~/components/time";
import { actionError, GovAlert, GovDone, GovFieldError } from "~/components/moderation/gov-ui";
import { useFocusFirstError } from "~/components/field";
import styles from "~/styles/community.css?url";
import govStyles from "~/styles/governance.css?url";

const PAGE = 30;
const DONE = ["updated", "deleted"] as const;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: govStyles },
];

export const meta: MetaFunction = () => [{ title: "Webhook · Webhooks — Lantern" }];

const positiveInt = (raw: string | null) => (raw && /^\d{1,15}$/.test(raw) ? Number(raw) : null);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { db } = await getDeps();
  const url = new URL(request.url);
  const webhookId = positiveInt(url.searchParams.get("webhook"));
  const before = positiveInt(url.searchParams.get("before"));
  const [hooks, deliveries] = await Promise.all([
    listWebhooks(db),
    listDeliveries(db, { webhookId, before, limit: PAGE }),
  ]);
  const done = url.searchParams.get("done");
  return {
    webhooks: hooks,
    deliveries: deliveries.items,
    next: deliveries.next,
    webhookId,
    isFirstPage: before === null,
    done: (DONE as readonly string[]).includes(done ?? "") ? (done as (typeof DONE)[number]) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const events = form.getAll("events").map(String);
  const values = {
    intent,
    id: String(form.get("id") ?? ""),
    url: String(form.get("url") ?? ""),
    events,
    active: form.get("active") === "on",
  };
  try {
    const deps = await getDeps();
    switch (intent) {
      case "create": {
        const created = await createWebhook(deps, user, {
          url: values.url,
          secret: String(form.get("secret") ?? ""),
          events,
          active: true,
        });
        // Not a redirect: the secret is shown this once, in the response to the form.
        return data({ ok: true as const, created });
      }
      case "update":
        await updateWebhook(deps, user, idParam(values.id, "webhook"), { events, active: values.active });
        return redirect("/admin/webhooks?done=updated");
      case "delete":
        await deleteWebhook(deps, user, idParam(values.id, "webhook"));
        return redirect("/admin/webhooks?done=deleted");
      default:
        throw new AppError("invalid", "unknown_intent", "Unknown action");
    }
  } catch (e) {
    // The secret is never echoed back, even on error.
    return formError(e, values);
  }
}

function EventBoxes({ selected }: { selected: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <ul className="gov-checks">
      {WEBHOOK_EVENT_NAMES.map((e) => (
        <li key={e}>
          <label className="gov-check">
            <input type="checkbox" name="events" value={e} defaultChecked={selected.includes(e)} />
            <span>
              {e} <span className="muted small">({t(`govWebhooks.event.${e}`)})</span>
            </span>
          </label>
        </li>
      ))}
    </ul>
  );
}

export default function AdminWebhooks() {
  const { webhooks, deliveries, next, webhookId, isFirstPage, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lang = useLang();
  const err = actionError(result);
  useFocusFirstError(err);
  const created = result && "created" in result ? result.created : null;
  const createErr = err && err.values.intent === "create" ? err : null;
  const busy = navigation.state === "submitting";
  const filterQs = webhookId ? `webhook=${webhookId}&` : "";
  return (
    <div className="gov-page">
      <header className="page-header">
        <div>
          <h1>{t("govWebhooks.title")}</h1>
          <p className="muted lead-text">{t("govWebhooks.lead")}</p>
        </div>
      </header>

      {err && err.values.intent !== "create" ? <GovAlert code={err.error.code} /> : null}
      <GovDone text={done ? t(`govWebhooks.done.${done}`) : null} />
      {created ? (
        <div className="alert alert-success gov-secret" role="status">
          <p>{t("govWebhooks.createdSecret")}</p>
          <label htmlFor="new-secret" className="label">
            {t("govWebhooks.secret")}
          </label>
          <input id="new-secret" className="input" readOnly value={created.secret} />
          <p className="hint">{t("govWebhooks.secretOnce")}</p>
        </div>
      ) : null}

      <section className="section" aria-labelledby="wh-list-title">
        <h2 id="wh-list-title" className="section-title">
          {t("govWebhooks.endpoints")}{" "}
          <span className="tab-count">{formatNumber(webhooks.length, lang)}</span>
        </h2>
        {webhooks.length === 0 ? (
          <div className="card">
            <p className="empty">{t("govWebhooks.none")}</p>
          </div>
        ) : (
          <ul className="gov-cards">
            {webhooks.map((w) => (
              <li key={w.id} className="card gov-card">
                <h3 className="gov-card-title">
                  <span className="gov-url">{w.url}</span>{" "}
                  <span className={`badge ${w.active ? "badge-solved" : "badge-unanswered"}`}>
                    {w.active ? t("govWebhooks.active") : t("govWebhooks.inactive")}
                  </span>
                </h3>
                <p className="muted small">
                  {t("govWebhooks.createdAt", { date: formatDate(new Date(w.createdAt), lang) })} ·{" "}
                  <Link to={`/admin/webhooks?webhook=${w.id}#deliveries`}>
                    {t("govWebhooks.seeDeliveries")}
                  </Link>
                </p>
                <Form method="post" className="gov-edit">
                  <input type="hidden" name="intent" value="update" />
                  <input type="hidden" name="id" value={w.id} />
                  <fieldset className="gov-fieldset">
                    <legend className="label">{t("govWebhooks.eventsFor", { url: w.url })}</legend>
                    <EventBoxes selected={w.events} />
                  </fieldset>
                  <label className="gov-check">
                    <input type="checkbox" name="active" defaultChecked={w.active} />
                    <span>{t("govWebhooks.activeLabel")}</span>
                  </label>
                  <div className="gov-actions">
                    <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
                      {t("govWebhooks.save")}
                    </button>
                  </div>
                </Form>
                <Form method="post" className="gov-delete">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="id" value={w.id} />
                  <button
                    type="submit"
                    className="btn btn-sm btn-danger-outline"
                    disabled={busy}
                    aria-label={t("govWebhooks.deleteFor", { url: w.url })}
                  >
                    {t("govWebhooks.delete")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="wh-new-title">
        <h2 id="wh-new-title" className="section-title">
          {t("govWebhooks.add")}
        </h2>
        <Form method="post" className="card form gov-form" noValidate>
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="wh-url" className="label">
              {t("govWebhooks.url")}
            </label>
            <input
              id="wh-url"
              name="url"
              type="url"
              inputMode="url"
              className="input"
              required
              maxLength={2000}
              defaultValue={createErr ? String(createErr.values.url ?? "") : ""}
              aria-invalid={createErr?.error.fields.url ? true : undefined}
              aria-describedby="wh-url-hint wh-url-error"
            />
            <p id="wh-url-hint" className="hint">
              {t("govWebhooks.urlHint")}
            </p>
            <GovFieldError id="wh-url-error" code={createErr?.error.fields.url} />
          </div>
          <div className="field">
            <label htmlFor="wh-secret" className="label">
              {t("govWebhooks.secretOptional")}
            </label>
            <input
              id="wh-secret"
              name="secret"
              type="password"
              autoComplete="off"
              className="input"
              maxLength={200}
              aria-invalid={createErr?.error.fields.secret ? true : undefined}
              aria-describedby="wh-secret-hint wh-secret-error"
            />
            <p id="wh-secret-hint" className="hint">
              {t("govWebhooks.secretHint")}
            </p>
            <GovFieldError id="wh-secret-error" code={createErr?.error.fields.secret} />
          </div>
          <fieldset className="gov-fieldset" aria-describedby="wh-events-error">
            <legend className="label">{t("govWebhooks.events")}</legend>
            <EventBoxes
              selected={createErr ? ((createErr.values.events as string[] | undefined) ?? []) : []}
            />
            <GovFieldError id="wh-events-error" code={createErr?.error.fields.events} />
          </fieldset>
          <p className="hint">
            {t("govWebhooks.signingHint", {
              signature: WEBHOOK_HEADERS.signature,
              timestamp: WEBHOOK_HEADERS.timestamp,
              delivery: WEBHOOK_HEADERS.delivery,
              attempts: WEBHOOK_RETRY.maxAttempts,
            })}
          </p>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t("govWebhooks.create")}
            </button>
          </div>
        </Form>
      </section>

      <section id="deliveries" className="section" aria-labelledby="wh-log-title">
        <h2 id="wh-log-title" className="section-title">
          {t("govWebhooks.log")}
        </h2>
        {webhookId ? (
          <p className="small">
            {t("govWebhooks.filtered", {
              url: webhooks.find((w) => w.id === webhookId)?.url ?? `#${webhookId}`,
            })}{" "}
            <Link to="/admin/webhooks#deliveries">{t("govWebhooks.showAll")}</Link>
          </p>
        ) : null}
        <div className="card table-card">
          {deliveries.length === 0 ? (
            <p className="empty">{t("govWebhooks.logEmpty")}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table stack-narrow">
                <caption className="sr-only">{t("govWebhooks.log")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("govWebhooks.colEvent")}</th>
                    <th scope="col">{t("govWebhooks.colEndpoint")}</th>
                    <th scope="col">{t("govWebhooks.colStatus")}</th>
                    <th scope="col" className="num">
                      {t("govWebhooks.colAttempts")}
                    </th>
                    <th scope="col">{t("govWebhooks.colLast")}</th>
                    <th scope="col">{t("govWebhooks.colNext")}</th>
                  </tr>
                </thead>
                <tbody>
                  {deliveries.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">
                        <code>{d.event}</code>
                        <br />
                        <span className="muted small">
                          #{d.id} · <RelativeTime date={d.createdAt} />
                        </span>
                      </th>
                      <td data-label={t("govWebhooks.colEndpoint")} className="gov-url">
                        {d.url}
                      </td>
                      <td data-label={t("govWebhooks.colStatus")}>
                        <span className={`gov-status gov-status-${d.status}`}>
                          {t(`govWebhooks.status.${d.status}`, { defaultValue: d.status })}
                        </span>
                      </td>
                      <td className="num" data-label={t("govWebhooks.colAttempts")}>
                        {formatNumber(d.attempts, lang)}
                      </td>
                      <td data-label={t("govWebhooks.colLast")} className="cell-note">
                        {d.lastStatus !== null ? <code>HTTP {d.lastStatus}</code> : null}
                        {d.lastError && d.lastStatus === null ? <span>{d.lastError}</span> : null}
                        {d.lastStatus === null && !d.lastError ? <span className="muted">—</span> : null}
                      </td>
                      <td data-label={t("govWebhooks.colNext")}>
                        {d.status === "pending" ? (
                          <RelativeTime date={d.nextAttemptAt} />
                        ) : d.deliveredAt ? (
                          <span className="muted small">
                            {t("govWebhooks.deliveredAt", {
                              date: formatDate(new Date(d.deliveredAt), lang),
                            })}
                          </span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <nav className="pager" aria-label={t("govWebhooks.pages")}>
          {isFirstPage ? (
            <span />
          ) : (
            <Link to={`/admin/webhooks?${filterQs}#deliveries`}>{t("govWebhooks.newest")}</Link>
          )}
          {next ? (
            <Link to={`/admin/webhooks?${filterQs}before=${next}#deliveries`} rel="next">
              {t("govWebhooks.older")}
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}
