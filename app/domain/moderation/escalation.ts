/**
 * Escalation to internal teams: priorities and their SLA, the status workflow, the overdue and
 * first-response rules. Pure: `now` always comes from the caller.
 */
import { AppError } from "~/domain/shared/app-error";

export const ESCALATION_PRIORITIES = [1, 2, 3, 4] as const;
export type EscalationPriority = (typeof ESCALATION_PRIORITIES)[number];

const HOUR = 3_600_000;

/** Time allowed to resolve an escalation, by priority (P1 4 h, P2 24 h, P3 3 days, P4 7 days). */
export const SLA_HOURS: Record<EscalationPriority, number> = { 1: 4, 2: 24, 3: 72, 4: 168 };

export const isEscalationPriority = (v: unknown): v is EscalationPriority =>
  v === 1 || v === 2 || v === 3 || v === 4;

/** "P1", "p2", "3", 4 → 1..4; anything else → null. */
export function parsePriority(v: unknown): EscalationPriority | null {
  if (typeof v === "number") return isEscalationPriority(v) ? v : null;
  if (typeof v !== "string") return null;
  const m = /^\s*[pP]?([1-4])\s*$/.exec(v);
  return m ? (Number(m[1]) as EscalationPriority) : null;
}

export const priorityLabel = (p: number) => `P${p}`;

/** When an escalation of this priority, opened at `from`, must be resolved. */
export function dueAtFor(priority: EscalationPriority, from: Date): Date {
  return new Date(from.getTime() + SLA_HOURS[priority] * HOUR);
}

/**
 * A priority change keeps the moment the SLA clock started (dueAt − old SLA) and applies the new SLA to it:
 * raising P3 → P1 two hours in leaves two hours, not four.
 */
export function dueAtAfterPriorityChange(
  dueAt: Date,
  from: EscalationPriority,
  to: EscalationPriority,
): Date {
  const start = dueAt.getTime() - SLA_HOURS[from] * HOUR;
  return new Date(start + SLA_HOURS[to] * HOUR);
}

export const ESCALATION_STATUSES = [
  "open",
  "in_progress",
  "waiting_on_customer",
  "resolved",
  "wont_fix",
] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export const isEscalationStatus = (v: unknown): v is EscalationStatus =>
  typeof v === "string" && (ESCALATION_STATUSES as readonly string[]).includes(v);

/** Statuses in which a team still owns the problem (the thread shows "Our team is on it"). */
export const ACTIVE_STATUSES = ["open", "in_progress", "waiting_on_customer"] as const;
export const CLOSED_STATUSES = ["resolved", "wont_fix"] as const;

export const isActiveStatus = (s: string) => (ACTIVE_STATUSES as readonly string[]).includes(s);
export const isClosedStatus = (s: string) => (CLOSED_STATUSES as readonly string[]).includes(s);

/**
 * The workflow, as data. Work moves forward (open → in progress → waiting on customer ⇄ in progress) and ends
 * in resolved or won't fix from any active status. A closed escalation can be reopened (→ open or in progress),
 * e.g. when the problem comes back; it then gets a fresh SLA from the moment it is reopened.
 */
export const ESCALATION_TRANSITIONS: Record<EscalationStatus, readonly EscalationStatus[]> = {
  open: ["in_progress", "waiting_on_customer", "resolved", "wont_fix"],
  in_progress: ["waiting_on_customer", "resolved", "wont_fix"],
  waiting_on_customer: ["in_progress", "resolved", "wont_fix"],
  resolved: ["open", "in_progress"],
  wont_fix: ["open", "in_progress"],
};

export const canTransition = (from: EscalationStatus, to: EscalationStatus) =>
  ESCALATION_TRANSITIONS[from].includes(to);

export function assertTransition(from: EscalationStatus, to: EscalationStatus) {
  if (!canTransition(from, to)) {
    throw new AppError(
      "rule_violated",
      "escalation_bad_transition",
      `An escalation cannot go from ${from} to ${to}`,
      {
        status: "escalation_bad_transition",
      },
    );
  }
}

/** True when this transition reopens a closed escalation. */
export const isReopen = (from: EscalationStatus, to: EscalationStatus) =>
  isClosedStatus(from) && isActiveStatus(to);

/** Past its due time and still owned by a team (waiting on the customer does not stop the clock). */
export function isOverdue(e: { status: string; dueAt: Date }, now: Date): boolean {
  return isActiveStatus(e.status) && e.dueAt.getTime() < now.getTime();
}

/** Kinds of escalation event (one row each in escalation_events). */
export type EscalationEventKind =
  "created" | "status" | "assignee" | "priority" | "note" | "resolution" | "link";

/**
 * What counts as the team's first response: work on the problem (a status change, a note, a resolution
 * summary). Re-routing it (assignee, priority, linking threads) is not a response.
 */
const RESPONSE_KINDS: ReadonlySet<EscalationEventKind> = new Set(["status", "note", "resolution"]);

export function isFirstResponse(
  e: { firstResponseAt: Date | null },
  kinds: readonly EscalationEventKind[],
): boolean {
  return e.firstResponseAt === null && kinds.some((k) => RESPONSE_KINDS.has(k));
}

/** Median of durations (ms); null for none. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
