import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLang } from "~/i18n/config";
import { langCookie } from "~/i18n/language.server";
import { readForm, safeRedirect } from "~/utils/http.server";

/** The language switcher: a plain form post, so it works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = form.get("lang");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLang(lang)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": langCookie(lang) } });
}

export function loader() {
  return redirect("/");
}
