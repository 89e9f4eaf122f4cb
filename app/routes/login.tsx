import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getOptionalUser, startSession } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { logIn } from "~/services/accounts.server";
import { clientIp, formError, readForm, safeRedirect } from "~/utils/http.server";
import { FieldError, useFocusFirstError } from "~/components/field";
import { AuthFormError, type AuthActionError } from "~/components/auth-error";

export const meta: MetaFunction = () => [{ title: "Đăng nhập · Log in — Lantern" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const login = String(form.get("login") ?? "");
  const password = String(form.get("password") ?? "");
  const redirectTo = safeRedirect(form.get("redirectTo"));
  try {
    const user = await logIn(await getDeps(), { login, password }, { ip: clientIp(context) });
    // startSession invalidates the session this request came with: a new id at every login.
    const cookie = await startSession(request, user.id);
    return redirect(redirectTo, { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    return formError(e, { login });
  }
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  useFocusFirstError(actionData);
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const f = actionData?.error.fields ?? {};
  const err = actionData?.error as AuthActionError | undefined;
  const notice =
    params.get("unlocked") === "1"
      ? t("authFeature.login.unlocked")
      : params.get("loggedOut") === "everywhere"
        ? t("authFeature.login.loggedOutEverywhere")
        : null;
  return (
    <div className="auth-wrap">
      <Form method="post" className="card form auth-card" noValidate>
        <h1>{t("auth.loginTitle")}</h1>
        <p className="muted">{t("auth.loginLead")}</p>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        {notice && !actionData ? (
          <div className="alert alert-success" role="status">
            {notice}
          </div>
        ) : null}
        <AuthFormError code={f.form} retryAfter={err?.retryAfter} />
        <div className="field">
          <label htmlFor="login" className="label">
            {t("auth.login")}
          </label>
          <input
            id="login"
            name="login"
            className="input"
            autoComplete="username"
            required
            defaultValue={actionData?.values.login ?? params.get("login") ?? undefined}
            aria-invalid={!!f.login || undefined}
            aria-describedby={f.login ? "login-error" : undefined}
          />
          <FieldError id="login-error" code={f.login} />
        </div>
        <div className="field">
          <label htmlFor="password" className="label">
            {t("auth.password")}
          </label>
          <input
            id="password"
            name="password"
            type="password"
            className="input"
            autoComplete="current-password"
            required
            aria-invalid={!!f.password || undefined}
            aria-describedby={f.password ? "password-error" : undefined}
          />
          <FieldError id="password-error" code={f.password} />
          <p className="small">
            <Link to="/forgot-password">{t("authFeature.forgotLink")}</Link>
          </p>
        </div>
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={navigation.state === "submitting"}
        >
          {t("auth.loginButton")}
        </button>
        <p className="small muted center">
          {t("auth.noAccount")} <Link to="/signup">{t("nav.signup")}</Link>
        </p>
      </Form>
    </div>
  );
}
