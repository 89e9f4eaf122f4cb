/**
 * Live thread updates: the small event sent when a thread changes (a reply, a vote, an accepted answer, an
 * edit, a deletion), and how an open page folds those events into "what changed since I loaded".
 * Events carry ids and counts only; the page fetches details by revalidating its loader.
 */
export const LIVE_KINDS = ["reply", "vote", "accepted", "edited", "deleted"] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

export interface LiveEvent {
  threadId: number;
  kind: LiveKind;
  /** The post concerned; for "accepted", the newly accepted answer (null: unaccepted). */
  postId: number | null;
  /** The post's score after a vote. */
  score?: number;
  /** The thread's visible reply count after the change, when known. */
  replyCount?: number;
}

/** NOTIFY payloads are limited (8000 bytes); ours never get near that. Anything longer is not ours. */
const MAX_PAYLOAD = 512;

const isId = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v > 0;
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
const isKind = (v: unknown): v is LiveKind => (LIVE_KINDS as readonly unknown[]).includes(v);

/** The wire form: only the known fields, in a fixed order. */
export function encodeLiveEvent(e: LiveEvent): string {
  const out: LiveEvent = { threadId: e.threadId, kind: e.kind, postId: e.postId };
  if (e.score !== undefined) out.score = e.score;
  if (e.replyCount !== undefined) out.replyCount = e.replyCount;
  return JSON.stringify(out);
}

/** Parses a payload from the channel or the stream; anything malformed is null (never throws). */
export function decodeLiveEvent(raw: string): LiveEvent | null {
  if (raw.length > MAX_PAYLOAD) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!v || typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  if (!isId(o.threadId) || !isKind(o.kind)) return null;
  const postId = o.postId === null || o.postId === undefined ? null : o.postId;
  if (postId !== null && !isId(postId)) return null;
  // Only "accepted" may have no post (the answer was unaccepted).
  if (postId === null && o.kind !== "accepted") return null;
  if (o.score !== undefined && !isCount(o.score)) return null;
  if (o.replyCount !== undefined && (!isCount(o.replyCount) || o.replyCount < 0)) return null;
  const e: LiveEvent = { threadId: o.threadId, kind: o.kind, postId };
  if (o.score !== undefined) e.score = o.score as number;
  if (o.replyCount !== undefined) e.replyCount = o.replyCount as number;
  return e;
}

/** What an open page has heard since its data was loaded. */
export interface LiveState {
  /** New reply ids, in arrival order, without duplicates. */
  replyIds: number[];
  /** The latest score heard for each post. */
  scores: Record<number, number>;
  /** Something other than a reply or a vote happened (or events may have been missed). */
  changed: boolean;
}

export const emptyLiveState = (): LiveState => ({ replyIds: [], scores: {}, changed: false });

/** Folds one event ("resync": the stream reconnected and may have missed events) into the state. */
export function applyLiveEvent(state: LiveState, event: LiveEvent | "resync"): LiveState {
  if (event === "resync") return { ...state, changed: true };
  switch (event.kind) {
    case "reply":
      if (event.postId === null || state.replyIds.includes(event.postId)) return state;
      return { ...state, replyIds: [...state.replyIds, event.postId] };
    case "vote":
      if (event.postId === null || event.score === undefined) return state;
      return { ...state, scores: { ...state.scores, [event.postId]: event.score } };
    default:
      return { ...state, changed: true };
  }
}

/** What the notice should offer, given the posts the page shows now. */
export function pendingChanges(state: LiveState, shownPostIds: ReadonlySet<number>) {
  const fresh = state.replyIds.filter((id) => !shownPostIds.has(id));
  return { newReplies: fresh.length, otherChanges: state.changed, firstNewPostId: fresh[0] ?? null };
}
