/**
 * Forum rules that decide, without I/O, whether an action is allowed and what it changes:
 * voting (one vote per member per post, no self-votes) and accepting an answer (asker or staff).
 */
import { AppError, forbidden } from "../shared/app-error";

export type Role = "member" | "moderator" | "admin";
export type VoteValue = -1 | 0 | 1;

export interface Actor {
  id: string;
  role: Role;
}

/** The staff roles (moderator, admin): for queries that select or leave out staff (isStaff for one actor). */
export const STAFF_ROLES = ["moderator", "admin"] as const;

export const isStaff = (actor: Pick<Actor, "role"> | null | undefined) =>
  actor?.role === "moderator" || actor?.role === "admin";

/** Server-side role checks for services: staff (moderator or admin) and admin only. */
export function requireStaffRole(actor: Pick<Actor, "role">, message = "Only moderators can do this") {
  if (!isStaff(actor)) throw forbidden("staff_only", message);
}
export function requireAdminRole(actor: Pick<Actor, "role">, message = "Only administrators can do this") {
  if (actor.role !== "admin") throw forbidden("admin_only", message);
}

export interface VoteChange {
  /** The member's vote after the action (0 = no vote). */
  value: VoteValue;
  scoreDelta: number;
  upDelta: number;
  downDelta: number;
  changed: boolean;
}

/**
 * Voting again with the same value keeps it (idempotent, safe for retries); 0 removes a vote;
 * the opposite value switches it.
 */
export function decideVote(
  voter: Actor,
  post: { authorId: string },
  current: VoteValue,
  requested: VoteValue,
): VoteChange {
  if (voter.id === post.authorId) {
    throw new AppError("forbidden", "vote_own_post", "You cannot vote on your own post");
  }
  const up = (v: VoteValue) => (v === 1 ? 1 : 0);
  const down = (v: VoteValue) => (v === -1 ? 1 : 0);
  return {
    value: requested,
    scoreDelta: requested - current,
    upDelta: up(requested) - up(current),
    downDelta: down(requested) - down(current),
    changed: requested !== current,
  };
}

export interface AcceptTarget {
  thread: { id: number; authorId: string; acceptedPostId: number | null };
  /** The reply to accept; null un-accepts. */
  reply: { id: number; threadId: number; isQuestion: boolean } | null;
}

export interface AcceptDecision {
  acceptedPostId: number | null;
  previousPostId: number | null;
  status: "open" | "solved";
  changed: boolean;
}

export function decideAccept(actor: Actor, { thread, reply }: AcceptTarget): AcceptDecision {
  if (actor.id !== thread.authorId && !isStaff(actor)) {
    throw new AppError(
      "forbidden",
      "accept_not_asker",
      "Only the person who asked (or a moderator) can accept an answer",
    );
  }
  if (reply && (reply.threadId !== thread.id || reply.isQuestion)) {
    throw new AppError("invalid", "accept_wrong_reply", "That reply does not belong to this thread", {
      replyId: "not_in_thread",
    });
  }
  const acceptedPostId = reply ? reply.id : null;
  return {
    acceptedPostId,
    previousPostId: thread.acceptedPostId,
    status: acceptedPostId === null ? "open" : "solved",
    changed: acceptedPostId !== thread.acceptedPostId,
  };
}

export const THREAD_FILTERS = ["newest", "active", "unanswered", "solved"] as const;
export type ThreadFilter = (typeof THREAD_FILTERS)[number];

export function parseThreadFilter(raw: string | null | undefined): ThreadFilter {
  return (THREAD_FILTERS as readonly string[]).includes(raw ?? "") ? (raw as ThreadFilter) : "newest";
}

/** Which timestamp orders a list under a filter (the keyset key). */
export function filterSortKey(filter: ThreadFilter): "createdAt" | "lastActivityAt" {
  return filter === "active" || filter === "solved" ? "lastActivityAt" : "createdAt";
}
