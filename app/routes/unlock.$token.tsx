/**
 * /unlock/:token — the link from the "your account has been locked" e-mail. GET only shows a button (mail
 * scanners that open links must not use up the single-use token); POST unlocks and sends the member to log in.
 */
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { getDeps } from "~/deps.server";
import { checkAuthToken, unlockWithToken } from "~/services/accounts.server";
import { formError } from "~/utils/http.server";
import { AuthFormError, type AuthActionError } from "~/components/auth-error";

export const meta: MetaFunction = () => [{ title: "Mở khoá tài khoản · Unlock your account — Lantern" }];

export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer" });

export async function loader({ params }: LoaderFunctionArgs) {
  return { state: await checkAuthToken(await getDeps(), params.token, "unlock") };
}

export async function action({ params }: ActionFunctionArgs) {
  try {
    const { username } = await unlockWithToken(await getDeps(), params.token);
    return redirect(`/login?unlocked=1&login=${encodeURIComponent(username)}`);
  } catch (e) {
    return formError(e, {});
  }
}

const linkCode = (state: string) =>
  state === "expired" ? "link_expired" : state === "used" ? "link_used" : "link_invalid";

export default function Unlock() {
  const { state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const err = result ? (result.error as AuthActionError) : null;
  const problem = state !== "valid" ? linkCode(state) : (err?.fields?.form ?? err?.code ?? null);
  return (
    <div className="auth-wrap">
      <div className="card form auth-card">
        <h1>{problem ? t("authFeature.unlock.invalidTitle") : t("authFeature.unlock.title")}</h1>
        {problem ? (
          <>
            <AuthFormError code={problem} />
            <p>
              <Link to="/forgot-password" className="btn btn-primary btn-block">
                {t("authFeature.forgotLink")}
              </Link>
            </p>
          </>
        ) : (
          <Form method="post">
            <p className="muted">{t("authFeature.unlock.lead")}</p>
            <p className="small muted">{t("authFeature.unlock.hint")}</p>
            <button
              type="submit"
              className="btn btn-primary btn-block"
              disabled={navigation.state === "submitting"}
            >
              {t("authFeature.unlock.button")}
            </button>
          </Form>
        )}
        <p className="small muted center">
          <Link to="/login">{t("authFeature.backToLogin")}</Link>
        </p>
      </div>
    </div>
  );
}
