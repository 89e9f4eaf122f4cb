/**
 * POST /admin/users/:username/role — the profile page's role form (admins only). Always answers with a
 * redirect back to the profile (the outcome in the query string), so it works without JavaScript.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { changeUserRole } from "~/services/governance.server";
import { isAppError } from "~/domain/shared/app-error";
import { USERNAME_RE } from "~/forms/schemas";
import { readForm } from "~/utils/http.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const name = params.username ?? "";
  return redirect(USERNAME_RE.test(name) ? `/u/${name}` : "/");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (user.role !== "admin") throw new Response("Forbidden", { status: 403 });
  const username = params.username ?? "";
  if (!USERNAME_RE.test(username)) throw new Response("Not found", { status: 404 });
  const form = await readForm(request);
  const profile = `/u/${encodeURIComponent(username)}`;
  try {
    const r = await changeUserRole(await getDeps(), user, { username, role: form.get("role") });
    return redirect(`${profile}?roleChanged=${r.role}#role-form`);
  } catch (e) {
    if (!isAppError(e)) throw e;
    if (e.kind === "not_found") throw new Response("Not found", { status: 404 });
    const code = e.fields?.role ?? e.code;
    return redirect(`${profile}?roleError=${encodeURIComponent(code)}#role-form`);
  }
}
