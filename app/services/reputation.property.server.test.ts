/**
 * Property: whatever members do (vote, switch or undo votes, accept / change / un-accept, delete answers,
 * days passing), the reputation bookkeeping stays consistent: totals equal the ledger and never go below 1,
 * the daily upvote cap holds, post counters equal the vote rows, accepted answers are live answers of their
 * thread, and the daily rollup equals the ledger. One database for the file; every run adds a fresh set of
 * threads but the members (and their totals) carry over, so later runs start from varied reputations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createTestDb, type TestDb } from "../../tests/support/db";
import { insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../../tests/factories";
import { NO_VIOLATIONS, allInvariantViolations } from "../../tests/support/ledger";
import { acceptAnswer, vote } from "./forum.server";
import { deletePost } from "./post-actions.server";
import { AppError } from "~/domain/shared/app-error";
import type { Actor } from "~/domain/forum";

let t: TestDb;
let boardSlug: string;
let members: Actor[];

/** Starting totals: below 15 (no award), 15–124 (awards, no downvote), 125+ (downvotes). */
const STARTING_REPUTATION = [1, 10, 20, 130, 300, 150];
/** Per thread: the asker (member index) and the answerers (member indexes; the asker answering is a self-answer). */
const WORLD = [
  { asker: 0, answerers: [1, 3, 0] },
  { asker: 3, answerers: [0, 4] },
  { asker: 5, answerers: [2, 3, 5] },
] as const;
const ANSWERS = WORLD.reduce((n, th) => n + th.answerers.length, 0);
const POSTS = WORLD.length + ANSWERS;

type Op =
  | { kind: "vote"; voter: number; post: number; value: -1 | 0 | 1 }
  | { kind: "accept"; thread: number; reply: number | null }
  | { kind: "delete"; answer: number }
  | { kind: "advance"; hours: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("vote" as const),
      voter: fc.nat(STARTING_REPUTATION.length - 1),
      post: fc.nat(POSTS - 1),
      value: fc.constantFrom(-1 as const, 0 as const, 1 as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("accept" as const),
      thread: fc.nat(WORLD.length - 1),
      reply: fc.option(fc.nat(2), { nil: null }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), answer: fc.nat(ANSWERS - 1) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("advance" as const), hours: fc.integer({ min: 1, max: 30 }) }),
  },
);

beforeAll(async () => {
  t = await createTestDb();
  boardSlug = (await insertTestBoard(t.deps)).slug;
  members = [];
  for (const reputation of STARTING_REPUTATION) members.push(await insertTestUser(t.deps, { reputation }));
});
afterAll(async () => {
  await t?.close();
});

/** A fresh set of threads and answers by the shared members. */
async function buildWorld() {
  const threads: {
    threadId: number;
    questionPostId: number;
    asker: Actor;
    replies: { postId: number; author: Actor }[];
  }[] = [];
  for (const th of WORLD) {
    const asker = members[th.asker]!;
    const q = await insertTestThread(t.deps, asker, boardSlug);
    const replies = [];
    for (const i of th.answerers) {
      t.clock.advance(1000);
      const author = members[i]!;
      replies.push({ postId: (await insertTestReply(t.deps, author, q.threadId)).postId, author });
    }
    threads.push({ threadId: q.threadId, questionPostId: q.postId, asker, replies });
  }
  const answers = threads.flatMap((th) => th.replies);
  const posts = [...threads.map((th) => th.questionPostId), ...answers.map((a) => a.postId)];
  return { threads, answers, posts };
}

const EXPECTED_KINDS = new Set(["forbidden", "not_found", "invalid"]);

async function run(op: Op, world: Awaited<ReturnType<typeof buildWorld>>) {
  switch (op.kind) {
    case "vote":
      return vote(t.deps, members[op.voter]!, world.posts[op.post]!, { value: op.value });
    case "accept": {
      const th = world.threads[op.thread]!;
      const reply = op.reply === null ? null : th.replies[op.reply % th.replies.length]!.postId;
      return acceptAnswer(t.deps, th.asker, th.threadId, { replyId: reply });
    }
    case "delete": {
      const a = world.answers[op.answer]!;
      return deletePost(t.deps, a.author, a.postId);
    }
    case "advance":
      t.clock.advance(op.hours * 3_600_000);
      return null;
  }
}

describe("reputation invariants under random sequences of actions", () => {
  it("hold after every sequence", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 10, maxLength: 30 }), async (ops) => {
        const world = await buildWorld();
        for (const op of ops) {
          try {
            await run(op, world);
          } catch (e) {
            if (!(e instanceof AppError && EXPECTED_KINDS.has(e.kind))) throw e;
          }
        }
        expect(await allInvariantViolations(t.db)).toEqual(NO_VIOLATIONS);
      }),
      { numRuns: 25 },
    );
  }, 180_000);
});
