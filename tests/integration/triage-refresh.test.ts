/**
 * The periodic triage refresh recomputes only the threads whose score can have changed since its previous run
 * (domain/triage triageRefreshWindows). Proof: step by step, with writes and a moving clock, every open
 * thread's stored score equals a full recomputation after each run, each step's stale threads are the ones the
 * step was built to make stale, and a run reads far fewer threads than are open — PGlite and PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { doc, insertTestBoard, insertTestUser } from "../factories";
import { rowsOf } from "~/data/reputation.server";
import { findTriageFacts, setTriageScores } from "~/data/triage.server";
import { triagePriority } from "~/domain/triage";
import { askQuestion, postReply } from "~/services/forum.server";
import { correctSentiment } from "~/services/listening.server";
import { countThreadView, flushThreadViews } from "~/services/views.server";
import { refreshChangedTriage } from "~/services/sentiment-backfill.server";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});

describe("refreshChangedTriage", () => {
  it("keeps every stored score equal to a full recomputation while reading only what can have changed", async () => {
    const board = await insertTestBoard(t.deps);
    const mod = await insertTestUser(t.deps, { role: "moderator" });
    const helper = await insertTestUser(t.deps);
    const quiet = await insertTestUser(t.deps);
    const risky = await insertTestUser(t.deps);
    const fading = await insertTestUser(t.deps);
    const ask = (who: typeof quiet, title: string, body: string) =>
      askQuestion(t.deps, who, { board: board.slug, title, body: doc(body) });
    const reply = (who: typeof quiet, threadId: number, body: string) =>
      postReply(t.deps, who, threadId, { body: doc(body) });

    /** Open threads of this board whose stored score differs from the one computed now. */
    const stale = async () => {
      const open = rowsOf(
        await t.db.execute(
          sql`select id, triage_score from threads where board_id = ${board.id} and status = 'open' and handled_at is null`,
        ),
      );
      const now = t.clock.now();
      const due = new Map(
        (
          await findTriageFacts(
            t.db,
            open.map((r) => Number(r.id)),
            now,
          )
        ).map((f) => [f.threadId, triagePriority(f.input, now).score]),
      );
      return open
        .filter((r) => Number(r.triage_score) !== due.get(Number(r.id)))
        .map((r) => Number(r.id))
        .sort((a, b) => a - b);
    };
    const openThreads = async () =>
      Number(
        rowsOf(
          await t.db.execute(
            sql`select count(*) as n from threads where status = 'open' and handled_at is null`,
          ),
        )[0]!.n,
      );
    /** Advance the clock, then run the refresh: it must leave nothing stale. Returns what was stale before. */
    const step = async (ms: number) => {
      t.clock.advance(ms);
      const before = await stale();
      const run = await refreshChangedTriage(t.deps);
      expect(await stale()).toEqual([]);
      return { before, run };
    };

    // Earlier questions: nobody here is on a first post (a signal that never changes with time).
    for (const who of [quiet, risky, fading])
      await ask(who, "Where are my invoices?", "I need last year's invoices.");
    const fadingAngry = await ask(fading, "Lừa đảo, mất tiền!", "Bị trừ tiền hai lần, quá tệ, thất vọng.");
    const fadingOther = await ask(fading, "Which router do you recommend?", "Something for a small flat.");
    t.clock.advance(3 * DAY);

    const unanswered = await ask(quiet, "How do I export my invoices?", "I need them for my accountant.");
    const answered = await ask(quiet, "Change my avatar?", "Where is the profile picture setting?");
    await reply(mod, answered.threadId, "Settings, then Profile, then Picture.");
    const busy = await ask(quiet, "Wifi drops every evening", "It disconnects around 8 pm.");
    // Staff answered (no waiting ramp), then a busy hour: only its velocity changes with time.
    await reply(mod, busy.threadId, "We are looking into it; which router model is it?");
    for (const n of [1, 2, 3])
      await reply(helper, busy.threadId, `Same here, attempt ${n}: restart did not help.`);
    const riskyAngry = await ask(
      risky,
      "Lừa đảo! Hoàn tiền ngay",
      "Bị trừ tiền hai lần, quá tệ và thất vọng.",
    );
    const riskyOther = await ask(risky, "Which plan has more data?", "Comparing the monthly plans.");
    // The first run has no watermark: a full sweep, which then records one.
    expect((await refreshChangedTriage(t.deps)).full).toBe(true);
    expect(await stale()).toEqual([]);

    // Views are counted without a write of the thread: 150 in this hour give it velocity points.
    for (let i = 0; i < 150; i++) countThreadView(answered.threadId, t.clock.now());
    await flushThreadViews(t.deps);
    let s = await step(10 * MINUTE);
    expect(s.run.full).toBe(false);
    expect(s.before).toContain(answered.threadId);
    expect(s.run.threads).toBeLessThan(await openThreads());

    // Five hours on: the replies and views left their hour, the unanswered threads' waiting ramps began.
    s = await step(5 * HOUR);
    expect(s.before).toEqual(
      expect.arrayContaining([unanswered.threadId, answered.threadId, busy.threadId, riskyAngry.threadId]),
    );

    // Angry replies make the quiet member's unanswered thread negative with no staff response: the member is
    // now at risk on their other threads, which no write touched.
    await reply(helper, unanswered.threadId, "Lừa đảo, tôi cũng bị mất tiền, quá tệ, thất vọng vô cùng!");
    const mood = rowsOf(
      await t.db.execute(sql`select mood from threads where id = ${unanswered.threadId}`),
    )[0];
    expect(mood?.mood).toBe("neg");
    s = await step(10 * MINUTE);
    expect(s.before).toContain(busy.threadId);

    // A moderator's correction changes a thread's mood: its author's other threads are refreshed at once.
    const [question] = rowsOf(
      await t.db.execute(sql`select question_post_id as id from threads where id = ${riskyAngry.threadId}`),
    );
    const scoreOf = async (id: number) =>
      Number(
        rowsOf(await t.db.execute(sql`select triage_score from threads where id = ${id}`))[0]!.triage_score,
      );
    const riskyOtherBefore = await scoreOf(riskyOther.threadId);
    await correctSentiment(t.deps, mod, Number(question!.id), { label: "pos" });
    expect(await stale()).toEqual([]);
    expect(await scoreOf(riskyOther.threadId)).toBeLessThan(riskyOtherBefore);

    // A score computed from facts read before a write is not stored over that write's own score.
    const [read] = await findTriageFacts(t.db, [riskyOther.threadId], t.clock.now());
    await reply(helper, riskyOther.threadId, "The unlimited plan has the most data.");
    const afterWrite = await scoreOf(riskyOther.threadId);
    expect(
      await setTriageScores(t.db, [
        { id: riskyOther.threadId, score: afterWrite + 7, version: read!.version },
      ]),
    ).toBe(0);
    expect(await scoreOf(riskyOther.threadId)).toBe(afterWrite);
    expect(await stale()).toEqual([]);

    // Eleven days later the fading member's angry thread leaves the 14-day window: not at risk any more.
    s = await step(11 * DAY);
    expect(s.before).toContain(fadingOther.threadId);
    expect(s.before).not.toContain(fadingAngry.threadId);
    // Nothing happened since: a run reads nothing and changes nothing.
    s = await step(1);
    expect(s.before).toEqual([]);
  });
});
