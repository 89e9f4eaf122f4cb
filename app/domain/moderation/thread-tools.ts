/**
 * Thread tools: who may still reply to a thread (locked, closed, merged), and which moderator changes are
 * allowed (close with a reason, reopen, lock, pin, move, merge). Each `decide*` returns the columns to write,
 * or `changed: false` when the thread is already in the asked state (a resubmitted form does nothing).
 */
import { diffWordsWithSpace } from "diff";
import { AppError } from "../shared/app-error";

export const CLOSE_REASONS = ["duplicate", "resolved", "off_topic"] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
export const isCloseReason = (v: unknown): v is CloseReason =>
  typeof v === "string" && (CLOSE_REASONS as readonly string[]).includes(v);

export const THREAD_TOOL_ACTIONS = [
  "lock",
  "unlock",
  "close",
  "reopen",
  "pin",
  "unpin",
  "move",
  "merge",
] as const;
export type ThreadToolAction = (typeof THREAD_TOOL_ACTIONS)[number];

/** The thread columns the rules look at. */
export interface ThreadToolState {
  id: number;
  boardId: number;
  lockedAt: Date | null;
  closedAt: Date | null;
  closeReason: string | null;
  duplicateOfId: number | null;
  pinnedAt: Date | null;
  mergedIntoId: number | null;
}

type Staffish = { role: string } | null | undefined;
const staff = (a: Staffish) => a?.role === "moderator" || a?.role === "admin";

export type ReplyBlock = "merged" | "closed" | "locked";

/**
 * Why a viewer cannot reply, or null when they can. Merged wins (the thread is only a redirect), then
 * closed (nobody replies until a moderator reopens it), then locked (staff still may).
 */
export function replyBlock(
  actor: Staffish,
  t: Pick<ThreadToolState, "lockedAt" | "closedAt" | "mergedIntoId">,
): ReplyBlock | null {
  if (t.mergedIntoId !== null) return "merged";
  if (t.closedAt !== null) return "closed";
  if (t.lockedAt !== null && !staff(actor)) return "locked";
  return null;
}

/** Throws the error a reply to this thread gets, if any. */
export function assertCanReply(
  actor: (Staffish & { id?: string }) | null,
  t: Pick<ThreadToolState, "lockedAt" | "closedAt" | "mergedIntoId"> & {
    moderationState?: string;
    authorId?: string;
  },
) {
  // A thread awaiting approval or hidden by moderation: staff may reply; its author is told why; others never see it.
  if (t.moderationState !== undefined && t.moderationState !== "visible" && !staff(actor)) {
    if (actor?.id !== undefined && actor.id === t.authorId)
      throw new AppError(
        "rule_violated",
        "thread_not_public",
        "This thread is not public yet: replies wait until a moderator approves it",
      );
    throw new AppError("not_found", "not_found", "thread not found");
  }
  const block = replyBlock(actor, t);
  if (block === "merged")
    throw new AppError("rule_violated", "thread_merged", "This thread was merged into another one");
  if (block === "closed")
    throw new AppError("rule_violated", "thread_closed", "This thread is closed: reopen it to reply");
  if (block === "locked")
    throw new AppError("rule_violated", "thread_locked", "This thread is locked: only staff can reply");
}

export interface ThreadPatch {
  changed: boolean;
  set: Partial<{
    lockedAt: Date | null;
    lockedBy: string | null;
    closedAt: Date | null;
    closedBy: string | null;
    closeReason: CloseReason | null;
    duplicateOfId: number | null;
    pinnedAt: Date | null;
    boardId: number;
  }>;
}

const unchanged: ThreadPatch = { changed: false, set: {} };

function notMerged(t: ThreadToolState) {
  if (t.mergedIntoId !== null)
    throw new AppError("rule_violated", "thread_merged", "This thread was merged into another one");
}

export function decideLock(t: ThreadToolState, lock: boolean, actorId: string, now: Date): ThreadPatch {
  notMerged(t);
  if (lock === (t.lockedAt !== null)) return unchanged;
  return {
    changed: true,
    set: lock ? { lockedAt: now, lockedBy: actorId } : { lockedAt: null, lockedBy: null },
  };
}

export function decidePin(t: ThreadToolState, pin: boolean, now: Date): ThreadPatch {
  notMerged(t);
  if (pin === (t.pinnedAt !== null)) return unchanged;
  return { changed: true, set: { pinnedAt: pin ? now : null } };
}

/**
 * Closing needs a reason; "duplicate" needs the original thread, which must exist, be another thread and
 * not itself be merged away (it would be a link to a redirect).
 */
export function decideClose(
  t: ThreadToolState,
  input: { reason: CloseReason; duplicateOf: { id: number; mergedIntoId: number | null } | null },
  actorId: string,
  now: Date,
): ThreadPatch {
  notMerged(t);
  if (t.closedAt !== null)
    throw new AppError("conflict", "thread_already_closed", "This thread is already closed");
  let duplicateOfId: number | null = null;
  if (input.reason === "duplicate") {
    const original = input.duplicateOf;
    if (!original)
      throw new AppError("invalid", "invalid_input", "Give the original thread", {
        duplicateOf: "duplicate_required",
      });
    if (original.id === t.id)
      throw new AppError("invalid", "invalid_input", "A thread cannot duplicate itself", {
        duplicateOf: "duplicate_self",
      });
    if (original.mergedIntoId !== null)
      throw new AppError("invalid", "invalid_input", "The original thread was merged away", {
        duplicateOf: "duplicate_merged",
      });
    duplicateOfId = original.id;
  }
  return {
    changed: true,
    set: { closedAt: now, closedBy: actorId, closeReason: input.reason, duplicateOfId },
  };
}

export function decideReopen(t: ThreadToolState): ThreadPatch {
  notMerged(t);
  if (t.closedAt === null) return unchanged;
  return {
    changed: true,
    set: { closedAt: null, closedBy: null, closeReason: null, duplicateOfId: null },
  };
}

export function decideMove(t: ThreadToolState, boardId: number): ThreadPatch {
  notMerged(t);
  if (t.boardId === boardId)
    throw new AppError("invalid", "invalid_input", "The thread is already on this board", {
      board: "move_same_board",
    });
  return { changed: true, set: { boardId } };
}

/** Merging moves every post of `source` into `target`; both must be live threads, and different ones. */
export function assertCanMerge(source: ThreadToolState, target: ThreadToolState) {
  notMerged(source);
  if (source.id === target.id)
    throw new AppError("invalid", "invalid_input", "A thread cannot be merged into itself", {
      target: "merge_self",
    });
  if (target.mergedIntoId !== null)
    throw new AppError("invalid", "invalid_input", "That thread was itself merged away", {
      target: "merge_target_merged",
    });
}

/**
 * A thread reference typed by a moderator: "123", "#123", "/t/123" or a full URL of a thread page
 * (any host: staff paste links from the browser). Anything else is null.
 */
export function parseThreadRef(input: string): number | null {
  const s = input.trim();
  if (!s || s.length > 500) return null;
  const m =
    /^#?(\d{1,15})$/.exec(s) ?? /^(?:[a-z][a-z0-9+.-]*:\/\/[^/\s]+)?\/t\/(\d{1,15})(?:[/?#]\S*)?$/i.exec(s);
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** What the thread page shows of the tools (built by services/thread-tools getThreadToolsView). */
export interface ThreadToolsView {
  threadId: number;
  boardId: number;
  locked: boolean;
  closed: boolean;
  closeReason: string | null;
  duplicateOf: { id: number; title: string } | null;
  pinned: boolean;
  /** Why the viewer cannot reply (null: they can). */
  replyBlocked: ReplyBlock | null;
  /** Staff only: boards to move the thread to. */
  boards: { id: number; slug: string; nameVi: string; nameEn: string }[];
}

export type DiffPart = { kind: "same" | "ins" | "del"; text: string };

/** A word-level diff of two plain texts (jsdiff), adjacent parts of the same kind joined. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const out: DiffPart[] = [];
  for (const c of diffWordsWithSpace(before, after)) {
    if (!c.value) continue;
    const kind: DiffPart["kind"] = c.added ? "ins" : c.removed ? "del" : "same";
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += c.value;
    else out.push({ kind, text: c.value });
  }
  return out;
}

/** How many words a diff inserts and deletes (for a short summary next to the diff). */
export function diffStats(parts: DiffPart[]) {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  let inserted = 0;
  let deleted = 0;
  for (const p of parts) {
    if (p.kind === "ins") inserted += words(p.text);
    if (p.kind === "del") deleted += words(p.text);
  }
  return { inserted, deleted };
}
