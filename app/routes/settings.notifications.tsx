import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "~/i18n/react";
import { requireUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { loadNotificationSettings, saveNotificationSettings } from "~/services/email.server";
import {
  CHANNELS,
  DIGEST_MODES,
  NOTIFICATION_KINDS,
  STAFF_ONLY_KINDS,
  type Channel,
  type NotificationKind,
} from "~/domain/engagement/email";
import { AppError } from "~/domain/shared/app-error";
import { formError, readForm } from "~/utils/http.server";
import styles from "~/styles/community.css?url";
import govStyles from "~/styles/governance.css?url";
import emailStyles from "~/styles/email.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "stylesheet", href: govStyles },
  { rel: "stylesheet", href: emailStyles },
];

export const meta: MetaFunction = () => [{ title: "Cài đặt thông báo · Notification settings — Lantern" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const settings = await loadNotificationSettings(await getDeps(), user);
  const staff = user.role !== "member";
  return {
    kinds: NOTIFICATION_KINDS.filter((k) => staff || !STAFF_ONLY_KINDS.includes(k)),
    channels: settings.channels,
    digest: settings.digest,
    email: settings.email,
    saved: new URL(request.url).searchParams.get("saved") === "1",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const values: Record<string, string> = { intent: String(form.get("intent") ?? "") };
  for (const kind of NOTIFICATION_KINDS) {
    const v = form.get(`channel.${kind}`);
    if (typeof v === "string") values[`channel.${kind}`] = v.slice(0, 50);
  }
  const digest = form.get("digest");
  if (typeof digest === "string") values.digest = digest.slice(0, 50);
  try {
    if (values.intent !== "save") throw new AppError("invalid", "unknown_intent", "Unknown action");
    await saveNotificationSettings(await getDeps(), user, values);
    return redirect("/settings/notifications?saved=1");
  } catch (e) {
    return formError(e, values);
  }
}

export default function NotificationSettings() {
  const { kinds, channels, digest, email, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  // After a rejected save, move keyboard focus to the first choice of the first invalid group (WCAG 3.3.1).
  useEffect(() => {
    if (!result) return;
    document.querySelector<HTMLInputElement>("fieldset.is-invalid input")?.focus();
  }, [result]);
  const err = result && !result.ok ? result : null;
  const fields = err?.error.fields ?? {};
  const values = (err?.values ?? {}) as Record<string, string | undefined>;
  const channelOf = (k: NotificationKind): string =>
    err ? (values[`channel.${k}`] ?? "in_app") : channels[k];
  const digestValue = err ? (values.digest ?? "off") : digest;
  return (
    <div className="narrow">
      <header className="page-header">
        <div>
          <h1>{t("emailPrefs.title")}</h1>
          <p className="muted lead-text">{t("emailPrefs.lead")}</p>
          {email ? <p className="muted small">{t("emailPrefs.sentTo", { email })}</p> : null}
        </div>
      </header>

      {err ? (
        <div className="alert alert-error" role="alert">
          {t(`emailPrefs.errors.${err.error.code}`, { defaultValue: t("emailPrefs.errors.invalid_input") })}
        </div>
      ) : null}
      {saved && !err ? (
        <div className="alert alert-success" role="status">
          {t("emailPrefs.saved")}
        </div>
      ) : null}

      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        <section className="section" aria-labelledby="prefs-kinds-title">
          <h2 id="prefs-kinds-title" className="section-title">
            {t("emailPrefs.kindsTitle")}
          </h2>
          <div className="card email-prefs">
            {kinds.map((k) => {
              const fieldName = `channel.${k}`;
              const error = fields[fieldName];
              const current = channelOf(k);
              return (
                <fieldset
                  key={k}
                  className={`email-kind${error ? " is-invalid" : ""}`}
                  aria-describedby={error ? `err-${k}` : undefined}
                >
                  <legend>{t(`emailPrefs.kind.${k}`)}</legend>
                  {CHANNELS.map((c: Channel) => (
                    <label key={c} className="email-choice">
                      <input type="radio" name={fieldName} value={c} defaultChecked={current === c} />
                      <span>{t(`emailPrefs.channel.${c}`)}</span>
                    </label>
                  ))}
                  {error ? (
                    <p className="field-error" id={`err-${k}`} role="alert">
                      {t(`emailPrefs.errors.${error}`, {
                        defaultValue: t("emailPrefs.errors.invalid_input"),
                      })}
                    </p>
                  ) : null}
                </fieldset>
              );
            })}
          </div>
        </section>

        <section className="section" aria-labelledby="prefs-digest-title">
          <h2 id="prefs-digest-title" className="section-title">
            {t("emailPrefs.digestTitle")}
          </h2>
          <div className="card email-digest">
            <fieldset
              className={`gov-fieldset${fields.digest ? " is-invalid" : ""}`}
              aria-describedby={`digest-hint${fields.digest ? " digest-error" : ""}`}
            >
              <legend>{t("emailPrefs.digestLegend")}</legend>
              <ul className="gov-checks">
                {DIGEST_MODES.map((m) => (
                  <li key={m}>
                    <label className="gov-check">
                      <input type="radio" name="digest" value={m} defaultChecked={digestValue === m} />
                      <span>{t(`emailPrefs.digest.${m}`)}</span>
                    </label>
                  </li>
                ))}
              </ul>
              <p id="digest-hint" className="hint">
                {t("emailPrefs.digestHint")}
              </p>
              {fields.digest ? (
                <p className="field-error" id="digest-error" role="alert">
                  {t(`emailPrefs.errors.${fields.digest}`, {
                    defaultValue: t("emailPrefs.errors.invalid_input"),
                  })}
                </p>
              ) : null}
            </fieldset>
          </div>
        </section>

        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={navigation.state === "submitting"}>
            {t("emailPrefs.save")}
          </button>
          <Link to="/notifications" className="btn btn-ghost">
            {t("notificationsPage.title")}
          </Link>
          <Link to="/settings/security" className="btn btn-ghost">
            {t("authFeature.security.link")}
          </Link>
        </div>
      </Form>
    </div>
  );
}
