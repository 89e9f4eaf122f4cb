/**
 * Shared member pages (ADR 017) through the production server: members who see the same thing on a thread page
 * are served one render, each with their own header; their votes, follows and notifications stay their own;
 * authors and staff get their own render; a write drops the shared render. On PostgreSQL (DATABASE_URL) a second
 * server with MEMBER_PAGE_CACHE=off shows that a shared page is, byte for byte, the page the member would have
 * been rendered alone (hydration in the browser depends on it). Else on PGlite (a data folder prepared here).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openPglite, openPostgres, type DbHandle } from "~db/client";
import type { AppDeps } from "~/deps.server";
import { systemClock } from "~/domain/shared/clock";
import {
  doc,
  FACTORY_PASSWORD,
  insertTestBoard,
  insertTestReply,
  insertTestThread,
  insertTestUser,
} from "../factories";
import {
  hasBuild,
  logInOverHttp,
  startServer,
  stopServer,
  type ServerProcess,
} from "../support/server-process";
import { withDatabase } from "../support/template";

const url = process.env.DATABASE_URL;
const PORT = 3207;
const PORT_ALONE = 3208;
const skipReason = hasBuild()
  ? null
  : "needs the production build: run `npm run build` (build/server/index.js is missing)";
if (skipReason) console.warn(`shared-pages.test.ts skipped: ${skipReason}`);

const tag = crypto.randomBytes(3).toString("hex");
const names = {
  asker: `sp_asker_${tag}`,
  helper: `sp_helper_${tag}`,
  alice: `sp_alice_${tag}`,
  bob: `sp_bob_${tag}`,
  carol: `sp_carol_${tag}`,
  mod: `sp_mod_${tag}`,
};

interface Page {
  cache: string | null;
  html: string;
}

async function get(base: string, p: string, cookie: string): Promise<Page> {
  const r = await fetch(`${base}${p}`, { headers: { Cookie: cookie, "Accept-Language": "en" } });
  expect(r.status).toBe(200);
  return { cache: r.headers.get("x-cache"), html: await r.text() };
}

/** The markup of one post (from its anchor to the next post's). */
function postHtml(html: string, postId: number): string {
  const at = html.indexOf(`id="p-${postId}"`);
  expect(at, `post ${postId} on the page`).toBeGreaterThan(0);
  const next = html.indexOf(`id="p-`, at + 5);
  return html.slice(at, next > 0 ? next : undefined);
}

const upPressed = (html: string, postId: number) =>
  /aria-pressed="(true|false)"/.exec(postHtml(html, postId))?.[1] === "true";

/** The page without what legitimately differs per response: nonces and the loader data script. */
const markup = (html: string) =>
  html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/<script nonce="">window\.__remixContext\.streamController[\s\S]*?<\/script>/g, "");

describe.skipIf(skipReason !== null)(`shared member pages (${url ? "PostgreSQL" : "PGlite"})`, () => {
  const dbName = `lantern_shared_${process.pid}_${tag}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "lantern-shared-"));
  let admin: ReturnType<typeof postgres> | undefined;
  let server: ServerProcess | undefined;
  let alone: ServerProcess | undefined;
  let threadId: number;
  let replyId: number;
  let questionId: number;
  let boardId: number;
  let boardSlug: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    let env: Record<string, string | undefined>;
    let open: () => Promise<DbHandle>;
    if (url) {
      admin = postgres(withDatabase(url, "postgres"), { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${dbName}"`);
      const dbUrl = withDatabase(url, dbName);
      open = () => openPostgres(dbUrl, { max: 2 });
      env = { DATABASE_URL: dbUrl };
    } else {
      open = () => openPglite({ dataDir: path.join(dataDir, "pglite") });
      env = { DATABASE_URL: undefined, DATA_DIR: dataDir };
    }
    const handle = await open();
    try {
      await migrate(handle);
      const deps: AppDeps = { db: handle.db, clock: systemClock, handle };
      const board = await insertTestBoard(deps);
      boardId = board.id;
      boardSlug = board.slug;
      const asker = await insertTestUser(deps, { username: names.asker, reputation: 500 });
      const helper = await insertTestUser(deps, { username: names.helper, reputation: 500 });
      const bob = await insertTestUser(deps, { username: names.bob, reputation: 500 });
      await insertTestUser(deps, { username: names.alice, reputation: 500 });
      await insertTestUser(deps, { username: names.carol, reputation: 500 });
      await insertTestUser(deps, { username: names.mod, role: "moderator" });
      const q = await insertTestThread(deps, asker, board.slug, { title: `Shared page ${tag}` });
      threadId = q.threadId;
      questionId = q.postId;
      replyId = (await insertTestReply(deps, helper, threadId, "Restart the modem first.")).postId;
      // Bob has three unread notifications; Alice has none.
      await handle.db.execute(sql`insert into notifications (user_id, kind, data, created_at)
        select ${bob.id}, 'reply', '{}'::jsonb, now() from generate_series(1, 3)`);
    } finally {
      await handle.close();
    }
    server = await startServer(PORT, { ...env, PAGE_CACHE_TTL_MS: "120000" });
    if (url) alone = await startServer(PORT_ALONE, { ...env, MEMBER_PAGE_CACHE: "off" });
    for (const n of Object.keys(names) as (keyof typeof names)[])
      cookies[n] = await logInOverHttp(server.base, names[n], FACTORY_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopServer(server), stopServer(alone)]);
    await admin?.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin?.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("members who see the same thing share one render, each with their own header", async () => {
    const s = server!;
    const a = await get(s.base, `/t/${threadId}`, cookies.alice!);
    const b = await get(s.base, `/t/${threadId}`, cookies.bob!);
    expect(a.cache).toBe("MISS-SHARED");
    expect(b.cache).toBe("HIT-SHARED");
    expect(a.html).toContain("Restart the modem first.");
    expect(b.html).toContain("Restart the modem first.");
    // Each header names its own member, with their own unread count; never the other member.
    expect(a.html).toContain(
      `data-me="{&quot;username&quot;:&quot;${names.alice}&quot;,&quot;unread&quot;:0}"`,
    );
    expect(b.html).toContain(
      `data-me="{&quot;username&quot;:&quot;${names.bob}&quot;,&quot;unread&quot;:3}"`,
    );
    expect(b.html).toContain('<span class="bell-count">3</span>');
    expect(a.html).not.toContain("bell-count");
    expect(b.html).not.toContain(names.alice);
    expect(a.html).not.toContain(names.bob);
    // The shared data names nobody; the slot never reaches a member.
    for (const p of [a, b]) {
      expect(p.html).toContain("shared-viewer");
      expect(p.html).not.toContain("lantern-member-");
    }
  });

  it.skipIf(!url)("a shared page is the page the member would have been rendered alone", async () => {
    for (const path of [`/t/${threadId}`, "/", `/b/${boardSlug}`]) {
      await get(server!.base, path, cookies.alice!);
      const shared = await get(server!.base, path, cookies.bob!);
      expect(shared.cache, path).toBe("HIT-SHARED");
      const own = await get(alone!.base, path, cookies.bob!);
      expect(own.cache, path).toBeNull();
      expect(markup(shared.html), path).toBe(markup(own.html));
    }
  });

  it("a member's votes and follows are theirs alone", async () => {
    const s = server!;
    const vote = await fetch(`${s.base}/api/v1/posts/${replyId}/vote`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookies.carol!, Origin: s.base },
      body: JSON.stringify({ value: 1 }),
    });
    expect(vote.status, await vote.clone().text()).toBe(200);
    const follow = await fetch(`${s.base}/follow`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: cookies.carol!,
        Origin: s.base,
      },
      body: new URLSearchParams({
        intent: "follow",
        targetType: "thread",
        targetKey: String(threadId),
        redirectTo: `/t/${threadId}`,
      }),
      redirect: "manual",
    });
    expect(follow.status).toBeLessThan(400);

    const carol = await get(s.base, `/t/${threadId}`, cookies.carol!);
    const alice = await get(s.base, `/t/${threadId}`, cookies.alice!);
    expect(upPressed(carol.html, replyId)).toBe(true);
    expect(upPressed(alice.html, replyId)).toBe(false);
    expect(carol.html).toContain("is-following");
    expect(alice.html).not.toContain("is-following");
    // Carol's view is stored under its own key: her next page is a hit of her own render.
    expect((await get(s.base, `/t/${threadId}`, cookies.carol!)).cache).toBe("HIT-SHARED");
  });

  it("the thread's author, a post's author and staff get their own render", async () => {
    const s = server!;
    await get(s.base, `/t/${threadId}`, cookies.alice!);
    for (const who of ["asker", "helper", "mod"] as const) {
      const p = await get(s.base, `/t/${threadId}`, cookies[who]!);
      expect(p.cache, who).toBeNull();
      expect(p.html).toContain(names[who]);
    }
    // What only they see: the asker's accept button, the moderator's tools.
    const asker = await get(s.base, `/t/${threadId}`, cookies.asker!);
    expect(asker.html).toMatch(/name="intent" value="accept"/);
    expect((await get(s.base, `/t/${threadId}`, cookies.alice!)).html).not.toMatch(
      /name="intent" value="accept"/,
    );
    expect(postHtml(asker.html, questionId)).toContain(`/p/${questionId}/edit`);
  });

  it("home and board pages are shared too; following the board is the member's own", async () => {
    const s = server!;
    const home = await get(s.base, "/", cookies.alice!);
    expect(home.cache).toMatch(/SHARED$/);
    const bobHome = await get(s.base, "/", cookies.bob!);
    expect(bobHome.cache).toBe("HIT-SHARED");
    expect(bobHome.html).toContain(`Shared page ${tag}`);
    expect(bobHome.html).toContain('<span class="bell-count">3</span>');
    expect(bobHome.html).not.toContain(names.alice);

    const follow = await fetch(`${s.base}/follow`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: cookies.bob!,
        Origin: s.base,
      },
      body: new URLSearchParams({
        intent: "follow",
        targetType: "board",
        targetKey: String(boardId),
        redirectTo: `/b/${boardSlug}`,
      }),
      redirect: "manual",
    });
    expect(follow.status).toBeLessThan(400);
    const alice = await get(s.base, `/b/${boardSlug}`, cookies.alice!);
    const bob = await get(s.base, `/b/${boardSlug}`, cookies.bob!);
    const carol = await get(s.base, `/b/${boardSlug}`, cookies.carol!);
    expect(bob.html).toContain("is-following");
    expect(alice.html).not.toContain("is-following");
    expect(carol.html).not.toContain("is-following");
    // Alice and Carol (same privileges, neither follows) share one render; Bob has his own.
    expect(alice.cache).toMatch(/SHARED$/);
    expect(carol.cache).toBe("HIT-SHARED");
    expect(bob.cache).toMatch(/SHARED$/);
    expect(carol.html).toContain(names.carol);
    expect(carol.html).not.toContain(names.alice);
  });

  it("a reply drops the shared render at once", async () => {
    const s = server!;
    await get(s.base, `/t/${threadId}`, cookies.alice!);
    expect((await get(s.base, `/t/${threadId}`, cookies.bob!)).cache).toBe("HIT-SHARED");
    const text = `A fresh reply ${tag}`;
    const reply = await fetch(`${s.base}/api/v1/threads/${threadId}/replies`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookies.helper!, Origin: s.base },
      body: JSON.stringify({ body: doc(text) }),
    });
    expect(reply.status, await reply.clone().text()).toBe(201);
    let after = await get(s.base, `/t/${threadId}`, cookies.bob!);
    for (let i = 0; i < 50 && !after.html.includes(text); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await get(s.base, `/t/${threadId}`, cookies.bob!);
    }
    expect(after.html).toContain(text);
  });
});
