/**
 * Who is told about what. A pure function from one forum event to the notifications it causes: each member
 * gets at most one notification per event (the most specific kind wins: mention > reply to your thread >
 * followed thread/board/tag), the member who acted gets none, and followers are capped per event.
 */

/** Kinds created here (the badge and champion kinds come from the reputation/community services). */
export const ENGAGEMENT_KINDS = [
  "reply",
  "accepted",
  "mention",
  "thread_reply",
  "followed_thread",
  "escalation_update",
] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

export const isEngagementKind = (k: string): k is EngagementKind =>
  (ENGAGEMENT_KINDS as readonly string[]).includes(k);

/**
 * At most this many followers are notified by one event (one INSERT … SELECT-sized batch inside the post's
 * transaction). Followers beyond it are skipped for that event; see docs/decisions (notifications fan-out).
 */
export const FANOUT_CAP = 1000;

export type FollowTargetType = "board" | "tag" | "thread";
export const FOLLOW_TARGET_TYPES: readonly FollowTargetType[] = ["board", "tag", "thread"];
export const isFollowTargetType = (v: unknown): v is FollowTargetType =>
  typeof v === "string" && (FOLLOW_TARGET_TYPES as readonly string[]).includes(v);

export interface FollowTarget {
  targetType: FollowTargetType;
  targetKey: string;
}

interface Common {
  threadId: number;
  title: string;
  /** The acting member's username (shown in the notification). */
  actor: string;
  actorId: string;
}

export type EngagementEvent =
  | (Common & {
      type: "reply";
      postId: number;
      threadAuthorId: string;
      mentionedIds: string[];
      followerIds: string[];
    })
  | (Common & {
      type: "question";
      postId: number;
      mentionedIds: string[];
      boardFollowerIds: string[];
      tagFollowerIds: string[];
    })
  | (Common & { type: "accepted"; postId: number; answerAuthorId: string })
  | (Common & {
      type: "escalation";
      threadAuthorId: string;
      change: "status" | "resolution";
      status?: string;
    });

export interface NotificationRow {
  userId: string;
  kind: EngagementKind;
  data: Record<string, unknown>;
}

/** The notifications one event causes, in a stable order. */
export function recipientsFor(ev: EngagementEvent): NotificationRow[] {
  const out: NotificationRow[] = [];
  const seen = new Set<string>([ev.actorId]);
  const base = { threadId: ev.threadId, title: ev.title, actor: ev.actor };
  const add = (userId: string, kind: EngagementKind, data: Record<string, unknown>) => {
    if (seen.has(userId)) return false;
    seen.add(userId);
    out.push({ userId, kind, data });
    return true;
  };
  // Followers share one budget per event (board and tag followers together).
  let budget = FANOUT_CAP;
  const addFollowers = (ids: string[], kind: EngagementKind, data: Record<string, unknown>) => {
    for (const id of ids) {
      if (budget <= 0) return;
      if (add(id, kind, data)) budget--;
    }
  };
  switch (ev.type) {
    case "reply": {
      const data = { ...base, postId: ev.postId };
      for (const id of ev.mentionedIds) add(id, "mention", data);
      add(ev.threadAuthorId, "reply", data);
      addFollowers(ev.followerIds, "thread_reply", data);
      break;
    }
    case "question": {
      const data = { ...base, postId: ev.postId };
      for (const id of ev.mentionedIds) add(id, "mention", data);
      addFollowers(ev.boardFollowerIds, "followed_thread", { ...data, via: "board" });
      addFollowers(ev.tagFollowerIds, "followed_thread", { ...data, via: "tag" });
      break;
    }
    case "accepted":
      add(ev.answerAuthorId, "accepted", { ...base, postId: ev.postId });
      break;
    case "escalation":
      add(ev.threadAuthorId, "escalation_update", {
        ...base,
        change: ev.change,
        ...(ev.status ? { status: ev.status } : {}),
      });
      break;
  }
  return out;
}

/** What a new thread's board and tags are followed as. */
export function followTargetsForThread(boardId: number, tags: string[]): FollowTarget[] {
  return [
    { targetType: "board", targetKey: String(boardId) },
    ...tags.map((tag) => ({ targetType: "tag" as const, targetKey: tag })),
  ];
}
