/** The escalations board (staff): filter by team, status, priority, assignee; earliest due first; overdue marked. */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/react";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { escalationTimes, listStaffUsers, listTeams } from "~/data/escalations.server";
import { isAppError } from "~/domain/shared/app-error";
import { listEscalationBoard } from "~/services/escalation.server";
import {
  DueMark,
  errorText,
  formatDuration,
  PRIORITIES,
  PriorityBadge,
  STATUSES,
  StatusBadge,
} from "~/components/moderation/escalation-ui";
import { pick, useLang } from "~/components/time";
import styles from "~/styles/escalation.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Chuyển cấp · Escalations — Lantern" }];

const DAY = 86_400_000;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const deps = await getDeps();
  const params = new URL(request.url).searchParams;
  let error: string | null = null;
  let board;
  try {
    board = await listEscalationBoard(deps, user, params);
  } catch (e) {
    // A filter typed into the address bar that makes no sense: say so and show the default list.
    if (!isAppError(e) || (e.kind !== "invalid" && e.kind !== "not_found")) throw e;
    error = e.fields ? (Object.values(e.fields)[0] ?? e.code) : e.code;
    board = await listEscalationBoard(deps, user, new URLSearchParams());
  }
  const [teams, staff, times] = await Promise.all([
    listTeams(deps.db),
    listStaffUsers(deps.db),
    escalationTimes(deps.db, new Date(board.now.getTime() - 30 * DAY)),
  ]);
  return {
    error,
    filters: board.filters,
    rows: board.rows,
    next: board.next,
    isFirstPage: !params.get("cursor"),
    teams: teams.map((t) => ({ slug: t.slug, nameVi: t.nameVi, nameEn: t.nameEn })),
    staff: staff.map((s) => s.username),
    times,
    isAdmin: user.role === "admin",
  };
}

export default function EscalationsBoard() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lang = useLang();
  const f = d.filters;
  const nextParams = new URLSearchParams();
  if (f.status !== "active") nextParams.set("status", f.status);
  if (f.team) nextParams.set("team", f.team);
  if (f.priority) nextParams.set("priority", `P${f.priority}`);
  if (f.assignee) nextParams.set("assignee", f.assignee);
  const firstPage = `/mod/escalations${nextParams.size ? `?${nextParams}` : ""}`;
  if (d.next) nextParams.set("cursor", d.next);

  return (
    <div className="esc-page">
      <header className="page-header">
        <div>
          <h1>{t("escalationFeature.board.title")}</h1>
          <p className="muted">{t("escalationFeature.board.lead")}</p>
        </div>
        <p className="esc-inline">
          <Link to="/mod/incidents" className="btn btn-sm btn-outline">
            {t("escalationFeature.board.incidentsLink")}
          </Link>
          {d.isAdmin ? (
            <Link to="/admin/teams" className="btn btn-sm btn-outline">
              {t("escalationFeature.board.teamsLink")}
            </Link>
          ) : null}
        </p>
      </header>

      <h2 className="sr-only">{t("escalationFeature.board.medians")}</h2>
      <dl className="esc-medians" aria-label={t("escalationFeature.board.medians")}>
        <div>
          <dt>
            {t("escalationFeature.board.medianFirstResponse")} · {t("escalationFeature.board.medians")}
          </dt>
          <dd>{formatDuration(t, d.times.firstResponse.medianSeconds)}</dd>
          <dd className="muted small">
            {t("escalationFeature.board.basedOn", { count: d.times.firstResponse.count })}
          </dd>
        </div>
        <div>
          <dt>
            {t("escalationFeature.board.medianResolution")} · {t("escalationFeature.board.medians")}
          </dt>
          <dd>{formatDuration(t, d.times.resolution.medianSeconds)}</dd>
          <dd className="muted small">
            {t("escalationFeature.board.basedOn", { count: d.times.resolution.count })}
          </dd>
        </div>
      </dl>

      <Form
        method="get"
        className="esc-filter card"
        role="search"
        aria-label={t("escalationFeature.board.filterLabel")}
      >
        <div className="field">
          <label className="label small" htmlFor="esc-f-status">
            {t("escalationFeature.statusLabel")}
          </label>
          <select id="esc-f-status" name="status" className="input" defaultValue={f.status}>
            <option value="active">{t("escalationFeature.statusFilter.active")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`escalationFeature.status.${s}`)}
              </option>
            ))}
            <option value="all">{t("escalationFeature.statusFilter.all")}</option>
          </select>
        </div>
        <div className="field">
          <label className="label small" htmlFor="esc-f-team">
            {t("escalationFeature.team")}
          </label>
          <select id="esc-f-team" name="team" className="input" defaultValue={f.team}>
            <option value="">{t("escalationFeature.allTeams")}</option>
            {d.teams.map((tm) => (
              <option key={tm.slug} value={tm.slug}>
                {pick(lang, tm.nameVi, tm.nameEn)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="label small" htmlFor="esc-f-priority">
            {t("escalationFeature.priorityLabel")}
          </label>
          <select
            id="esc-f-priority"
            name="priority"
            className="input"
            defaultValue={f.priority ? `P${f.priority}` : ""}
          >
            <option value="">{t("escalationFeature.allPriorities")}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={`P${p}`}>
                {t(`escalationFeature.priority.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="label small" htmlFor="esc-f-assignee">
            {t("escalationFeature.assignee")}
          </label>
          <select id="esc-f-assignee" name="assignee" className="input" defaultValue={f.assignee}>
            <option value="">{t("escalationFeature.anyone")}</option>
            {d.staff.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
        </div>
        <div className="esc-filter-actions">
          <button type="submit" className="btn btn-sm btn-primary">
            {t("escalationFeature.board.filter")}
          </button>
          <Link to="/mod/escalations" className="btn btn-sm btn-ghost">
            {t("escalationFeature.board.reset")}
          </Link>
        </div>
      </Form>

      {d.error ? (
        <div className="alert alert-error" role="alert">
          {errorText(t, d.error)}
        </div>
      ) : null}

      {d.rows.length === 0 ? (
        <div className="card">
          <p className="empty">{t("escalationFeature.board.empty")}</p>
        </div>
      ) : (
        <ol className="esc-list" aria-label={t("escalationFeature.board.listLabel")}>
          {d.rows.map((r) => (
            <li key={r.id} className={`esc-row${r.overdue ? " is-overdue" : ""}`}>
              <PriorityBadge priority={r.priority} />
              <h2 className="esc-row-title">
                <Link
                  to={`/mod/escalations/${r.id}`}
                  aria-label={`${t("escalationFeature.board.open", { id: r.id })}: ${r.threadTitle}`}
                >
                  #{r.id} · {r.threadTitle}
                </Link>
              </h2>
              <p className="esc-row-meta">
                <StatusBadge status={r.status} />
                <span>
                  {t("escalationFeature.team")}: {pick(lang, r.teamNameVi, r.teamNameEn)}
                </span>
                <span>
                  {t("escalationFeature.assignee")}: {r.assignee ?? t("escalationFeature.unassigned")}
                </span>
                {r.resolvedAt ? null : <DueMark dueAt={r.dueAt} overdue={r.overdue} />}
              </p>
            </li>
          ))}
        </ol>
      )}
      <nav className="pager" aria-label={t("escalationFeature.board.listLabel")}>
        {d.isFirstPage ? <span /> : <Link to={firstPage}>{t("escalationFeature.board.first")}</Link>}
        {d.next ? (
          <Link to={`/mod/escalations?${nextParams}`}>{t("escalationFeature.board.next")}</Link>
        ) : null}
      </nav>
    </div>
  );
}
