/**
 * What members and staff do to an existing post: delete it, remove it as spam, edit it (with revisions),
 * retag its thread, flag it. Privileges come from domain/reputation and are checked here, on the server.
 */
import type { AppDeps } from "~/deps.server";
import {
  findPostForWrite,
  findPostThread,
  findThreadForWrite,
  lockThread,
  markDeletedAsSpam,
  setAccepted,
  setThreadTags,
  setThreadTitle,
  softDeletePost,
  uncountReply,
  updatePostBody,
} from "~/data/threads.server";
import { bumpBoardCounters } from "~/data/boards.server";
import { bumpUserCounters } from "~/data/users.server";
import { bumpBadgeStats, lockUsers, type LedgerWrite } from "~/data/reputation.server";
import { insertRevision } from "~/data/post-actions.server";
import { recordAudit } from "~/data/audit.server";
import { setThreadModeration } from "~/data/review-queue.server";
import type { Tx } from "~db/client";
import { refreshThreadMood } from "~/data/listening.server";
import { isStaff, normalizeTags, type Actor } from "~/domain/forum";
import { REPUTATION, requirePrivilege } from "~/domain/reputation";
import { AppError, forbidden, notFound } from "~/domain/shared/app-error";
import { TitleSchema, fieldErrors } from "~/forms/schemas";
import { prepareBody } from "./post-body.server";
import { awardBadges, reversalsFor, settle } from "./reputation.server";
import { refreshTriage, rescorePost } from "./listening.server";
import { refreshSearchDocs } from "~/data/search.server";
import { publishThreadEvent } from "./live.server";

type Removal = "deleted" | "spam" | "abuse";

/**
 * Deleting an answer reverses exactly the reputation it gave (votes, acceptance); removing it as spam or
 * abuse also costs its author the spam penalty. Questions are closed or removed through moderation instead.
 */
async function removePost(deps: AppDeps, actor: Actor, postId: number, kind: Removal) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const result = await removePostIn(tx, actor, postId, kind, now);
    // A member deleting their own post is not a moderation action; anything else is audited.
    if (kind !== "deleted" || result.authorId !== actor.id) {
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: kind === "deleted" ? "post.delete" : `post.${kind}`,
          targetType: "post",
          targetId: postId,
          before: { deleted: false },
          after: { deleted: true, reason: kind },
          search: `thread ${result.threadId}`,
        },
        now,
      );
    }
    return result;
  });
}

/**
 * The removal inside the caller's transaction (the review queue removes as spam/abuse with its own steps).
 * Only from the review queue may a moderator remove a question as spam/abuse: the thread is then hidden.
 * A post that never became public (pending, rejected) was never counted, so no counter moves back.
 */
export async function removePostIn(
  tx: Tx,
  actor: Actor,
  postId: number,
  kind: Removal,
  now: Date,
  opts: { fromReviewQueue?: boolean } = {},
) {
  // Lock order everywhere: thread → post → members.
  const head = await findPostThread(tx, postId);
  if (!head) throw notFound("post");
  await lockThread(tx, head.threadId);
  const post = await findPostForWrite(tx, postId);
  if (!post) throw notFound("post");
  if (post.deletedAt) {
    // Deleted by its author first: a moderator can still mark it as spam, and the penalty still applies.
    if (kind === "deleted" || post.deletedReason === "spam" || post.deletedReason === "abuse")
      throw notFound("post");
    if (!isStaff(actor)) throw forbidden("staff_only", "Only moderators can remove posts as spam");
    const locked = await lockUsers(tx, [post.authorId, actor.id]);
    await settle(
      tx,
      [
        {
          userId: post.authorId,
          points: REPUTATION.removedAsSpam,
          reason: "removed_as_spam",
          postId,
          actorId: actor.id,
          boardId: post.boardId,
        },
      ],
      locked,
      now,
    );
    await markDeletedAsSpam(tx, postId, actor.id, kind);
    return { postId, threadId: post.threadId, authorId: post.authorId };
  }
  // From the thread page a question is closed, not removed; the review queue may remove a spam question.
  if (post.isQuestion && !(opts.fromReviewQueue && kind !== "deleted" && isStaff(actor))) {
    throw new AppError("rule_violated", "delete_question", "A question is removed by closing its thread");
  }
  if (kind !== "deleted" && !isStaff(actor))
    throw forbidden("staff_only", "Only moderators can remove posts as spam");
  if (kind === "deleted" && actor.id !== post.authorId && !isStaff(actor)) {
    throw forbidden("delete_not_author", "Only the author or a moderator can delete this post");
  }
  const thread = await findThreadForWrite(tx, post.threadId);
  if (!thread) throw notFound("thread");
  // What the post still gives or costs anyone (its author, voters' downvote costs, the asker's accept
  // bonus). The post row is locked, so no vote on it can change this before we commit.
  const entries: LedgerWrite[] = await reversalsFor(tx, { postId, boardId: post.boardId });
  const locked = await lockUsers(tx, [
    post.authorId,
    actor.id,
    thread.authorId,
    ...entries.map((e) => e.userId),
  ]);
  if (thread.acceptedPostId === postId) {
    await setAccepted(tx, thread.id, null, "open", now);
    if (post.authorId !== thread.authorId) await bumpUserCounters(tx, post.authorId, { accepted: -1 });
  }
  if (kind !== "deleted") {
    entries.push({
      userId: post.authorId,
      points: REPUTATION.removedAsSpam,
      reason: "removed_as_spam",
      postId,
      actorId: actor.id,
      boardId: post.boardId,
    });
  }
  await settle(tx, entries, locked, now);
  await softDeletePost(tx, postId, actor.id, kind, now);
  // Pending or rejected posts were never counted (pre-moderation defers every counter to approval).
  const counted = post.moderationState !== "pending" && post.moderationState !== "rejected";
  if (post.isQuestion) {
    await setThreadModeration(tx, thread.id, "hidden");
    if (counted) {
      await bumpBoardCounters(tx, thread.boardId, { threads: -1, posts: -1, at: now });
      await bumpUserCounters(tx, post.authorId, { questions: -1 });
    }
  } else if (counted) {
    await uncountReply(tx, thread.id);
    await bumpBoardCounters(tx, thread.boardId, { posts: -1, at: now });
    await bumpUserCounters(tx, post.authorId, { answers: -1 });
  }
  await refreshThreadMood(tx, thread.id);
  await refreshTriage(tx, thread.id, now);
  await refreshSearchDocs(tx, [thread.id]);
  await publishThreadEvent(tx, thread.id, { kind: "deleted", postId });
  return { postId, threadId: thread.id, authorId: post.authorId };
}

export const deletePost = (deps: AppDeps, actor: Actor, postId: number) =>
  removePost(deps, actor, postId, "deleted");
export const removeAsSpam = (deps: AppDeps, actor: Actor, postId: number) =>
  removePost(deps, actor, postId, "spam");

/** Edits a post; the previous version is kept as a revision. Others' posts need the edit privilege. */
export async function editPost(
  deps: AppDeps,
  actor: Actor,
  postId: number,
  input: { body?: unknown; bodyText?: string | null; title?: unknown },
) {
  const fields: Record<string, string> = {};
  let body: ReturnType<typeof prepareBody> | null = null;
  try {
    body = prepareBody(input.body, { plainText: input.bodyText });
  } catch (e) {
    if (e instanceof AppError && e.fields) Object.assign(fields, e.fields);
    else throw e;
  }
  let title: string | null = null;
  if (input.title !== undefined && input.title !== null) {
    const t = TitleSchema.safeParse(input.title);
    if (t.success) title = t.data;
    else Object.assign(fields, { title: fieldErrors(t.error).form ?? "title_too_short" });
  }
  if (!body || Object.keys(fields).length) {
    throw new AppError("invalid", "invalid_input", "Please correct the marked fields", fields);
  }
  const now = deps.clock.now();
  const prepared = body;
  return deps.db.transaction(async (tx) => {
    const head = await findPostThread(tx, postId);
    if (!head) throw notFound("post");
    if (head.isQuestion) await lockThread(tx, head.threadId);
    const post = await findPostForWrite(tx, postId);
    if (!post || post.deletedAt) throw notFound("post");
    const locked = await lockUsers(tx, [actor.id]);
    const me = locked.get(actor.id);
    if (!me) throw new AppError("unauthenticated", "login_required", "Log in first");
    if (actor.id !== post.authorId) requirePrivilege(me, "edit_posts");
    await insertRevision(tx, {
      postId,
      revision: post.revision,
      title: post.isQuestion ? post.threadTitle : null,
      bodyJson: post.bodyJson,
      bodyHtml: post.bodyHtml,
      editorId: actor.id,
      createdAt: now,
    });
    const revision = await updatePostBody(
      tx,
      postId,
      { json: prepared.doc, html: prepared.html, text: prepared.text },
      actor.id,
      now,
    );
    if (title !== null && post.isQuestion) await setThreadTitle(tx, post.threadId, title);
    if (actor.id !== post.authorId) {
      // Someone else's post (a moderator, or a member with the edit privilege): the audit log keeps it.
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: "post.edit",
          targetType: "post",
          targetId: postId,
          before: { revision: post.revision, ...(post.isQuestion ? { title: post.threadTitle } : {}) },
          after: { revision, ...(post.isQuestion && title !== null ? { title } : {}) },
          search: post.isQuestion ? post.threadTitle : undefined,
        },
        now,
      );
    }
    await rescorePost(tx, deps, postId, now);
    await refreshTriage(tx, post.threadId, now);
    await refreshSearchDocs(tx, [post.threadId], [postId]);
    await bumpBadgeStats(tx, actor.id, { editsMade: 1 });
    await awardBadges(tx, [actor.id], now);
    await publishThreadEvent(tx, post.threadId, { kind: "edited", postId });
    return { postId, threadId: post.threadId, revision };
  });
}

/** Replaces a thread's tags: the asker always may; others need the edit-tags privilege. */
export async function retagThread(deps: AppDeps, actor: Actor, threadId: number, input: { tags?: unknown }) {
  const tags = normalizeTags(input.tags ?? []);
  if (!tags.ok)
    throw new AppError("invalid", "invalid_input", "Please correct the tags", { tags: tags.error });
  return deps.db.transaction(async (tx) => {
    const thread = await findThreadForWrite(tx, threadId);
    if (!thread) throw notFound("thread");
    const me = (await lockUsers(tx, [actor.id])).get(actor.id);
    if (!me) throw new AppError("unauthenticated", "login_required", "Log in first");
    if (actor.id !== thread.authorId) requirePrivilege(me, "edit_tags");
    await setThreadTags(tx, threadId, tags.tags);
    if (actor.id !== thread.authorId && isStaff(actor))
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: "thread.retag",
          targetType: "thread",
          targetId: threadId,
          before: { tags: thread.tags },
          after: { tags: tags.tags },
        },
        deps.clock.now(),
      );
    return { threadId, tags: tags.tags };
  });
}

// flagPost lives in services/moderation.server.ts (flags, review queue, pre-moderation).
