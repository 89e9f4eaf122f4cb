/**
 * Forum use cases: ask a question, answer, vote, accept an answer. Each is one transaction; counters
 * (board, thread, user, post score) change in the same transaction as the rows they count.
 */
import type { AppDeps } from "~/deps.server";
import { findBoardBySlug, bumpBoardCounters } from "~/data/boards.server";
import {
  applyVoteDelta,
  findPostForWrite,
  findThreadForWrite,
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
import { decideAccept, decideVote, type Actor, type VoteValue } from "~/domain/forum";
import { AppError, notFound } from "~/domain/shared/app-error";
import { AcceptSchema, AskSchema, VoteSchema, fieldErrors } from "~/forms/schemas";
import { prepareBody } from "./post-body.server";

function invalid(fields: Record<string, string>) {
  return new AppError("invalid", "invalid_input", "Please correct the marked fields", fields);
}

export async function askQuestion(
  deps: AppDeps,
  author: Actor,
  input: { board?: unknown; title?: unknown; body?: unknown; bodyText?: string | null },
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
  if (!parsed.success || !body) throw invalid(fields);
  const board = await findBoardBySlug(deps.db, parsed.data.board);
  if (!board) throw invalid({ board: "board_unknown" });
  const now = deps.clock.now();
  const prepared = body;
  return deps.db.transaction(async (tx) => {
    const thread = await insertThread(tx, {
      boardId: board.id,
      authorId: author.id,
      title: parsed.data.title,
      createdAt: now,
      lastActivityAt: now,
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
    });
    await setQuestionPost(tx, thread.id, post.id);
    await bumpBoardCounters(tx, board.id, { threads: 1, posts: 1, at: now });
    await bumpUserCounters(tx, author.id, { questions: 1 });
    return { threadId: thread.id, postId: post.id, boardSlug: board.slug };
  });
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
    const post = await insertPost(tx, {
      threadId,
      authorId: author.id,
      isQuestion: false,
      bodyJson: body.doc,
      bodyHtml: body.html,
      bodyText: body.text,
      createdAt: now,
      updatedAt: now,
    });
    await touchThreadAfterReply(tx, threadId, now);
    await bumpBoardCounters(tx, thread.boardId, { posts: 1, at: now });
    await bumpUserCounters(tx, author.id, { answers: 1 });
    return { threadId, postId: post.id };
  });
}

export async function vote(deps: AppDeps, voter: Actor, postId: number, input: { value?: unknown }) {
  const parsed = VoteSchema.safeParse(input);
  if (!parsed.success) throw invalid(fieldErrors(parsed.error));
  const requested = parsed.data.value as VoteValue;
  return deps.db.transaction(async (tx) => {
    const post = await findPostForWrite(tx, postId);
    if (!post) throw notFound("post");
    const current = await findVote(tx, postId, voter.id);
    const change = decideVote(voter, post, current, requested);
    if (!change.changed) {
      return { score: await getPostScore(tx, postId), value: change.value };
    }
    await saveVote(tx, postId, voter.id, change.value);
    const score = await applyVoteDelta(tx, post, change);
    return { score, value: change.value };
  });
}

export async function acceptAnswer(
  deps: AppDeps,
  actor: Actor,
  threadId: number,
  input: { replyId?: unknown },
) {
  const parsed = AcceptSchema.safeParse(input);
  if (!parsed.success) throw invalid(fieldErrors(parsed.error));
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const thread = await findThreadForWrite(tx, threadId);
    if (!thread) throw notFound("thread");
    const replyId = parsed.data.replyId;
    const reply = replyId === null ? null : await findPostForWrite(tx, replyId);
    if (replyId !== null && !reply) throw notFound("reply");
    const decision = decideAccept(actor, { thread, reply });
    if (!decision.changed) return decision;
    await setAccepted(tx, threadId, decision.acceptedPostId, decision.status, now);
    if (decision.previousPostId !== null) {
      const prev = await findPostForWrite(tx, decision.previousPostId);
      if (prev) await bumpUserCounters(tx, prev.authorId, { accepted: -1 });
    }
    if (reply) await bumpUserCounters(tx, reply.authorId, { accepted: 1 });
    return decision;
  });
}
