/** Small pieces shared by the escalation pages: badges, the overdue mark, durations, errors, similar incidents. */
import { Link } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "~/i18n/react";
import { pick, RelativeTime, useLang } from "~/components/time";
import { ClockIcon } from "~/components/icons";

export const STATUSES = ["open", "in_progress", "waiting_on_customer", "resolved", "wont_fix"] as const;
export const PRIORITIES = [1, 2, 3, 4] as const;

/** An error code in the escalation feature's words, falling back to the common ones. */
export function errorText(t: TFunction, code: string) {
  return t(`escalationFeature.errors.${code}`, {
    defaultValue: t(`errors.${code}`, { defaultValue: t("errors.invalid") }),
  });
}

export function EscFieldError({ id, code }: { id: string; code?: string }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {errorText(t, code)}
    </p>
  );
}

export function EscFormError({ code }: { code?: string }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <div className="alert alert-error" role="alert">
      {errorText(t, code)}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`esc-status esc-status-${status}`}>{t(`escalationFeature.status.${status}`)}</span>;
}

export function PriorityBadge({ priority }: { priority: number }) {
  const { t } = useTranslation();
  return (
    <span className={`esc-priority esc-p${priority}`} title={t(`escalationFeature.priority.${priority}`)}>
      <span aria-hidden="true">P{priority}</span>
      <span className="sr-only">{t("escalationFeature.priorityShort", { p: `P${priority}` })}</span>
    </span>
  );
}

/** Due time; overdue ones say so in words and with an icon, not by colour alone. */
export function DueMark({ dueAt, overdue }: { dueAt: string | Date; overdue: boolean }) {
  const { t } = useTranslation();
  if (overdue) {
    return (
      <span className="esc-overdue">
        <ClockIcon /> <strong>{t("escalationFeature.overdue")}</strong> · <RelativeTime date={dueAt} />
      </span>
    );
  }
  return (
    <span className="esc-due">
      {t("escalationFeature.due")}: <RelativeTime date={dueAt} />
    </span>
  );
}

/** "5 hours", "3 days" from seconds. */
export function formatDuration(t: TFunction, seconds: number | null) {
  if (seconds === null) return t("escalationFeature.board.noData");
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return t("escalationFeature.duration.minutes", { count: minutes });
  const hours = Math.round(seconds / 3600);
  if (hours < 48) return t("escalationFeature.duration.hours", { count: hours });
  return t("escalationFeature.duration.days", { count: Math.round(seconds / 86_400) });
}

export interface SimilarIncidentView {
  id: number;
  threadId: number;
  threadTitle: string;
  teamNameVi: string;
  teamNameEn: string;
  summary: string;
  resolvedAt: string | Date | null;
  terms: string[];
}

export function SimilarIncidents({
  items,
  headingLevel = 2,
}: {
  items: SimilarIncidentView[];
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="esc-similar" aria-labelledby="esc-similar-title">
      <H className="section-title" id="esc-similar-title">
        {t("escalationFeature.detail.similar")}
      </H>
      <p className="hint">{t("escalationFeature.detail.similarHint")}</p>
      {items.length === 0 ? (
        <p className="muted small">{t("escalationFeature.detail.noSimilar")}</p>
      ) : (
        <ul className="esc-similar-list">
          {items.map((s) => (
            <li key={s.id}>
              <Link
                to={`/mod/incidents?q=${encodeURIComponent(s.terms.slice(0, 3).join(" "))}#incident-${s.id}`}
              >
                {s.threadTitle}
              </Link>{" "}
              <span className="muted small">
                · {pick(lang, s.teamNameVi, s.teamNameEn)}
                {s.resolvedAt ? (
                  <>
                    {" "}
                    · <RelativeTime date={s.resolvedAt} />
                  </>
                ) : null}
              </span>
              <p className="esc-similar-summary">{s.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
