/**
 * /reset-password/:token — the link from the reset e-mail. GET shows the form (or why the link can't be
 * used); POST sets the new password, ends every session of the member and logs them in here afresh.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { startSession } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { checkAuthToken, resetPassword } from "~/services/accounts.server";
import { formError, readForm } from "~/utils/http.server";
import { useFocusFirstError } from "~/components/field";
import { AuthFieldError, AuthFormError, type AuthActionError } from "~/components/auth-error";

export const meta: MetaFunction = () => [{ title: "Đặt mật khẩu mới · Choose a new password — Lantern" }];

// The token is in the URL: never send it to another site in a Referer header.
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer" });

export async function loader({ params }: LoaderFunctionArgs) {
  const state = await checkAuthToken(await getDeps(), params.token, "reset");
  return { state };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const password = String(form.get("password") ?? "");
  try {
    const user = await resetPassword(await getDeps(), params.token, { password });
    // All the member's sessions were deleted; this browser gets a fresh one.
    const cookie = await startSession(request, user.id);
    return redirect("/settings/security?reset=1", { headers: { "Set-Cookie": cookie } });
  } catch (e) {
    // The password is never echoed back.
    return formError(e, {});
  }
}

const linkCode = (state: string) =>
  state === "expired" ? "link_expired" : state === "used" ? "link_used" : "link_invalid";

export default function ResetPassword() {
  const { state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  useFocusFirstError(result);
  const navigation = useNavigation();
  const { t } = useTranslation();
  const err = result ? (result.error as AuthActionError) : null;
  const f = err?.fields ?? {};
  const linkProblem = state !== "valid" ? linkCode(state) : f.form?.startsWith("link_") ? f.form : null;
  if (linkProblem) {
    return (
      <div className="auth-wrap">
        <div className="card form auth-card">
          <h1>{t("authFeature.reset.invalidTitle")}</h1>
          <AuthFormError code={linkProblem} />
          <p>
            <Link to="/forgot-password" className="btn btn-primary btn-block">
              {t("authFeature.reset.requestNew")}
            </Link>
          </p>
          <p className="small muted center">
            <Link to="/login">{t("authFeature.backToLogin")}</Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="auth-wrap">
      <Form method="post" className="card form auth-card" noValidate>
        <h1>{t("authFeature.reset.title")}</h1>
        <p className="muted">{t("authFeature.reset.lead")}</p>
        {err && !Object.keys(f).length ? <AuthFormError code={err.code} retryAfter={err.retryAfter} /> : null}
        <div className="field">
          <label htmlFor="password" className="label">
            {t("authFeature.reset.password")}
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
            {t("authFeature.reset.hint")}
          </p>
          <AuthFieldError id="password-error" code={f.password} />
        </div>
        <button
          type="submit"
          className="btn btn-primary btn-block"
          disabled={navigation.state === "submitting"}
        >
          {t("authFeature.reset.button")}
        </button>
      </Form>
    </div>
  );
}
