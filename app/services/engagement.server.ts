/**
 * Following and the notifications members get about forum events. The notify* functions run inside the
 * transaction of the event that causes them (a reply, a new thread, an accepted answer, an escalation update),
 * so a notification exists exactly when its cause committed. Notifications are written through
 * data/reputation insertNotifications (one multi-row INSERT per event, whatever the number of recipients).
 */
import type { AppDeps } from "~/deps.server";
import type { Tx } from "~db/client";
import {
  boardExists,
  deleteFollow,
  findPostNotifyFacts,
  findThreadNotifyFacts,
  findUserIdsByUsernames,
  insertFollows,
  markOneRead,
  publicThreadExists,
  selectFollowerIds,
} from "~/data/engagement.server";
import { insertNotifications } from "~/data/reputation.server";
import {
  extractMentions,
  FANOUT_CAP,
  isFollowTargetType,
  mentionableText,
  recipientsFor,
  type FollowTarget,
} from "~/domain/engagement";
import { normalizeTags, type Actor, type RichTextNode } from "~/domain/forum";
import { AppError, notFound } from "~/domain/shared/app-error";

const invalidTarget = () =>
  new AppError("invalid", "follow_target_invalid", "Unknown thing to follow", {
    target: "follow_target_invalid",
  });

/** Checks what the member asked to follow and returns it in its stored form. */
async function parseTarget(
  deps: AppDeps,
  input: { targetType?: unknown; targetKey?: unknown },
): Promise<FollowTarget> {
  const type = input.targetType;
  const key = typeof input.targetKey === "string" ? input.targetKey.trim() : "";
  if (!isFollowTargetType(type) || !key || key.length > 64) throw invalidTarget();
  if (type === "tag") {
    const tags = normalizeTags(key);
    if (!tags.ok || tags.tags.length !== 1) throw invalidTarget();
    return { targetType: "tag", targetKey: tags.tags[0]! };
  }
  if (!/^\d{1,15}$/.test(key)) throw invalidTarget();
  const id = Number(key);
  if (type === "board") {
    if (id > 2_147_483_647 || !(await boardExists(deps.db, id))) throw notFound("board");
  } else if (!(await publicThreadExists(deps.db, id))) throw notFound("thread");
  return { targetType: type, targetKey: String(id) };
}

/** Follows or unfollows a board, a tag or a thread. Idempotent: following twice keeps one follow. */
export async function setFollow(
  deps: AppDeps,
  actor: Actor,
  input: { targetType?: unknown; targetKey?: unknown; follow: boolean },
): Promise<{ target: FollowTarget; following: boolean; changed: boolean }> {
  const target = await parseTarget(deps, input);
  const now = deps.clock.now();
  const changed = await deps.db.transaction((tx) =>
    input.follow ? insertFollows(tx, actor.id, [target], now) : deleteFollow(tx, actor.id, target),
  );
  return { target, following: input.follow, changed: changed > 0 };
}

/** Asking or answering follows the thread (inside the post's transaction). */
export async function autoFollowThread(tx: Tx, userId: string, threadId: number, now: Date) {
  await insertFollows(tx, userId, [{ targetType: "thread", targetKey: String(threadId) }], now);
}

async function mentionedIds(tx: Tx, body: unknown, title = ""): Promise<string[]> {
  const doc = body && typeof body === "object" ? (body as RichTextNode) : null;
  const names = extractMentions(`${title}\n${doc ? mentionableText(doc) : ""}`);
  return findUserIdsByUsernames(tx, names);
}

/** A question became public: mentioned members, then followers of its board and tags. */
export async function notifyQuestionPublished(tx: Tx, postId: number, now: Date) {
  const f = await findPostNotifyFacts(tx, postId);
  if (!f) return;
  const [mentioned, boardFollowers, tagFollowers] = await Promise.all([
    mentionedIds(tx, f.bodyJson, f.title),
    selectFollowerIds(tx, "board", [String(f.boardId)], f.authorId, FANOUT_CAP),
    selectFollowerIds(tx, "tag", f.tags, f.authorId, FANOUT_CAP),
  ]);
  const rows = recipientsFor({
    type: "question",
    threadId: f.threadId,
    postId,
    title: f.title,
    actor: f.authorUsername,
    actorId: f.authorId,
    mentionedIds: mentioned,
    boardFollowerIds: boardFollowers,
    tagFollowerIds: tagFollowers,
  });
  await insertNotifications(tx, rows, now);
}

/**
 * A reply became public: mentioned members, the asker, then the thread's followers. `known`: the facts the
 * caller has at hand (what findPostNotifyFacts would read).
 */
export async function notifyReplyPublished(
  tx: Tx,
  postId: number,
  now: Date,
  known?: NonNullable<Awaited<ReturnType<typeof findPostNotifyFacts>>>,
) {
  const f = known ?? (await findPostNotifyFacts(tx, postId));
  if (!f) return;
  const [mentioned, followers] = await Promise.all([
    mentionedIds(tx, f.bodyJson),
    selectFollowerIds(tx, "thread", [String(f.threadId)], f.authorId, FANOUT_CAP),
  ]);
  const rows = recipientsFor({
    type: "reply",
    threadId: f.threadId,
    postId,
    title: f.title,
    actor: f.authorUsername,
    actorId: f.authorId,
    threadAuthorId: f.threadAuthorId,
    mentionedIds: mentioned,
    followerIds: followers,
  });
  await insertNotifications(tx, rows, now);
}

/** An answer was accepted: its author hears about it (unless they accepted it themselves). */
export async function notifyAnswerAccepted(
  tx: Tx,
  e: { threadId: number; postId: number; actorId: string; answerAuthorId: string },
  now: Date,
) {
  const f = await findThreadNotifyFacts(tx, e.threadId, e.actorId);
  if (!f) return;
  const rows = recipientsFor({ type: "accepted", ...e, title: f.title, actor: f.actor ?? "" });
  await insertNotifications(tx, rows, now);
}

/**
 * An escalation of a thread changed status or published its resolution: the thread's author hears about it.
 * Internal notes, assignments and priority changes are staff business and notify nobody.
 */
export async function notifyEscalationUpdate(
  tx: Tx,
  e: { threadId: number; actorId: string; change: "status" | "resolution"; status?: string },
  now: Date,
) {
  const f = await findThreadNotifyFacts(tx, e.threadId, e.actorId);
  if (!f) return;
  const rows = recipientsFor({
    type: "escalation",
    threadId: e.threadId,
    title: f.title,
    actor: f.actor ?? "",
    actorId: e.actorId,
    threadAuthorId: f.authorId,
    change: e.change,
    status: e.status,
  });
  await insertNotifications(tx, rows, now);
}

/** Marks one of the member's notifications read. */
export async function markNotificationRead(deps: AppDeps, actor: Actor, id: unknown) {
  const n = typeof id === "string" && /^\d{1,15}$/.test(id) ? Number(id) : typeof id === "number" ? id : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw notFound("notification");
  const now = deps.clock.now();
  const ok = await deps.db.transaction((tx) => markOneRead(tx, actor.id, n, now));
  if (!ok) throw notFound("notification");
  return { id: n };
}
