/**
 * Shared member pages (ADR 017): how a page render learns that it is rendered once for every member who sees the
 * same thing, and how it tells the cache what that page depends on. server.js passes `sharedPage` in the load
 * context (from `res.locals`, set by the page cache's member path); loaders read it with `sharedPageViewer`.
 * Browser-safe: root.tsx imports it.
 */
import type { Role } from "~/domain/forum";

/** Stands in for the member's id in a shared page's data (it matches no author). */
export const SHARED_VIEWER_ID = "shared-viewer";

/** What the thread page's render depended on, besides the thread: reported by its loader. */
export interface SharedPageFacts {
  /** Ids of the posts shown, and their authors (a member who wrote one of them gets their own render). */
  postIds: number[];
  authorIds: string[];
  /** The member's votes on the posts shown, and whether they follow the thread. */
  votes: Record<string, number>;
  following: boolean;
  privileges: string[];
  /** False when the page shows something only this member sees (their own post, their own thread). */
  shareable: boolean;
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
