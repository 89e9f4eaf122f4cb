/**
 * Shared member pages (ADR 017): how a page render learns that it is rendered once for every member who sees the
 * same thing, and how it tells the cache what that page depends on. server.js passes `sharedPage` in the load
 * context (from `res.locals`, set by the page cache's member path); loaders read it with `sharedPageViewer`.
 * Browser-safe: root.tsx imports it.
 */
import type { Role } from "~/domain/forum";
import type { FollowTarget } from "~/domain/pages/shared-page";

/** Stands in for the member's id in a shared page's data (it matches no author). */
export const SHARED_VIEWER_ID = "shared-viewer";

/**
 * What a page's render depended on besides the page itself (and the member's privileges, which the cache knows),
 * reported by the page's loader. A render in shared mode whose loader reports nothing is never shared.
 */
export interface SharedPageFacts {
  /** Ids of the posts shown, and their authors (a member who wrote one of them gets their own render). */
  postIds: number[];
  authorIds: string[];
  /** The member's votes on the posts shown. */
  votes: Record<string, number>;
  /** The page's follow button, and whether the member follows it. */
  follow: FollowTarget | null;
  following: boolean;
  /** False when the page shows something only this member sees (their own post, their own thread). */
  shareable: boolean;
}

/** The facts of a list page (home, board, tag): nothing of the member's besides what it follows. */
export function listPageFacts(follow: FollowTarget | null, following: boolean): SharedPageFacts {
  return { postIds: [], authorIds: [], votes: {}, follow, following, shareable: true };
}

export interface SharedPageViewer {
  id: string;
  username: string;
  role: Role;
  reputation: number;
  /** The text the header renders where the member's own part goes (random per process). */
  slot: string;
  report(facts: SharedPageFacts): void;
}

export function sharedPageViewer(context: unknown): SharedPageViewer | null {
  const v = (context as { sharedPage?: SharedPageViewer } | null | undefined)?.sharedPage;
  return v && typeof v.slot === "string" ? v : null;
}
