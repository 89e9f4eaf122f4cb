/**
 * Live thread updates: events published inside the writers' transactions (NOTIFY lantern_thread) reach
 * subscribers of that thread only after commit, never after a rollback; the SSE route streams them with the
 * right headers and the thread page's visibility rules. Runs on PGlite and, with DATABASE_URL, PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient } from "../support/http";
import { doc, insertTestBoard, insertTestReply, insertTestThread, insertTestUser } from "../factories";
import * as eventsRoute from "~/routes/t.$threadId.events";
import { acceptAnswer, postReply, vote } from "~/services/forum.server";
import { deletePost, editPost } from "~/services/post-actions.server";
import { closeLiveHub, liveHub, publishThreadEvent } from "~/services/live.server";
import type { LiveEvent } from "~/domain/live";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  if (t) await closeLiveHub(t.deps);
  await t?.close();
});

/** Collects the events of one thread; `next(n)` waits (bounded) until n events have arrived. */
async function listen(threadId: number) {
  const got: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = await liveHub(t.deps)!.subscribe(threadId, {
    send: (e) => {
      got.push(e);
      wake?.();
    },
    close: () => {},
  });
  return {
    got,
    unsubscribe,
    async next(n: number, timeoutMs = 3_000) {
      const until = Date.now() + timeoutMs;
      while (got.length < n && Date.now() < until) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return got.slice(0, n);
    },
  };
}

/** Gives any (wrongly) delivered notification time to arrive. */
const settle = () => new Promise((r) => setTimeout(r, 250));

async function scene() {
  const asker = await insertTestUser(t.deps);
  const helper = await insertTestUser(t.deps, { reputation: 2_000 });
  const voter = await insertTestUser(t.deps, { reputation: 2_000 });
  const board = await insertTestBoard(t.deps);
  const q = await insertTestThread(t.deps, asker, board.slug);
  return { asker, helper, voter, board, q };
}

describe("publishing through the services", () => {
  it("a reply, a vote, an accept, an edit and a delete each reach the thread's subscribers, in order", async () => {
    const { asker, helper, voter, board, q } = await scene();
    const other = await insertTestThread(t.deps, asker, board.slug);
    const sub = await listen(q.threadId);
    const otherSub = await listen(other.threadId);

    const r = await postReply(t.deps, helper, q.threadId, { body: doc("Restart the router.") });
    const v = await vote(t.deps, voter, r.postId, { value: 1 });
    await acceptAnswer(t.deps, asker, q.threadId, { replyId: r.postId });
    await editPost(t.deps, helper, r.postId, { body: doc("Restart the router, then wait a minute.") });
    const r2 = await postReply(t.deps, voter, q.threadId, { body: doc("Also check the cable.") });
    await deletePost(t.deps, voter, r2.postId);

    const events = await sub.next(6);
    expect(events).toEqual([
      { threadId: q.threadId, kind: "reply", postId: r.postId },
      { threadId: q.threadId, kind: "vote", postId: r.postId, score: v.score },
      { threadId: q.threadId, kind: "accepted", postId: r.postId },
      { threadId: q.threadId, kind: "edited", postId: r.postId },
      { threadId: q.threadId, kind: "reply", postId: r2.postId },
      { threadId: q.threadId, kind: "deleted", postId: r2.postId },
    ]);
    expect(v.score).toBe(1);
    // Another thread's subscribers hear nothing of it.
    await settle();
    expect(otherSub.got).toEqual([]);
    sub.unsubscribe();
    otherSub.unsubscribe();
  });

  it("a vote that changes nothing, and a failed reply, publish nothing", async () => {
    const { helper, voter, q } = await scene();
    const r = await insertTestReply(t.deps, helper, q.threadId);
    await vote(t.deps, voter, r.postId, { value: 1 });
    // On PostgreSQL the LISTEN connection is separate: let earlier notifications drain before subscribing.
    await settle();
    const sub = await listen(q.threadId);
    await vote(t.deps, voter, r.postId, { value: 1 }); // same vote again: unchanged
    await expect(postReply(t.deps, helper, q.threadId, { body: doc("") })).rejects.toThrow();
    await settle();
    expect(sub.got).toEqual([]);
    sub.unsubscribe();
  });

  it("a rolled-back transaction sends nothing; a committed one sends once, after commit", async () => {
    const { q } = await scene();
    const sub = await listen(q.threadId);
    await expect(
      t.db.transaction(async (tx) => {
        await publishThreadEvent(tx, q.threadId, { kind: "edited", postId: 1 });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await settle();
    expect(sub.got).toEqual([]);

    let seenInside = -1;
    await t.db.transaction(async (tx) => {
      await publishThreadEvent(tx, q.threadId, { kind: "edited", postId: 2 });
      await new Promise((r) => setTimeout(r, 100));
      seenInside = sub.got.length;
    });
    expect(seenInside).toBe(0);
    expect(await sub.next(1)).toEqual([{ threadId: q.threadId, kind: "edited", postId: 2 }]);
    await settle();
    expect(sub.got).toHaveLength(1);
    sub.unsubscribe();
  });

  it("unsubscribing removes the subscriber and forgets an empty thread", async () => {
    const { q } = await scene();
    const hub = liveHub(t.deps)!;
    const a = await listen(q.threadId);
    const b = await listen(q.threadId);
    expect(hub.count(q.threadId)).toBe(2);
    a.unsubscribe();
    expect(hub.count(q.threadId)).toBe(1);
    b.unsubscribe();
    expect(hub.count(q.threadId)).toBe(0);
  });
});

/** Reads the SSE body until `predicate` holds for the text so far, or the timeout passes. */
async function readUntil(body: ReadableStream<Uint8Array>, predicate: (text: string) => boolean, ms = 3_000) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (!predicate(text) && Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, deadline - Date.now()))),
    ]);
    if (!chunk || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

function openStream(c: Client, threadId: number, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const h = new Headers(headers);
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  if (cookie) h.set("Cookie", cookie);
  const request = new Request(`http://localhost/t/${threadId}/events`, {
    headers: h,
    signal: controller.signal,
  });
  const res = eventsRoute
    .loader({ request, params: { threadId: String(threadId) }, context: {} })
    .catch((thrown: unknown) => thrown as Response);
  return { res, abort: () => controller.abort() };
}

describe("GET /t/:threadId/events", () => {
  it("streams an event after a reply, with SSE headers, a retry hint and ids; aborting unsubscribes", async () => {
    const { helper, q } = await scene();
    const hub = liveHub(t.deps)!;
    const s = openStream(new Client(), q.threadId);
    const res = await s.res;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("Cache-Control")).toContain("no-cache");
    expect(res.headers.get("X-Accel-Buffering")).toBe("no");
    const body = res.body!;
    const head = await readUntil(body, (x) => x.includes("event: ready"));
    expect(head).toMatch(/^retry: \d+\n/);
    expect(hub.count(q.threadId)).toBe(1);

    const r = await postReply(t.deps, helper, q.threadId, { body: doc("Live reply") });
    const text = await readUntil(body, (x) => x.includes("event: thread"));
    const frame = /id: (\S+)\nevent: thread\ndata: (.+)\n\n/.exec(text);
    expect(frame).not.toBeNull();
    expect(JSON.parse(frame![2]!)).toEqual({ threadId: q.threadId, kind: "reply", postId: r.postId });

    s.abort();
    await settle();
    expect(hub.count(q.threadId)).toBe(0);
  });

  it("a reconnect with Last-Event-ID gets a resync event first", async () => {
    const { q } = await scene();
    const s = openStream(new Client(), q.threadId, { "Last-Event-ID": "abc-3" });
    const res = await s.res;
    const text = await readUntil(res.body!, (x) => x.includes("event: resync"));
    expect(text).toContain(`event: resync\ndata: {"threadId":${q.threadId}}`);
    s.abort();
  });

  it("a hidden thread is a 404 to members and visitors, open to its author and staff", async () => {
    const { asker, q } = await scene();
    const member = await insertTestUser(t.deps);
    const mod = await insertTestUser(t.deps, { role: "moderator" });
    await t.db.execute(sql`update threads set moderation_state = 'hidden' where id = ${q.threadId}`);
    for (const c of [new Client(), await loggedInClient(member.username)]) {
      const s = openStream(c, q.threadId);
      expect((await s.res).status).toBe(404);
    }
    for (const c of [await loggedInClient(asker.username), await loggedInClient(mod.username)]) {
      const s = openStream(c, q.threadId);
      expect((await s.res).status).toBe(200);
      s.abort();
    }
    for (const bad of ["0", "abc", "999999999"]) {
      const res = await eventsRoute
        .loader({
          request: new Request(`http://localhost/t/${bad}/events`),
          params: { threadId: bad },
          context: {},
        })
        .catch((thrown: unknown) => thrown as Response);
      expect(res.status).toBe(404);
    }
  });
});
