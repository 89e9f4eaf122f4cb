/** Admins change a member's role from their profile (posts to /admin/users/:username/role; works without JS). */
import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { useRootData } from "~/root";
import type { Role } from "~/domain/forum";

const ROLES: Role[] = ["member", "moderator", "admin"];
const ERRORS = ["same_role", "last_admin", "role_invalid", "admin_only"];

export function RoleForm({ username, role }: { username: string; role: Role }) {
  const { user } = useRootData();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  if (user?.role !== "admin") return null;
  const changed = params.get("roleChanged");
  const rawError = params.get("roleError");
  const error = rawError && ERRORS.includes(rawError) ? rawError : rawError ? "invalid" : null;
  const busy = navigation.state === "submitting" && navigation.formAction?.endsWith("/role");
  return (
    <section id="role-form" className="card side-card" aria-labelledby="role-form-title">
      <h2 id="role-form-title" className="mini-title">
        {t("govRoles.title")}
      </h2>
      {changed && ROLES.includes(changed as Role) ? (
        <p className="alert alert-success" role="status">
          {t("govRoles.changed", { name: username, role: t(`role.${changed}`) })}
        </p>
      ) : null}
      <Form
        method="post"
        action={`/admin/users/${encodeURIComponent(username)}/role`}
        className="decision-form"
      >
        <label htmlFor="role-select" className="label">
          {t("govRoles.label", { name: username })}
        </label>
        <select
          id="role-select"
          name="role"
          className="input input-sm"
          defaultValue={role}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "role-error" : "role-hint"}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
          {t("govRoles.save")}
        </button>
      </Form>
      {error ? (
        <p id="role-error" className="field-error" role="alert">
          {t(`govErrors.${error}`)}
        </p>
      ) : (
        <p id="role-hint" className="hint">
          {t("govRoles.hint")}
        </p>
      )}
    </section>
  );
}
