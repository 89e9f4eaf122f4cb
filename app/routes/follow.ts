/**
 * POST /follow — follow or unfollow a board, tag or thread (intent follow | unfollow, targetType, targetKey,
 * redirectTo). Redirects back to the page it came from. Only tampered hidden fields can fail: they get a JSON
 * error with its status (400 / 404), never a 500.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { setFollow } from "~/services/engagement.server";
import { AppError } from "~/domain/shared/app-error";
import { apiError, readForm, safeRedirect } from "~/utils/http.server";

export async function loader(_: LoaderFunctionArgs) {
  throw new Response("Not found", { status: 404 });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const back = safeRedirect(form.get("redirectTo"), "/notifications");
  try {
    if (intent !== "follow" && intent !== "unfollow")
      throw new AppError("invalid", "unknown_intent", "Unknown action");
    const result = await setFollow(await getDeps(), user, {
      targetType: form.get("targetType"),
      targetKey: form.get("targetKey"),
      follow: intent === "follow",
    });
    // A plain form lands back on its page; a fetcher follows the redirect and revalidates the page's data.
    return redirect(back, { headers: { "X-Following": String(result.following) } });
  } catch (e) {
    return apiError(e);
  }
}
