/** Teams that escalations go to (admins only): add, rename, deactivate, and their staff members. Audited. */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireAdmin } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listStaffUsers, listTeams } from "~/data/escalations.server";
import { AppError } from "~/domain/shared/app-error";
import {
  addMemberToTeam,
  createTeam,
  removeMemberFromTeam,
  renameTeam,
  setTeamActive,
} from "~/services/escalation.server";
import { formError, idParam, readForm } from "~/utils/http.server";
import { useFocusFirstError } from "~/components/field";
import { EscFieldError, EscFormError } from "~/components/moderation/escalation-ui";
import { pick, useLang } from "~/components/time";
import styles from "~/styles/escalation.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Nhóm nội bộ · Teams — Lantern" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const deps = await getDeps();
  const [teams, staff] = await Promise.all([listTeams(deps.db), listStaffUsers(deps.db)]);
  return {
    teams,
    staff: staff.map((s) => s.username),
    done: new URL(request.url).searchParams.get("done") === "1",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readForm(request);
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const intent = str("intent");
  const values = {
    intent,
    teamId: str("teamId"),
    slug: str("slug"),
    nameVi: str("nameVi"),
    nameEn: str("nameEn"),
    username: str("username"),
  };
  try {
    const deps = await getDeps();
    const teamId = () => idParam(str("teamId"), "team");
    switch (intent) {
      case "create":
        await createTeam(deps, user, { slug: str("slug"), nameVi: str("nameVi"), nameEn: str("nameEn") });
        break;
      case "rename":
        await renameTeam(deps, user, teamId(), { nameVi: str("nameVi"), nameEn: str("nameEn") });
        break;
      case "deactivate":
      case "activate":
        await setTeamActive(deps, user, teamId(), intent === "activate");
        break;
      case "add-member":
        await addMemberToTeam(deps, user, teamId(), { username: str("username") });
        break;
      case "remove-member":
        await removeMemberFromTeam(deps, user, teamId(), str("userId"));
        break;
      default:
        throw new AppError("invalid", "unknown_intent", "Unknown action");
    }
  } catch (e) {
    return formError(e, values);
  }
  return redirect("/admin/teams?done=1");
}

export default function TeamsAdmin() {
  const { teams, staff, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const lang = useLang();
  useFocusFirstError(result);
  const err = result && !result.ok ? result : null;
  const mine = (intent: string, teamId = "") =>
    !!err && err.values.intent === intent && err.values.teamId === teamId;
  const fieldErr = (intent: string, field: string, teamId = "") =>
    mine(intent, teamId) ? err!.error.fields[field] : undefined;
  const formErr = (intent: string, teamId = "") =>
    mine(intent, teamId) && !Object.keys(err!.error.fields).length ? err!.error.code : undefined;
  const kept = (intent: string, field: "slug" | "nameVi" | "nameEn" | "username", teamId = "") =>
    mine(intent, teamId) ? err!.values[field] : undefined;

  return (
    <div className="esc-page narrow">
      <header className="page-header">
        <div>
          <h1>{t("escalationFeature.teams.title")}</h1>
          <p className="muted">{t("escalationFeature.teams.lead")}</p>
        </div>
      </header>
      {done ? (
        <div className="triage-alert-ok" role="status">
          {t("escalationFeature.teams.done")}
        </div>
      ) : null}

      {teams.map((team) => {
        const id = String(team.id);
        return (
          <section key={team.id} className="card team-card" aria-labelledby={`team-${team.id}`}>
            <div className="team-head">
              <h2 className="section-title" id={`team-${team.id}`}>
                {pick(lang, team.nameVi, team.nameEn)} <span className="muted small">({team.slug})</span>
                {team.active ? null : (
                  <span className="badge badge-unanswered">{t("escalationFeature.teams.inactive")}</span>
                )}
              </h2>
              <Form method="post" className="inline-form">
                <input type="hidden" name="teamId" value={id} />
                <button
                  type="submit"
                  name="intent"
                  value={team.active ? "deactivate" : "activate"}
                  className="btn btn-sm btn-outline"
                  disabled={busy}
                  aria-describedby={`team-${team.id}`}
                >
                  {team.active
                    ? t("escalationFeature.teams.deactivate")
                    : t("escalationFeature.teams.activate")}
                </button>
              </Form>
            </div>

            <h3 className="label">{t("escalationFeature.teams.members")}</h3>
            {team.members.length ? (
              <ul className="team-members">
                {team.members.map((m) => (
                  <li key={m.id}>
                    {m.username}
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="remove-member" />
                      <input type="hidden" name="teamId" value={id} />
                      <input type="hidden" name="userId" value={m.id} />
                      <button
                        type="submit"
                        className="btn btn-sm btn-ghost"
                        disabled={busy}
                        aria-label={t("escalationFeature.teams.remove", { name: m.username })}
                        title={t("escalationFeature.teams.remove", { name: m.username })}
                      >
                        ✕
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="hint">{t("escalationFeature.teams.noMembers")}</p>
            )}
            <EscFormError
              code={formErr("remove-member", id) ?? formErr("deactivate", id) ?? formErr("activate", id)}
            />

            <Form method="post" className="esc-forms">
              <input type="hidden" name="intent" value="add-member" />
              <input type="hidden" name="teamId" value={id} />
              <label className="label small" htmlFor={`team-${id}-member`}>
                {t("escalationFeature.teams.addMember")}
              </label>
              <div className="esc-inline">
                <select
                  id={`team-${id}-member`}
                  name="username"
                  className="input"
                  required
                  defaultValue={kept("add-member", "username", id) ?? ""}
                  aria-invalid={!!fieldErr("add-member", "username", id) || undefined}
                  aria-describedby={`team-${id}-member-err`}
                >
                  <option value="">{t("escalationFeature.teams.pickStaff")}</option>
                  {staff
                    .filter((s) => !team.members.some((m) => m.username === s))
                    .map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                </select>
                <button type="submit" className="btn btn-sm btn-outline" disabled={busy}>
                  {t("escalationFeature.teams.addMemberButton")}
                </button>
              </div>
              <EscFieldError id={`team-${id}-member-err`} code={fieldErr("add-member", "username", id)} />
              <EscFormError code={formErr("add-member", id)} />
            </Form>

            <details>
              <summary>{t("escalationFeature.teams.rename")}</summary>
              <Form method="post" className="esc-forms">
                <input type="hidden" name="intent" value="rename" />
                <input type="hidden" name="teamId" value={id} />
                <NameFields
                  prefix={`team-${id}`}
                  nameVi={kept("rename", "nameVi", id) ?? team.nameVi}
                  nameEn={kept("rename", "nameEn", id) ?? team.nameEn}
                  errVi={fieldErr("rename", "nameVi", id)}
                  errEn={fieldErr("rename", "nameEn", id)}
                />
                <div className="form-actions">
                  <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
                    {t("escalationFeature.teams.rename")}
                  </button>
                </div>
              </Form>
            </details>
          </section>
        );
      })}

      <section className="card" aria-labelledby="team-new">
        <h2 className="section-title" id="team-new">
          {t("escalationFeature.teams.create")}
        </h2>
        <Form method="post" className="esc-forms">
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label className="label" htmlFor="team-new-slug">
              {t("escalationFeature.teams.slug")}
            </label>
            <input
              id="team-new-slug"
              name="slug"
              className="input"
              required
              maxLength={40}
              defaultValue={kept("create", "slug") ?? ""}
              aria-invalid={!!fieldErr("create", "slug") || undefined}
              aria-describedby="team-new-slug-hint team-new-slug-err"
            />
            <p className="hint" id="team-new-slug-hint">
              {t("escalationFeature.teams.slugHint")}
            </p>
            <EscFieldError id="team-new-slug-err" code={fieldErr("create", "slug")} />
          </div>
          <NameFields
            prefix="team-new"
            nameVi={kept("create", "nameVi") ?? ""}
            nameEn={kept("create", "nameEn") ?? ""}
            errVi={fieldErr("create", "nameVi")}
            errEn={fieldErr("create", "nameEn")}
          />
          <EscFormError code={formErr("create")} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t("escalationFeature.teams.add")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}

function NameFields(p: { prefix: string; nameVi: string; nameEn: string; errVi?: string; errEn?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label className="label" htmlFor={`${p.prefix}-vi`}>
          {t("escalationFeature.teams.nameVi")}
        </label>
        <input
          id={`${p.prefix}-vi`}
          name="nameVi"
          className="input"
          required
          maxLength={60}
          defaultValue={p.nameVi}
          aria-invalid={!!p.errVi || undefined}
          aria-describedby={`${p.prefix}-vi-err`}
        />
        <EscFieldError id={`${p.prefix}-vi-err`} code={p.errVi} />
      </div>
      <div className="field">
        <label className="label" htmlFor={`${p.prefix}-en`}>
          {t("escalationFeature.teams.nameEn")}
        </label>
        <input
          id={`${p.prefix}-en`}
          name="nameEn"
          className="input"
          required
          maxLength={60}
          defaultValue={p.nameEn}
          aria-invalid={!!p.errEn || undefined}
          aria-describedby={`${p.prefix}-en-err`}
        />
        <EscFieldError id={`${p.prefix}-en-err`} code={p.errEn} />
      </div>
    </>
  );
}
