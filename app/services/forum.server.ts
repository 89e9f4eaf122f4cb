/**
 * Forum use cases: ask, answer, vote, accept. Each is one transaction: the post, the counters, the
 * reputation ledger (with caps, floor and anti-gaming rules from domain/reputation) and the badges
 * commit together or not at all.
 */
import type { AppDeps } from "~/deps.server";
import { findBoardBySlug, bumpBoardCounters } from "~/data/boards.server";
import {
  applyVoteDelta,
  findPostForWrite,
  findPostThread,
  findThreadForWrite,
  lockThread,
  findVote,
  getPostScore,
  insertPost,
  insertThread,
  saveVote,
  setAccepted,
  setQuestionPost,
  touchThreadAfterReply,
} from "~/data/threads.server";
import { bumpUserCounters } from "~/data/users.server";
import {
  bumpBadgeStats,
  countUpvotesToAuthorSince,
  insertSerialVoteLog,
  lockUsers,
  upvotePointsSince,
  type LedgerWrite,
} from "~/data/reputation.server";
import { decideAccept, decideVote, isStaff, normalizeTags, type Actor, type VoteValue } from "~/domain/forum";
import {
  acceptAward,
  dayKey,
  dayStart,
  isSerialVote,
  requirePrivilege,
  REPUTATION,
  voteAward,
  type LedgerReason,
} from "~/domain/reputation";
import { isWelcome } from "~/domain/badges";
import { assertCanReply } from "~/domain/moderation";
import { AppError, notFound, invalidInput } from "~/domain/shared/app-error";
import { AcceptSchema, AskSchema, VoteSchema, fieldErrors } from "~/forms/schemas";

import { prepareBody } from "./post-body.server";
import { awardBadges, reversalsFor, settle } from "./reputation.server";
import {
  autoFollowThread,
  notifyAnswerAccepted,
  notifyQuestionPublished,
  notifyReplyPublished,
} from "./engagement.server";
import { refreshTriage, scoreNewPost } from "./listening.server";
import { refreshSearchDocs } from "~/data/search.server";
import { bumpActivityDaily, markMemberActive, setFirstResponses } from "~/data/listening.server";
import { bumpApprovedPosts, findPremodFacts, insertPendingItem } from "~/data/review-queue.server";
import { getModerationSettings } from "~/data/settings.server";
import { premoderationReason } from "~/domain/moderation";
import type { Tx } from "~db/client";
import { publishThreadEvent } from "./live.server";
import { invalidateLists } from "./page-cache.server";

export async function askQuestion(
  deps: AppDeps,
  author: Actor,
  input: { board?: unknown; title?: unknown; body?: unknown; bodyText?: string | null; tags?: unknown },
) {
  const parsed = AskSchema.safeParse(input);
  const fields: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  let body: ReturnType<typeof prepareBody> | null = null;
  try {
    body = prepareBody(input.body, { plainText: input.bodyText });
  } catch (e) {
    if (e instanceof AppError && e.fields) Object.assign(fields, e.fields);
    else throw e;
  }
  const tags = normalizeTags(input.tags);
  if (!tags.ok) fields.tags = tags.error;
  if (!parsed.success || !body || !tags.ok) throw invalidInput(fields);
  const board = await findBoardBySlug(deps.db, parsed.data.board);
  if (!board) throw invalidInput({ board: "board_unknown" });
  const now = deps.clock.now();
  const prepared = body;
  return deps.db.transaction(async (tx) => {
    const locked = await lockUsers(tx, [author.id]);
    const me = locked.get(author.id);
    if (!me) throw new AppError("unauthenticated", "login_required", "Log in first");
    // Pre-moderation: a held question (and its thread) waits in the review queue; nothing counts yet.
    const held = await premoderationFor(tx, board.id, author.id);
    const thread = await insertThread(tx, {
      boardId: board.id,
      authorId: author.id,
      title: parsed.data.title,
      createdAt: now,
      lastActivityAt: now,
      isAuthorsFirst: me.questionCount === 0,
      tags: tags.tags,
      moderationState: held ? "pending" : "visible",
    });
    const post = await insertPost(tx, {
      threadId: thread.id,
      authorId: author.id,
      isQuestion: true,
      bodyJson: prepared.doc,
      bodyHtml: prepared.html,
      bodyText: prepared.text,
      createdAt: now,
      updatedAt: now,
      ...(held ? { moderationState: "pending", moderationReason: held } : {}),
    });
    await setQuestionPost(tx, thread.id, post.id);
    const result = { threadId: thread.id, postId: post.id, boardSlug: board.slug };
    if (held) {
      await insertPendingItem(tx, post.id, now);
      return { ...result, badges: [] as string[], pending: true };
    }
    const badges = await publishQuestion(
      tx,
      deps,
      { threadId: thread.id, postId: post.id, boardId: board.id, authorId: author.id },
      `${parsed.data.title}\n${prepared.text}`,
      now,
    );
    return { ...result, badges, pending: false };
  });
}

/** Why a new post by this member on this board waits for approval (null: publish now). */
async function premoderationFor(tx: Tx, boardId: number, authorId: string) {
  const [settings, facts] = await Promise.all([
    getModerationSettings(tx),
    findPremodFacts(tx, boardId, authorId),
  ]);
  return premoderationReason({ ...facts, newMemberPremodPosts: settings.newMemberPremodPosts });
}

/**
 * Everything that follows a question becoming public: counters, sentiment, activity, triage, badges. Runs
 * when it is asked, or when a moderator approves it (services/moderation.server.ts). The author is locked.
 */
export async function publishQuestion(
  tx: Tx,
  deps: AppDeps,
  q: { threadId: number; postId: number; boardId: number; authorId: string },
  text: string,
  now: Date,
) {
  await bumpBoardCounters(tx, q.boardId, { threads: 1, posts: 1, at: now });
  await bumpUserCounters(tx, q.authorId, { questions: 1 });
  await bumpApprovedPosts(tx, q.authorId);
  await scoreNewPost(tx, deps, { postId: q.postId, threadId: q.threadId, boardId: q.boardId, text, at: now });
  await bumpActivityDaily(tx, dayKey(now), q.boardId, { threads: 1 });
  await markMemberActive(tx, dayKey(now), q.authorId);
  await refreshTriage(tx, q.threadId, now);
  await refreshSearchDocs(tx, [q.threadId], [q.postId]);
  await autoFollowThread(tx, q.authorId, q.threadId, now);
  await notifyQuestionPublished(tx, q.postId, now);
  await invalidateLists(tx);
  const badges = await awardBadges(tx, [q.authorId], now);
  return badges.get(q.authorId) ?? [];
}

export async function postReply(
  deps: AppDeps,
  author: Actor,
  threadId: number,
  input: { body?: unknown; bodyText?: string | null },
) {
  const body = prepareBody(input.body, { plainText: input.bodyText });
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const thread = await findThreadForWrite(tx, threadId);
    if (!thread) throw notFound("thread");
    // Locked: only staff reply; closed or merged: nobody (thread tools, domain/moderation).
    assertCanReply(author, thread);
    const me = (await lockUsers(tx, [author.id])).get(author.id);
    // Pre-moderation: a held reply waits in the review queue; no counter, time or badge moves yet.
    const held = await premoderationFor(tx, thread.boardId, author.id);
    const post = await insertPost(tx, {
      threadId,
      authorId: author.id,
      isQuestion: false,
      bodyJson: body.doc,
      bodyHtml: body.html,
      bodyText: body.text,
      createdAt: now,
      updatedAt: now,
      ...(held ? { moderationState: "pending", moderationReason: held } : {}),
    });
    if (held) {
      await insertPendingItem(tx, post.id, now);
      return { threadId, postId: post.id, badges: [] as string[], pending: true };
    }
    const badges = await publishReply(
      tx,
      deps,
      thread,
      { postId: post.id, author: me ?? author },
      body.text,
      now,
    );
    return { threadId, postId: post.id, badges, pending: false };
  });
}

/**
 * Everything that follows a reply becoming public: thread and board counters, sentiment, response times,
 * activity, triage, the welcome badge. Runs when it is posted, or when a moderator approves it. The thread
 * and the author are locked by the caller.
 */
export async function publishReply(
  tx: Tx,
  deps: AppDeps,
  thread: NonNullable<Awaited<ReturnType<typeof findThreadForWrite>>>,
  p: { postId: number; author: Pick<Actor, "id" | "role"> },
  text: string,
  now: Date,
) {
  const threadId = thread.id;
  const author = p.author;
  await touchThreadAfterReply(tx, threadId, now);
  await bumpBoardCounters(tx, thread.boardId, { posts: 1, at: now });
  await bumpUserCounters(tx, author.id, { answers: 1 });
  await bumpApprovedPosts(tx, author.id);
  await scoreNewPost(tx, deps, { postId: p.postId, threadId, boardId: thread.boardId, text, at: now });
  // Response times, counted on the day the question was asked (so a period's rate covers its questions).
  const firstAnswer = author.id !== thread.authorId && !thread.firstAnswerAt;
  const firstStaff = isStaff(author) && author.id !== thread.authorId && !thread.firstStaffResponseAt;
  if (firstAnswer || firstStaff) {
    await setFirstResponses(tx, threadId, {
      firstAnswerAt: firstAnswer ? now : undefined,
      firstStaffResponseAt: firstStaff ? now : undefined,
    });
  }
  const waited = (now.getTime() - thread.createdAt.getTime()) / 1000;
  await bumpActivityDaily(tx, dayKey(now), thread.boardId, { replies: 1 });
  if (firstAnswer) {
    await bumpActivityDaily(tx, dayKey(thread.createdAt), thread.boardId, {
      firstResponseSeconds: waited,
      answeredWithin24h: waited <= 86_400 ? 1 : 0,
    });
  }
  await markMemberActive(tx, dayKey(now), author.id);
  await refreshTriage(tx, threadId, now);
  await refreshSearchDocs(tx, [threadId], [p.postId]);
  const welcome = isWelcome({
    questionIsAuthorsFirst: thread.isAuthorsFirst,
    questionAuthorId: thread.authorId,
    answererId: author.id,
    questionAt: thread.createdAt,
    answerAt: now,
  });
  if (welcome) await bumpBadgeStats(tx, author.id, { welcomes: 1 });
  await notifyReplyPublished(tx, p.postId, now);
  await autoFollowThread(tx, author.id, threadId, now);
  const badges = await awardBadges(tx, [author.id], now);
  // Open thread pages hear about it once this transaction commits (services/live.server.ts).
  await publishThreadEvent(tx, threadId, { kind: "reply", postId: p.postId });
  return badges.get(author.id) ?? [];
}

const VOTE_REASONS: readonly LedgerReason[] = [
  "question_upvoted",
  "answer_upvoted",
  "post_downvoted",
  "serial_vote_reversal",
];

export async function vote(deps: AppDeps, voter: Actor, postId: number, input: { value?: unknown }) {
  const parsed = VoteSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldErrors(parsed.error));
  const requested = parsed.data.value as VoteValue;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Lock order everywhere: thread → post → members. A question's vote also moves the thread's score.
    const head = await findPostThread(tx, postId);
    if (!head) throw notFound("post");
    if (head.isQuestion) await lockThread(tx, head.threadId);
    const post = await findPostForWrite(tx, postId);
    if (!post || post.deletedAt) throw notFound("post");
    const locked = await lockUsers(tx, [voter.id, post.authorId]);
    const me = locked.get(voter.id);
    if (!me) throw new AppError("unauthenticated", "login_required", "Log in first");
    const current = await findVote(tx, postId, voter.id);
    const change = decideVote(voter, post, current, requested);
    if (!change.changed) return { score: await getPostScore(tx, postId), value: change.value };
    if (requested === 1) requirePrivilege(me, "upvote");
    if (requested === -1) requirePrivilege(me, "downvote");

    // Undo exactly what the previous vote gave (to the author) and cost (the voter).
    const entries: LedgerWrite[] = [];
    if (current !== 0) {
      entries.push(
        ...(await reversalsFor(tx, {
          postId,
          actorId: voter.id,
          userId: post.authorId,
          reasons: VOTE_REASONS,
          boardId: post.boardId,
        })),
        ...(await reversalsFor(tx, {
          postId,
          actorId: voter.id,
          userId: voter.id,
          reasons: ["downvote_cast"],
          boardId: post.boardId,
        })),
      );
    }
    await saveVote(tx, postId, voter.id, change.value, now);
    const score = await applyVoteDelta(tx, post, change);
    await publishThreadEvent(tx, post.threadId, { kind: "vote", postId, score });

    let serial: { count: number; reversed: number } | null = null;
    if (requested !== 0) {
      const award = voteAward({
        voteValue: requested,
        postIsQuestion: post.isQuestion,
        voterReputation: me.reputation,
        authorUpvotePointsToday:
          requested === 1 ? await upvotePointsSince(tx, post.authorId, dayStart(now)) : 0,
      });
      const base = { postId, actorId: voter.id, boardId: post.boardId };
      entries.push({ ...base, userId: post.authorId, points: award.author, reason: award.reason });
      if (award.voter)
        entries.push({ ...base, userId: voter.id, points: award.voter, reason: "downvote_cast" });
      if (requested === 1 && award.author > 0) {
        const since = new Date(now.getTime() - REPUTATION.serialVoteWindowHours * 3_600_000);
        const count = await countUpvotesToAuthorSince(tx, voter.id, post.authorId, since);
        if (isSerialVote(count)) {
          entries.push({
            ...base,
            userId: post.authorId,
            points: -award.author,
            reason: "serial_vote_reversal",
          });
          serial = { count, reversed: award.author };
        }
      }
      await bumpBadgeStats(tx, voter.id, requested === 1 ? { upvotesCast: 1 } : { downvotesCast: 1 });
      if (requested === 1) {
        const accepted = post.acceptedPostId === post.id;
        await bumpBadgeStats(
          tx,
          post.authorId,
          {},
          post.isQuestion
            ? { bestQuestionScore: score }
            : { bestAnswerScore: score, ...(accepted ? { bestAcceptedScore: score } : {}) },
        );
      }
    }
    await settle(tx, entries, locked, now);
    await markMemberActive(tx, dayKey(now), voter.id);
    if (serial) {
      await insertSerialVoteLog(tx, {
        voterId: voter.id,
        authorId: post.authorId,
        postId,
        votesInWindow: serial.count,
        pointsReversed: serial.reversed,
        createdAt: now,
      });
    }
    const badges = await awardBadges(tx, [voter.id, post.authorId], now);
    return { score, value: change.value, badges: badges.get(voter.id) ?? [] };
  });
}

export async function acceptAnswer(
  deps: AppDeps,
  actor: Actor,
  threadId: number,
  input: { replyId?: unknown },
) {
  const parsed = AcceptSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldErrors(parsed.error));
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const thread = await findThreadForWrite(tx, threadId);
    if (!thread) throw notFound("thread");
    const replyId = parsed.data.replyId;
    const reply = replyId === null ? null : await findPostForWrite(tx, replyId);
    if (replyId !== null && (!reply || reply.deletedAt)) throw notFound("reply");
    const decision = decideAccept(actor, { thread, reply });
    if (!decision.changed) return decision;
    const prev =
      decision.previousPostId === null ? null : await findPostForWrite(tx, decision.previousPostId);
    // The reversals of the previous acceptance may credit someone else than today's asker (a thread whose
    // author changed): lock everyone a ledger entry will touch, in one sorted lock.
    const reversals = prev
      ? await reversalsFor(tx, {
          postId: prev.id,
          reasons: ["answer_accepted", "accepted_answer"],
          boardId: thread.boardId,
        })
      : [];
    const locked = await lockUsers(
      tx,
      [thread.authorId, actor.id, reply?.authorId, prev?.authorId, ...reversals.map((r) => r.userId)].filter(
        (x): x is string => !!x,
      ),
    );
    await setAccepted(tx, threadId, decision.acceptedPostId, decision.status, now);
    if (reply) {
      const who = { actorId: actor.id, answerAuthorId: reply.authorId };
      await notifyAnswerAccepted(tx, { threadId, postId: reply.id, ...who }, now);
    }
    await publishThreadEvent(tx, threadId, { kind: "accepted", postId: decision.acceptedPostId });
    const entries: LedgerWrite[] = [];
    if (prev) {
      entries.push(...reversals);
      if (prev.authorId !== thread.authorId) await bumpUserCounters(tx, prev.authorId, { accepted: -1 });
    }
    if (reply) {
      const award = acceptAward(thread.authorId, reply.authorId);
      const base = { postId: reply.id, actorId: actor.id, boardId: thread.boardId };
      entries.push({ ...base, userId: reply.authorId, points: award.author, reason: "answer_accepted" });
      // "+2 for accepting someone else's answer" goes to the asker when the asker is the one accepting.
      if (actor.id === thread.authorId) {
        entries.push({ ...base, userId: thread.authorId, points: award.asker, reason: "accepted_answer" });
        if (award.asker > 0) await bumpBadgeStats(tx, thread.authorId, { acceptsGiven: 1 });
      }
      if (reply.authorId !== thread.authorId) {
        await bumpUserCounters(tx, reply.authorId, { accepted: 1 });
        await bumpBadgeStats(tx, reply.authorId, {}, { bestAcceptedScore: reply.score });
      }
    }
    await settle(tx, entries, locked, now);
    await awardBadges(tx, [...locked.keys()], now);
    if (decision.status === "solved" && thread.status !== "solved") {
      await bumpActivityDaily(tx, dayKey(now), thread.boardId, {
        resolutionSeconds: (now.getTime() - thread.createdAt.getTime()) / 1000,
      });
    }
    await refreshTriage(tx, threadId, now);
    // The accepted answer weighs more in the thread's search document.
    await refreshSearchDocs(tx, [threadId]);
    return decision;
  });
}
