/**
 * Concurrency (real PostgreSQL only; PGlite runs one transaction at a time): many members voting at once,
 * two accepts racing, and the lock-order races between voting, accepting, replying and deleting. Every call
 * must either succeed or fail with an AppError (no deadlock or serialization error may surface), and the
 * bookkeeping must come out exact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../../tests/support/db";
import { insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../../tests/factories";
import {
  NO_VIOLATIONS,
  allInvariantViolations,
  ledgerOf,
  reputationOf,
  rows,
  threadState,
} from "../../tests/support/ledger";
import { acceptAnswer, vote } from "./forum.server";
import { deletePost } from "./post-actions.server";
import { AppError } from "~/domain/shared/app-error";

/**
 * Failures that are not AppErrors (deadlocks, serialization failures, crashes), described for the report;
 * `labels[i]` names the call behind `results[i]`.
 */
function unexpectedFailures(results: PromiseSettledResult<unknown>[], labels: string[] = []): string[] {
  return results.flatMap((r, i) => {
    if (r.status === "fulfilled" || r.reason instanceof AppError) return [];
    const e = r.reason as { message?: string; code?: string; cause?: { code?: string; message?: string } };
    const code = e.cause?.code ?? e.code ?? "";
    const what = `${code} ${e.cause?.message ?? e.message ?? String(r.reason)}`.trim();
    return [labels[i] ? `${labels[i]}: ${what}` : what];
  });
}

/** A deterministic shuffle, so the calls start interleaved rather than grouped by member. */
function shuffled<T>(list: T[], seed = 7): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe.skipIf(!process.env.DATABASE_URL)("reputation under concurrency (PostgreSQL)", () => {
  let t: TestDb;
  let boardSlug: string;
  beforeAll(async () => {
    t = await createTestDb();
    boardSlug = (await insertTestBoard(t.deps)).slug;
  });
  afterAll(async () => {
    await t?.close();
  });

  const many = (n: number, reputation: number) =>
    Promise.all(Array.from({ length: n }, () => insertTestUser(t.deps, { reputation })));

  it("50 members voting on the same 3 answers at once: exact scores, no duplicates, exact totals", async () => {
    const [asker] = await many(1, 1);
    const authors = await many(3, 1000);
    // 200: enough to keep the downvote privilege (125) after paying for three downvotes.
    const voters = await many(50, 200);
    const q = await insertTestThread(t.deps, asker!, boardSlug);
    const answers: number[] = [];
    for (const a of authors) answers.push((await insertTestReply(t.deps, a, q.threadId)).postId);

    // At most 20 members ever upvote an author (so the daily cap never binds) and each upvotes an author
    // once (so serial voting never triggers): the final totals then follow from the final vote rows alone.
    const calls: (() => Promise<unknown>)[] = [];
    voters.forEach((v, i) => {
      for (const postId of answers) {
        if (i < 20) {
          calls.push(() => vote(t.deps, v, postId, { value: 1 }));
          if (i % 5 === 0) calls.push(() => vote(t.deps, v, postId, { value: -1 })); // racing its own upvote
        } else {
          calls.push(() => vote(t.deps, v, postId, { value: -1 }));
          if (i % 7 === 0) calls.push(() => vote(t.deps, v, postId, { value: 0 })); // racing its own downvote
        }
      }
    });
    expect(calls.length).toBeGreaterThanOrEqual(150);
    const results = await Promise.allSettled(shuffled(calls).map((c) => c()));
    expect(unexpectedFailures(results)).toEqual([]);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);

    expect(await allInvariantViolations(t.db)).toEqual(NO_VIOLATIONS);
    const finalVotes = await rows<{ post_id: number; user_id: string; value: number }>(
      t.db,
      sql`select post_id::int as post_id, user_id, value from votes where post_id in (${sql.join(
        answers.map((a) => sql`${a}`),
        sql`, `,
      )})`,
    );
    for (const [k, author] of authors.entries()) {
      const mine = finalVotes.filter((v) => v.post_id === answers[k]);
      const ups = mine.filter((v) => v.value === 1).length;
      const downs = mine.filter((v) => v.value === -1).length;
      expect(ups).toBeLessThanOrEqual(20);
      expect(await reputationOf(t.db, author.id)).toBe(1000 + 10 * ups - 2 * downs);
      const [p] = await rows<{ score: number; upvotes: number; downvotes: number }>(
        t.db,
        sql`select score, upvotes, downvotes from posts where id = ${answers[k]!}`,
      );
      expect(p).toEqual({ score: ups - downs, upvotes: ups, downvotes: downs });
    }
    for (const v of voters) {
      const downs = finalVotes.filter((x) => x.user_id === v.id && x.value === -1).length;
      expect(await reputationOf(t.db, v.id)).toBe(200 - downs);
    }
    // Members racing their own votes ended with exactly one row per post.
    for (const i of [0, 5, 10, 15]) {
      expect(finalVotes.filter((x) => x.user_id === voters[i]!.id)).toHaveLength(3);
    }
  });

  it("two accepts at once on one thread with different replies: exactly one wins, points consistent", async () => {
    const pairs = 10;
    const setups = [];
    for (let i = 0; i < pairs; i++) {
      const [asker, b, c] = await many(3, 1);
      const q = await insertTestThread(t.deps, asker!, boardSlug);
      const rb = await insertTestReply(t.deps, b!, q.threadId);
      const rc = await insertTestReply(t.deps, c!, q.threadId);
      setups.push({ asker: asker!, b: b!, c: c!, q, rb, rc });
    }
    const results = await Promise.allSettled(
      setups.flatMap((s) => [
        acceptAnswer(t.deps, s.asker, s.q.threadId, { replyId: s.rb.postId }),
        acceptAnswer(t.deps, s.asker, s.q.threadId, { replyId: s.rc.postId }),
      ]),
    );
    expect(unexpectedFailures(results)).toEqual([]);
    for (const s of setups) {
      const state = await threadState(t.db, s.q.threadId);
      expect(state.status).toBe("solved");
      expect([s.rb.postId, s.rc.postId]).toContain(state.acceptedPostId);
      const [winner, loser] = state.acceptedPostId === s.rb.postId ? [s.b, s.c] : [s.c, s.b];
      expect(await reputationOf(t.db, winner.id)).toBe(16);
      expect(await reputationOf(t.db, loser.id)).toBe(1);
      expect(await reputationOf(t.db, s.asker.id)).toBe(3);
      const [counts] = await rows<{ w: number; l: number }>(
        t.db,
        sql`select (select accepted_count from users where id = ${winner.id}) as w,
                   (select accepted_count from users where id = ${loser.id}) as l`,
      );
      expect(counts).toEqual({ w: 1, l: 0 });
    }
    expect(await allInvariantViolations(t.db)).toEqual(NO_VIOLATIONS);
  });

  type Call = [label: string, run: () => Promise<unknown>];
  /** Starts every call at once (interleaved by `seed`, or in the given order) and returns the unexpected failures. */
  async function race(calls: Call[], seed?: number) {
    const order = seed === undefined ? calls : shuffled(calls, seed);
    const results = await Promise.allSettled(order.map(([, run]) => run()));
    return unexpectedFailures(
      results,
      order.map(([label]) => label),
    );
  }

  it("upvoting a question while its asker changes the accepted answer: no deadlock surfaces", async () => {
    const [asker] = await many(1, 1);
    const helpers = await many(3, 1);
    const voters = await many(20, 20);
    const q = await insertTestThread(t.deps, asker!, boardSlug);
    const replies: number[] = [];
    for (const h of helpers) replies.push((await insertTestReply(t.deps, h, q.threadId)).postId);
    const calls: Call[] = [
      ...voters.map((v): Call => ["upvote question", () => vote(t.deps, v, q.postId, { value: 1 })]),
      ...[0, 1, 2, null, 0, 2, 1].map((k): Call => [
        "accept",
        () => acceptAnswer(t.deps, asker!, q.threadId, { replyId: k === null ? null : replies[k]! }),
      ]),
    ];
    expect(await race(calls, 11)).toEqual([]);
    expect(await allInvariantViolations(t.db)).toEqual(NO_VIOLATIONS);
  });

  it("members upvoting a question while replying to it: no deadlock surfaces", async () => {
    const [asker] = await many(1, 1);
    const members = await many(15, 20);
    const q = await insertTestThread(t.deps, asker!, boardSlug);
    const calls: Call[] = members.flatMap((m): Call[] => [
      ["upvote question", () => vote(t.deps, m, q.postId, { value: 1 })],
      ["reply", () => insertTestReply(t.deps, m, q.threadId)],
    ]);
    expect(await race(calls, 5)).toEqual([]);
    expect(await allInvariantViolations(t.db)).toEqual(NO_VIOLATIONS);
  });

  it("an asker accepting a reply while its author deletes it: no deadlock, and both orders end consistent", async () => {
    const setups = [];
    for (let i = 0; i < 20; i++) {
      const [asker, author] = await many(2, 1);
      const q = await insertTestThread(t.deps, asker!, boardSlug);
      const r = await insertTestReply(t.deps, author!, q.threadId);
      setups.push({ asker: asker!, author: author!, q, r });
    }
    const calls = setups.flatMap((s): Call[] => [
      ["accept", () => acceptAnswer(t.deps, s.asker, s.q.threadId, { replyId: s.r.postId })],
      ["delete", () => deletePost(t.deps, s.author, s.r.postId)],
    ]);
    expect(await race(calls)).toEqual([]); // each pair starts together
    for (const s of setups) {
      expect(await threadState(t.db, s.q.threadId)).toEqual({ status: "open", acceptedPostId: null });
      expect([await reputationOf(t.db, s.asker.id), await reputationOf(t.db, s.author.id)]).toEqual([1, 1]);
      const net = (l: [string, number][]) => l.reduce((n, [, p]) => n + p, 0);
      expect(net(await ledgerOf(t.db, s.author.id))).toBe(1);
    }
    expect(await allInvariantViolations(t.db)).toEqual(NO_VIOLATIONS);
  });
});
