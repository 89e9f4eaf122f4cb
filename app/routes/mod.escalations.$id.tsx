/** One escalation (staff): details, timeline with internal notes, the forms to work it, similar past incidents. */
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import type { TFunction } from "i18next";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { getEscalationDetail, listTeams } from "~/data/escalations.server";
import { isOverdue, ESCALATION_TRANSITIONS, isEscalationStatus } from "~/domain/moderation";
import { AppError } from "~/domain/shared/app-error";
import { linkThreadToEscalation, similarIncidents, updateEscalation } from "~/services/escalation.server";
import { formError, idParam, readForm } from "~/utils/http.server";
import { useFocusFirstError } from "~/components/field";
import {
  DueMark,
  EscFieldError,
  EscFormError,
  PRIORITIES,
  PriorityBadge,
  SimilarIncidents,
  StatusBadge,
} from "~/components/moderation/escalation-ui";
import { formatDate } from "~/components/time";
import { pick, RelativeTime, useLang } from "~/components/time";
import styles from "~/styles/escalation.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `#${d.escalation.id} ${d.escalation.threadTitle} — Lantern` : "Lantern" },
];

const DONE = ["status", "assignee", "unassign", "priority", "note", "resolution", "link"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const deps = await getDeps();
  let id: number;
  try {
    id = idParam(params.id, "escalation");
  } catch {
    throw new Response("Not found", { status: 404 });
  }
  const e = await getEscalationDetail(deps.db, id);
  if (!e) throw new Response("Not found", { status: 404 });
  const teams = await listTeams(deps.db);
  const team = teams.find((t) => t.id === e.teamId);
  const similar = await similarIncidents(deps, e.searchText, { excludeId: e.id });
  const done = new URL(request.url).searchParams.get("done");
  const { searchText: _omit, ...rest } = e;
  return {
    escalation: rest,
    overdue: isOverdue(e, deps.clock.now()),
    nextStatuses: isEscalationStatus(e.status) ? [...ESCALATION_TRANSITIONS[e.status]] : [],
    teamMembers: (team?.members ?? []).map((m) => m.username),
    similar,
    done: (DONE as readonly string[]).includes(done ?? "") ? done : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const values = {
    intent,
    note: str("note"),
    resolutionSummary: str("resolutionSummary"),
    threadId: str("threadId"),
  };
  try {
    const id = idParam(params.id, "escalation");
    const deps = await getDeps();
    switch (intent) {
      case "status":
        await updateEscalation(deps, user, id, { status: str("status") });
        break;
      case "assignee":
        await updateEscalation(deps, user, id, {
          assignee: str("assignee") || undefined,
          unassign: !str("assignee"),
        });
        break;
      case "priority":
        await updateEscalation(deps, user, id, { priority: str("priority") });
        break;
      case "note":
        if (!str("note").trim())
          throw new AppError("invalid", "invalid_input", "Write a note", { note: "escalation_note_empty" });
        await updateEscalation(deps, user, id, { note: str("note") });
        break;
      case "resolution":
        await updateEscalation(deps, user, id, {
          resolutionSummary: str("resolutionSummary"),
          resolutionPublic: form.get("resolutionPublic") === "on",
        });
        break;
      case "link":
        await linkThreadToEscalation(deps, user, id, str("threadId"));
        break;
      default:
        throw new AppError("invalid", "unknown_intent", "Unknown action");
    }
    return redirect(`/mod/escalations/${id}?done=${intent}#esc-forms`);
  } catch (e) {
    return formError(e, values);
  }
}

function eventText(
  t: TFunction,
  lang: "vi" | "en",
  x: { kind: string; fromValue: string | null; toValue: string | null; actor: string },
  teamName: string,
) {
  const st = (s: string | null) => (s ? t(`escalationFeature.status.${s}`, { defaultValue: s }) : "");
  switch (x.kind) {
    case "status":
      return t("escalationFeature.event.status", {
        actor: x.actor,
        from: st(x.fromValue),
        to: st(x.toValue),
      });
    case "assignee":
      return x.toValue
        ? t("escalationFeature.event.assignee", { actor: x.actor, to: x.toValue })
        : t("escalationFeature.event.unassigned", { actor: x.actor, from: x.fromValue ?? "" });
    case "resolution":
      if (x.toValue === "public") return t("escalationFeature.event.published", { actor: x.actor });
      if (x.toValue === "internal") return t("escalationFeature.event.unpublished", { actor: x.actor });
      return t("escalationFeature.event.resolution", { actor: x.actor });
    case "created":
      // Stored as "<team slug> P<n>" (the team cannot change afterwards): show the team's name.
      return t("escalationFeature.event.created", {
        actor: x.actor,
        to: `${teamName} ${x.toValue?.split(" ").slice(1).join(" ") ?? ""}`.trim(),
      });
    case "priority":
    case "note":
    case "link":
      return t(`escalationFeature.event.${x.kind}`, {
        actor: x.actor,
        from: x.fromValue ?? "",
        to: x.toValue ?? "",
      });
    default:
      return `${x.actor}: ${x.kind}`;
  }
}

export default function EscalationDetail() {
  const { escalation: e, overdue, nextStatuses, teamMembers, similar, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const nav = useNavigation();
  const busy = nav.state === "submitting";
  const { t } = useTranslation();
  const lang = useLang();
  useFocusFirstError(result);
  const err = result && !result.ok ? result : null;
  const fieldErr = (intent: string, field: string) =>
    err && err.values.intent === intent ? err.error.fields[field] : undefined;
  const formErr = (intent: string) =>
    err && err.values.intent === intent && !Object.keys(err.error.fields).length ? err.error.code : undefined;
  const closed = e.status === "resolved" || e.status === "wont_fix";

  return (
    <div className="esc-page">
      <p className="breadcrumb">
        <Link to="/mod/escalations">{t("escalationFeature.detail.back")}</Link>
      </p>
      <header className="page-header">
        <div>
          <h1>
            {t("escalationFeature.detail.title", { id: e.id })} · {e.threadTitle}
          </h1>
          <p className="esc-inline">
            <PriorityBadge priority={e.priority} />
            <StatusBadge status={e.status} />
            {closed ? null : <DueMark dueAt={e.dueAt} overdue={overdue} />}
          </p>
        </div>
      </header>
      {done ? (
        <div className="triage-alert-ok" role="status">
          {t("escalationFeature.detail.done")}
        </div>
      ) : null}

      <div className="esc-detail">
        <div>
          <section className="card" aria-labelledby="esc-summary">
            <h2 className="section-title" id="esc-summary">
              {t("escalationFeature.detail.summary")}
            </h2>
            <dl className="esc-facts">
              <dt>{t("escalationFeature.thread")}</dt>
              <dd>
                <Link to={`/t/${e.threadId}`}>{e.threadTitle}</Link>
              </dd>
              <dt>{t("escalationFeature.team")}</dt>
              <dd>{pick(lang, e.teamNameVi, e.teamNameEn)}</dd>
              <dt>{t("escalationFeature.assignee")}</dt>
              <dd>{e.assignee ?? t("escalationFeature.unassigned")}</dd>
              <dt>{t("escalationFeature.due")}</dt>
              <dd>{formatDate(new Date(e.dueAt), lang)}</dd>
              <dt>{t("escalationFeature.detail.createdAt")}</dt>
              <dd>
                {formatDate(new Date(e.createdAt), lang)} ·{" "}
                {t("escalationFeature.openedBy", { name: e.createdBy })}
              </dd>
              <dt>{t("escalationFeature.detail.firstResponse")}</dt>
              <dd>
                {e.firstResponseAt
                  ? formatDate(new Date(e.firstResponseAt), lang)
                  : t("escalationFeature.detail.notYet")}
              </dd>
              <dt>{t("escalationFeature.detail.resolvedAt")}</dt>
              <dd>
                {e.resolvedAt
                  ? formatDate(new Date(e.resolvedAt), lang)
                  : t("escalationFeature.detail.notYet")}
              </dd>
            </dl>
            {e.linked.length ? (
              <>
                <h3 className="label">{t("escalationFeature.detail.linked")}</h3>
                <ul>
                  {e.linked.map((l) => (
                    <li key={l.id}>
                      <Link to={`/t/${l.id}`}>
                        #{l.id} · {l.title}
                      </Link>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <section className="section" aria-labelledby="esc-timeline">
            <h2 className="section-title" id="esc-timeline">
              {t("escalationFeature.detail.timeline")}
            </h2>
            <p className="hint">{t("escalationFeature.detail.timelineHint")}</p>
            <ol className="esc-timeline">
              {e.events.map((x) => (
                <li key={x.id}>
                  <span>{eventText(t, lang, x, pick(lang, e.teamNameVi, e.teamNameEn))}</span> ·{" "}
                  <RelativeTime date={x.createdAt} />
                  {x.note ? <p className="esc-note">{x.note}</p> : null}
                </li>
              ))}
            </ol>
          </section>

          <SimilarIncidents items={similar} />
        </div>

        <div className="esc-forms card" id="esc-forms">
          <Form method="post">
            <input type="hidden" name="intent" value="status" />
            <label className="label" htmlFor="esc-status">
              {t("escalationFeature.detail.changeStatus")}
            </label>
            <div className="esc-inline">
              <select
                id="esc-status"
                name="status"
                className="input"
                required
                aria-invalid={!!fieldErr("status", "status") || undefined}
              >
                {nextStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`escalationFeature.status.${s}`)}
                  </option>
                ))}
              </select>
              <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
                {t("escalationFeature.detail.save")}
              </button>
            </div>
            <EscFieldError id="esc-status-err" code={fieldErr("status", "status")} />
            <EscFormError code={formErr("status")} />
          </Form>

          <Form method="post">
            <input type="hidden" name="intent" value="assignee" />
            <label className="label" htmlFor="esc-assignee">
              {t("escalationFeature.detail.reassign")}
            </label>
            {teamMembers.length ? (
              <div className="esc-inline">
                <select
                  id="esc-assignee"
                  name="assignee"
                  className="input"
                  defaultValue={e.assignee ?? ""}
                  aria-invalid={!!fieldErr("assignee", "assignee") || undefined}
                  aria-describedby="esc-assignee-err"
                >
                  <option value="">{t("escalationFeature.unassigned")}</option>
                  {teamMembers.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
                <button type="submit" className="btn btn-sm btn-outline" disabled={busy}>
                  {t("escalationFeature.detail.assign")}
                </button>
              </div>
            ) : (
              <p className="hint">{t("escalationFeature.detail.noTeamMembers")}</p>
            )}
            <EscFieldError id="esc-assignee-err" code={fieldErr("assignee", "assignee")} />
            <EscFormError code={formErr("assignee")} />
          </Form>

          <Form method="post">
            <input type="hidden" name="intent" value="priority" />
            <label className="label" htmlFor="esc-priority">
              {t("escalationFeature.detail.changePriority")}
            </label>
            <div className="esc-inline">
              <select
                id="esc-priority"
                name="priority"
                className="input"
                defaultValue={`P${e.priority}`}
                aria-describedby="esc-priority-hint"
              >
                {PRIORITIES.map((p) => (
                  <option key={p} value={`P${p}`}>
                    {t(`escalationFeature.priority.${p}`)}
                  </option>
                ))}
              </select>
              <button type="submit" className="btn btn-sm btn-outline" disabled={busy}>
                {t("escalationFeature.detail.save")}
              </button>
            </div>
            <p className="hint" id="esc-priority-hint">
              {t("escalationFeature.detail.priorityHint")}
            </p>
            <EscFormError code={formErr("priority")} />
          </Form>

          <Form method="post">
            <input type="hidden" name="intent" value="note" />
            <label className="label" htmlFor="esc-note">
              {t("escalationFeature.detail.addNote")}
            </label>
            <p className="hint" id="esc-note-hint">
              {t("escalationFeature.detail.noteHint")}
            </p>
            <textarea
              id="esc-note"
              name="note"
              className="input textarea"
              rows={4}
              defaultValue={err?.values.intent === "note" ? err.values.note : ""}
              aria-invalid={!!fieldErr("note", "note") || undefined}
              aria-describedby="esc-note-hint esc-note-err"
            />
            <EscFieldError id="esc-note-err" code={fieldErr("note", "note")} />
            <div className="form-actions">
              <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
                {t("escalationFeature.detail.addNoteButton")}
              </button>
            </div>
          </Form>

          <Form method="post">
            <input type="hidden" name="intent" value="resolution" />
            <label className="label" htmlFor="esc-resolution">
              {t("escalationFeature.detail.resolution")}
            </label>
            <p className="hint" id="esc-resolution-hint">
              {t("escalationFeature.detail.resolutionHint")}
            </p>
            <textarea
              id="esc-resolution"
              name="resolutionSummary"
              className="input textarea"
              rows={5}
              defaultValue={
                err?.values.intent === "resolution"
                  ? err.values.resolutionSummary
                  : (e.resolutionSummary ?? "")
              }
              aria-invalid={!!fieldErr("resolution", "resolutionSummary") || undefined}
              aria-describedby="esc-resolution-hint esc-resolution-err"
            />
            <EscFieldError id="esc-resolution-err" code={fieldErr("resolution", "resolutionSummary")} />
            <label className="esc-check">
              <input type="checkbox" name="resolutionPublic" defaultChecked={e.resolutionPublic} />
              <span>{t("escalationFeature.detail.publish")}</span>
            </label>
            <EscFormError code={formErr("resolution")} />
            <div className="form-actions">
              <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
                {t("escalationFeature.detail.saveResolution")}
              </button>
            </div>
          </Form>

          <Form method="post">
            <input type="hidden" name="intent" value="link" />
            <label className="label" htmlFor="esc-link">
              {t("escalationFeature.detail.link")}
            </label>
            <div className="esc-inline">
              <input
                id="esc-link"
                name="threadId"
                className="input"
                inputMode="text"
                defaultValue={err?.values.intent === "link" ? err.values.threadId : ""}
                aria-invalid={!!fieldErr("link", "threadId") || undefined}
                aria-describedby="esc-link-hint esc-link-err"
              />
              <button type="submit" className="btn btn-sm btn-outline" disabled={busy}>
                {t("escalationFeature.detail.linkButton")}
              </button>
            </div>
            <p className="hint" id="esc-link-hint">
              {t("escalationFeature.detail.linkHint")}
            </p>
            <EscFieldError id="esc-link-err" code={fieldErr("link", "threadId")} />
            <EscFormError code={formErr("link")} />
          </Form>
        </div>
      </div>
    </div>
  );
}
