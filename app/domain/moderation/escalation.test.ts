import { describe, expect, it } from "vitest";
import {
  ESCALATION_STATUSES,
  SLA_HOURS,
  assertTransition,
  canTransition,
  dueAtAfterPriorityChange,
  dueAtFor,
  isFirstResponse,
  isOverdue,
  isReopen,
  medianOf,
  parsePriority,
  type EscalationStatus,
} from "./escalation";

const T0 = new Date("2026-06-01T08:00:00Z");
const H = 3_600_000;

describe("SLA due times", () => {
  it.each([
    [1, 4],
    [2, 24],
    [3, 72],
    [4, 168],
  ] as const)("P%i is due %i hours after opening", (p, hours) => {
    expect(SLA_HOURS[p]).toBe(hours);
    expect(dueAtFor(p, T0).getTime() - T0.getTime()).toBe(hours * H);
  });

  it("a priority change keeps the SLA start and applies the new SLA", () => {
    const due = dueAtFor(3, T0); // T0 + 72 h
    expect(dueAtAfterPriorityChange(due, 3, 1)).toEqual(new Date(T0.getTime() + 4 * H));
    expect(dueAtAfterPriorityChange(dueAtFor(1, T0), 1, 4)).toEqual(new Date(T0.getTime() + 168 * H));
  });
});

describe("parsePriority", () => {
  it.each([
    ["P1", 1],
    ["p2", 2],
    [" P3 ", 3],
    ["4", 4],
    [1, 1],
    [4, 4],
  ] as const)("%j → %i", (input, out) => expect(parsePriority(input)).toBe(out));

  it.each([["P0"], ["P5"], [0], [5], [1.5], ["high"], [""], [null], [undefined], [{}], ["P1; drop"]])(
    "%j → null",
    (input) => expect(parsePriority(input)).toBeNull(),
  );
});

describe("status workflow", () => {
  // The full table: [from, to, allowed]. Every pair of statuses appears once.
  const allowed: Record<EscalationStatus, EscalationStatus[]> = {
    open: ["in_progress", "waiting_on_customer", "resolved", "wont_fix"],
    in_progress: ["waiting_on_customer", "resolved", "wont_fix"],
    waiting_on_customer: ["in_progress", "resolved", "wont_fix"],
    resolved: ["open", "in_progress"],
    wont_fix: ["open", "in_progress"],
  };
  const table = ESCALATION_STATUSES.flatMap((from) =>
    ESCALATION_STATUSES.map((to) => [from, to, allowed[from].includes(to)] as const),
  );

  it.each(table)("%s → %s allowed: %s", (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
    if (ok) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrowError(/cannot go/);
  });

  it("no status moves to itself", () => {
    for (const s of ESCALATION_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it("reopening: only from a closed status to an active one", () => {
    expect(isReopen("resolved", "open")).toBe(true);
    expect(isReopen("wont_fix", "in_progress")).toBe(true);
    expect(isReopen("open", "in_progress")).toBe(false);
    expect(isReopen("in_progress", "resolved")).toBe(false);
  });
});

describe("overdue", () => {
  const due = new Date(T0.getTime() + 4 * H);
  it.each([
    ["open", 5, true],
    ["in_progress", 5, true],
    ["waiting_on_customer", 5, true],
    ["resolved", 5, false],
    ["wont_fix", 5, false],
    ["open", 3, false],
    ["open", 4, false], // exactly at the due time: not yet late
  ] as const)("%s, %i h after opening → %s", (status, hours, overdue) => {
    expect(isOverdue({ status, dueAt: due }, new Date(T0.getTime() + hours * H))).toBe(overdue);
  });
});

describe("first staff response", () => {
  it.each([
    [["status"], true],
    [["note"], true],
    [["resolution"], true],
    [["assignee"], false],
    [["priority"], false],
    [["link"], false],
    [["assignee", "note"], true],
  ] as const)("%j counts: %s", (kinds, expected) => {
    expect(isFirstResponse({ firstResponseAt: null }, kinds)).toBe(expected);
  });

  it("only the first one counts", () => {
    expect(isFirstResponse({ firstResponseAt: T0 }, ["note"])).toBe(false);
  });
});

describe("medianOf", () => {
  it.each([
    [[], null],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ] as const)("%j → %s", (values, m) => expect(medianOf(values)).toBe(m));
});
