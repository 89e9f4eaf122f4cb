/**
 * Admin forms of the governance slice (webhooks, board ownership, roles). Shape only; the URL policy lives in
 * domain/moderation (checkWebhookUrl) and the rest in the services. Messages are keys under "govErrors.".
 */
import { z } from "zod";
import { WEBHOOK_EVENT_NAMES } from "~/domain/moderation/webhooks";

// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export const WEBHOOK_SECRET_MIN = 16;
export const WEBHOOK_SECRET_MAX = 200;

const Events = z
  .array(z.enum(WEBHOOK_EVENT_NAMES, { error: "events_invalid" }), { error: "events_required" })
  .min(1, { error: "events_required" })
  .transform((xs) => [...new Set(xs)].sort());

export const WebhookCreateSchema = z.object({
  url: z
    .string({ error: "url_invalid" })
    .trim()
    .min(1, { error: "url_invalid" })
    .max(2000, { error: "url_invalid" }),
  /** Empty → the server generates one (shown once). */
  secret: z
    .string({ error: "secret_length" })
    .trim()
    .regex(NO_CONTROL, { error: "secret_length" })
    .refine((s) => s === "" || (s.length >= WEBHOOK_SECRET_MIN && s.length <= WEBHOOK_SECRET_MAX), {
      error: "secret_length",
    })
    .optional()
    .default(""),
  events: Events,
  active: z.boolean().optional().default(true),
});

export const WebhookUpdateSchema = z.object({
  events: Events,
  active: z.boolean({ error: "invalid" }),
});

export const OwnerTransferSchema = z.object({
  username: z
    .string({ error: "username_required" })
    .trim()
    .min(1, { error: "username_required" })
    .max(30, { error: "user_not_found" })
    .regex(/^[a-zA-Z0-9_.-]+$/, { error: "user_not_found" }),
});

export const RoleChangeSchema = z.object({
  role: z.enum(["member", "moderator", "admin"], { error: "role_invalid" }),
});
