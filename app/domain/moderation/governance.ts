/**
 * Governance: who owns each board, when a board is "at risk" of becoming a ghost board, and who may change a
 * member's role. (The listening command center has its own, sentiment-based, board risk in domain/listening.)
 */
import type { Role } from "~/domain/forum";

export const GOVERNANCE_RULES = {
  /** An owner with no visit and no post for this many days counts as inactive. */
  ownerInactiveDays: 30,
  /** Median time to first response is measured over threads asked in this many days. */
  responseWindowDays: 30,
} as const;

const DAY = 86_400_000;

export type OwnershipRisk = "no_owner" | "owner_not_staff" | "owner_inactive";

/** Last activity of an owner: the later of their last visit (a calendar day) and their last post. */
export function ownerLastActive(lastSeenOn: string | null, lastPostAt: Date | null): Date | null {
  // A visit day counts as active until the end of that day (UTC), so a visit today is never "inactive".
  const seen =
    lastSeenOn && /^\d{4}-\d{2}-\d{2}$/.test(lastSeenOn) ? new Date(`${lastSeenOn}T23:59:59.999Z`) : null;
  const valid = (d: Date | null) => (d && !Number.isNaN(d.getTime()) ? d : null);
  const a = valid(seen);
  const b = valid(lastPostAt);
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

/** Why a board is at risk, or null: no owner, an owner who is no longer staff, or one inactive for 30 days. */
export function boardOwnershipRisk(
  b: { owner: { role: Role; lastActiveAt: Date | null } | null },
  now: Date,
): OwnershipRisk | null {
  if (!b.owner) return "no_owner";
  if (b.owner.role === "member") return "owner_not_staff";
  const last = b.owner.lastActiveAt;
  if (!last || now.getTime() - last.getTime() >= GOVERNANCE_RULES.ownerInactiveDays * DAY) {
    return "owner_inactive";
  }
  return null;
}

/** Board owners are brand staff: they answer for the board. A member is promoted first. */
export const canOwnBoard = (role: Role) => role === "moderator" || role === "admin";

export type RoleChangeProblem = "admin_only" | "same_role" | "last_admin";

/**
 * Only admins change roles; a change to the current role is refused (nothing to record); the last admin can
 * never be demoted (by themselves or anyone), so the community always keeps someone who can manage roles.
 */
export function roleChangeProblem(input: {
  actorRole: Role;
  currentRole: Role;
  newRole: Role;
  adminCount: number;
}): RoleChangeProblem | null {
  if (input.actorRole !== "admin") return "admin_only";
  if (input.currentRole === input.newRole) return "same_role";
  if (input.currentRole === "admin" && input.adminCount <= 1) return "last_admin";
  return null;
}

export const ROLES: readonly Role[] = ["member", "moderator", "admin"];
export const isRole = (v: unknown): v is Role =>
  typeof v === "string" && (ROLES as readonly string[]).includes(v);
