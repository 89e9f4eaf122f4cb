/**
 * What staff type when escalating a thread, updating an escalation or managing teams. Shape only: whether the
 * team exists, the assignee belongs to it or the status change is allowed is decided in the service.
 * Error messages are i18n keys under "escalationErrors." (falling back to "errors.").
 */
import { z } from "zod";
import { ESCALATION_STATUSES, parsePriority } from "~/domain/moderation";
import { SLUG_RE } from "./schemas";

// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

const blankToUndefined = (v: unknown) =>
  v === null || v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : v;

/** "P1".."P4" or 1..4. */
export const PrioritySchema = z.unknown().transform((v, ctx) => {
  const p = parsePriority(v);
  if (p === null) {
    ctx.addIssue({ code: "custom", message: "escalation_priority" });
    return z.NEVER;
  }
  return p;
});

/** A team by slug or numeric id. */
export const TeamRefSchema = z.union([
  z
    .number({ error: "escalation_team" })
    .int({ error: "escalation_team" })
    .positive({ error: "escalation_team" }),
  z
    .string({ error: "escalation_team" })
    .trim()
    .min(1, { error: "escalation_team" })
    .max(80, { error: "escalation_team" })
    .refine((s) => /^\d{1,9}$/.test(s) || SLUG_RE.test(s), { error: "escalation_team" }),
]);

/** A user by username or id. */
const UserRefSchema = z
  .string({ error: "escalation_assignee" })
  .trim()
  .min(1, { error: "escalation_assignee" })
  .max(80, { error: "escalation_assignee" })
  .regex(/^[a-zA-Z0-9_.-]+$/, { error: "escalation_assignee" });

export const EscalateSchema = z.object({
  team: z.preprocess(blankToUndefined, TeamRefSchema.optional()).refine((v) => v !== undefined, {
    error: "escalation_team",
  }),
  priority: PrioritySchema,
  assignee: z.preprocess(blankToUndefined, UserRefSchema.optional()),
});
export type EscalateInput = z.infer<typeof EscalateSchema>;

export const NOTE_MAX = 5000;
export const SUMMARY_MAX = 5000;

const LongText = (code: string, max: number) =>
  z
    .string({ error: code })
    .max(max, { error: code })
    .regex(NO_CONTROL, { error: "invalid_chars" })
    .transform((s) => s.trim());

export const UpdateEscalationSchema = z.object({
  status: z.preprocess(
    blankToUndefined,
    z.enum(ESCALATION_STATUSES, { error: "escalation_status" }).optional(),
  ),
  /** A username / id; "" or "none" with `unassign` clears it. */
  assignee: z.preprocess(blankToUndefined, UserRefSchema.optional()),
  unassign: z.boolean().optional(),
  priority: z.preprocess(blankToUndefined, PrioritySchema.optional()),
  note: z.preprocess(blankToUndefined, LongText("escalation_note", NOTE_MAX).optional()),
  resolutionSummary: z.preprocess(
    (v) => (v === null || v === undefined ? undefined : v),
    LongText("escalation_summary", SUMMARY_MAX).optional(),
  ),
  resolutionPublic: z.boolean().optional(),
});
export type UpdateEscalationInput = z.infer<typeof UpdateEscalationSchema>;

export const TeamSchema = z.object({
  slug: z
    .string({ error: "team_slug" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { error: "team_slug" }),
  nameVi: z
    .string({ error: "team_name" })
    .trim()
    .min(2, { error: "team_name" })
    .max(60, { error: "team_name" })
    .regex(NO_CONTROL, { error: "invalid_chars" }),
  nameEn: z
    .string({ error: "team_name" })
    .trim()
    .min(2, { error: "team_name" })
    .max(60, { error: "team_name" })
    .regex(NO_CONTROL, { error: "invalid_chars" }),
});
export const RenameTeamSchema = TeamSchema.omit({ slug: true });
export const TeamMemberSchema = z.object({ username: UserRefSchema });

/** Query string of the escalations board and API: ?status=active|all|<status>&team=slug&priority=P1&assignee=name&cursor= */
export const EscalationFilterSchema = z.object({
  status: z.preprocess(
    blankToUndefined,
    z.enum(["active", "all", ...ESCALATION_STATUSES], { error: "escalation_status" }).default("active"),
  ),
  team: z.preprocess(
    blankToUndefined,
    z.string().max(80).regex(SLUG_RE, { error: "escalation_team" }).optional(),
  ),
  priority: z.preprocess(blankToUndefined, PrioritySchema.optional()),
  assignee: z.preprocess(blankToUndefined, UserRefSchema.optional()),
});
export type EscalationFilter = z.infer<typeof EscalationFilterSchema>;

export function statusesFor(status: EscalationFilter["status"]): string[] {
  if (status === "active") return ["open", "in_progress", "waiting_on_customer"];
  if (status === "all") return [...ESCALATION_STATUSES];
  return [status];
}
