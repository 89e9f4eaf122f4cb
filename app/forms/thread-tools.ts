/**
 * The moderator's thread tools form / API body: `{action, ...}`. Shape only — whether the original or target
 * thread exists, or the board is another one, is decided by the service and domain/moderation.
 */
import { z } from "zod";
import { CLOSE_REASONS, parseThreadRef } from "~/domain/moderation/thread-tools";
import { fieldErrors, type FieldErrorMap } from "./schemas";

const blankToUndefined = (v: unknown) =>
  v === null || (typeof v === "string" && v.trim() === "") ? undefined : v;

/** A thread id, "#id", "/t/id" or a thread URL. */
const ThreadRef = z.preprocess(
  (v) => (typeof v === "number" ? String(v) : v),
  z.string({ error: "thread_ref" }).transform((s, ctx) => {
    const id = parseThreadRef(s);
    if (id === null) {
      ctx.addIssue({ code: "custom", message: "thread_ref" });
      return z.NEVER;
    }
    return id;
  }),
);

/** A board by id (the select's value) or slug (the API). */
const BoardRef = z.preprocess(
  (v) => (typeof v === "string" && /^\d{1,9}$/.test(v.trim()) ? Number(v) : v),
  z.union(
    [
      z
        .number({ error: "board_required" })
        .int({ error: "board_required" })
        .positive({ error: "board_required" })
        .max(2_147_483_647, { error: "board_required" }),
      z
        .string({ error: "board_required" })
        .trim()
        .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, { error: "board_required" }),
    ],
    { error: "board_required" },
  ),
);

export const ThreadToolSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("lock") }),
    z.object({ action: z.literal("unlock") }),
    z.object({ action: z.literal("reopen") }),
    z.object({ action: z.literal("pin") }),
    z.object({ action: z.literal("unpin") }),
    z.object({
      action: z.literal("close"),
      reason: z.enum(CLOSE_REASONS, { error: "close_reason" }),
      duplicateOf: z.preprocess(blankToUndefined, ThreadRef.optional()),
    }),
    z.object({ action: z.literal("move"), board: z.preprocess(blankToUndefined, BoardRef) }),
    z.object({ action: z.literal("merge"), target: z.preprocess(blankToUndefined, ThreadRef) }),
  ],
  { error: "thread_action" },
);

export type ThreadToolInput = z.infer<typeof ThreadToolSchema>;

export function parseThreadTool(
  input: unknown,
): { ok: true; value: ThreadToolInput } | { ok: false; fields: FieldErrorMap } {
  const r = ThreadToolSchema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, fields: fieldErrors(r.error) };
}
