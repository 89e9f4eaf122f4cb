/**
 * Shared member pages (ADR 017), the pure rules: which members may be served the same rendered thread page, and
 * how a stored page is cut around the parts that differ per response (CSP nonce, the member's header).
 */

/** What a page's follow button follows, as its loader resolved it. */
export interface FollowTarget {
  targetType: "thread" | "board" | "tag";
  targetKey: string;
}

/** What one render of a page showed, kept beside its shared renders. */
export interface PageShape {
  postIds: number[];
  /** The thread's author and every shown post's author: their pages are their own. */
  authorIds: string[];
  /** The page's follow button (thread, board or tag); null: none. */
  follow: FollowTarget | null;
}

/** Everything besides the page that a member's page depends on (see the loaders' reports). */
export interface MemberView {
  privileges: readonly string[];
  following: boolean;
  votes: Readonly<Record<string, number>>;
}

/** A member may be served a shared render of a page whose shape does not show anything of theirs. */
export function mayShare(userId: string, shape: Pick<PageShape, "authorIds">): boolean {
  return !shape.authorIds.includes(userId);
}

/**
 * The key of a shared render: the page (language and URL) and the member's view of it. Members with the same view
 * (most readers: same privileges, no votes on the page, not following) share one render. Only the votes on the
 * shown posts count, in a fixed order, so the same view always gives the same key.
 */
export function sharedPageKey(page: string, view: MemberView, shownPostIds: readonly number[]): string {
  const shown = new Set(shownPostIds.map(String));
  const votes = Object.entries(view.votes)
    .filter(([id, v]) => shown.has(id) && v !== 0)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([id, v]) => `${id}${v > 0 ? "+" : "-"}`)
    .join(",");
  const privileges = [...view.privileges].sort().join(",");
  return `member ${page} p=${privileges} f=${view.following ? 1 : 0} v=${votes}`;
}

/** The key of a page's shape (one per page, whoever rendered it). */
export const shapeKey = (page: string) => `shape ${page}`;

/** A body cut at each occurrence of the given markers; `holes[i]` is the marker between `parts[i]` and `parts[i + 1]`. */
export interface CutBody {
  parts: string[];
  holes: string[];
}

export function cutBody(body: string, markers: Record<string, string>): CutBody {
  const names = Object.keys(markers).filter((n) => markers[n]);
  const parts: string[] = [];
  const holes: string[] = [];
  let at = 0;
  for (;;) {
    let best = -1;
    let name = "";
    for (const n of names) {
      const i = body.indexOf(markers[n]!, at);
      if (i >= 0 && (best < 0 || i < best)) {
        best = i;
        name = n;
      }
    }
    if (best < 0) break;
    parts.push(body.slice(at, best));
    holes.push(name);
    at = best + markers[name]!.length;
  }
  parts.push(body.slice(at));
  return { parts, holes };
}

/** The cut body filled: each hole gets its value (a hole without one gets its marker back... never: an empty string). */
export function fillBody<T extends string | Uint8Array>(
  cut: { parts: T[]; holes: string[] },
  values: Record<string, T>,
  empty: T,
): T[] {
  const out: T[] = [];
  cut.parts.forEach((p, i) => {
    if (i > 0) out.push(values[cut.holes[i - 1]!] ?? empty);
    out.push(p);
  });
  return out;
}
