/**
 * /forgot-password: asks for the account's e-mail address and e-mails a reset link when it belongs to an
 * account. The answer never says whether it does.
 */
import type { ActionFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getDeps } from "~/deps.server";
import { requestPasswordReset } from "~/services/accounts.server";
import { clientIp, formError, readForm } from "~/utils/http.server";
import { useFocusFirstError } from "~/components/field";
import { AuthFieldError, AuthFormError, type AuthActionError } from "~/components/auth-error";

export const meta: MetaFunction = () => [{ title: "Quên mật khẩu · Forgot your password — Lantern" }];

export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer" });

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const email = String(form.get("email") ?? "").slice(0, 300);
  try {
    await requestPasswordReset(await getDeps(), { email }, { ip: clientIp(context) });
    return { ok: true as const, values: { email } };
  } catch (e) {
    return formError(e, { email });
  }
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  useFocusFirstError(result && !result.ok ? result : null);
  const navigation = useNavigation();
  const { t } = useTranslation();
  const err = result && !result.ok ? (result.error as AuthActionError) : null;
  const f = err?.fields ?? {};
  return (
    <div className="auth-wrap">
      <Form method="post" className="card form auth-card" noValidate>
        <h1>{t("authFeature.forgot.title")}</h1>
        <p className="muted">{t("authFeature.forgot.lead")}</p>
        {result?.ok ? (
          <div className="alert alert-success" role="status">
            {t("authFeature.forgot.sent")}
          </div>
        ) : null}
        {err && !Object.keys(f).length ? <AuthFormError code={err.code} retryAfter={err.retryAfter} /> : null}
        <div className="field">
          <label htmlFor="email" className="label">
            {t("authFeature.forgot.email")}
          </label>
          <input
            id="email"
            name="email"
            type="email"
            className="input"
            autoComplete="email"
            required
            defaultValue={result?.values.email}
            aria-invalid={!!f.email || undefined}
            aria-describedby={f.email ? "email-error" : undefined}
          />
          <AuthFieldError id="email-error" code={f.email} />
        </div>
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={navigation.state === "submitting"}
        >
          {t("authFeature.forgot.button")}
        </button>
        <p className="small muted center">
          <Link to="/login">{t("authFeature.backToLogin")}</Link>
        </p>
      </Form>
    </div>
  );
}
