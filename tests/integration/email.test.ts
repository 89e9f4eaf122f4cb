/**
 * E-mail notifications end to end: preferences decide in-app / e-mail / nothing, outbox rows are written with
 * the notification and never twice, the worker delivers through a real local SMTP server (or keeps the rows
 * without SMTP_URL), failures retry with backoff and finally fail, digests are queued once per period, and the
 * preferences page and the admins' outbox page behave.
 */
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { createTestDb, type TestDb } from "../support/db";
import { Client, loggedInClient } from "../support/http";
import { insertTestUser } from "../factories";
import { emailOutbox, notificationPrefs, notifications, users } from "~db/schema";
import { insertNotifications } from "~/data/reputation.server";
import { queueDigests, saveNotificationSettings, sendDueEmails } from "~/services/email.server";
import { EMAIL_RETRY, emailRetryDelayMs } from "~/domain/engagement/email";
import * as settingsPage from "~/routes/settings.notifications";
import * as adminEmails from "~/routes/admin.emails";

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb({ installAsAppDeps: true });
});
afterAll(async () => {
  await t?.close();
});

const outboxOf = (userId: string) =>
  t.db.select().from(emailOutbox).where(eq(emailOutbox.userId, userId)).orderBy(emailOutbox.id);
const notificationsOf = (userId: string) =>
  t.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id);

async function notify(userId: string, kind: string, data: Record<string, unknown> = {}) {
  await t.db.transaction((tx) => insertNotifications(tx, [{ userId, kind, data }], t.clock.now()));
}

/** Marks every pending row as not due, so each test's worker run only sees its own rows. */
async function parkPending() {
  await t.db.execute(sql`update email_outbox set status = 'kept' where status = 'pending'`);
}

describe("notification preferences → notifications and outbox rows", () => {
  it("email: one outbox row per notification in the member's language; in_app: none; none: neither", async () => {
    const vi = await insertTestUser(t.deps);
    const en = await insertTestUser(t.deps);
    await t.db.update(users).set({ locale: "en" }).where(eq(users.id, en.id));
    await saveNotificationSettings(t.deps, vi, { "channel.reply": "email", "channel.badge": "none" });
    await saveNotificationSettings(t.deps, en, { "channel.reply": "email" });

    await t.db.transaction((tx) =>
      insertNotifications(
        tx,
        [
          { userId: vi.id, kind: "reply", data: { threadId: 5, postId: 8, title: "Hoàn tiền" } },
          { userId: vi.id, kind: "badge", data: { slug: "helper" } },
          { userId: vi.id, kind: "champion", data: { confirmed: true } },
          { userId: en.id, kind: "reply", data: { threadId: 5, postId: 8, title: "Hoàn tiền" } },
          { userId: en.id, kind: "reply", data: { threadId: 6, postId: 9, title: "Second" } },
        ],
        t.clock.now(),
      ),
    );

    const viNotes = await notificationsOf(vi.id);
    expect(viNotes.map((n) => n.kind)).toEqual(["reply", "champion"]); // badge: none → not stored
    const viMail = await outboxOf(vi.id);
    expect(viMail).toHaveLength(1);
    expect(viMail[0]).toMatchObject({
      kind: "reply",
      notificationId: viNotes[0]!.id,
      dedupeKey: `notification:${viNotes[0]!.id}`,
      status: "pending",
      toAddress: `${vi.username}@example.test`,
      subject: '[Lantern] Có câu trả lời cho câu hỏi "Hoàn tiền" của bạn',
    });
    expect(viMail[0]!.bodyText).toContain("/t/5#p-8");

    const enNotes = await notificationsOf(en.id);
    const enMail = await outboxOf(en.id);
    expect(enMail.map((m) => m.notificationId)).toEqual(enNotes.map((n) => n.id));
    expect(enMail.map((m) => m.subject)).toEqual([
      '[Lantern] New answer to your question "Hoàn tiền"',
      '[Lantern] New answer to your question "Second"',
    ]);
  });

  it("re-running the outbox insert for the same notification never duplicates it", async () => {
    const u = await insertTestUser(t.deps);
    await saveNotificationSettings(t.deps, u, { "channel.mention": "email" });
    await notify(u.id, "mention", { actor: "lan" });
    const [n] = await notificationsOf(u.id);
    // The same statement's e-mail part again, for the existing notification: the dedupe key refuses it.
    await t.db.execute(sql`
      insert into email_outbox (user_id, to_address, subject, body_text, kind, notification_id, dedupe_key,
                                next_attempt_at, created_at)
      values (${u.id}, 'x@example.test', 's', 't', 'mention', ${n!.id}, ${"notification:" + n!.id}, now(), now())
      on conflict (dedupe_key) do nothing`);
    await notify(u.id, "mention", { actor: "lan" });
    const mail = await outboxOf(u.id);
    expect(mail).toHaveLength(2);
    expect(new Set(mail.map((m) => m.dedupeKey)).size).toBe(2);
    expect(mail.every((m) => m.subject === "[Lantern] @lan đã nhắc đến bạn")).toBe(true);
  });

  it("a failed transaction leaves neither the notification nor the e-mail", async () => {
    const u = await insertTestUser(t.deps);
    await saveNotificationSettings(t.deps, u, { "channel.reply": "email" });
    await expect(
      t.db.transaction(async (tx) => {
        await insertNotifications(tx, [{ userId: u.id, kind: "reply", data: {} }], t.clock.now());
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await notificationsOf(u.id)).toHaveLength(0);
    expect(await outboxOf(u.id)).toHaveLength(0);
  });
});

describe("the worker", () => {
  let server: SMTPServer;
  let port = 0;
  const received: { to: string; subject: string; raw: string }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, done) {
        let raw = "";
        stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
        stream.on("end", () => {
          if (failNext > 0) {
            failNext -= 1;
            const err = new Error("mailbox unavailable") as Error & { responseCode: number };
            err.responseCode = 451;
            return done(err);
          }
          const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? "";
          received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), subject, raw });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterEach(async () => {
    delete process.env.SMTP_URL;
    await parkPending();
  });

  it("delivers through SMTP_URL and marks the row sent (once)", async () => {
    await parkPending();
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const u = await insertTestUser(t.deps);
    await saveNotificationSettings(t.deps, u, { "channel.accepted": "email" });
    await notify(u.id, "accepted", { threadId: 3, title: "Đăng nhập" });
    const before = received.length;

    const counts = await sendDueEmails(t.deps);
    expect(counts).toMatchObject({ attempted: 1, sent: 1, retrying: 0, failed: 0 });
    const [row] = await outboxOf(u.id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(row!.sentAt).toEqual(t.clock.now());
    expect(received.slice(before)).toHaveLength(1);
    expect(received[received.length - 1]!.to).toBe(`${u.username}@example.test`);
    expect(received[received.length - 1]!.raw).toContain(`Message-ID: <outbox-${row!.id}@localhost>`);

    // Nothing due any more: a second run sends nothing.
    expect((await sendDueEmails(t.deps)).attempted).toBe(0);
    expect(received.length).toBe(before + 1);
  });

  it("retries an SMTP failure with exponential backoff, then gives up", async () => {
    await parkPending();
    const u = await insertTestUser(t.deps);
    await saveNotificationSettings(t.deps, u, { "channel.reply": "email" });
    await notify(u.id, "reply", {});
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    failNext = EMAIL_RETRY.maxAttempts;

    const start = t.clock.now().getTime();
    let waited = 0;
    for (let attempt = 1; attempt <= EMAIL_RETRY.maxAttempts; attempt++) {
      // Not due before its time.
      if (attempt > 1) {
        t.clock.advance(emailRetryDelayMs(attempt - 1) - 1000);
        expect((await sendDueEmails(t.deps, { transport })).attempted).toBe(0);
        t.clock.advance(1000);
        waited += emailRetryDelayMs(attempt - 1);
      }
      const c = await sendDueEmails(t.deps, { transport });
      expect(c.attempted).toBe(1);
      const [row] = await outboxOf(u.id);
      expect(row!.attempts).toBe(attempt);
      expect(row!.lastError).toContain("451");
      if (attempt < EMAIL_RETRY.maxAttempts) {
        expect(row!.status).toBe("pending");
        expect(row!.nextAttemptAt.getTime()).toBe(t.clock.now().getTime() + emailRetryDelayMs(attempt));
      } else {
        expect(row!.status).toBe("failed");
      }
    }
    expect(t.clock.now().getTime() - start).toBe(waited);
    expect(waited).toBe(EMAIL_RETRY.baseDelayMs * (2 ** (EMAIL_RETRY.maxAttempts - 1) - 1));
    t.clock.advance(24 * 3_600_000);
    expect((await sendDueEmails(t.deps, { transport })).attempted).toBe(0);
  });

  it("a failure followed by success is sent on the retry", async () => {
    await parkPending();
    const u = await insertTestUser(t.deps);
    await saveNotificationSettings(t.deps, u, { "channel.reply": "email" });
    await notify(u.id, "reply", {});
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
    failNext = 1;
    expect(await sendDueEmails(t.deps, { transport })).toMatchObject({ retrying: 1 });
    t.clock.advance(EMAIL_RETRY.baseDelayMs);
    expect(await sendDueEmails(t.deps, { transport })).toMatchObject({ sent: 1 });
    const [row] = await outboxOf(u.id);
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("two workers running at once send each e-mail once", async () => {
    await parkPending();
    const u = await insertTestUser(t.deps);
    await saveNotificationSettings(t.deps, u, { "channel.reply": "email" });
    await t.db.transaction((tx) =>
      insertNotifications(
        tx,
        Array.from({ length: 12 }, (_, i) => ({ userId: u.id, kind: "reply", data: { title: `T${i}` } })),
        t.clock.now(),
      ),
    );
    const sent: string[] = [];
    const transport = {
      async sendMail(m: { subject: string }) {
        await new Promise((r) => setTimeout(r, 5));
        sent.push(m.subject);
      },
    };
    const [a, b] = await Promise.all([
      sendDueEmails(t.deps, { transport, limit: 8 }),
      sendDueEmails(t.deps, { transport, limit: 8 }),
    ]);
    await sendDueEmails(t.deps, { transport, limit: 8 });
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(8);
    expect(sent).toHaveLength(12);
    expect(new Set(sent).size).toBe(12);
    expect((await outboxOf(u.id)).every((m) => m.status === "sent" && m.attempts === 1)).toBe(true);
  });

  it("without SMTP_URL due rows become kept and stay kept", async () => {
    await parkPending();
    delete process.env.SMTP_URL;
    const u = await insertTestUser(t.deps);
    await saveNotificationSettings(t.deps, u, { "channel.badge": "email" });
    await notify(u.id, "badge", { slug: "helper" });
    expect(await sendDueEmails(t.deps)).toMatchObject({ kept: 1, attempted: 0 });
    const [row] = await outboxOf(u.id);
    expect(row).toMatchObject({ status: "kept", attempts: 0, sentAt: null });
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    expect((await sendDueEmails(t.deps)).attempted).toBe(0);
  });
});

describe("digests", () => {
  it("a daily-digest member gets one digest of their unread, not individually e-mailed notifications", async () => {
    // 2026-07-01T08:00Z = 15:00 ICT; the period started at 01:00Z today (earlier tests moved the clock on).
    t.clock.advance(new Date("2026-07-01T08:00:00Z").getTime() - t.clock.now().getTime());
    const u = await insertTestUser(t.deps);
    const other = await insertTestUser(t.deps);
    await saveNotificationSettings(t.deps, u, { digest: "daily", "channel.accepted": "email" });
    const at = (iso: string) => new Date(iso);
    const rows = async (when: string, kind: string, data: Record<string, unknown>) =>
      t.db.transaction((tx) => insertNotifications(tx, [{ userId: u.id, kind, data }], at(when)));
    await rows("2026-06-30T10:00:00Z", "reply", { title: "Một" }); // in yesterday's period → in
    await rows("2026-06-30T11:00:00Z", "badge", { slug: "helper" }); // read below → out
    await rows("2026-06-30T12:00:00Z", "accepted", { title: "Hai" }); // e-mailed on its own → out
    await rows("2026-06-29T12:00:00Z", "reply", { title: "Cũ" }); // before the window → out
    await rows("2026-07-01T05:00:00Z", "reply", { title: "Sau" }); // current period → next digest
    await t.db
      .update(notifications)
      .set({ readAt: at("2026-06-30T13:00:00Z") })
      .where(and(eq(notifications.userId, u.id), eq(notifications.kind, "badge")));
    await notify(other.id, "reply", { title: "Không gửi" }); // digest off

    const first = await queueDigests(t.deps);
    expect(first.queued).toBeGreaterThanOrEqual(1);
    const digests = (await outboxOf(u.id)).filter((m) => m.kind === "digest_daily");
    expect(digests).toHaveLength(1);
    expect(digests[0]!.dedupeKey).toBe(`digest:${u.id}:2026-07-01T01:00:00.000Z`);
    expect(digests[0]!.subject).toBe("[Lantern] Bản tin hằng ngày");
    expect(digests[0]!.bodyText).toContain("Bạn có 1 thông báo chưa đọc:");
    expect(digests[0]!.bodyText).toContain('"Một"');
    for (const absent of ["helper", '"Hai"', '"Cũ"', '"Sau"'])
      expect(digests[0]!.bodyText).not.toContain(absent);
    expect((await outboxOf(other.id)).length).toBe(0);
    const [me] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(me!.lastDigestAt).toEqual(at("2026-07-01T01:00:00Z"));

    // Same period again (an hour later, two jobs at once): nothing new.
    t.clock.advance(3_600_000);
    await Promise.all([queueDigests(t.deps), queueDigests(t.deps)]);
    expect((await outboxOf(u.id)).filter((m) => m.kind === "digest_daily")).toHaveLength(1);

    // Next day: the notification of the current period now goes out, once.
    t.clock.advance(24 * 3_600_000);
    await queueDigests(t.deps);
    const after = (await outboxOf(u.id)).filter((m) => m.kind === "digest_daily");
    expect(after).toHaveLength(2);
    expect(after[1]!.bodyText).toContain('"Sau"');
    expect(after[1]!.bodyText).not.toContain('"Một"');
  });
});

describe("/settings/notifications", () => {
  it("sends anonymous visitors to log in", async () => {
    const r = await new Client().call(settingsPage.loader, "/settings/notifications");
    expect(r.status).toBe(302);
    expect(r.headers.get("Location")).toMatch(/^\/login/);
  });

  it("shows and saves the choices in one go", async () => {
    const u = await insertTestUser(t.deps);
    const c = await loggedInClient(u.username);
    const page = await c.call(settingsPage.loader, "/settings/notifications");
    expect(page.status).toBe(200);
    expect((page.body as { channels: Record<string, string> }).channels.reply).toBe("in_app");

    const saved = await c.call(settingsPage.action, "/settings/notifications", {
      form: {
        intent: "save",
        "channel.reply": "email",
        "channel.badge": "none",
        "channel.mention": "in_app",
        digest: "weekly",
      },
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/settings/notifications?saved=1");
    const prefs = await t.db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, u.id));
    expect(prefs.map((p) => `${p.kind}=${p.channel}`).sort()).toEqual(["badge=none", "reply=email"]);
    const [me] = await t.db.select().from(users).where(eq(users.id, u.id));
    expect(me!.digest).toBe("weekly");

    const again = await c.call(settingsPage.loader, "/settings/notifications");
    const body = again.body as { channels: Record<string, string>; digest: string };
    expect(body.channels).toMatchObject({ reply: "email", badge: "none", mention: "in_app" });
    expect(body.digest).toBe("weekly");
  });

  it("rejects bad input with field errors, keeps what was typed and saves nothing", async () => {
    const u = await insertTestUser(t.deps);
    const c = await loggedInClient(u.username);
    const r = await c.call(settingsPage.action, "/settings/notifications", {
      form: { intent: "save", "channel.reply": "email", "channel.badge": "carrier-pigeon", digest: "hourly" },
    });
    expect(r.status).toBe(400);
    const body = r.body as {
      ok: false;
      error: { fields: Record<string, string> };
      values: Record<string, string>;
    };
    expect(body.error.fields).toEqual({ "channel.badge": "channel_invalid", digest: "digest_invalid" });
    expect(body.values["channel.reply"]).toBe("email");
    expect(
      await t.db.select().from(notificationPrefs).where(eq(notificationPrefs.userId, u.id)),
    ).toHaveLength(0);
  });
});

describe("/admin/emails", () => {
  it("lists the outbox newest first with a status filter, keyset pages and one e-mail's text", async () => {
    const admin = await insertTestUser(t.deps, { role: "admin" });
    const u = await insertTestUser(t.deps);
    await saveNotificationSettings(t.deps, u, { "channel.mention": "email" });
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      await notify(u.id, "mention", { actor: `a${i}` });
    }
    const c = await loggedInClient(admin.username);
    type Page = {
      items: { id: number; subject: string; status: string }[];
      next: string | null;
      email: { bodyText: string } | null;
    };
    const p1 = await c.call(adminEmails.loader, "/admin/emails?status=pending&limit=2");
    expect(p1.status).toBe(200);
    const b1 = p1.body as Page;
    expect(b1.items.map((i) => i.subject)).toEqual([
      "[Lantern] @a2 đã nhắc đến bạn",
      "[Lantern] @a1 đã nhắc đến bạn",
    ]);
    expect(b1.items.every((i) => i.status === "pending")).toBe(true);

    const all: Page["items"] = [];
    let next: string | null = null;
    do {
      const r = await c.call(
        adminEmails.loader,
        `/admin/emails?status=pending${next ? `&after=${next}` : ""}`,
      );
      const b = r.body as Page;
      all.push(...b.items);
      next = b.next;
    } while (next);
    expect(all.map((i) => i.id)).toEqual([...all.map((i) => i.id)].sort((a, b) => b - a));
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);

    const detail = await c.call(adminEmails.loader, `/admin/emails?show=${b1.items[0]!.id}`);
    expect((detail.body as Page).email!.bodyText).toContain("@a2 đã nhắc đến bạn");

    const bad = await c.call(adminEmails.loader, "/admin/emails?status=bogus&after=zzz&show=abc");
    expect(bad.status).toBe(200);
  });

  it("refuses members and moderators", async () => {
    const member = await insertTestUser(t.deps);
    const mod = await insertTestUser(t.deps, { role: "moderator" });
    for (const who of [member, mod]) {
      const c = await loggedInClient(who.username);
      expect((await c.call(adminEmails.loader, "/admin/emails")).status).toBe(403);
    }
  });
});
