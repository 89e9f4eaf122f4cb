import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getOptionalUser, startSession } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { signUp } from "~/services/accounts.server";
import { clientIp, formError, readForm, safeRedirect } from "~/utils/http.server";
import { detectLanguage } from "~/i18n/language.server";
import { FieldError, FormError, useFocusFirstError } from "~/components/field";

export const meta: MetaFunction = () => [{ title: "Đăng ký · Sign up — Lantern" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const username = String(form.get("username") ?? "");
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  const redirectTo = safeRedirect(form.get("redirectTo"));
  try {
    const user = await signUp(
      await getDeps(),
      { username, email, password },
      { locale: detectLanguage(request), ip: clientIp(context) },
    );
    const cookie = await startSession(request, user.id);
    return redirect(redirectTo, { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    // The password is never echoed back.
    return formError(e, { username, email });
  }
}

export default function Signup() {
  const actionData = useActionData<typeof action>();
  useFocusFirstError(actionData);
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const f = actionData?.error.fields ?? {};
  return (
    <div className="auth-wrap">
      <Form method="post" className="card form auth-card" noValidate>
        <h1>{t("auth.signupTitle")}</h1>
        <p className="muted">{t("auth.signupLead")}</p>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        {actionData && !Object.keys(f).length ? <FormError code={actionData.error.code} /> : null}
        <div className="field">
          <label htmlFor="username" className="label">
            {t("auth.username")}
          </label>
          <input
            id="username"
            name="username"
            className="input"
            autoComplete="username"
            required
            defaultValue={actionData?.values.username}
            aria-invalid={!!f.username || undefined}
            aria-describedby={f.username ? "username-error username-hint" : "username-hint"}
          />
          <p className="hint" id="username-hint">
            {t("auth.usernameHint")}
          </p>
          <FieldError id="username-error" code={f.username} />
        </div>
        <div className="field">
          <label htmlFor="email" className="label">
            {t("auth.email")}
          </label>
          <input
            id="email"
            name="email"
            type="email"
            className="input"
            autoComplete="email"
            required
            defaultValue={actionData?.values.email}
            aria-invalid={!!f.email || undefined}
            aria-describedby={f.email ? "email-error" : undefined}
          />
          <FieldError id="email-error" code={f.email} />
          {f.email === "email_taken" ? (
            <p className="small">
              <Link to="/forgot-password">{t("authFeature.forgotLink")}</Link>
            </p>
          ) : null}
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
            autoComplete="new-password"
            required
            aria-invalid={!!f.password || undefined}
            aria-describedby={f.password ? "password-error password-hint" : "password-hint"}
          />
          <p className="hint" id="password-hint">
            {t("auth.passwordHint")}
          </p>
          <FieldError id="password-error" code={f.password} />
        </div>
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={navigation.state === "submitting"}
        >
          {t("auth.signupButton")}
        </button>
        <p className="small muted center">
          {t("auth.haveAccount")} <Link to="/login">{t("nav.login")}</Link>
        </p>
      </Form>
    </div>
  );
}
