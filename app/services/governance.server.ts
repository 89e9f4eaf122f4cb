/**
 * Governance actions of admins: transfer a board's ownership (history kept) and change a member's role.
 * Both are audited in their own transaction (board.owner, user.role).
 */
import type { AppDeps } from "~/deps.server";
import type { Actor } from "~/domain/forum";
import {
  findBoardForWrite,
  findUserByUsernameForWrite,
  lockAdmins,
  setBoardOwner,
} from "~/data/governance.server";
import { setUserRole } from "~/data/users.server";
import { deleteUserSessions } from "~/data/auth-tokens.server";
import { recordAudit } from "~/data/audit.server";
import { canOwnBoard, roleChangeProblem } from "~/domain/moderation/governance";
import { AppError, forbidden, notFound } from "~/domain/shared/app-error";
import { fieldErrors } from "~/forms/schemas";
import { OwnerTransferSchema, RoleChangeSchema } from "~/forms/governance";

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** Makes `username` (a moderator or admin) the owner of the board; the previous owner stays in the history. */
export async function transferBoardOwnership(
  deps: AppDeps,
  actor: Actor,
  input: { board: string; username?: unknown },
) {
  if (actor.role !== "admin") throw forbidden("admin_only", "Only admins transfer board ownership");
  if (!SLUG.test(input.board)) throw notFound("board");
  const parsed = OwnerTransferSchema.safeParse({ username: input.username });
  if (!parsed.success) {
    throw new AppError(
      "invalid",
      "invalid_input",
      "Please correct the marked fields",
      fieldErrors(parsed.error),
    );
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const board = await findBoardForWrite(tx, input.board);
    if (!board) throw notFound("board");
    const to = await findUserByUsernameForWrite(tx, parsed.data.username);
    if (!to) {
      throw new AppError("invalid", "invalid_input", "No member has that username", {
        username: "user_not_found",
      });
    }
    if (!canOwnBoard(to.role)) {
      throw new AppError("rule_violated", "owner_not_staff", "Board owners are moderators or admins", {
        username: "owner_not_staff",
      });
    }
    if (board.ownerId === to.id) {
      throw new AppError("conflict", "same_owner", "That member already owns the board", {
        username: "same_owner",
      });
    }
    const from = board.ownerId;
    await setBoardOwner(tx, {
      boardId: board.id,
      fromUserId: from,
      toUserId: to.id,
      actorId: actor.id,
      at: now,
    });
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "board.owner",
        targetType: "board",
        targetId: board.id,
        before: { ownerId: from },
        after: { ownerId: to.id, owner: to.username },
        search: `${board.slug} ${to.username}`,
      },
      now,
    );
    return { boardId: board.id, ownerId: to.id, owner: to.username };
  });
}

/** Changes a member's role (admins only); the last admin can never be demoted. */
export async function changeUserRole(
  deps: AppDeps,
  actor: Actor,
  input: { username: string; role?: unknown },
) {
  if (actor.role !== "admin") throw forbidden("admin_only", "Only admins change roles");
  const parsed = RoleChangeSchema.safeParse({ role: input.role });
  if (!parsed.success) {
    throw new AppError(
      "invalid",
      "invalid_input",
      "Please correct the marked fields",
      fieldErrors(parsed.error),
    );
  }
  const role = parsed.data.role;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Admins first (all of them, id order), then the target: the same order in every role change.
    const adminCount = await lockAdmins(tx);
    const target = await findUserByUsernameForWrite(tx, input.username);
    if (!target) throw notFound("user");
    const problem = roleChangeProblem({
      actorRole: actor.role,
      currentRole: target.role,
      newRole: role,
      adminCount,
    });
    if (problem === "admin_only") throw forbidden("admin_only", "Only admins change roles");
    if (problem === "same_role") {
      throw new AppError("conflict", "same_role", "The member already has that role", { role: "same_role" });
    }
    if (problem === "last_admin") {
      throw new AppError("rule_violated", "last_admin", "The last admin cannot be demoted", {
        role: "last_admin",
      });
    }
    await setUserRole(tx, target.id, role);
    // A privilege change ends every session of the member (they log in again with the new role).
    await deleteUserSessions(tx, target.id);
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "user.role",
        targetType: "user",
        targetId: target.id,
        before: { role: target.role },
        after: { role },
        search: target.username,
      },
      now,
    );
    return { userId: target.id, username: target.username, before: target.role, role };
  });
}
