/**
 * Webhooks with a transactional outbox, against a REAL local HTTP receiver (node:http on port 0): signed
 * deliveries, retries with exponential backoff on an injected clock, the delivery log, and the admin page.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, type TestDb } from "../support/db";
import { Client } from "../support/http";
import { doc, FACTORY_PASSWORD, insertTestBoard, insertTestThread, insertTestUser } from "../factories";
import { auditLog, outbox, webhookDeliveries, webhooks } from "~db/schema";
import * as login from "~/routes/api.v1.auth.login";
import * as page from "~/routes/admin.webhooks";
import { enqueueEvent } from "~/data/outbox.server";
import { listAlerts } from "~/data/listening.server";
import { recordAudit } from "~/data/audit.server";
import {
  createWebhook,
  deleteWebhook,
  deliverDueWebhooks,
  updateWebhook,
  verifyWebhookSignature,
} from "~/services/webhooks.server";
import { retryDelayMs, WEBHOOK_RETRY } from "~/domain/moderation/webhooks";
import type { Actor } from "~/domain/forum";

let t: TestDb;
let admin: Actor & { username: string };
let moderator: Actor & { username: string };
let member: Actor & { username: string };

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
  admin = await insertTestUser(t.deps, { role: "admin" });
  moderator = await insertTestUser(t.deps, { role: "moderator" });
  member = await insertTestUser(t.deps);
});
afterAll(async () => {
  await t?.close();
});

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A receiver that answers the given statuses in turn (then 200), and accepts each delivery id once. */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const accepted = new Map<string, unknown>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      const status = statuses[received.length] ?? 200;
      received.push({ headers: req.headers, body, status });
      if (status >= 200 && status < 300) {
        const id = String(req.headers["x-lantern-delivery"]);
        if (!accepted.has(id)) accepted.set(id, JSON.parse(body));
      }
      res.writeHead(status, { "Content-Type": "text/plain" }).end(status === 200 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/lantern`,
    received,
    accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function delivery(webhookId: number) {
  const rows = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId));
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe("delivery worker", () => {
  it("signs, retries a receiver that fails twice with backoff, and delivers exactly one event", async () => {
    const rx = await receiver([500, 500]);
    try {
      const { id: webhookId, secret } = await createWebhook(t.deps, admin, {
        url: rx.url,
        events: ["post.flagged"],
      });
      expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
      const start = t.clock.now();
      const outboxId = await t.db.transaction((tx) =>
        enqueueEvent(tx, "post.flagged", { postId: 42, reason: "spam", flagCount: 3 }, t.clock.now()),
      );

      // Attempt 1 → 500: retried after 30 s.
      expect(await deliverDueWebhooks(t.deps)).toEqual({
        attempted: 1,
        delivered: 0,
        retrying: 1,
        failed: 0,
      });
      let d = await delivery(webhookId);
      expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500" });
      expect(d.nextAttemptAt).toEqual(new Date(start.getTime() + retryDelayMs(1)));
      // Not due yet: nothing is sent.
      t.clock.advance(retryDelayMs(1) - 1000);
      expect((await deliverDueWebhooks(t.deps)).attempted).toBe(0);
      expect(rx.received).toHaveLength(1);

      // Attempt 2 → 500: retried after 60 s more.
      t.clock.advance(1000);
      expect((await deliverDueWebhooks(t.deps)).retrying).toBe(1);
      d = await delivery(webhookId);
      expect(d).toMatchObject({ status: "pending", attempts: 2, lastStatus: 500 });
      expect(d.nextAttemptAt).toEqual(new Date(t.clock.now().getTime() + retryDelayMs(2)));

      // Attempt 3 → 200: delivered.
      t.clock.advance(retryDelayMs(2));
      expect(await deliverDueWebhooks(t.deps)).toEqual({
        attempted: 1,
        delivered: 1,
        retrying: 0,
        failed: 0,
      });
      d = await delivery(webhookId);
      expect(d).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200, lastError: null });
      expect(d.deliveredAt).toEqual(t.clock.now());

      // Nothing more to send.
      t.clock.advance(24 * 3_600_000);
      expect((await deliverDueWebhooks(t.deps)).attempted).toBe(0);

      expect(rx.received).toHaveLength(3);
      expect(rx.accepted.size).toBe(1);
      expect([...rx.accepted.values()][0]).toEqual({
        id: outboxId,
        event: "post.flagged",
        createdAt: start.toISOString(),
        data: { postId: 42, reason: "spam", flagCount: 3 },
      });
      for (const r of rx.received) {
        expect(r.headers["content-type"]).toBe("application/json");
        expect(r.headers["x-lantern-event"]).toBe("post.flagged");
        expect(r.headers["x-lantern-delivery"]).toBe(String(d.id));
        const ts = String(r.headers["x-lantern-timestamp"]);
        const sig = String(r.headers["x-lantern-signature"]);
        expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
        expect(verifyWebhookSignature(secret, ts, r.body, sig)).toBe(true);
        // The timestamp is part of what is signed: replaying with another timestamp fails.
        expect(verifyWebhookSignature(secret, String(Number(ts) + 1), r.body, sig)).toBe(false);
        expect(verifyWebhookSignature("another-secret-value", ts, r.body, sig)).toBe(false);
        expect(verifyWebhookSignature(secret, ts, r.body + " ", sig)).toBe(false);
      }
      // Each attempt is stamped with the time it was sent (the clock moved between attempts).
      const stamps = rx.received.map((r) => Number(r.headers["x-lantern-timestamp"]));
      expect(stamps[0]).toBe(Math.floor(start.getTime() / 1000));
      expect(stamps[1]! - stamps[0]!).toBe(retryDelayMs(1) / 1000);
      expect(stamps[2]! - stamps[1]!).toBe(retryDelayMs(2) / 1000);
    } finally {
      await rx.close();
    }
  });

  it("retries an unreachable receiver with backoff and gives up as 'failed' after the last attempt", async () => {
    const gone = await receiver([]);
    await gone.close(); // the port is now closed: connection refused
    const { id: webhookId } = await createWebhook(t.deps, admin, {
      url: gone.url,
      events: ["crisis.raised"],
    });
    await t.db.transaction((tx) => enqueueEvent(tx, "crisis.raised", { alertId: 1 }, t.clock.now()));
    const gaps: number[] = [];
    for (let attempt = 1; attempt <= WEBHOOK_RETRY.maxAttempts; attempt++) {
      const before = t.clock.now().getTime();
      const r = await deliverDueWebhooks(t.deps);
      expect(r.attempted).toBe(1);
      const d = await delivery(webhookId);
      expect(d.attempts).toBe(attempt);
      expect(d.lastStatus).toBeNull();
      expect(d.lastError).toBeTruthy();
      if (attempt < WEBHOOK_RETRY.maxAttempts) {
        expect(d.status).toBe("pending");
        gaps.push(d.nextAttemptAt.getTime() - before);
        t.clock.advance(d.nextAttemptAt.getTime() - before);
      } else {
        expect(d.status).toBe("failed");
      }
    }
    expect(gaps).toEqual(
      Array.from({ length: WEBHOOK_RETRY.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1)),
    );
    t.clock.advance(7 * 24 * 3_600_000);
    expect((await deliverDueWebhooks(t.deps)).attempted).toBe(0);
  });

  it("writes the event in the same transaction as the change: a rollback leaves no outbox or delivery row", async () => {
    const rx = await receiver([]);
    try {
      const { id: webhookId } = await createWebhook(t.deps, admin, {
        url: rx.url,
        events: ["escalation.created"],
      });
      const outboxBefore = (await t.db.select().from(outbox)).length;
      await expect(
        t.db.transaction(async (tx) => {
          await recordAudit(
            tx,
            { actorId: admin.id, action: "escalation.create", targetType: "escalation", targetId: 999 },
            t.clock.now(),
          );
          await enqueueEvent(tx, "escalation.created", { escalationId: 999 }, t.clock.now());
          throw new Error("the change failed after the event was written");
        }),
      ).rejects.toThrow("the change failed");
      expect((await t.db.select().from(outbox)).length).toBe(outboxBefore);
      expect(
        await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId)),
      ).toEqual([]);
      expect(await t.db.select().from(auditLog).where(eq(auditLog.targetId, "999"))).toEqual([]);
      expect((await deliverDueWebhooks(t.deps)).attempted).toBe(0);
      expect(rx.received).toHaveLength(0);
    } finally {
      await rx.close();
    }
  });

  it("only subscribed, active endpoints get a delivery", async () => {
    const rx = await receiver([]);
    try {
      const a = await createWebhook(t.deps, admin, { url: rx.url, events: ["escalation.resolved"] });
      const b = await createWebhook(t.deps, admin, { url: rx.url, events: ["escalation.resolved"] });
      const c = await createWebhook(t.deps, admin, { url: rx.url, events: ["post.flagged"] });
      await updateWebhook(t.deps, admin, b.id, { events: ["escalation.resolved"], active: false });
      await t.db.transaction((tx) =>
        enqueueEvent(tx, "escalation.resolved", { escalationId: 5 }, t.clock.now()),
      );
      const rows = await t.db.select().from(webhookDeliveries);
      const ids = rows.map((r) => r.webhookId);
      expect(ids).toContain(a.id);
      expect(ids).not.toContain(b.id);
      expect(ids).not.toContain(c.id);
      expect((await deliverDueWebhooks(t.deps)).delivered).toBe(1);
      expect(rx.received).toHaveLength(1);
    } finally {
      await rx.close();
    }
  });
});

describe("webhook administration", () => {
  it("audits create, update and delete with before/after, never the secret", async () => {
    const { id, secret } = await createWebhook(t.deps, admin, {
      url: "https://hooks.example.com/a",
      secret: "my-very-own-secret-123",
      events: ["post.flagged", "crisis.raised", "post.flagged"],
    });
    expect(secret).toBe("my-very-own-secret-123");
    await updateWebhook(t.deps, admin, id, { events: ["crisis.raised"], active: false });
    await deleteWebhook(t.deps, admin, id);
    const entries = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, String(id)));
    const byAction = Object.fromEntries(
      entries.filter((e) => e.targetType === "webhook").map((e) => [e.action, e]),
    );
    expect(byAction["webhook.create"]).toMatchObject({
      actorId: admin.id,
      before: null,
      after: { url: "https://hooks.example.com/a", events: ["crisis.raised", "post.flagged"], active: true },
    });
    expect(byAction["webhook.update"]).toMatchObject({
      before: { events: ["crisis.raised", "post.flagged"], active: true },
      after: { events: ["crisis.raised"], active: false },
    });
    expect(byAction["webhook.delete"]).toMatchObject({
      before: { url: "https://hooks.example.com/a" },
      after: null,
    });
    expect(JSON.stringify(entries)).not.toContain("my-very-own-secret");
    expect(await t.db.select().from(webhooks).where(eq(webhooks.id, id))).toEqual([]);
  });

  it("refuses moderators and members in the service", async () => {
    for (const who of [moderator, member]) {
      await expect(
        createWebhook(t.deps, who, { url: "https://x.example/h", events: ["post.flagged"] }),
      ).rejects.toMatchObject({
        kind: "forbidden",
      });
    }
  });

  it("rejects bad input with field errors", async () => {
    await expect(
      createWebhook(t.deps, admin, { url: "ftp://x.example/h", events: [] }),
    ).rejects.toMatchObject({
      kind: "invalid",
      fields: { url: "url_scheme", events: "events_required" },
    });
    await expect(
      createWebhook(t.deps, admin, { url: "https://x.example/h", events: ["post.deleted"], secret: "short" }),
    ).rejects.toMatchObject({
      kind: "invalid",
      fields: { events: "events_invalid", secret: "secret_length" },
    });
    const prev = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await expect(
        createWebhook(t.deps, admin, { url: "http://hooks.example.com/x", events: ["post.flagged"] }),
      ).rejects.toMatchObject({ fields: { url: "url_https_required" } });
    } finally {
      process.env.NODE_ENV = prev;
    }
  });
});

describe("/admin/webhooks page", () => {
  async function as(user: { username: string } | null) {
    const c = new Client();
    if (user) {
      const r = await c.call(login.action, "/api/v1/auth/login", {
        json: { login: user.username, password: FACTORY_PASSWORD },
      });
      expect(r.status).toBe(200);
    }
    return c;
  }

  it("is for admins only: anonymous → login, member and moderator → 403", async () => {
    const anon = await (await as(null)).call(page.loader, "/admin/webhooks");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("Location")).toMatch(/^\/login/);
    for (const who of [member, moderator]) {
      const c = await as(who);
      expect((await c.call(page.loader, "/admin/webhooks")).status).toBe(403);
      const post = await c.call(page.action, "/admin/webhooks", {
        form: { intent: "create", url: "https://x.example/h", events: "post.flagged" },
      });
      expect(post.status).toBe(403);
    }
    expect((await (await as(admin)).call(page.loader, "/admin/webhooks")).status).toBe(200);
  });

  it("creates an endpoint from the form, shows the secret once, and lists deliveries page by page", async () => {
    const c = await as(admin);
    const form = new URLSearchParams([
      ["intent", "create"],
      ["url", "https://hooks.example.com/page"],
      ["secret", ""],
      ["events", "post.flagged"],
      ["events", "escalation.created"],
    ]);
    const res = await page.action({
      request: new Request("http://localhost/admin/webhooks", {
        method: "POST",
        body: form,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
        },
      }),
      params: {},
      context: {},
    } as never);
    const created = (res as unknown as { data: { ok: true; created: { id: number; secret: string } } }).data;
    expect(created.ok).toBe(true);
    expect(created.created.secret).toMatch(/^whsec_/);
    const [row] = await t.db.select().from(webhooks).where(eq(webhooks.id, created.created.id));
    expect(row!.events.sort()).toEqual(["escalation.created", "post.flagged"]);

    for (let i = 0; i < 35; i++) {
      await t.db.transaction((tx) => enqueueEvent(tx, "post.flagged", { postId: i }, t.clock.now()));
    }
    const first = await c.call(page.loader, `/admin/webhooks?webhook=${created.created.id}`);
    expect(first.status).toBe(200);
    const p1 = first.body as unknown as {
      webhooks: { id: number }[];
      deliveries: { id: number }[];
      next: number;
    };
    expect(JSON.stringify(p1.webhooks)).not.toContain("whsec_");
    expect(p1.deliveries).toHaveLength(30);
    const second = await c.call(
      page.loader,
      `/admin/webhooks?webhook=${created.created.id}&before=${p1.next}`,
    );
    const p2 = second.body as unknown as { deliveries: { id: number }[]; next: number | null };
    expect(p2.deliveries).toHaveLength(5);
    expect(p2.next).toBeNull();
    const all = [...p1.deliveries, ...p2.deliveries].map((d) => d.id);
    expect(new Set(all).size).toBe(35);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    // Its 35 deliveries point at a host that does not exist: remove them (cascade) before other tests run the worker.
    await deleteWebhook(t.deps, admin, created.created.id);
  });

  it("keeps what the admin typed when the URL is refused", async () => {
    const c = await as(admin);
    const res = await c.call(page.action, "/admin/webhooks", {
      form: { intent: "create", url: "javascript:alert(1)", events: "post.flagged" },
    });
    expect(res.status).toBe(400);
    const body = res.body as unknown as {
      error: { fields: Record<string, string> };
      values: { url: string };
    };
    expect(body.error.fields.url).toBe("url_scheme");
    expect(body.values.url).toBe("javascript:alert(1)");
  });

  it("updates and deletes from the form (with redirects), and a missing id is a 404", async () => {
    const { id } = await createWebhook(t.deps, admin, {
      url: "https://hooks.example.com/b",
      events: ["post.flagged"],
    });
    const c = await as(admin);
    const up = await c.call(page.action, "/admin/webhooks", {
      form: { intent: "update", id: String(id), events: "crisis.raised" }, // "active" unchecked → inactive
    });
    expect(up.status).toBe(302);
    const [row] = await t.db.select().from(webhooks).where(eq(webhooks.id, id));
    expect(row).toMatchObject({ events: ["crisis.raised"], active: false });
    const del = await c.call(page.action, "/admin/webhooks", { form: { intent: "delete", id: String(id) } });
    expect(del.status).toBe(302);
    const again = await c.call(page.action, "/admin/webhooks", {
      form: { intent: "delete", id: String(id) },
    });
    expect(again.status).toBe(404);
    const junk = await c.call(page.action, "/admin/webhooks", { form: { intent: "delete", id: "abc" } });
    expect(junk.status).toBe(404);
  });
});

describe("crisis.raised", () => {
  it("is enqueued in the transaction that raises the alert and delivered to subscribers", async () => {
    const rx = await receiver([]);
    try {
      const { secret } = await createWebhook(t.deps, admin, { url: rx.url, events: ["crisis.raised"] });
      const board = await insertTestBoard(t.deps);
      const authors = await Promise.all(Array.from({ length: 4 }, () => insertTestUser(t.deps)));
      for (let d = 0; d < 14; d++) {
        await insertTestThread(t.deps, authors[d % 4]!, board.slug, {
          title: `Mạng chậm quá, thất vọng ngày ${d}`,
          body: doc("Mạng rất chậm, tệ quá."),
        });
        t.clock.advance(24 * 3_600_000);
      }
      for (let i = 0; i < 12; i++) {
        t.clock.advance(60_000);
        await insertTestThread(t.deps, authors[i % 4]!, board.slug, {
          title: `Mất mạng toàn khu vực, không ai hỗ trợ ${i}`,
          body: doc("Terrible service, I was charged twice and nobody answers. I want a refund now!"),
        });
      }
      const alert = (await listAlerts(t.db, { status: "open", limit: 20 })).find(
        (a) => a.boardId === board.id,
      );
      expect(alert).toBeDefined();
      const events = await t.db.select().from(outbox).where(eq(outbox.event, "crisis.raised"));
      const forBoard = events.filter((e) => (e.payload as { boardId: number | null }).boardId === board.id);
      // Raised once (later growth updates the alert, it does not raise it again).
      expect(forBoard).toHaveLength(1);
      expect(forBoard[0]!.payload).toMatchObject({ alertId: alert!.id, boardId: board.id });
      expect(forBoard[0]!.createdAt).toEqual(alert!.raisedAt);

      // Earlier tests left deliveries to closed ports (due now): run the worker until nothing is due.
      while ((await deliverDueWebhooks(t.deps, { limit: 50 })).attempted > 0);
      const got = rx.received.filter((r) => JSON.parse(r.body).data.boardId === board.id);
      expect(got).toHaveLength(1);
      const r = got[0]!;
      expect(r.headers["x-lantern-event"]).toBe("crisis.raised");
      expect(
        verifyWebhookSignature(
          secret,
          String(r.headers["x-lantern-timestamp"]),
          r.body,
          String(r.headers["x-lantern-signature"]),
        ),
      ).toBe(true);
    } finally {
      await rx.close();
    }
  });
});
