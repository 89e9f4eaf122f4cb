/**
 * /settings/security: how many sessions the member has, "log out everywhere" (every session, this one
 * included), and a password reset link sent to their own address.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { blankSessionCookie, requireUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { findAccountById } from "~/data/auth-tokens.server";
import { countActiveSessions, logOutEverywhere, requestPasswordReset } from "~/services/accounts.server";
import { AppError } from "~/domain/shared/app-error";
import { clientIp, formError, readForm } from "~/utils/http.server";
import { AuthFormError, type AuthActionError } from "~/components/auth-error";

export const meta: MetaFunction = () => [{ title: "Bảo mật tài khoản · Account security — Lantern" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const deps = await getDeps();
  const [sessions, account] = await Promise.all([
    countActiveSessions(deps, user.id),
    findAccountById(deps.db, user.id),
  ]);
  return {
    sessions,
    email: account?.email ?? "",
    reset: new URL(request.url).searchParams.get("reset") === "1",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const deps = await getDeps();
  try {
    switch (intent) {
      case "logout-everywhere": {
        await logOutEverywhere(deps, user.id);
        return redirect("/login?loggedOut=everywhere", {
          headers: { "Set-Cookie": await blankSessionCookie(request) },
        });
      }
      case "send-reset": {
        const account = await findAccountById(deps.db, user.id);
        await requestPasswordReset(deps, { email: account?.email ?? "" }, { ip: clientIp(context) });
        return { ok: true as const, intent, values: {} };
      }
      default:
        throw new AppError("invalid", "unknown_intent", "Unknown action");
    }
  } catch (e) {
    return formError(e, { intent });
  }
}

export default function SecuritySettings() {
  const { sessions, email, reset } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const busy = navigation.state === "submitting";
  const err = result && !result.ok ? (result.error as AuthActionError) : null;
  return (
    <div className="narrow">
      <header className="page-header">
        <div>
          <h1>{t("authFeature.security.title")}</h1>
          <p className="muted lead-text">{t("authFeature.security.lead")}</p>
        </div>
      </header>

      {reset && !result ? (
        <div className="alert alert-success" role="status">
          {t("authFeature.security.passwordReset")}
        </div>
      ) : null}
      {err ? (
        <AuthFormError code={err.fields?.form ?? err.fields?.email ?? err.code} retryAfter={err.retryAfter} />
      ) : null}

      <section className="section" aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="section-title">
          {t("authFeature.security.sessionsTitle")}
        </h2>
        <div className="card form">
          <p>{t("authFeature.security.sessions", { count: sessions })}</p>
          <p className="small muted" id="logout-hint">
            {t("authFeature.security.logoutHint")}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="logout-everywhere" />
            <button type="submit" className="btn btn-outline" aria-describedby="logout-hint" disabled={busy}>
              {t("authFeature.security.logoutEverywhere")}
            </button>
          </Form>
        </div>
      </section>

      <section className="section" aria-labelledby="password-title">
        <h2 id="password-title" className="section-title">
          {t("authFeature.security.passwordTitle")}
        </h2>
        <div className="card form">
          {result?.ok ? (
            <div className="alert alert-success" role="status">
              {t("authFeature.security.passwordSent", { email })}
            </div>
          ) : null}
          <p className="small muted" id="password-hint">
            {t("authFeature.security.passwordHint", { email })}
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="send-reset" />
            <button
              type="submit"
              className="btn btn-outline"
              aria-describedby="password-hint"
              disabled={busy}
            >
              {t("authFeature.security.passwordButton")}
            </button>
          </Form>
        </div>
      </section>

      <p className="small">
        <Link to="/settings/notifications">{t("emailPrefs.title")}</Link>
      </p>
    </div>
  );
}
