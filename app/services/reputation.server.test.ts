/**
 * Reputation, ranks, badges, privileges, leaderboards and champions: scenario tests through the services,
 * with exact totals and exact ledger rows (reason, points, post, actor) for every rule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../../tests/support/db";
import {
  insertTestBoard,
  insertTestReply,
  insertTestThread,
  insertTestUser,
  doc,
} from "../../tests/factories";
import {
  NO_VIOLATIONS,
  allInvariantViolations,
  badgeNotificationsOf,
  badgesOf,
  expectAppError,
  ledgerMark,
  ledgerOf,
  ledgerSince,
  postCounters,
  reputationOf,
  rows,
  sortLedger,
  threadState,
  toNextDay,
  type LedgerRow,
} from "../../tests/support/ledger";
import { acceptAnswer, askQuestion, vote } from "./forum.server";
import { deletePost, editPost, removeAsSpam, retagThread } from "./post-actions.server";
import { flagPost } from "./moderation.server";
import { decideChampion, recordVisit } from "./community.server";
import { backfillBadges } from "./badges-backfill.server";
import { rebuildFromLedger } from "~/data/reputation.server";
import {
  listChampionCandidates,
  listChampions,
  listSerialVoteLog,
  listSharedIpVoting,
} from "~/data/community.server";
import { leaderboard } from "~/data/leaderboard.server";
import type { Actor } from "~/domain/forum";

type Member = Actor & { username: string };

let t: TestDb;
let boardSlug: string;
/** Members with exactly 15 (the least that awards points), each used at most once per author per day. */
let pool: Member[];

beforeAll(async () => {
  t = await createTestDb();
  boardSlug = (await insertTestBoard(t.deps)).slug;
  pool = [];
  for (let i = 0; i < 22; i++) pool.push(await insertTestUser(t.deps, { reputation: 15 }));
});
afterAll(async () => {
  await t?.close();
});

const member = (reputation = 1, extra: { role?: "member" | "moderator" | "admin"; signupIp?: string } = {}) =>
  insertTestUser(t.deps, { reputation, ...extra });
const rep = (u: Actor) => reputationOf(t.db, u.id);
const ask = (u: Actor, slug = boardSlug) => insertTestThread(t.deps, u, slug);
async function answer(u: Actor, threadId: number) {
  t.clock.advance(1000);
  return insertTestReply(t.deps, u, threadId);
}
const row = (
  user: Actor,
  reason: string,
  points: number,
  postId: number | null,
  actor: Actor | null,
): LedgerRow => ({ userId: user.id, reason, points, postId, actorId: actor?.id ?? null });
const rowsOfAction = (...r: LedgerRow[]) => sortLedger(r);

/** Runs an action and returns exactly the ledger rows it wrote. */
async function written(action: () => Promise<unknown>): Promise<LedgerRow[]> {
  const mark = await ledgerMark(t.db);
  await action();
  return ledgerSince(t.db, mark);
}

describe("the ledger and the points per event", () => {
  it("a new member starts at 1 with a single signup row", async () => {
    const u = await member();
    expect(await rep(u)).toBe(1);
    expect(await ledgerOf(t.db, u.id)).toEqual([["signup", 1]]);
  });

  it("asking a question or answering writes no ledger rows", async () => {
    const [u, helper] = [await member(7), await member()];
    const mark = await ledgerMark(t.db);
    const q = await askQuestion(t.deps, u, {
      board: boardSlug,
      title: "Printer is offline again",
      body: doc("x"),
    });
    await answer(helper, q.threadId);
    expect(await ledgerSince(t.db, mark)).toEqual([]);
  });

  it("question upvoted +5 and answer upvoted +10, one row each naming the post and the voter", async () => {
    const [asker, helper, voter] = [await member(), await member(), pool[0]!];
    const q = await ask(asker);
    const a = await answer(helper, q.threadId);
    expect(await written(() => vote(t.deps, voter, q.postId, { value: 1 }))).toEqual([
      row(asker, "question_upvoted", 5, q.postId, voter),
    ]);
    expect(await written(() => vote(t.deps, voter, a.postId, { value: 1 }))).toEqual([
      row(helper, "answer_upvoted", 10, a.postId, voter),
    ]);
    // Voting the same value again changes nothing.
    expect(await written(() => vote(t.deps, voter, a.postId, { value: 1 }))).toEqual([]);
    expect([await rep(asker), await rep(helper), await rep(voter)]).toEqual([6, 11, 15]);
  });

  it("switching a vote up → down → none reverses exactly what each vote gave and cost", async () => {
    const [asker, author, voter] = [await member(), await member(50), await member(125)];
    const q = await ask(asker);
    const a = await answer(author, q.threadId);

    expect(await written(() => vote(t.deps, voter, a.postId, { value: 1 }))).toEqual([
      row(author, "answer_upvoted", 10, a.postId, voter),
    ]);
    expect([await rep(author), await rep(voter)]).toEqual([60, 125]);

    expect(await written(() => vote(t.deps, voter, a.postId, { value: -1 }))).toEqual(
      rowsOfAction(
        row(author, "answer_upvoted", -10, a.postId, voter),
        row(author, "post_downvoted", -2, a.postId, voter),
        row(voter, "downvote_cast", -1, a.postId, voter),
      ),
    );
    expect([await rep(author), await rep(voter)]).toEqual([48, 124]);
    expect(await postCounters(t.db, a.postId)).toMatchObject({ score: -1, upvotes: 0, downvotes: 1 });

    expect(await written(() => vote(t.deps, voter, a.postId, { value: 0 }))).toEqual(
      rowsOfAction(
        row(author, "post_downvoted", 2, a.postId, voter),
        row(voter, "downvote_cast", 1, a.postId, voter),
      ),
    );
    expect([await rep(author), await rep(voter)]).toEqual([50, 125]);
    expect(await postCounters(t.db, a.postId)).toMatchObject({ score: 0, upvotes: 0, downvotes: 0 });

    // down → up: the downvote and its cost are given back, then the upvote is awarded.
    await vote(t.deps, voter, a.postId, { value: -1 });
    expect(await written(() => vote(t.deps, voter, a.postId, { value: 1 }))).toEqual(
      rowsOfAction(
        row(author, "answer_upvoted", 10, a.postId, voter),
        row(author, "post_downvoted", 2, a.postId, voter),
        row(voter, "downvote_cast", 1, a.postId, voter),
      ),
    );
    expect([await rep(author), await rep(voter)]).toEqual([60, 125]);
  });

  it("downvoting a question costs the voter nothing; the asker loses 2", async () => {
    const [asker, voter] = [await member(50), await member(125)];
    const q = await ask(asker);
    expect(await written(() => vote(t.deps, voter, q.postId, { value: -1 }))).toEqual([
      row(asker, "post_downvoted", -2, q.postId, voter),
    ]);
    expect([await rep(asker), await rep(voter)]).toEqual([48, 125]);
  });

  it("a voter below 15 moves the score but awards nothing; at 15 the vote awards", async () => {
    const [asker, author] = [await member(), await member()];
    const q = await ask(asker);
    const a = await answer(author, q.threadId);
    for (const low of [await member(1), await member(14)]) {
      expect(await written(() => vote(t.deps, low, a.postId, { value: 1 }))).toEqual([]);
      expect(await written(() => vote(t.deps, low, q.postId, { value: 1 }))).toEqual([]);
    }
    expect(await postCounters(t.db, a.postId)).toMatchObject({ score: 2, upvotes: 2 });
    expect(await postCounters(t.db, q.postId)).toMatchObject({ score: 2, upvotes: 2 });
    expect([await rep(asker), await rep(author)]).toEqual([1, 1]);

    const v15 = await member(15);
    expect(await written(() => vote(t.deps, v15, a.postId, { value: 1 }))).toEqual([
      row(author, "answer_upvoted", 10, a.postId, v15),
    ]);
    expect(await rep(author)).toBe(11);
  });

  it("never below 1: a downvote at 1 is absorbed, and undoing a (partly) floored downvote gives back only what was applied", async () => {
    const [asker, atOne, atTwo, voter] = [
      await member(),
      await member(1),
      await member(2),
      await member(130),
    ];
    const q = await ask(asker);
    const a1 = await answer(atOne, q.threadId);
    const a2 = await answer(atTwo, q.threadId);

    // At 1 nothing can be taken: no post_downvoted row at all; the voter still pays 1.
    expect(await written(() => vote(t.deps, voter, a1.postId, { value: -1 }))).toEqual([
      row(voter, "downvote_cast", -1, a1.postId, voter),
    ]);
    expect(await rep(atOne)).toBe(1);
    expect(await written(() => vote(t.deps, voter, a1.postId, { value: 0 }))).toEqual([
      row(voter, "downvote_cast", 1, a1.postId, voter),
    ]);
    expect(await rep(atOne)).toBe(1);

    // At 2 only 1 point can be taken, so undoing gives back 1, not 2.
    expect(await written(() => vote(t.deps, voter, a2.postId, { value: -1 }))).toEqual(
      rowsOfAction(
        row(atTwo, "post_downvoted", -1, a2.postId, voter),
        row(voter, "downvote_cast", -1, a2.postId, voter),
      ),
    );
    expect(await rep(atTwo)).toBe(1);
    expect(await written(() => vote(t.deps, voter, a2.postId, { value: 0 }))).toEqual(
      rowsOfAction(
        row(atTwo, "post_downvoted", 1, a2.postId, voter),
        row(voter, "downvote_cast", 1, a2.postId, voter),
      ),
    );
    expect([await rep(atTwo), await rep(voter)]).toEqual([2, 130]);
  });
});

describe("accepting answers", () => {
  it("accept +15 to the answerer and +2 to the asker; changing and un-accepting reverse exactly", async () => {
    const [asker, b, c] = [await member(), await member(), await member()];
    const q = await ask(asker);
    const rb = await answer(b, q.threadId);
    const rc = await answer(c, q.threadId);

    expect(await written(() => acceptAnswer(t.deps, asker, q.threadId, { replyId: rb.postId }))).toEqual(
      rowsOfAction(
        row(b, "answer_accepted", 15, rb.postId, asker),
        row(asker, "accepted_answer", 2, rb.postId, asker),
      ),
    );
    expect([await rep(asker), await rep(b), await rep(c)]).toEqual([3, 16, 1]);
    expect(await threadState(t.db, q.threadId)).toEqual({ status: "solved", acceptedPostId: rb.postId });

    expect(await written(() => acceptAnswer(t.deps, asker, q.threadId, { replyId: rc.postId }))).toEqual(
      rowsOfAction(
        row(b, "answer_accepted", -15, rb.postId, null),
        row(asker, "accepted_answer", -2, rb.postId, null),
        row(c, "answer_accepted", 15, rc.postId, asker),
        row(asker, "accepted_answer", 2, rc.postId, asker),
      ),
    );
    expect([await rep(asker), await rep(b), await rep(c)]).toEqual([3, 1, 16]);

    expect(await written(() => acceptAnswer(t.deps, asker, q.threadId, { replyId: null }))).toEqual(
      rowsOfAction(
        row(c, "answer_accepted", -15, rc.postId, null),
        row(asker, "accepted_answer", -2, rc.postId, null),
      ),
    );
    expect([await rep(asker), await rep(b), await rep(c)]).toEqual([1, 1, 1]);
    expect(await threadState(t.db, q.threadId)).toEqual({ status: "open", acceptedPostId: null });
    const counts = await rows<{ id: string; accepted_count: number }>(
      t.db,
      sql`select id, accepted_count from users where id in (${b.id}, ${c.id})`,
    );
    expect(counts.map((x) => x.accepted_count)).toEqual([0, 0]);
  });

  it("accepting your own answer gives nothing (no points, no accepted count, no first-solution)", async () => {
    const asker = await member();
    const q = await ask(asker);
    const own = await answer(asker, q.threadId);
    expect(await written(() => acceptAnswer(t.deps, asker, q.threadId, { replyId: own.postId }))).toEqual([]);
    expect(await rep(asker)).toBe(1);
    expect(await threadState(t.db, q.threadId)).toEqual({ status: "solved", acceptedPostId: own.postId });
    const [u] = await rows<{ accepted_count: number; accepts_given: number }>(
      t.db,
      sql`select accepted_count, accepts_given from users where id = ${asker.id}`,
    );
    expect(u).toEqual({ accepted_count: 0, accepts_given: 0 });
    expect(await badgesOf(t.db, asker.id)).not.toContain("first-solution");
    expect(await badgesOf(t.db, asker.id)).not.toContain("scholar");
  });

  it("a moderator accepting gives the answerer +15 but the asker nothing", async () => {
    const [asker, b, mod] = [await member(), await member(), await member(1, { role: "moderator" })];
    const q = await ask(asker);
    const rb = await answer(b, q.threadId);
    expect(await written(() => acceptAnswer(t.deps, mod, q.threadId, { replyId: rb.postId }))).toEqual([
      row(b, "answer_accepted", 15, rb.postId, mod),
    ]);
    expect([await rep(asker), await rep(b), await rep(mod)]).toEqual([1, 16, 1]);
  });
});

describe("the daily upvote cap (+200 per UTC+7 day)", () => {
  it("20 upvotes from distinct voters award 200, the 21st awards 0, accepts are not capped; the next day awards again", async () => {
    toNextDay(t.clock, -60); // 23:00 UTC+7
    const [asker, author] = [await member(), await member()];
    const q = await ask(asker);
    const a = await answer(author, q.threadId);
    const a2 = await answer(author, q.threadId);
    for (let i = 0; i < 20; i++) {
      expect(await written(() => vote(t.deps, pool[i]!, a.postId, { value: 1 }))).toEqual([
        row(author, "answer_upvoted", 10, a.postId, pool[i]!),
      ]);
    }
    expect(await rep(author)).toBe(201);
    expect(await written(() => vote(t.deps, pool[20]!, a.postId, { value: 1 }))).toEqual([]);
    expect(await rep(author)).toBe(201);
    expect(await postCounters(t.db, a.postId)).toMatchObject({ score: 21, upvotes: 21 });
    // Accepted answers are not capped.
    expect(await written(() => acceptAnswer(t.deps, asker, q.threadId, { replyId: a.postId }))).toEqual(
      rowsOfAction(
        row(author, "answer_accepted", 15, a.postId, asker),
        row(asker, "accepted_answer", 2, a.postId, asker),
      ),
    );
    expect(await rep(author)).toBe(216);
    // 23:58 UTC+7, still the same day: capped.
    t.clock.advance(58 * 60_000);
    expect(await written(() => vote(t.deps, pool[21]!, a2.postId, { value: 1 }))).toEqual([]);
    // Just after midnight UTC+7 (17:00 UTC) the cap starts again.
    t.clock.advance(2 * 60_000 + 1);
    expect(await written(() => vote(t.deps, pool[0]!, a2.postId, { value: 1 }))).toEqual([
      row(author, "answer_upvoted", 10, a2.postId, pool[0]!),
    ]);
    expect(await rep(author)).toBe(226);
    expect((await ledgerOf(t.db, author.id)).filter(([r]) => r === "answer_upvoted")).toHaveLength(21);
  });

  it("at the edge the award is partial (195 + 10 → +5), undoing it takes back exactly 5, and question upvotes count too", async () => {
    toNextDay(t.clock);
    const [asker, author] = [await member(), await member()];
    const q = await ask(asker);
    const own = await ask(author);
    const a = await answer(author, q.threadId);
    for (let i = 0; i < 19; i++) await vote(t.deps, pool[i]!, a.postId, { value: 1 });
    expect(await written(() => vote(t.deps, pool[19]!, own.postId, { value: 1 }))).toEqual([
      row(author, "question_upvoted", 5, own.postId, pool[19]!),
    ]);
    expect(await rep(author)).toBe(196);
    expect(await written(() => vote(t.deps, pool[20]!, a.postId, { value: 1 }))).toEqual([
      row(author, "answer_upvoted", 5, a.postId, pool[20]!),
    ]);
    expect(await rep(author)).toBe(201);
    expect(await written(() => vote(t.deps, pool[21]!, own.postId, { value: 1 }))).toEqual([]);
    expect(await written(() => vote(t.deps, pool[20]!, a.postId, { value: 0 }))).toEqual([
      row(author, "answer_upvoted", -5, a.postId, pool[20]!),
    ]);
    expect(await rep(author)).toBe(196);
  });
});

describe("serial voting", () => {
  it("the 6th upvote from one member to one author within 24h is reversed and logged; undoing it is exact; after 24h votes count again", async () => {
    toNextDay(t.clock);
    const [asker, author, voter] = [await member(), await member(), await member(20)];
    const q = await ask(asker);
    const answers: { postId: number }[] = [];
    for (let i = 0; i < 7; i++) answers.push(await answer(author, q.threadId));
    for (let i = 0; i < 5; i++) {
      expect(await written(() => vote(t.deps, voter, answers[i]!.postId, { value: 1 }))).toEqual([
        row(author, "answer_upvoted", 10, answers[i]!.postId, voter),
      ]);
    }
    expect(await rep(author)).toBe(51);
    const sixth = answers[5]!.postId;
    expect(await written(() => vote(t.deps, voter, sixth, { value: 1 }))).toEqual(
      rowsOfAction(
        row(author, "answer_upvoted", 10, sixth, voter),
        row(author, "serial_vote_reversal", -10, sixth, voter),
      ),
    );
    expect(await rep(author)).toBe(51);
    expect(await postCounters(t.db, sixth)).toMatchObject({ score: 1, upvotes: 1 });
    const log = (await listSerialVoteLog(t.db, 500)).filter((l) => l.author === author.username);
    expect(log).toEqual([
      expect.objectContaining({
        voter: voter.username,
        author: author.username,
        postId: sixth,
        votesInWindow: 6,
        pointsReversed: 10,
      }),
    ]);

    // Undoing the reversed vote gives nothing back and takes nothing away.
    expect(await written(() => vote(t.deps, voter, sixth, { value: 0 }))).toEqual(
      rowsOfAction(
        row(author, "answer_upvoted", -10, sixth, voter),
        row(author, "serial_vote_reversal", 10, sixth, voter),
      ),
    );
    expect(await rep(author)).toBe(51);

    // Outside the 24-hour window the votes are counted afresh.
    t.clock.advance(24 * 3_600_000 + 60_000);
    expect(await written(() => vote(t.deps, voter, answers[6]!.postId, { value: 1 }))).toEqual([
      row(author, "answer_upvoted", 10, answers[6]!.postId, voter),
    ]);
    expect(await rep(author)).toBe(61);
  });

  it("undoing a serial-reversed upvote while the author sits at the floor does not mint points", async () => {
    toNextDay(t.clock);
    const [asker, author, voter, mod] = [
      await member(),
      await member(),
      await member(20),
      await member(1, { role: "moderator" }),
    ];
    const q = await ask(asker);
    const answers: { postId: number }[] = [];
    for (let i = 0; i < 6; i++) answers.push(await answer(author, q.threadId));
    for (const a of answers) await vote(t.deps, voter, a.postId, { value: 1 });
    expect(await rep(author)).toBe(51); // 5 × 10; the 6th was reversed
    await removeAsSpam(t.deps, mod, answers[0]!.postId); // -10 (its upvote) then -100, floored
    expect(await rep(author)).toBe(1);
    // The 6th vote gave the author net 0, so taking it back must leave the author at 1.
    await vote(t.deps, voter, answers[5]!.postId, { value: 0 });
    expect(await rep(author)).toBe(1);
  });
});

describe("shared sign-up addresses", () => {
  it("accounts from one sign-up IP voting for each other are listed for moderators, and keep their points", async () => {
    const ip = "203.0.113.77";
    const [asker, a, b] = [
      await member(),
      await member(20, { signupIp: ip }),
      await member(20, { signupIp: ip }),
    ];
    const c = await member(20, { signupIp: "198.51.100.1" });
    const q = await ask(asker);
    const ra = await answer(a, q.threadId);
    const rb = await answer(b, q.threadId);
    expect(await written(() => vote(t.deps, a, rb.postId, { value: 1 }))).toEqual([
      row(b, "answer_upvoted", 10, rb.postId, a),
    ]);
    expect(await written(() => vote(t.deps, b, ra.postId, { value: 1 }))).toEqual([
      row(a, "answer_upvoted", 10, ra.postId, b),
    ]);
    await vote(t.deps, c, ra.postId, { value: 1 });
    expect([await rep(a), await rep(b), await rep(c)]).toEqual([40, 30, 20]);
    const pairs = (await listSharedIpVoting(t.db, 500)).filter((p) => p.ip === ip);
    const [first, second] = a.id < b.id ? [a, b] : [b, a];
    expect(pairs).toEqual([{ a: first.username, b: second.username, ip, aToB: 1, bToA: 1 }]);
    expect((await listSharedIpVoting(t.db, 500)).some((p) => p.a === c.username || p.b === c.username)).toBe(
      false,
    );
  });
  it("a voting pair is listed however many silent accounts share sign-up addresses", async () => {
    // A campus or office NAT: one address, many sign-ups. Only the two oldest accounts vote for each other.
    const ip = "192.0.2.10";
    const [asker, a, b] = [
      await member(),
      await member(20, { signupIp: ip }),
      await member(20, { signupIp: ip }),
    ];
    for (let i = 0; i < 32; i++) await member(1, { signupIp: ip }); // 34 accounts → 561 pairs
    const q = await ask(asker);
    const ra = await answer(a, q.threadId);
    const rb = await answer(b, q.threadId);
    await vote(t.deps, a, rb.postId, { value: 1 });
    await vote(t.deps, b, ra.postId, { value: 1 });
    const pairs = (await listSharedIpVoting(t.db, 500)).filter((p) => p.ip === ip);
    expect(pairs).toEqual([expect.objectContaining({ ip, aToB: 1, bToA: 1 })]);
  });
});

describe("deleting and removing posts", () => {
  it("deleting an answer reverses its votes, its acceptance and the voters' downvote costs, exactly", async () => {
    const [asker, author, downer] = [await member(), await member(), await member(125)];
    const q = await ask(asker);
    const a = await answer(author, q.threadId);
    await vote(t.deps, pool[0]!, a.postId, { value: 1 });
    await vote(t.deps, pool[1]!, a.postId, { value: 1 });
    await vote(t.deps, downer, a.postId, { value: -1 });
    await acceptAnswer(t.deps, asker, q.threadId, { replyId: a.postId });
    expect([await rep(asker), await rep(author), await rep(downer)]).toEqual([3, 34, 124]);

    await expectAppError(deletePost(t.deps, asker, a.postId), "forbidden", "delete_not_author");
    expect(await written(() => deletePost(t.deps, author, a.postId))).toEqual(
      rowsOfAction(
        row(author, "answer_upvoted", -20, a.postId, null),
        row(author, "post_downvoted", 2, a.postId, null),
        row(author, "answer_accepted", -15, a.postId, null),
        row(asker, "accepted_answer", -2, a.postId, null),
        row(downer, "downvote_cast", 1, a.postId, null),
      ),
    );
    expect({ asker: await rep(asker), author: await rep(author), downer: await rep(downer) }).toEqual({
      asker: 1,
      author: 1,
      downer: 125,
    });
    expect(await threadState(t.db, q.threadId)).toEqual({ status: "open", acceptedPostId: null });
    const [u] = await rows<{ accepted_count: number; answer_count: number }>(
      t.db,
      sql`select accepted_count, answer_count from users where id = ${author.id}`,
    );
    expect(u).toEqual({ accepted_count: 0, answer_count: 0 });
    await expectAppError(vote(t.deps, pool[2]!, a.postId, { value: 1 }), "not_found");
  });

  it("deleting an answer that a member downvoted works and gives the downvoter's point back", async () => {
    const [asker, author, downer] = [await member(), await member(), await member(125)];
    const q = await ask(asker);
    const a = await answer(author, q.threadId);
    await vote(t.deps, pool[3]!, a.postId, { value: 1 });
    await vote(t.deps, downer, a.postId, { value: -1 });
    expect([await rep(author), await rep(downer)]).toEqual([9, 124]);
    await deletePost(t.deps, author, a.postId);
    expect([await rep(author), await rep(downer)]).toEqual([1, 125]);
  });

  it("deleting an answer whose upvote was reversed as serial voting, while its author is at 1, mints nothing", async () => {
    toNextDay(t.clock);
    const [asker, author, voter, mod] = [
      await member(),
      await member(),
      await member(20),
      await member(1, { role: "moderator" }),
    ];
    const q = await ask(asker);
    const answers: { postId: number }[] = [];
    for (let i = 0; i < 6; i++) answers.push(await answer(author, q.threadId));
    for (const a of answers) await vote(t.deps, voter, a.postId, { value: 1 });
    await removeAsSpam(t.deps, mod, answers[0]!.postId);
    expect(await rep(author)).toBe(1);
    // The 6th answer's upvote was +10 then -10 (serial): it stands at 0, so deleting it changes nothing.
    await deletePost(t.deps, author, answers[5]!.postId);
    expect(await rep(author)).toBe(1);
  });

  it("removal as spam (moderators only) reverses the post's points and costs 100, floored at 1", async () => {
    const [asker, author, other, mod] = [
      await member(),
      await member(300),
      await member(3000),
      await member(1, { role: "moderator" }),
    ];
    const q = await ask(asker);
    const [a1, a2, a3, a4] = [
      await answer(author, q.threadId),
      await answer(author, q.threadId),
      await answer(author, q.threadId),
      await answer(author, q.threadId),
    ];
    await vote(t.deps, pool[0]!, a1.postId, { value: 1 });
    expect(await rep(author)).toBe(310);

    await expectAppError(removeAsSpam(t.deps, other, a1.postId), "forbidden", "staff_only");
    await expectAppError(removeAsSpam(t.deps, author, a1.postId), "forbidden", "staff_only");
    await expectAppError(removeAsSpam(t.deps, mod, q.postId), "rule_violated");

    expect(await written(() => removeAsSpam(t.deps, mod, a1.postId))).toEqual(
      rowsOfAction(
        row(author, "answer_upvoted", -10, a1.postId, null),
        row(author, "removed_as_spam", -100, a1.postId, mod),
      ),
    );
    expect(await rep(author)).toBe(200);
    await removeAsSpam(t.deps, mod, a2.postId);
    expect(await rep(author)).toBe(100);
    expect(await written(() => removeAsSpam(t.deps, mod, a3.postId))).toEqual([
      row(author, "removed_as_spam", -99, a3.postId, mod),
    ]);
    expect(await rep(author)).toBe(1);
    // At the floor the penalty has nothing left to take.
    await removeAsSpam(t.deps, mod, a4.postId);
    expect(await rep(author)).toBe(1);
    expect(await postCounters(t.db, a4.postId)).toMatchObject({ deleted: true });
  });
});

describe("privileges are enforced on the server", () => {
  async function refusedFor(p: Promise<unknown>, privilege: string, threshold: number) {
    const e = await expectAppError(p, "forbidden", `privilege_${privilege}`);
    expect(e.fields).toEqual({ privilege: String(threshold) });
  }

  it("downvote needs 125: refused at 124 (nothing written), allowed at 125; upvote needs only 1", async () => {
    const [asker, author] = [await member(), await member(50)];
    const q = await ask(asker);
    const a = await answer(author, q.threadId);
    const [at124, at125, newcomer] = [await member(124), await member(125), await member(1)];
    const mark = await ledgerMark(t.db);
    await refusedFor(vote(t.deps, at124, a.postId, { value: -1 }), "downvote", 125);
    await refusedFor(vote(t.deps, at124, q.postId, { value: -1 }), "downvote", 125);
    expect(await ledgerSince(t.db, mark)).toEqual([]);
    expect(await postCounters(t.db, a.postId)).toMatchObject({ score: 0, downvotes: 0 });
    await vote(t.deps, at125, a.postId, { value: -1 });
    expect(await postCounters(t.db, a.postId)).toMatchObject({ score: -1, downvotes: 1 });
    expect([await rep(author), await rep(at125)]).toEqual([48, 124]);
    await vote(t.deps, newcomer, a.postId, { value: 1 });
    expect(await postCounters(t.db, a.postId)).toMatchObject({ score: 0, upvotes: 1, downvotes: 1 });
  });

  it("flag needs 15: refused at 14, allowed at 15", async () => {
    const asker = await member();
    const q = await ask(asker);
    const [at14, at15] = [await member(14), await member(15)];
    await refusedFor(flagPost(t.deps, at14, q.postId, { reason: "spam" }), "flag", 15);
    const r = await flagPost(t.deps, at15, q.postId, { reason: "spam" });
    expect(r.flagId).toBeGreaterThan(0);
    const flags = await rows(t.db, sql`select user_id from flags where post_id = ${q.postId}`);
    expect(flags).toEqual([{ user_id: at15.id }]);
  });

  it("retagging someone else's thread needs 500: refused at 499, allowed at 500; the asker always may", async () => {
    const asker = await member(1);
    const q = await ask(asker);
    const [at499, at500] = [await member(499), await member(500)];
    await refusedFor(retagThread(t.deps, at499, q.threadId, { tags: ["wifi"] }), "edit_tags", 500);
    expect(await retagThread(t.deps, at500, q.threadId, { tags: ["wifi", "router"] })).toEqual({
      threadId: q.threadId,
      tags: ["wifi", "router"],
    });
    expect(await retagThread(t.deps, asker, q.threadId, { tags: ["modem"] })).toEqual({
      threadId: q.threadId,
      tags: ["modem"],
    });
  });

  it("editing someone else's post needs 2000: refused at 1999, allowed at 2000; the author always may; revisions are kept", async () => {
    const asker = await member(1);
    const q = await ask(asker);
    const [at1999, at2000] = [await member(1999), await member(2000)];
    await refusedFor(editPost(t.deps, at1999, q.postId, { body: doc("hijacked") }), "edit_posts", 2000);
    expect(
      (await editPost(t.deps, at2000, q.postId, { body: doc("Clarified by an editor.") })).revision,
    ).toBe(2);
    expect((await editPost(t.deps, asker, q.postId, { body: doc("Clarified by the asker.") })).revision).toBe(
      3,
    );
    const revs = await rows<{ revision: number; editor_id: string }>(
      t.db,
      sql`select revision, editor_id from post_revisions where post_id = ${q.postId} order by revision`,
    );
    expect(revs).toEqual([
      { revision: 1, editor_id: at2000.id },
      { revision: 2, editor_id: asker.id },
    ]);
  });

  it("moderators and admins bypass every threshold", async () => {
    const [asker, author] = [await member(), await member(50)];
    const q = await ask(asker);
    const a = await answer(author, q.threadId);
    for (const role of ["moderator", "admin"] as const) {
      const staff = await member(1, { role });
      await vote(t.deps, staff, a.postId, { value: -1 });
      await flagPost(t.deps, staff, a.postId, { reason: "off_topic" });
      await retagThread(t.deps, staff, q.threadId, { tags: [role] });
      await editPost(t.deps, staff, a.postId, { body: doc(`Edited by ${role}.`) });
    }
    expect(await postCounters(t.db, a.postId)).toMatchObject({ score: -2, downvotes: 2 });
  });
});

describe("badges", () => {
  it("are granted once each, with one badge notification per award", async () => {
    const [asker, helper] = [await member(), await member()];
    const q = await ask(asker);
    await ask(asker);
    const a = await answer(helper, q.threadId);
    const q2 = await ask(helper);
    await answer(helper, q.threadId);
    await vote(t.deps, helper, q.postId, { value: 1 }); // supporter (welcomer too: the asker's first question)
    await vote(t.deps, asker, q2.postId, { value: 1 }); // supporter for the asker too
    await vote(t.deps, helper, q.postId, { value: 0 });
    await vote(t.deps, helper, q.postId, { value: 1 }); // a second upvote cast: no second badge
    await acceptAnswer(t.deps, asker, q.threadId, { replyId: a.postId }); // first-solution, scholar
    await editPost(t.deps, helper, a.postId, { body: doc("Restart it, then update the firmware.") }); // editor
    await editPost(t.deps, helper, a.postId, { body: doc("Restart it, then update the firmware (v2).") });
    expect(await rep(helper)).toBe(16);
    await flagPost(t.deps, helper, q.postId, { reason: "off_topic" }); // citizen-patrol

    expect(await badgesOf(t.db, helper.id)).toEqual([
      "citizen-patrol",
      "editor",
      "first-answer",
      "first-question",
      "first-solution",
      "supporter",
      "welcomer",
    ]);
    expect(await badgeNotificationsOf(t.db, helper.id)).toEqual(await badgesOf(t.db, helper.id));
    expect(await badgesOf(t.db, asker.id)).toEqual(["first-question", "scholar", "supporter"]);
    expect(await badgeNotificationsOf(t.db, asker.id)).toEqual(["first-question", "scholar", "supporter"]);
  });

  it("welcomer: answering a newcomer's first question within an hour (not later, not their second question)", async () => {
    const [newcomer, quick, late, other] = [await member(), await member(), await member(), await member()];
    const first = await ask(newcomer);
    t.clock.advance(59 * 60_000);
    await insertTestReply(t.deps, quick, first.threadId);
    t.clock.advance(2 * 60_000);
    await insertTestReply(t.deps, late, first.threadId);
    const second = await ask(newcomer);
    await answer(other, second.threadId);
    expect(await badgesOf(t.db, quick.id)).toContain("welcomer");
    expect(await badgesOf(t.db, late.id)).not.toContain("welcomer");
    expect(await badgesOf(t.db, other.id)).not.toContain("welcomer");
    expect((await badgeNotificationsOf(t.db, quick.id)).filter((s) => s === "welcomer")).toHaveLength(1);
  });

  it("helpful: an answer reaching a score of 10", async () => {
    const [asker, author] = [await member(), await member()];
    const q = await ask(asker);
    const a = await answer(author, q.threadId);
    for (let i = 0; i < 9; i++) await vote(t.deps, pool[i]!, a.postId, { value: 1 });
    expect(await badgesOf(t.db, author.id)).not.toContain("helpful");
    const r = await vote(t.deps, pool[9]!, a.postId, { value: 1 });
    expect(r.score).toBe(10);
    expect(await badgesOf(t.db, author.id)).toContain("helpful");
    await vote(t.deps, pool[10]!, a.postId, { value: 1 });
    expect((await badgeNotificationsOf(t.db, author.id)).filter((s) => s === "helpful")).toHaveLength(1);
  });
});

describe("champions", () => {
  async function acceptedAnswersFor(candidate: Actor, asker: Actor, n: number) {
    for (let i = 0; i < n; i++) {
      const q = await ask(asker);
      const a = await answer(candidate, q.threadId);
      await acceptAnswer(t.deps, asker, q.threadId, { replyId: a.postId });
    }
  }
  const candidateIds = async () => (await listChampionCandidates(t.db, t.clock.now())).map((c) => c.userId);

  it("candidates have ≥10 accepted answers on others' questions in 90 days and no spam removal; moderators confirm and revoke", async () => {
    const [asker, c, d, e, mod] = [
      await member(),
      await member(),
      await member(),
      await member(),
      await member(1, { role: "moderator" }),
    ];
    await acceptedAnswersFor(c, asker, 10);
    await acceptedAnswersFor(d, asker, 9);
    const own = await ask(d);
    const ownAnswer = await answer(d, own.threadId);
    await acceptAnswer(t.deps, d, own.threadId, { replyId: ownAnswer.postId }); // self-accept: does not count
    await acceptedAnswersFor(e, asker, 10);
    const spamQ = await ask(asker);
    const spam = await answer(e, spamQ.threadId);
    await removeAsSpam(t.deps, mod, spam.postId);

    const list = await listChampionCandidates(t.db, t.clock.now());
    expect(list.filter((x) => [c.id, d.id, e.id].includes(x.userId))).toEqual([
      expect.objectContaining({ userId: c.id, username: c.username, accepted: 10 }),
    ]);

    await expectAppError(
      decideChampion(t.deps, c, { username: c.username, decision: "confirm" }),
      "forbidden",
    );
    await expectAppError(
      decideChampion(t.deps, mod, { username: "nobody-by-that-name", decision: "confirm" }),
      "not_found",
    );
    expect(
      await decideChampion(t.deps, mod, { username: c.username, decision: "confirm", note: "Steady helper" }),
    ).toEqual({
      userId: c.id,
      champion: true,
    });
    expect(await badgesOf(t.db, c.id)).toContain("champion");
    const notes = await rows(
      t.db,
      sql`select data from notifications where user_id = ${c.id} and kind = 'champion'`,
    );
    expect(notes).toEqual([{ data: { confirmed: true } }]);
    const [flag] = await rows<{ is_champion: boolean }>(
      t.db,
      sql`select is_champion from users where id = ${c.id}`,
    );
    expect(flag?.is_champion).toBe(true);
    expect(await candidateIds()).not.toContain(c.id);
    expect((await listChampions(t.db)).map((x) => x.username)).toContain(c.username);

    await decideChampion(t.deps, mod, { username: c.username, decision: "revoke" });
    expect(await badgesOf(t.db, c.id)).not.toContain("champion");
    expect((await listChampions(t.db)).map((x) => x.username)).not.toContain(c.username);
    expect(await candidateIds()).toContain(c.id);

    // Accepted answers older than 90 days no longer count.
    t.clock.advance(91 * 86_400_000);
    expect(await candidateIds()).not.toContain(c.id);
  });

  it("a spam removal disqualifies even when the floor absorbed its -100 (member at 1 when removed)", async () => {
    const [asker, f, mod] = [await member(), await member(1), await member(1, { role: "moderator" })];
    const spamQ = await ask(asker);
    const spam = await answer(f, spamQ.threadId);
    await removeAsSpam(t.deps, mod, spam.postId); // f is at 1: the -100 is floored to 0
    await acceptedAnswersFor(f, asker, 10);
    expect(await candidateIds()).not.toContain(f.id);
  });
});

describe("visit streaks", () => {
  it("consecutive UTC+7 days extend the streak, 7 earn streak-7 once, a gap resets it", async () => {
    const u = await member();
    expect(await recordVisit(t.deps, u.id)).toEqual({ streak: 1, badges: [] });
    expect(await recordVisit(t.deps, u.id)).toBeNull(); // same day
    for (let day = 2; day <= 6; day++) {
      t.clock.advance(86_400_000);
      expect(await recordVisit(t.deps, u.id)).toEqual({ streak: day, badges: [] });
    }
    t.clock.advance(86_400_000);
    expect(await recordVisit(t.deps, u.id)).toEqual({ streak: 7, badges: ["streak-7"] });
    t.clock.advance(86_400_000);
    expect(await recordVisit(t.deps, u.id)).toEqual({ streak: 8, badges: [] });
    t.clock.advance(2 * 86_400_000);
    expect(await recordVisit(t.deps, u.id)).toEqual({ streak: 1, badges: [] });
    const [s] = await rows<{ streak_days: number }>(
      t.db,
      sql`select streak_days from users where id = ${u.id}`,
    );
    expect(s?.streak_days).toBe(1);
    expect(await badgeNotificationsOf(t.db, u.id)).toEqual(["streak-7"]);
  });

  it("the day changes at midnight UTC+7 (17:00 UTC), not at midnight UTC", async () => {
    const u = await member();
    toNextDay(t.clock, -2); // 23:58 UTC+7
    expect(await recordVisit(t.deps, u.id)).toEqual({ streak: 1, badges: [] });
    t.clock.advance(4 * 60_000); // 00:02 UTC+7 the next day, still the same UTC day
    expect(await recordVisit(t.deps, u.id)).toEqual({ streak: 2, badges: [] });
  });
});

describe("leaderboards", () => {
  let lb: TestDb;
  afterAll(async () => {
    await lb?.close();
  });

  // The dates are picked so that "this week" and "this month" read the same whether periods are calendar
  // periods (week from Monday, month from the 1st, UTC+7) or rolling 7 / 30 days: "now" is Sunday 28 Feb 2027.
  const at = (iso: string) => new Date(iso);
  const moveTo = (clock: TestDb["clock"], iso: string) =>
    clock.advance(at(iso).getTime() - clock.now().getTime());

  it("rank by points gained this week / month, overall and per board; all-time overall uses totals", async () => {
    lb = await createTestDb();
    const d = lb.deps;
    const b1 = await insertTestBoard(d);
    const b2 = await insertTestBoard(d);
    const [asker, w, x, y, z] = [
      await insertTestUser(d),
      await insertTestUser(d),
      await insertTestUser(d),
      await insertTestUser(d),
      await insertTestUser(d),
    ];
    const voters = [];
    for (let i = 0; i < 4; i++) voters.push(await insertTestUser(d, { reputation: 15 }));
    const t1 = await insertTestThread(d, asker, b1.slug);
    const t2 = await insertTestThread(d, asker, b2.slug);
    const wa = await insertTestReply(d, w, t1.threadId);
    const xa = await insertTestReply(d, x, t1.threadId);
    const ya = await insertTestReply(d, y, t2.threadId);
    const za1 = await insertTestReply(d, z, t1.threadId);
    const za2 = await insertTestReply(d, z, t2.threadId);

    moveTo(lb.clock, "2027-01-20T05:00:00Z"); // last month
    for (let i = 0; i < 2; i++) await vote(d, voters[i]!, wa.postId, { value: 1 }); // w +20 in board 1
    moveTo(lb.clock, "2027-02-10T05:00:00Z"); // this month, an earlier week
    for (let i = 0; i < 4; i++) await vote(d, voters[i]!, xa.postId, { value: 1 }); // x +40 in board 1
    await vote(d, voters[0]!, za2.postId, { value: 1 }); // z +10 in board 2
    moveTo(lb.clock, "2027-02-27T05:00:00Z"); // this week (Saturday)
    for (let i = 0; i < 3; i++) await vote(d, voters[i]!, ya.postId, { value: 1 }); // y +30 in board 2
    await vote(d, voters[1]!, za1.postId, { value: 1 }); // z +10 in board 1

    const now = at("2027-02-28T05:00:00Z"); // Sunday, 12:00 UTC+7
    const top = async (period: "week" | "month" | "all", boardId: number | null, when = now) =>
      (await leaderboard(lb.db, { period, boardId, now: when, limit: 3 })).map((r) => [r.username, r.points]);

    expect(await top("week", null)).toEqual([
      [y.username, 30],
      [z.username, 10],
    ]);
    expect(await top("month", null)).toEqual([
      [x.username, 40],
      [y.username, 30],
      [z.username, 20],
    ]);
    expect(await top("all", null)).toEqual([
      [x.username, 41],
      [y.username, 31],
      [w.username, 21],
    ]);
    expect(await top("week", b1.id)).toEqual([[z.username, 10]]);
    expect(await top("week", b2.id)).toEqual([[y.username, 30]]);
    expect(await top("month", b1.id)).toEqual([
      [x.username, 40],
      [z.username, 10],
    ]);
    expect(await top("month", b2.id)).toEqual([
      [y.username, 30],
      [z.username, 10],
    ]);
    expect(await top("all", b1.id)).toEqual([
      [x.username, 40],
      [w.username, 20],
      [z.username, 10],
    ]);
    expect(await top("all", b2.id)).toEqual([
      [y.username, 30],
      [z.username, 10],
    ]);
    const first = (await leaderboard(lb.db, { period: "month", boardId: null, now, limit: 1 }))[0];
    expect(first).toMatchObject({
      userId: x.id,
      username: x.username,
      points: 40,
      reputation: 41,
      isChampion: false,
    });
    // Un-voting takes the points off this period's boards too.
    lb.clock.advance(at("2027-02-28T04:00:00Z").getTime() - lb.clock.now().getTime());
    await vote(d, voters[2]!, ya.postId, { value: 0 });
    expect(await top("week", b2.id)).toEqual([[y.username, 20]]);
    // Next week / next month nothing has been gained yet.
    expect(await top("week", null, at("2027-03-07T05:00:00Z"))).toEqual([]);
    expect(await top("month", null, at("2027-03-31T05:00:00Z"))).toEqual([]);
  });
});

describe("badge backfill", () => {
  let bf: TestDb;
  afterAll(async () => {
    await bf?.close();
  });

  it("agrees with live awarding, grants what stored data qualifies for, sends no notifications, and is idempotent", async () => {
    bf = await createTestDb();
    const d = bf.deps;
    const b = await insertTestBoard(d);
    const [asker, helper, voter] = [
      await insertTestUser(d),
      await insertTestUser(d),
      await insertTestUser(d, { reputation: 20 }),
    ];
    const q = await insertTestThread(d, asker, b.slug);
    bf.clock.advance(10 * 60_000);
    const a = await insertTestReply(d, helper, q.threadId); // first-answer, welcomer
    await vote(d, voter, a.postId, { value: 1 }); // supporter
    await acceptAnswer(d, asker, q.threadId, { replyId: a.postId }); // first-solution, scholar
    await editPost(d, helper, a.postId, { body: doc("Edited.") }); // editor
    await flagPost(d, voter, q.postId, { reason: "off_topic" }); // citizen-patrol
    const count = async () =>
      Number((await rows<{ n: number }>(bf.db, sql`select count(*)::int as n from notifications`))[0]?.n);
    const notificationsBefore = await count();

    expect(await backfillBadges(d)).toEqual({ members: 3, granted: 0 });

    // Badges lost (or data imported from before badges existed): the backfill grants them from stored rows.
    await bf.db.execute(sql`delete from badge_awards where user_id = ${asker.id}`);
    await bf.db.execute(sql`delete from badge_awards where user_id = ${helper.id} and slug = 'welcomer'`);
    await bf.db.execute(
      sql`insert into post_revisions (post_id, revision, title, body_json, body_html, editor_id, created_at)
          values (${q.postId}, 1, null, '{"type":"doc","content":[]}'::jsonb, '', ${asker.id}, now())`,
    );
    await bf.db.execute(sql`update users set streak_days = 7 where id = ${voter.id}`);
    expect(await backfillBadges(d, 2)).toEqual({ members: 3, granted: 5 });
    expect(await badgesOf(bf.db, asker.id)).toEqual(["editor", "first-question", "scholar"]);
    expect(await badgesOf(bf.db, helper.id)).toContain("welcomer");
    expect(await badgesOf(bf.db, voter.id)).toContain("streak-7");
    expect(await count()).toBe(notificationsBefore);

    expect(await backfillBadges(d)).toEqual({ members: 3, granted: 0 });
  });
});

describe("rebuilding totals from the ledger", () => {
  /** The rollups a rebuild recomputes (non-zero rows, in a stable order). */
  const rollups = async (ex: Parameters<typeof rows>[0]) => ({
    daily: await rows(
      ex,
      sql`select day::text as day, board_id, user_id, points from reputation_daily where points <> 0
          order by day, board_id, user_id`,
    ),
    periods: await rows(
      ex,
      sql`select kind, start::text as start, board_id, user_id, points from reputation_periods where points <> 0
          order by kind, start, board_id, user_id`,
    ),
  });

  it("on a healthy database corrects nothing and leaves the rollups as they were", async () => {
    const before = await rollups(t.db);
    const [n] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from users`);
    expect(await rebuildFromLedger(t.db)).toEqual({ members: Number(n?.n), corrected: 0 });
    expect(await rollups(t.db)).toEqual(before);
  });

  it("corrects exactly the one corrupted total", async () => {
    const u = pool[0]!;
    const right = await rep(u);
    await t.db.execute(sql`update users set reputation = 999 where id = ${u.id}`);
    expect((await rebuildFromLedger(t.db)).corrected).toBe(1);
    expect(await rep(u)).toBe(right);
    expect((await rebuildFromLedger(t.db)).corrected).toBe(0);
  });

  it("rebuilds the rollups on UTC+7 days whatever the session time zone", async () => {
    const before = await rollups(t.db);
    let after: unknown = null;
    const rollback = new Error("rollback");
    await t.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local timezone = 'Asia/Tokyo'`);
        await rebuildFromLedger(tx);
        after = await rollups(tx);
        throw rollback;
      })
      .catch((e: unknown) => {
        if (e !== rollback) throw e;
      });
    expect(after).toEqual(before);
  });

  it("after everything above, every invariant still holds", async () => {
    expect(await allInvariantViolations(t.db)).toEqual(NO_VIOLATIONS);
  });
});
