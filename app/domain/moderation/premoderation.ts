/**
 * Pre-moderation: which new posts wait for a moderator's approval before anyone else sees them.
 * A pre-moderated board holds every post; a brand may also hold new members' first N posts. Staff never wait.
 */
import type { ModerationReason } from "./flags";

export interface PremoderationInput {
  role: "member" | "moderator" | "admin";
  boardPremoderated: boolean;
  /** Posts of the author already published (approved, or published without review). */
  approvedPosts: number;
  /** Settings: new members' first N posts wait (0 = off). */
  newMemberPremodPosts: number;
}

/** null: publish now; otherwise why the post waits for approval. */
export function premoderationReason(
  i: PremoderationInput,
): Extract<ModerationReason, "premoderation_board" | "premoderation_new_member"> | null {
  if (i.role === "moderator" || i.role === "admin") return null;
  if (i.boardPremoderated) return "premoderation_board";
  if (i.newMemberPremodPosts > 0 && i.approvedPosts < i.newMemberPremodPosts)
    return "premoderation_new_member";
  return null;
}

/** Who may see a post that is not visible: its author and staff (and, for visible posts, everyone). */
export function canSeePost(
  post: { state: string; authorId: string },
  viewer: { id: string; role: string } | null,
): boolean {
  if (post.state === "visible") return true;
  if (!viewer) return false;
  return viewer.id === post.authorId || viewer.role === "moderator" || viewer.role === "admin";
}
