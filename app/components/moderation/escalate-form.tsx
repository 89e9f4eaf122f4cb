/**
 * Staff only, on the thread page: the active escalation's status with a link, or a form to escalate the thread
 * (team, priority, assignee); and similar past incidents. A plain POST form (intent=escalate) works without JS.
 */
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { pick, useLang } from "~/components/time";
import { useRootData } from "~/root";
import {
  DueMark,
  EscFieldError,
  EscFormError,
  PRIORITIES,
  SimilarIncidents,
  StatusBadge,
  type SimilarIncidentView,
} from "./escalation-ui";

export interface EscalatePanelData {
  active: {
    id: number;
    status: string;
    priority: number;
    dueAt: string | Date;
    teamNameVi: string;
    teamNameEn: string;
    assignee: string | null;
  } | null;
  teams: { id: number; slug: string; nameVi: string; nameEn: string; members: string[] }[] | null;
  similar: SimilarIncidentView[] | null;
}

interface ActionResult {
  ok: boolean;
  error?: { code: string; fields: Record<string, string> };
  values?: { intent?: string };
}

export function EscalatePanel({
  data,
  actionData,
}: {
  data: EscalatePanelData | null;
  actionData?: unknown;
}) {
  const { t } = useTranslation();
  const { now } = useRootData();
  const lang = useLang();
  const nav = useNavigation();
  if (!data || !data.teams) return null;
  const r = actionData as ActionResult | undefined;
  const err = r && r.ok === false && r.values?.intent === "escalate" ? r.error : undefined;
  const fields = err?.fields ?? {};
  const busy = nav.state === "submitting" && nav.formData?.get("intent") === "escalate";
  const members = [...new Set(data.teams.flatMap((tm) => tm.members))].sort();
  const a = data.active;
  return (
    <section className="card esc-panel" aria-labelledby="esc-panel-title" id="escalation-staff">
      <h2 className="section-title" id="esc-panel-title">
        {t("escalationFeature.panel.title")}
      </h2>
      {a ? (
        <p className="esc-inline">
          <span>
            {t("escalationFeature.panel.active", {
              team: pick(lang, a.teamNameVi, a.teamNameEn),
              status: t(`escalationFeature.status.${a.status}`),
            })}
          </span>
          <StatusBadge status={a.status} />
          <span className="small">P{a.priority}</span>
          <DueMark dueAt={a.dueAt} overdue={new Date(a.dueAt).getTime() < now} />
          <Link to={`/mod/escalations/${a.id}`} className="btn btn-sm btn-outline">
            {t("escalationFeature.panel.manage")}
          </Link>
        </p>
      ) : (
        <details open={!!err}>
          <summary>{t("escalationFeature.panel.escalate")}</summary>
          <Form method="post" className="esc-panel-grid">
            <input type="hidden" name="intent" value="escalate" />
            <div className="field">
              <label className="label small" htmlFor="esc-team">
                {t("escalationFeature.team")}
              </label>
              <select
                id="esc-team"
                name="team"
                className="input"
                required
                aria-invalid={!!fields.team || undefined}
                aria-describedby="esc-team-err"
              >
                <option value="">—</option>
                {data.teams.map((tm) => (
                  <option key={tm.id} value={tm.slug}>
                    {pick(lang, tm.nameVi, tm.nameEn)}
                  </option>
                ))}
              </select>
              <EscFieldError id="esc-team-err" code={fields.team} />
            </div>
            <div className="field">
              <label className="label small" htmlFor="esc-priority">
                {t("escalationFeature.priorityLabel")}
              </label>
              <select
                id="esc-priority"
                name="priority"
                className="input"
                defaultValue="P3"
                aria-invalid={!!fields.priority || undefined}
                aria-describedby="esc-priority-err"
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={`P${p}`}>
                    {t(`escalationFeature.priority.${p}`)}
                  </option>
                ))}
              </select>
              <EscFieldError id="esc-priority-err" code={fields.priority} />
            </div>
            <div className="field">
              <label className="label small" htmlFor="esc-assignee">
                {t("escalationFeature.panel.assigneeOptional")}
              </label>
              <select
                id="esc-assignee"
                name="assignee"
                className="input"
                aria-invalid={!!fields.assignee || undefined}
                aria-describedby="esc-assignee-hint esc-assignee-err"
              >
                <option value="">{t("escalationFeature.panel.noAssignee")}</option>
                {members.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
              <p className="hint" id="esc-assignee-hint">
                {t("escalationFeature.panel.assigneeHint")}
              </p>
              <EscFieldError id="esc-assignee-err" code={fields.assignee} />
            </div>
            <div>
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {t("escalationFeature.panel.escalateButton")}
              </button>
            </div>
          </Form>
          {err && !Object.keys(fields).length ? <EscFormError code={err.code} /> : null}
        </details>
      )}
      {data.similar ? <SimilarIncidents items={data.similar} headingLevel={3} /> : null}
    </section>
  );
}
