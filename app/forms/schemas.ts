/**
 * What users type, shared by the browser and the server. Error messages are i18n keys under "errors.".
 * Shape only: rules that need the database (thread exists, not your own post) live in the services.
 */
import { z } from "zod";

export const TITLE_MIN = 10;
export const TITLE_MAX = 150;

const trimmed = z.string().transform((s) => s.trim());

/** NUL and other control characters cannot be stored in PostgreSQL text (or are invisible tricks). */
// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** Board slugs and usernames as they appear in URLs. */
export const SLUG_RE = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const USERNAME_RE = /^[a-zA-Z0-9_.-]{3,30}$/;

export const UsernameSchema = z
  .string({ error: "username_required" })
  .trim()
  .min(3, { error: "username_length" })
  .max(30, { error: "username_length" })
  .regex(/^[a-zA-Z0-9_.-]+$/, { error: "username_chars" });

export const EmailSchema = z
  .string({ error: "email_required" })
  .trim()
  .max(254, { error: "email_invalid" })
  .pipe(z.email({ error: "email_invalid" }));

export const PasswordSchema = z
  .string({ error: "password_required" })
  .min(8, { error: "password_length" })
  .max(128, { error: "password_length" })
  .regex(NO_CONTROL, { error: "invalid_chars" });

export const SignupSchema = z.object({
  username: UsernameSchema,
  email: EmailSchema,
  password: PasswordSchema,
});
export type SignupInput = z.infer<typeof SignupSchema>;

export const LoginSchema = z.object({
  login: z
    .string({ error: "login_missing" })
    .trim()
    .min(1, { error: "login_missing" })
    .max(254)
    .regex(NO_CONTROL, { error: "invalid_chars" }),
  password: z
    .string({ error: "password_required" })
    .min(1, { error: "password_required" })
    .max(128)
    .regex(NO_CONTROL, { error: "invalid_chars" }),
});
export type LoginInput = z.infer<typeof LoginSchema>;

export const TitleSchema = trimmed.pipe(
  z.string().min(TITLE_MIN, { error: "title_too_short" }).max(TITLE_MAX, { error: "title_too_long" }),
);

/** The body arrives as the editor's JSON document (validated further by domain/forum validateDoc). */
export const BodySchema = z.unknown();

export const AskSchema = z.object({
  board: z
    .string({ error: "board_required" })
    .trim()
    .min(1, { error: "board_required" })
    .regex(SLUG_RE, { error: "board_unknown" }),
  title: z
    .string({ error: "title_too_short" })
    .regex(NO_CONTROL, { error: "invalid_chars" })
    .pipe(TitleSchema),
  body: BodySchema,
});
export type AskInput = z.infer<typeof AskSchema>;

export const ReplySchema = z.object({ body: BodySchema });

export const VoteSchema = z.object({
  value: z.union([z.literal(1), z.literal(-1), z.literal(0)], { error: "vote_value" }),
});

export const AcceptSchema = z.object({
  replyId: z
    .number({ error: "reply_id" })
    .int({ error: "reply_id" })
    .positive({ error: "reply_id" })
    .max(Number.MAX_SAFE_INTEGER, { error: "reply_id" })
    .nullable(),
});

export type FieldErrorMap = Record<string, string>;

/** Flattens zod issues to one error key per field (the first one). */
export function fieldErrors(error: z.ZodError): FieldErrorMap {
  const out: FieldErrorMap = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    if (!out[key]) out[key] = issue.message && /^[a-z_]+$/.test(issue.message) ? issue.message : "invalid";
  }
  return out;
}

export const FLAG_REASONS = ["spam", "abusive", "off_topic", "needs_staff"] as const;

export const FlagSchema = z.object({
  reason: z.enum(FLAG_REASONS, { error: "flag_reason" }),
  note: z
    .string({ error: "flag_note" })
    .max(500, { error: "flag_note" })
    .regex(NO_CONTROL, { error: "invalid_chars" })
    .optional()
    .default(""),
});
