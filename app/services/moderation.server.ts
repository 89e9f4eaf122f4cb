/**
 * Flags, the review queue and pre-moderation settings. Members flag (with the flag privilege); enough
 * distinct flags hide a post at once; moderators rule on each queued post (approve, hide, delete as spam or
 * abuse, dismiss flags, reject). Every moderator action is one transaction with its audit entry.
 */
import type { AppDeps } from "~/deps.server";
import type { Tx } from "~db/client";
import { findPostForWrite, findPostThread, findThreadForWrite, lockThread } from "~/data/threads.server";
import { bumpBadgeStats, lockUsers } from "~/data/reputation.server";
import { insertFlag } from "~/data/post-actions.server";
import {
  bumpFlaggerAccuracy,
  bumpPostFlagCount,
  countOpenFlags,
  findBoardPremoderation,
  findPostToPublish,
  findReviewItem,
  resolveOpenFlags,
  resolveReviewItemRow,
  setBoardPremoderated,
  setPostModeration,
  setThreadModeration,
  upsertFlaggedItem,
} from "~/data/review-queue.server";
import { getModerationSettings, putSetting } from "~/data/settings.server";
import { recordAudit } from "~/data/audit.server";
import { enqueueEvent } from "~/data/outbox.server";
import { isStaff, type Actor, requireAdminRole, requireStaffRole } from "~/domain/forum";
import { requirePrivilege } from "~/domain/reputation";
import {
  decideReview,
  hiddenByFlags,
  isReviewOutcome,
  MODERATION_SETTING_LIMITS,
  RESOLUTION,
  type ModerationSettings,
  type PostModerationState,
  type ReviewKind,
  type ReviewOutcome,
} from "~/domain/moderation";
import { AppError, forbidden, notFound } from "~/domain/shared/app-error";
import { FlagSchema, fieldErrors } from "~/forms/schemas";
import { awardBadges } from "./reputation.server";
import { publishQuestion, publishReply } from "./forum.server";
import { writeHotRollups } from "~/data/rollups.server";
import { removePostIn } from "./post-actions.server";
import { refreshSearchDocs } from "~/data/search.server";

/**
 * One flag per member per post; needs the flag privilege. The post's review item counts it, and when the
 * distinct open flags reach the community's threshold the post is hidden at once (its thread too, for a
 * question). Webhook subscribers hear "post.flagged" through the outbox, in the same transaction.
 */
export async function flagPost(
  deps: AppDeps,
  actor: Actor,
  postId: number,
  input: { reason?: unknown; note?: unknown },
) {
  const parsed = FlagSchema.safeParse({
    reason: input.reason,
    note: input.note === null || input.note === undefined ? undefined : input.note,
  });
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
    // Lock order: thread → post → members (a flag may hide the question's thread).
    const head = await findPostThread(tx, postId);
    if (!head) throw notFound("post");
    await lockThread(tx, head.threadId);
    const post = await findPostForWrite(tx, postId);
    if (!post || post.deletedAt) throw notFound("post");
    const me = (await lockUsers(tx, [actor.id])).get(actor.id);
    if (!me) throw new AppError("unauthenticated", "login_required", "Log in first");
    // A post the flagger cannot see (awaiting approval, hidden) cannot be flagged by them.
    if (post.moderationState !== "visible" && !isStaff(me) && post.authorId !== actor.id)
      throw notFound("post");
    requirePrivilege(me, "flag");
    if (post.authorId === actor.id) throw forbidden("flag_own_post", "You cannot flag your own post");
    const created = await insertFlag(tx, {
      postId,
      userId: actor.id,
      reason: parsed.data.reason,
      note: parsed.data.note.trim(),
      createdAt: now,
    });
    if (!created) throw new AppError("conflict", "already_flagged", "You have already flagged this post");
    await bumpPostFlagCount(tx, postId);
    const itemId = await upsertFlaggedItem(tx, postId, now);
    const settings = await getModerationSettings(tx);
    const distinct = await countOpenFlags(tx, postId);
    const hidden = hiddenByFlags({
      distinctOpenFlags: distinct,
      threshold: settings.flagHideThreshold,
      state: post.moderationState as PostModerationState,
    });
    if (hidden) {
      await setPostModeration(tx, postId, "hidden", "flags", now);
      if (post.isQuestion) await setThreadModeration(tx, post.threadId, "hidden");
      await refreshSearchDocs(tx, [post.threadId]);
    }
    await enqueueEvent(
      tx,
      "post.flagged",
      {
        flagId: created.id,
        postId,
        threadId: post.threadId,
        reason: parsed.data.reason,
        openFlags: distinct,
        hidden,
        reviewItemId: itemId,
      },
      now,
    );
    await bumpBadgeStats(tx, actor.id, { flagsCast: 1 });
    await awardBadges(tx, [actor.id], now);
    return { flagId: created.id, hidden, reviewItemId: itemId };
  });
}

const AUDIT_ACTION: Record<ReviewOutcome, string> = {
  approve: "post.approve",
  hide: "post.hide",
  delete_spam: "post.delete_spam",
  delete_abuse: "post.delete_abuse",
  dismiss: "post.dismiss_flags",
  reject: "post.reject",
};

/**
 * A moderator's ruling on one queue item. Approving a post that waited for approval publishes it (counters,
 * response times, badges apply now); deleting as spam/abuse goes through the same removal as the thread
 * page, so the reputation penalty applies; open flags are upheld or dismissed and each flagger's accuracy
 * record moves. The item is resolved and the action audited, all in one transaction.
 */
export async function resolveReviewItem(
  deps: AppDeps,
  actor: Actor,
  itemId: number,
  input: { outcome?: unknown },
) {
  requireStaffRole(actor);
  const outcome = input.outcome;
  if (!isReviewOutcome(outcome)) {
    throw new AppError("invalid", "invalid_input", "Choose what to do with this post", {
      outcome: "review_outcome",
    });
  }
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const peek = await findReviewItem(tx, itemId);
    if (!peek) throw notFound("review_item");
    // Lock order: thread → post → review item → members.
    const head = await findPostThread(tx, peek.postId);
    if (!head) throw notFound("post");
    await lockThread(tx, head.threadId);
    const post = await findPostForWrite(tx, peek.postId);
    if (!post) throw notFound("post");
    const item = await findReviewItem(tx, itemId, true);
    if (!item) throw notFound("review_item");
    if (item.status !== "open")
      throw new AppError("conflict", "review_resolved", "Another moderator has already handled this post");
    const before = {
      state: post.moderationState,
      reason: post.moderationReason,
      deleted: !!post.deletedAt,
    };
    const d = decideReview(item.kind as ReviewKind, outcome, {
      state: before.state as PostModerationState,
      reason: before.reason,
    });
    if (d.publish && post.deletedAt) throw notFound("post");

    if (d.removal) {
      await removePostIn(tx, actor, post.id, d.removal, now, { fromReviewQueue: true });
    }
    await setPostModeration(tx, post.id, d.state, d.reason, now);
    if (post.isQuestion) await setThreadModeration(tx, post.threadId, d.threadState);
    if (d.publish) await publish(tx, deps, post.id, now);
    else await refreshSearchDocs(tx, [post.threadId]);

    const flaggers = await resolveOpenFlags(tx, post.id, d.flags, actor.id, now);
    await bumpFlaggerAccuracy(tx, flaggers, d.flags);
    await resolveReviewItemRow(tx, item.id, RESOLUTION[outcome], actor.id, now);
    const after = { state: d.state, reason: d.reason, deleted: before.deleted || !!d.removal };
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: AUDIT_ACTION[outcome],
        targetType: "post",
        targetId: post.id,
        before,
        after: { ...after, flags: { [d.flags]: flaggers.length }, reviewItemId: item.id },
        search: post.threadTitle,
      },
      now,
    );
    return { itemId: item.id, postId: post.id, threadId: post.threadId, outcome, state: d.state };
  });
}

/** A pending post becomes public now: the deferred side effects of asking / replying apply. */
async function publish(tx: Tx, deps: AppDeps, postId: number, now: Date) {
  const p = await findPostToPublish(tx, postId);
  if (!p) throw notFound("post");
  if (p.isQuestion) {
    await lockUsers(tx, [p.authorId]);
    const published = await publishQuestion(
      tx,
      deps,
      { threadId: p.threadId, postId: p.id, boardId: p.boardId, authorId: p.authorId },
      `${p.title}\n${p.bodyText}`,
      now,
    );
    await writeHotRollups(tx, published.hot);
    return;
  }
  const thread = await findThreadForWrite(tx, p.threadId);
  if (!thread) throw notFound("thread");
  const author = (await lockUsers(tx, [p.authorId])).get(p.authorId);
  if (!author) throw notFound("user");
  const published = await publishReply(tx, deps, thread, { postId: p.id, author }, p.bodyText, now);
  await writeHotRollups(tx, published.hot);
}

/** Admins change the community's flag threshold and new-member pre-moderation; audited with before/after. */
export async function updateModerationSettings(deps: AppDeps, actor: Actor, input: Record<string, unknown>) {
  requireAdminRole(actor, "Only administrators can change this");
  const fields: Record<string, string> = {};
  const values: Partial<ModerationSettings> = {};
  for (const key of Object.keys(MODERATION_SETTING_LIMITS) as (keyof ModerationSettings)[]) {
    const raw = input[key];
    if (raw === undefined || raw === null) continue;
    const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
    const [min, max] = MODERATION_SETTING_LIMITS[key];
    const n = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) fields[key] = "setting_range";
    else values[key] = n;
  }
  if (Object.keys(fields).length)
    throw new AppError("invalid", "invalid_input", "Please correct the marked fields", fields);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await getModerationSettings(tx);
    const changed = (Object.keys(values) as (keyof ModerationSettings)[]).filter(
      (k) => values[k] !== before[k],
    );
    for (const key of changed) {
      await putSetting(tx, key, values[key], actor.id, now);
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: "setting.update",
          targetType: "setting",
          targetId: key,
          before: { [key]: before[key] },
          after: { [key]: values[key] },
        },
        now,
      );
    }
    return { settings: { ...before, ...values }, changed };
  });
}

/** Admins switch a board's pre-moderation on or off; audited. */
export async function setBoardPremoderation(
  deps: AppDeps,
  actor: Actor,
  boardId: number,
  input: { premoderated?: unknown },
) {
  requireAdminRole(actor, "Only administrators can change this");
  const raw = input.premoderated;
  const on = raw === true || raw === "true" || raw === "on" || raw === "1";
  const off = raw === false || raw === "false" || raw === "off" || raw === "0";
  if (!on && !off)
    throw new AppError("invalid", "invalid_input", "Choose on or off", { premoderated: "invalid" });
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const board = await findBoardPremoderation(tx, boardId);
    if (!board) throw notFound("board");
    if (board.premoderated !== on) {
      await setBoardPremoderated(tx, boardId, on);
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: "board.premoderation",
          targetType: "board",
          targetId: boardId,
          before: { premoderated: board.premoderated },
          after: { premoderated: on },
          search: board.slug,
        },
        now,
      );
    }
    return { boardId, slug: board.slug, premoderated: on };
  });
}
