/**
 * Forum use cases: ask, answer, vote, accept. Each is one transaction: the post, the counters, the
 * reputation ledger (with caps, floor and anti-gaming rules from domain/reputation) and the badges
 * commit together or not at all.
 */
import type { AppDeps } from "~/deps.server";
import { findBoardBySlug } from "~/data/boards.server";
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
  updateThreadAfterPost,
} from "~/data/threads.server";
import { bumpUserCounters } from "~/data/users.server";
import {
  bumpBadgeStats,
  countPublishedPost,
  countUpvotesToAuthorSince,
  insertSerialVoteLog,
  lockUsers,
  upvotePointsSince,
  type LedgerWrite,
  type LockedUser,
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
import { evaluateCrisis, scoreText } from "./listening.server";
import { findTriageFacts } from "~/data/triage.server";
import { triagePriority } from "~/domain/triage";
import {
  postSearchText,
  readThreadSearchTexts,
  refreshSearchDocs,
  threadSearchVector,
} from "~/data/search.server";
import { countThreadMood, markMemberActive, savePostSentiment } from "~/data/listening.server";
import { transactionWithHotRollups, type HotRollups } from "~/data/rollups.server";
import { insertPendingItem } from "~/data/review-queue.server";
import type { SentimentResult } from "~/domain/sentiment";
import { getModerationSettings } from "~/data/settings.server";
import { premoderationReason, type ModerationSettings } from "~/domain/moderation";
import { useGenericPlans, type Tx } from "~db/client";
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
  const text = `${parsed.data.title}\n${prepared.text}`;
  // Scored before the transaction (CPU, no lock held); stored with the row unless the question is held. A
  // moderator's or admin's post is not scored: the community's mood is its members' (ADR 023).
  const sentiment = isStaff(author) ? null : await scoreText(deps.db, deps, text, now);
  return transactionWithHotRollups(deps.db, pipelinesCommit(deps), async (tx) => {
    // The member's lock and pre-moderation's settings, sent together (one round trip); the board's switch came
    // with the board.
    const [, locked, settings] = await Promise.all([
      useGenericPlans(tx),
      lockUsers(tx, [author.id]),
      getModerationSettings(tx),
    ]);
    const me = locked.get(author.id);
    if (!me) throw new AppError("unauthenticated", "login_required", "Log in first");
    // Pre-moderation: a held question (and its thread) waits in the review queue; nothing counts yet.
    const held = heldFor(settings, board.premoderated, me);
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
      ...(held
        ? { held }
        : {
            sentiment: sentiment ? sentimentColumns(sentiment) : undefined,
            searchText: postSearchText(prepared.text),
          }),
    });
    await setQuestionPost(tx, thread.id, post.id);
    const result = { threadId: thread.id, postId: post.id, boardSlug: board.slug };
    if (held) {
      await insertPendingItem(tx, post.id, now);
      return { result: { ...result, badges: [] as string[], pending: true }, hot: null };
    }
    const published = await publishQuestion(
      tx,
      deps,
      { threadId: thread.id, postId: post.id, boardId: board.id, authorId: author.id, sentiment },
      text,
      now,
    );
    return { result: { ...result, badges: published.badges, pending: false }, hot: published.hot };
  });
}

/** Whether a write's COMMIT goes right behind its hot rows (data/rollups.server.ts): on PostgreSQL. */
const pipelinesCommit = (deps: AppDeps) => deps.handle?.kind === "postgres";

/** Why a new post by this member on this board waits for approval (null: publish now). */
const heldFor = (
  settings: ModerationSettings,
  boardPremoderated: boolean,
  me: Pick<LockedUser, "role" | "approvedPosts">,
) =>
  premoderationReason({
    boardPremoderated,
    role: me.role,
    approvedPosts: me.approvedPosts,
    newMemberPremodPosts: settings.newMemberPremodPosts,
  });

/**
 * Everything that follows a question becoming public: counters, sentiment, activity, triage, search, badges.
 * Runs when it is asked, or when a moderator approves it (services/moderation.server.ts). The author is
 * locked. `q.sentiment`: scored before the transaction and stored with the post (with its search document);
 * otherwise scored and stored here. Returns the new badges and the hot rollup rows' deltas, for the caller to
 * write as its transaction's last statements (data/rollups.server.ts).
 */
export async function publishQuestion(
  tx: Tx,
  deps: AppDeps,
  q: {
    threadId: number;
    postId: number;
    boardId: number;
    authorId: string;
    /** null: not scored (a staff post); undefined: score it now (approved from the review queue). */
    sentiment?: SentimentResult | null;
  },
  text: string,
  now: Date,
) {
  const sentiment =
    q.sentiment === undefined ? await scoreStoredPost(tx, deps, q.postId, text, now) : q.sentiment;
  const [alerts] = await Promise.all([
    sentiment?.label === "neg"
      ? evaluateCrisis(tx, deps, { boardId: q.boardId, threadId: q.threadId, at: now, pending: 1 })
      : [],
    refreshThreadAfterPost(tx, q.threadId, now, null),
  ]);
  const [counted] = await Promise.all([
    countPublishedPost(tx, q.authorId, { questions: 1 }),
    autoFollowThread(tx, q.authorId, q.threadId, now),
    notifyQuestionPublished(tx, q.postId, now),
    invalidateLists(tx),
  ]);
  const badges = await awardBadges(tx, [q.authorId], now, knownBadges(q.authorId, counted));
  const hot: HotRollups = {
    // The member's first activity of a day moves that day's community row: with the hot rows, last.
    activeMember: { day: dayKey(now), userId: q.authorId },
    board: { boardId: q.boardId, threads: 1, posts: 1, at: now },
    ...(sentiment ? { sentiment: { boardId: q.boardId, at: now, delta: { [sentiment.label]: 1 } } } : {}),
    activity: [{ day: dayKey(now), boardId: q.boardId, delta: { threads: 1 } }],
    alerts,
  };
  return { badges: badges.get(q.authorId) ?? [], hot };
}

/** What countPublishedPost returned, as awardBadges takes it. */
const knownBadges = (userId: string, c: Awaited<ReturnType<typeof countPublishedPost>>) =>
  c ? { stats: new Map([[userId, c.stats]]), held: new Map([[userId, c.held]]) } : {};

/** The sentiment columns of a post (the scorer's result). */
const sentimentColumns = (r: SentimentResult) => ({
  sentimentLabel: r.label,
  sentimentScore: r.score,
  sentimentConfidence: r.confidence,
  sentimentLanguage: r.language,
  sentimentCues: r.cues,
});

/** A post that exists already (approved from the review queue) is scored and gets its search document. */
async function scoreStoredPost(tx: Tx, deps: AppDeps, postId: number, text: string, now: Date) {
  const sentiment = await scoreText(tx, deps, text, now);
  await savePostSentiment(tx, postId, sentiment);
  await refreshSearchDocs(tx, [], [postId]);
  return sentiment;
}

/**
 * A post of this thread became public: the thread's reply count and times (a reply), sentiment rollup, triage
 * score and search document, computed first and written in one UPDATE (the row has 14 indexes, so each
 * update costs a new version of it and of their entries). The thread is locked by the caller.
 */
async function refreshThreadAfterPost(
  tx: Tx,
  threadId: number,
  now: Date,
  reply: { at: Date; firstAnswerAt?: Date; firstStaffResponseAt?: Date } | null,
) {
  // Three reads sent together (one round trip); the thread's triage facts are as before this post's changes.
  const [mood, search, [facts]] = await Promise.all([
    countThreadMood(tx, threadId),
    readThreadSearchTexts(tx, threadId),
    findTriageFacts(tx, [threadId], now),
  ]);
  const f = facts?.input;
  const triageScore = f
    ? triagePriority(
        {
          ...f,
          sentiment: {
            mood: mood.mood,
            negativeShare: mood.scoredPosts > 0 ? mood.negativePosts / mood.scoredPosts : 0,
            mostNegative: mood.mostNegativeScore ?? 0,
          },
          ...(reply
            ? {
                replyCount: f.replyCount + 1,
                lastActivityAt: new Date(Math.max(f.lastActivityAt.getTime(), reply.at.getTime())),
                firstAnswerAt: f.firstAnswerAt ?? reply.firstAnswerAt ?? null,
                firstStaffResponseAt: f.firstStaffResponseAt ?? reply.firstStaffResponseAt ?? null,
              }
            : {}),
        },
        now,
      ).score
    : undefined;
  await updateThreadAfterPost(tx, threadId, { reply, mood, triageScore, search });
}

export async function postReply(
  deps: AppDeps,
  author: Actor,
  threadId: number,
  input: { body?: unknown; bodyText?: string | null },
) {
  const body = prepareBody(input.body, { plainText: input.bodyText });
  const now = deps.clock.now();
  // Scored before the transaction (CPU, no lock held); stored with the row unless the reply is held. Not for
  // a moderator's or admin's reply (ADR 023): their apologies and explanations are not the community's mood.
  const sentiment = isStaff(author) ? null : await scoreText(deps.db, deps, body.text, now);
  return transactionWithHotRollups(deps.db, pipelinesCommit(deps), async (tx) => {
    // Thread, then member (the lock order everywhere), and pre-moderation's settings, sent together.
    const [, thread, locked, settings] = await Promise.all([
      useGenericPlans(tx),
      findThreadForWrite(tx, threadId),
      lockUsers(tx, [author.id]),
      getModerationSettings(tx),
    ]);
    if (!thread) throw notFound("thread");
    // Locked: only staff reply; closed or merged: nobody (thread tools, domain/moderation).
    assertCanReply(author, thread);
    const me = locked.get(author.id);
    if (!me) throw new AppError("unauthenticated", "login_required", "Log in first");
    // Pre-moderation: a held reply waits in the review queue; no counter, time or badge moves yet.
    const held = heldFor(settings, thread.boardPremoderated, me);
    const post = await insertPost(tx, {
      threadId,
      authorId: author.id,
      isQuestion: false,
      bodyJson: body.doc,
      bodyHtml: body.html,
      bodyText: body.text,
      createdAt: now,
      updatedAt: now,
      ...(held
        ? { held }
        : {
            sentiment: sentiment ? sentimentColumns(sentiment) : undefined,
            searchText: postSearchText(body.text),
          }),
    });
    if (held) {
      await insertPendingItem(tx, post.id, now);
      return { result: { threadId, postId: post.id, badges: [] as string[], pending: true }, hot: null };
    }
    const published = await publishReply(
      tx,
      deps,
      thread,
      { postId: post.id, author: me, sentiment, bodyJson: body.doc },
      body.text,
      now,
    );
    return {
      result: { threadId, postId: post.id, badges: published.badges, pending: false },
      hot: published.hot,
    };
  });
}

/**
 * Everything that follows a reply becoming public: thread and board counters, sentiment, response times,
 * activity, triage, search, the welcome badge. Runs when it is posted, or when a moderator approves it. The
 * thread and the author are locked by the caller. `p.sentiment`: scored before the transaction and stored with
 * the post (with its search document); otherwise scored and stored here. Work is ordered by lock: the thread
 * and the author (locked already) first; the rows every reply of the community updates are returned (with the
 * new badges), for the caller to write as its transaction's last statements (data/rollups.server.ts).
 */
export async function publishReply(
  tx: Tx,
  deps: AppDeps,
  thread: NonNullable<Awaited<ReturnType<typeof findThreadForWrite>>>,
  p: {
    postId: number;
    author: Pick<LockedUser, "id" | "role" | "username">;
    /** null: not scored (a staff post); undefined: score it now (approved from the review queue). */
    sentiment?: SentimentResult | null;
    /** The post's document, when the caller has it (spares reading the post back for notifications). */
    bodyJson?: unknown;
  },
  text: string,
  now: Date,
) {
  const threadId = thread.id;
  const author = p.author;
  const sentiment =
    p.sentiment === undefined ? await scoreStoredPost(tx, deps, p.postId, text, now) : p.sentiment;
  // Response times, counted on the day the question was asked (so a period's rate covers its questions).
  const firstAnswer = author.id !== thread.authorId && !thread.firstAnswerAt;
  const firstStaff = isStaff(author) && author.id !== thread.authorId && !thread.firstStaffResponseAt;
  // Independent steps are started together: their statements go out in one round trip.
  const [alerts] = await Promise.all([
    sentiment?.label === "neg"
      ? evaluateCrisis(tx, deps, { boardId: thread.boardId, threadId, at: now, pending: 1 })
      : [],
    refreshThreadAfterPost(tx, threadId, now, {
      at: now,
      firstAnswerAt: firstAnswer ? now : undefined,
      firstStaffResponseAt: firstStaff ? now : undefined,
    }),
  ]);
  const welcome = isWelcome({
    questionIsAuthorsFirst: thread.isAuthorsFirst,
    questionAuthorId: thread.authorId,
    answererId: author.id,
    questionAt: thread.createdAt,
    answerAt: now,
  });
  const notifyFacts =
    p.bodyJson === undefined
      ? undefined
      : {
          threadId,
          title: thread.title,
          threadAuthorId: thread.authorId,
          boardId: thread.boardId,
          tags: thread.tags,
          bodyJson: p.bodyJson,
          authorId: author.id,
          authorUsername: author.username,
        };
  const [counted] = await Promise.all([
    countPublishedPost(tx, author.id, { answers: 1, welcomes: welcome ? 1 : 0 }),
    notifyReplyPublished(tx, p.postId, now, notifyFacts),
    autoFollowThread(tx, author.id, threadId, now),
    // Open thread pages hear about it once this transaction commits (services/live.server.ts).
    publishThreadEvent(tx, threadId, { kind: "reply", postId: p.postId }),
  ]);
  const badges = await awardBadges(tx, [author.id], now, knownBadges(author.id, counted));
  const waited = (now.getTime() - thread.createdAt.getTime()) / 1000;
  const hot: HotRollups = {
    // The member's first activity of a day moves that day's community row: with the hot rows, last.
    activeMember: { day: dayKey(now), userId: author.id },
    board: { boardId: thread.boardId, posts: 1, at: now },
    ...(sentiment
      ? { sentiment: { boardId: thread.boardId, at: now, delta: { [sentiment.label]: 1 } } }
      : {}),
    activity: [
      { day: dayKey(now), boardId: thread.boardId, delta: { replies: 1 } },
      ...(firstAnswer
        ? [
            {
              day: dayKey(thread.createdAt),
              boardId: thread.boardId,
              delta: { firstResponseSeconds: waited, answeredWithin24h: waited <= 86_400 ? 1 : 0 },
            },
          ]
        : []),
    ],
    alerts,
  };
  return { badges: badges.get(author.id) ?? [], hot };
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
    const [, head] = await Promise.all([useGenericPlans(tx), findPostThread(tx, postId)]);
    if (!head) throw notFound("post");
    if (head.isQuestion) await lockThread(tx, head.threadId);
    const post = await findPostForWrite(tx, postId);
    if (!post || post.deletedAt) throw notFound("post");
    // Members, then the vote row (sent together: one round trip).
    const [locked, current] = await Promise.all([
      lockUsers(tx, [voter.id, post.authorId]),
      findVote(tx, postId, voter.id),
    ]);
    const me = locked.get(voter.id);
    if (!me) throw new AppError("unauthenticated", "login_required", "Log in first");
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
      const accepted = post.acceptedPostId === post.id;
      await Promise.all([
        bumpBadgeStats(tx, voter.id, requested === 1 ? { upvotesCast: 1 } : { downvotesCast: 1 }),
        requested === 1
          ? bumpBadgeStats(
              tx,
              post.authorId,
              {},
              post.isQuestion
                ? { bestQuestionScore: score }
                : { bestAnswerScore: score, ...(accepted ? { bestAcceptedScore: score } : {}) },
            )
          : null,
      ]);
    }
    await settle(tx, entries, locked, now);
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
    // The member's first activity of a day moves that day's community row (a hot row): last.
    await markMemberActive(tx, dayKey(now), voter.id);
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
  return transactionWithHotRollups(deps.db, pipelinesCommit(deps), async (tx) => {
    const [, thread] = await Promise.all([useGenericPlans(tx), findThreadForWrite(tx, threadId)]);
    if (!thread) throw notFound("thread");
    const replyId = parsed.data.replyId;
    const reply = replyId === null ? null : await findPostForWrite(tx, replyId);
    if (replyId !== null && (!reply || reply.deletedAt)) throw notFound("reply");
    const decision = decideAccept(actor, { thread, reply });
    if (!decision.changed) return { result: decision, hot: null };
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
    // One write of the thread (locked): the acceptance, and the triage score and search document it changes
    // (the accepted answer weighs more in it), computed first from reads sent together.
    const [searchVector, [facts]] = await Promise.all([
      threadSearchVector(tx, threadId, { acceptedPostId: decision.acceptedPostId }),
      findTriageFacts(tx, [threadId], now),
    ]);
    const f = facts?.input;
    const triageScore = f
      ? triagePriority(
          {
            ...f,
            solved: decision.status === "solved",
            lastActivityAt: new Date(Math.max(f.lastActivityAt.getTime(), now.getTime())),
          },
          now,
        ).score
      : undefined;
    await setAccepted(tx, threadId, decision.acceptedPostId, decision.status, now, {
      triageScore,
      searchVector,
    });
    // The day's activity row of the whole community is a hot row: last (data/rollups.server.ts).
    const solved = decision.status === "solved" && thread.status !== "solved";
    const hot: HotRollups | null = solved
      ? {
          activity: [
            {
              day: dayKey(now),
              boardId: thread.boardId,
              delta: { resolutionSeconds: (now.getTime() - thread.createdAt.getTime()) / 1000 },
            },
          ],
        }
      : null;
    return { result: decision, hot };
  });
}
