import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../../tests/support/db";
import {
  doc,
  insertTestBoard,
  insertTestReply,
  insertTestThread,
  insertTestUser,
} from "../../tests/factories";
import { acceptAnswer, askQuestion, postReply, vote } from "./forum.server";
import { getThreadPage } from "~/data/thread-page.server";
import { AppError } from "~/domain/shared/app-error";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.close();
});

async function counts() {
  const r = await t.db.execute(sql`select
      (select count(*)::int from threads) as threads,
      (select count(*)::int from posts) as posts,
      (select count(*)::int from votes) as votes`);
  return (r as unknown as { rows?: unknown[] }).rows?.[0] ?? (r as unknown as unknown[])[0];
}

async function expectAppError(p: Promise<unknown>, kind: string, field?: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).kind).toBe(kind);
  if (field) expect((e as AppError).fields?.[field]).toBeTruthy();
  return e as AppError;
}

describe("asking a question", () => {
  it("creates the thread and its question post and keeps the counters in step", async () => {
    const asker = await insertTestUser(t.deps);
    const board = await insertTestBoard(t.deps);
    const r = await askQuestion(t.deps, asker, {
      board: board.slug,
      title: "  Wi-Fi drops every evening around 9pm  ",
      body: {
        type: "doc",
        content: [
          { type: "paragraph", content: [{ type: "text", text: "It drops", marks: [{ type: "bold" }] }] },
          {
            type: "bulletList",
            content: [
              {
                type: "listItem",
                content: [{ type: "paragraph", content: [{ type: "text", text: "router rebooted" }] }],
              },
            ],
          },
        ],
      },
    });
    const page = await getThreadPage(t.db, r.threadId, { viewerId: null, cursor: null });
    expect(page?.thread.title).toBe("Wi-Fi drops every evening around 9pm");
    expect(page?.question?.bodyHtml).toBe(
      "<p><strong>It drops</strong></p><ul><li><p>router rebooted</p></li></ul>",
    );
    const b = await t.db.execute(sql`select thread_count, post_count from boards where id = ${board.id}`);
    const row = ((b as unknown as { rows?: unknown[] }).rows ?? (b as unknown as unknown[]))[0] as Record<
      string,
      number
    >;
    expect(row).toEqual({ thread_count: 1, post_count: 1 });
  });

  it("refuses bad input with field errors and writes nothing", async () => {
    const asker = await insertTestUser(t.deps);
    const board = await insertTestBoard(t.deps);
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ board: board.slug, title: "", body: doc("x") }, "title"],
      [{ board: board.slug, title: "short", body: doc("x") }, "title"],
      [{ board: board.slug, title: "x".repeat(151), body: doc("x") }, "title"],
      [{ board: board.slug, title: "A perfectly fine title", body: "{not json" }, "body"],
      [
        {
          board: board.slug,
          title: "A perfectly fine title",
          body: { type: "doc", content: [{ type: "image" }] },
        },
        "body",
      ],
      [
        {
          board: board.slug,
          title: "A perfectly fine title",
          body: {
            type: "doc",
            content: [
              {
                type: "paragraph",
                content: [
                  {
                    type: "text",
                    text: "click",
                    marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }],
                  },
                ],
              },
            ],
          },
        },
        "body",
      ],
      [{ board: board.slug, title: "A perfectly fine title", body: doc() }, "body"],
      [{ board: "no-such-board", title: "A perfectly fine title", body: doc("x") }, "board"],
      // Structurally wrong for ProseMirror (list item outside a list) although each node type is allowed.
      [
        {
          board: board.slug,
          title: "A perfectly fine title",
          body: {
            type: "doc",
            content: [
              { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "x" }] }] },
            ],
          },
        },
        "body",
      ],
    ];
    for (const [input, field] of cases) {
      await expectAppError(askQuestion(t.deps, asker, input), "invalid", field);
    }
    expect(await counts()).toEqual(before);
  });

  it("reports every bad field at once", async () => {
    const asker = await insertTestUser(t.deps);
    const e = await expectAppError(
      askQuestion(t.deps, asker, { board: "", title: "no", body: "" }),
      "invalid",
    );
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(["board", "body", "title"]);
  });
});

describe("replies and votes", () => {
  it("posts a reply and counts it on the thread", async () => {
    const [asker, helper] = [await insertTestUser(t.deps), await insertTestUser(t.deps)];
    const board = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, asker, board.slug);
    t.clock.advance(60_000);
    const r = await postReply(t.deps, helper, q.threadId, { body: doc("Restart the router.") });
    const page = await getThreadPage(t.db, q.threadId, { viewerId: null, cursor: null });
    expect(page?.thread.replyCount).toBe(1);
    expect(page?.replies.map((p) => p.id)).toEqual([r.postId]);
    expect(page?.thread.lastActivityAt.getTime()).toBe(t.clock.now().getTime());
  });

  it("reply to a missing thread is a 404 kind and writes nothing", async () => {
    const helper = await insertTestUser(t.deps);
    const before = await counts();
    await expectAppError(postReply(t.deps, helper, 987654321, { body: doc("hello") }), "not_found");
    expect(await counts()).toEqual(before);
  });

  it("one vote per member: vote, repeat, switch, remove; score equals the vote rows", async () => {
    const [asker, voter, voter2] = [
      await insertTestUser(t.deps),
      await insertTestUser(t.deps, { reputation: 200 }),
      await insertTestUser(t.deps, { reputation: 200 }),
    ];
    const board = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, asker, board.slug);
    expect((await vote(t.deps, voter, q.postId, { value: 1 })).score).toBe(1);
    expect((await vote(t.deps, voter, q.postId, { value: 1 })).score).toBe(1);
    expect((await vote(t.deps, voter2, q.postId, { value: 1 })).score).toBe(2);
    expect((await vote(t.deps, voter, q.postId, { value: -1 })).score).toBe(0);
    expect((await vote(t.deps, voter2, q.postId, { value: 0 })).score).toBe(-1);
    const r = await t.db.execute(
      sql`select p.score, p.upvotes, p.downvotes, th.score as thread_score,
            (select coalesce(sum(value),0)::int from votes v where v.post_id = p.id) as vote_sum,
            (select count(*)::int from votes v where v.post_id = p.id) as vote_rows
          from posts p join threads th on th.id = p.thread_id where p.id = ${q.postId}`,
    );
    const row = ((r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[]))[0];
    expect(row).toEqual({
      score: -1,
      upvotes: 0,
      downvotes: 1,
      thread_score: -1,
      vote_sum: -1,
      vote_rows: 1,
    });
  });

  it("refuses voting on your own post, on a missing post, and bad values", async () => {
    const asker = await insertTestUser(t.deps);
    const board = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, asker, board.slug);
    const before = await counts();
    await expectAppError(vote(t.deps, asker, q.postId, { value: 1 }), "forbidden");
    await expectAppError(vote(t.deps, asker, 99999999, { value: 1 }), "not_found");
    await expectAppError(vote(t.deps, asker, q.postId, { value: 2 }), "invalid", "value");
    expect(await counts()).toEqual(before);
  });
});

describe("accepting an answer", () => {
  it("asker accepts, changes and un-accepts; counters follow; the solution is shown first", async () => {
    const [asker, a1, a2] = [
      await insertTestUser(t.deps),
      await insertTestUser(t.deps),
      await insertTestUser(t.deps),
    ];
    const board = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, asker, board.slug);
    t.clock.advance(1000);
    const r1 = await insertTestReply(t.deps, a1, q.threadId, "first");
    t.clock.advance(1000);
    const r2 = await insertTestReply(t.deps, a2, q.threadId, "second");

    await acceptAnswer(t.deps, asker, q.threadId, { replyId: r2.postId });
    let page = await getThreadPage(t.db, q.threadId, { viewerId: asker.id, cursor: null });
    expect(page?.thread.status).toBe("solved");
    expect(page?.accepted?.id).toBe(r2.postId);
    expect(page?.replies.map((r) => r.id)).toEqual([r1.postId]);

    await acceptAnswer(t.deps, asker, q.threadId, { replyId: r1.postId });
    const accepted = await t.db.execute(
      sql`select username, accepted_count from users where id in (${a1.id}, ${a2.id}) order by username`,
    );
    const rows = (accepted as unknown as { rows?: unknown[] }).rows ?? (accepted as unknown as unknown[]);
    expect(
      new Map(
        (rows as { username: string; accepted_count: number }[]).map((x) => [x.username, x.accepted_count]),
      ),
    ).toEqual(
      new Map([
        [a1.username, 1],
        [a2.username, 0],
      ]),
    );

    await acceptAnswer(t.deps, asker, q.threadId, { replyId: null });
    page = await getThreadPage(t.db, q.threadId, { viewerId: asker.id, cursor: null });
    expect(page?.thread.status).toBe("open");
    expect(page?.accepted).toBeNull();
  });

  it("a moderator may accept; another member may not; a reply from another thread is refused", async () => {
    const [asker, other, mod] = [
      await insertTestUser(t.deps),
      await insertTestUser(t.deps),
      await insertTestUser(t.deps, { role: "moderator" }),
    ];
    const board = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, asker, board.slug);
    const q2 = await insertTestThread(t.deps, asker, board.slug);
    const r = await insertTestReply(t.deps, other, q.threadId);
    const foreign = await insertTestReply(t.deps, other, q2.threadId);
    await expectAppError(acceptAnswer(t.deps, other, q.threadId, { replyId: r.postId }), "forbidden");
    await expectAppError(acceptAnswer(t.deps, asker, q.threadId, { replyId: foreign.postId }), "invalid");
    await expectAppError(acceptAnswer(t.deps, asker, q.threadId, { replyId: q.postId }), "invalid");
    await expectAppError(acceptAnswer(t.deps, asker, q.threadId, { replyId: 424242424 }), "not_found");
    let page = await getThreadPage(t.db, q.threadId, { viewerId: null, cursor: null });
    expect(page?.thread.status).toBe("open");
    await acceptAnswer(t.deps, mod, q.threadId, { replyId: r.postId });
    page = await getThreadPage(t.db, q.threadId, { viewerId: null, cursor: null });
    expect(page?.thread.acceptedPostId).toBe(r.postId);
  });
});

describe("accepting when an earlier acceptance credited someone else", () => {
  it("locks every member its reversals touch (no 'not locked' error) and keeps reputation equal to the ledger", async () => {
    const oldAsker = await insertTestUser(t.deps);
    const newAsker = await insertTestUser(t.deps);
    const first = await insertTestUser(t.deps);
    const second = await insertTestUser(t.deps);
    const board = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, oldAsker, board.slug);
    const a1 = await insertTestReply(t.deps, first, q.threadId);
    const a2 = await insertTestReply(t.deps, second, q.threadId);
    await acceptAnswer(t.deps, oldAsker, q.threadId, { replyId: a1.postId });
    // The thread now belongs to someone else (as the HTTP benchmark does to its accounts).
    await t.db.execute(sql`update threads set author_id = ${newAsker.id} where id = ${q.threadId}`);
    await acceptAnswer(t.deps, newAsker, q.threadId, { replyId: a2.postId });
    const r = await t.db.execute(sql`
      select u.id, u.reputation, coalesce(sum(e.points), 0)::int as ledger
      from users u left join reputation_events e on e.user_id = u.id
      where u.id in (${oldAsker.id}, ${newAsker.id}, ${first.id}, ${second.id})
      group by u.id, u.reputation`);
    const list = ((r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[])) as {
      reputation: number;
      ledger: number;
    }[];
    expect(list).toHaveLength(4);
    for (const row of list) expect(Number(row.reputation)).toBe(Number(row.ledger));
  });
});

describe("text that cannot be stored", () => {
  it("refuses a lone surrogate in a reply as invalid input and stores nothing", async () => {
    const asker = await insertTestUser(t.deps);
    const board = await insertTestBoard(t.deps);
    const q = await insertTestThread(t.deps, asker, board.slug);
    const before = await counts();
    const bad = {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "a\ud800b" }] }],
    };
    const e = await expectAppError(postReply(t.deps, asker, q.threadId, { body: bad }), "invalid", "body");
    expect(e.fields?.body).toBe("body_invalid_chars");
    expect(await counts()).toEqual(before);
  });
});
