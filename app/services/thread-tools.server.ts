/**
 * The moderators' thread tools: lock/unlock, close (with a reason)/reopen, pin/unpin, move to another board,
 * merge into another thread; and the revision history of a post. Staff only, checked here; each action is
 * one transaction with its audit entry (before/after), so a change is never left unaudited.
 *
 * Counters on merge (source → target): every post of the source moves to the target and the source's
 * question becomes a reply, so target.replyCount grows by the source's replies + 1, the source's board loses
 * one thread, the boards' post counts follow the posts, and the source question's author has one question
 * fewer and one answer more (users' counters stay equal to a recount of their posts). Reputation already
 * earned is kept: a merge is not the members' fault. Accepted answers of the source stay accepted in the
 * ledger but only the target's accepted answer is shown.
 */
import type { AppDeps } from "~/deps.server";
import type { Tx } from "~db/client";
import {
  addMergedReplies,
  findBoardRef,
  findPostHistoryHead,
  findRevisionBodies,
  findThreadToolState,
  findThreadToolsRow,
  listBoardChoices,
  listRevisionsPage,
  lockThreadsForTools,
  markThreadMerged,
  movePostsIntoThread,
  repointMergedThreads,
  shiftBoardCounters,
  updateThreadTools,
  type ThreadToolRow,
} from "~/data/thread-tools.server";
import { recordAudit } from "~/data/audit.server";
import { bumpUserCounters } from "~/data/users.server";
import { lockUsers } from "~/data/reputation.server";
import { refreshThreadMood } from "~/data/listening.server";
import { isStaff, validateDoc, type Actor, requireStaffRole } from "~/domain/forum";
import {
  assertCanMerge,
  decideClose,
  decideLock,
  decideMove,
  decidePin,
  decideReopen,
  diffStats,
  replyBlock,
  wordDiff,
  type ThreadPatch,
  type ThreadToolAction,
  type ThreadToolsView,
} from "~/domain/moderation";
import { AppError, forbidden, notFound } from "~/domain/shared/app-error";
import { parseThreadTool, type ThreadToolInput } from "~/forms/thread-tools";
import { refreshTriage } from "./listening.server";
import { refreshSearchDocs } from "~/data/search.server";

export interface ThreadToolResult {
  action: ThreadToolAction;
  threadId: number;
  changed: boolean;
  /** Where the thread now lives (the target after a merge). */
  redirectTo: number;
}

const snapshot = (t: ThreadToolRow) => ({
  boardId: t.boardId,
  lockedAt: t.lockedAt?.toISOString() ?? null,
  closedAt: t.closedAt?.toISOString() ?? null,
  closeReason: t.closeReason,
  duplicateOfId: t.duplicateOfId,
  pinnedAt: t.pinnedAt?.toISOString() ?? null,
  mergedIntoId: t.mergedIntoId,
  replyCount: t.replyCount,
});

async function lockOne(tx: Tx, threadId: number) {
  const [row] = await lockThreadsForTools(tx, [threadId]);
  if (!row) throw notFound("thread");
  return row;
}

/** Applies one thread tool (`{action, ...}` from the thread page's form or the API). */
export async function applyThreadTool(
  deps: AppDeps,
  actor: Actor,
  threadId: number,
  input: unknown,
): Promise<ThreadToolResult> {
  requireStaffRole(actor, "Only moderators can use the thread tools");
  const parsed = parseThreadTool(input);
  if (!parsed.ok)
    throw new AppError("invalid", "invalid_input", "Please correct the marked fields", parsed.fields);
  const cmd = parsed.value;
  if (cmd.action === "merge") return mergeThreads(deps, actor, threadId, cmd.target);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const thread = await lockOne(tx, threadId);
    const patch = await decide(tx, thread, cmd, actor, now);
    if (patch.changed) {
      await updateThreadTools(tx, threadId, patch.set);
      if (cmd.action === "move") {
        // The question and its replies leave one board for the other.
        const moved = thread.replyCount + 1;
        await shiftBoardCounters(
          tx,
          [
            { boardId: thread.boardId, threads: -1, posts: -moved },
            { boardId: patch.set.boardId!, threads: 1, posts: moved },
          ],
          thread.lastActivityAt,
        );
      }
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: `thread.${cmd.action}`,
          targetType: "thread",
          targetId: threadId,
          before: snapshot(thread),
          after: snapshot({ ...thread, ...patch.set } as ThreadToolRow),
          search: thread.title,
        },
        now,
      );
    }
    return { action: cmd.action, threadId, changed: patch.changed, redirectTo: threadId };
  });
}

async function decide(
  tx: Tx,
  thread: ThreadToolRow,
  cmd: Exclude<ThreadToolInput, { action: "merge" }>,
  actor: Actor,
  now: Date,
): Promise<ThreadPatch> {
  switch (cmd.action) {
    case "lock":
    case "unlock":
      return decideLock(thread, cmd.action === "lock", actor.id, now);
    case "pin":
    case "unpin":
      return decidePin(thread, cmd.action === "pin", now);
    case "reopen":
      return decideReopen(thread);
    case "close": {
      let original = null;
      if (cmd.reason === "duplicate" && cmd.duplicateOf !== undefined) {
        original = await findThreadToolState(tx, cmd.duplicateOf);
        if (!original)
          throw new AppError("invalid", "invalid_input", "There is no such thread", {
            duplicateOf: "thread_unknown",
          });
      }
      return decideClose(thread, { reason: cmd.reason, duplicateOf: original }, actor.id, now);
    }
    case "move": {
      const board = await findBoardRef(tx, cmd.board);
      if (!board)
        throw new AppError("invalid", "invalid_input", "There is no such board", { board: "board_unknown" });
      return decideMove(thread, board.id);
    }
  }
}

async function mergeThreads(
  deps: AppDeps,
  actor: Actor,
  sourceId: number,
  targetId: number,
): Promise<ThreadToolResult> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const rows = await lockThreadsForTools(tx, [sourceId, targetId]);
    const source = rows.find((r) => r.id === sourceId);
    if (!source) throw notFound("thread");
    const target = rows.find((r) => r.id === targetId);
    if (!target)
      throw new AppError("invalid", "invalid_input", "There is no such thread", { target: "thread_unknown" });
    assertCanMerge(source, target);
    // Lock order: threads → posts (moved below) → members.
    const question = await movePostsIntoThread(tx, sourceId, targetId);
    if (question) await lockUsers(tx, [question.authorId]);
    const moved = source.replyCount + (question && !question.deletedAt ? 1 : 0);
    await addMergedReplies(tx, targetId, moved, source.lastActivityAt);
    await markThreadMerged(tx, sourceId, targetId, actor.id, now);
    await repointMergedThreads(tx, sourceId, targetId);
    await shiftBoardCounters(
      tx,
      source.boardId === target.boardId
        ? [{ boardId: source.boardId, threads: -1, posts: 0 }]
        : [
            { boardId: source.boardId, threads: -1, posts: -moved },
            { boardId: target.boardId, threads: 0, posts: moved },
          ],
      now,
    );
    if (question && !question.deletedAt)
      await bumpUserCounters(tx, question.authorId, { questions: -1, answers: 1 });
    await refreshThreadMood(tx, targetId);
    await refreshThreadMood(tx, sourceId);
    await refreshTriage(tx, targetId, now);
    await refreshSearchDocs(tx, [targetId, sourceId]);
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "thread.merge",
        targetType: "thread",
        targetId: sourceId,
        before: { source: snapshot(source), target: snapshot(target) },
        after: {
          source: { ...snapshot(source), mergedIntoId: targetId, replyCount: 0, closeReason: "duplicate" },
          target: { ...snapshot(target), replyCount: target.replyCount + moved },
          movedPosts: moved,
          questionPostId: question?.id ?? null,
        },
        search: `${source.title} ${target.title} ${targetId}`,
      },
      now,
    );
    return { action: "merge", threadId: sourceId, changed: true, redirectTo: targetId };
  });
}

/**
 * What the thread page shows of the tools: the state banner, whether this viewer may reply, and for staff the
 * boards to move to. `mergedIntoId` set means the page should redirect there.
 */
export async function getThreadToolsView(
  deps: AppDeps,
  viewer: Actor | null,
  threadId: number,
): Promise<{ mergedIntoId: number | null; view: ThreadToolsView } | null> {
  const row = await findThreadToolsRow(deps.db, threadId);
  if (!row) return null;
  const view: ThreadToolsView = {
    threadId: row.id,
    boardId: row.boardId,
    locked: row.lockedAt !== null,
    closed: row.closedAt !== null,
    closeReason: row.closeReason,
    duplicateOf:
      row.duplicateOfId !== null && row.duplicateOfTitle !== null
        ? { id: row.duplicateOfId, title: row.duplicateOfTitle }
        : null,
    pinned: row.pinnedAt !== null,
    replyBlocked: replyBlock(viewer, row),
    boards: isStaff(viewer) ? await listBoardChoices(deps.db) : [],
  };
  return { mergedIntoId: row.mergedIntoId, view };
}

// ---- Revision history -------------------------------------------------------------------------------

const REVISIONS_PER_PAGE = 50;

const plain = (json: unknown) => {
  const r = validateDoc(json);
  return r.ok ? r.text : "";
};

export interface RevisionListItem {
  /** The version number (1 = as first written). */
  revision: number;
  /** Who wrote this version, and when. */
  by: string;
  at: Date;
  current: boolean;
}

/**
 * The revision history of a post and a word diff between two of its versions (default: the previous one
 * and the current one). Only the post's author and staff may read it; for anyone else the post "does not
 * exist" (404), so its history leaks nothing.
 *
 * post_revisions keeps version k (its body and title) in the row written by the edit that replaced it, with
 * that edit's editor and time: so version k+1 was written by row k's editor, and version 1 by the author.
 */
export async function getRevisionHistory(
  deps: AppDeps,
  viewer: Actor,
  postId: number,
  opts: { from?: number | null; to?: number | null; before?: number | null } = {},
) {
  const head = await findPostHistoryHead(deps.db, postId);
  if (!head) throw notFound("post");
  if (head.authorId !== viewer.id && !isStaff(viewer))
    throw forbidden("revisions_forbidden", "Only the author and moderators can read a post's history");
  const current = head.revision;
  const inRange = (n: number | null | undefined) =>
    typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= current ? n : null;
  const to = inRange(opts.to) ?? current;
  const from = inRange(opts.from) ?? Math.max(to - 1, 1);
  const before = inRange(opts.before) ?? current;
  const page = await listRevisionsPage(deps.db, postId, { before, limit: REVISIONS_PER_PAGE });
  const items: RevisionListItem[] = page.items.map((r) => ({
    revision: r.revision + 1,
    by: r.editor,
    at: r.createdAt,
    current: r.revision + 1 === current,
  }));
  // Version 1 has no row of its own "before" it: it ends the last page.
  if (page.next === null)
    items.push({ revision: 1, by: head.authorUsername, at: head.createdAt, current: current === 1 });

  const stored = await findRevisionBodies(
    deps.db,
    postId,
    [from, to].filter((n) => n !== current),
  );
  const version = (n: number) => {
    if (n === current) return { title: head.isQuestion ? head.threadTitle : null, text: head.bodyText };
    const row = stored.find((r) => r.revision === n);
    return { title: row?.title ?? null, text: row ? plain(row.bodyJson) : "" };
  };
  const a = version(from);
  const b = version(to);
  const body = wordDiff(a.text, b.text);
  const title =
    head.isQuestion && (a.title ?? "") !== (b.title ?? "") ? wordDiff(a.title ?? "", b.title ?? "") : null;
  return {
    post: {
      id: head.id,
      threadId: head.threadId,
      isQuestion: head.isQuestion,
      threadTitle: head.threadTitle,
      author: head.authorUsername,
      revision: current,
    },
    revisions: items,
    nextBefore: page.next,
    diff: { from, to, title, body, stats: diffStats(body) },
  };
}
