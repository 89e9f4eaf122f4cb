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
import { insertFlag, insertRevision } from "~/data/post-actions.server";
import { refreshThreadMood } from "~/data/listening.server";
import { isStaff, normalizeTags, type Actor } from "~/domain/forum";
import { REPUTATION, requirePrivilege } from "~/domain/reputation";
import { AppError, forbidden, notFound } from "~/domain/shared/app-error";
import { FlagSchema, TitleSchema, fieldErrors } from "~/forms/schemas";
import { prepareBody } from "./post-body.server";
import { awardBadges, reversalsFor, settle } from "./reputation.server";
import { refreshTriage, rescorePost } from "./listening.server";

type Removal = "deleted" | "spam";

/**
 * Deleting an answer reverses exactly the reputation it gave (votes, acceptance); removing it as spam or
 * abuse also costs its author the spam penalty. Questions are closed or removed through moderation instead.
 */
async function removePost(deps: AppDeps, actor: Actor, postId: number, kind: Removal) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Lock order everywhere: thread → post → members.
    const head = await findPostThread(tx, postId);
    if (!head) throw notFound("post");
    await lockThread(tx, head.threadId);
    const post = await findPostForWrite(tx, postId);
    if (!post) throw notFound("post");
    if (post.deletedAt) {
      // Deleted by its author first: a moderator can still mark it as spam, and the penalty still applies.
      if (kind !== "spam" || post.deletedReason === "spam") throw notFound("post");
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
      await markDeletedAsSpam(tx, postId, actor.id);
      return { postId, threadId: post.threadId };
    }
    if (post.isQuestion) {
      throw new AppError("rule_violated", "delete_question", "A question is removed by closing its thread");
    }
    if (kind === "spam" && !isStaff(actor))
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
    if (kind === "spam") {
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
    await uncountReply(tx, thread.id);
    await refreshThreadMood(tx, thread.id);
    await refreshTriage(tx, thread.id, now);
    await bumpBoardCounters(tx, thread.boardId, { posts: -1, at: now });
    await bumpUserCounters(tx, post.authorId, { answers: -1 });
    return { postId, threadId: thread.id };
  });
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
    await rescorePost(tx, deps, postId, now);
    await refreshTriage(tx, post.threadId, now);
    await bumpBadgeStats(tx, actor.id, { editsMade: 1 });
    await awardBadges(tx, [actor.id], now);
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
    return { threadId, tags: tags.tags };
  });
}

/** One flag per member per post; needs the flag privilege. (Review and hiding: the moderation module.) */
export async function flagPost(
  deps: AppDeps,
  actor: Actor,
  postId: number,
  input: { reason?: unknown; note?: unknown },
) {
  const parsed = FlagSchema.safeParse(input);
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
    const post = await findPostForWrite(tx, postId);
    if (!post || post.deletedAt) throw notFound("post");
    const me = (await lockUsers(tx, [actor.id])).get(actor.id);
    if (!me) throw new AppError("unauthenticated", "login_required", "Log in first");
    requirePrivilege(me, "flag");
    if (post.authorId === actor.id) throw forbidden("flag_own_post", "You cannot flag your own post");
    const created = await insertFlag(tx, {
      postId,
      userId: actor.id,
      reason: parsed.data.reason,
      note: parsed.data.note,
      createdAt: now,
    });
    if (!created) throw new AppError("conflict", "already_flagged", "You have already flagged this post");
    await bumpBadgeStats(tx, actor.id, { flagsCast: 1 });
    await awardBadges(tx, [actor.id], now);
    return { flagId: created.id };
  });
}
