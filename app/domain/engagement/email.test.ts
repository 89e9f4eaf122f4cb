import { describe, expect, it } from "vitest";
import {
  digestDedupeKey,
  digestPeriodStart,
  digestWindow,
  EMAIL_RETRY,
  emailAfterAttempt,
  emailLocale,
  emailRetryDelayMs,
  escapeHtml,
  isDigestDue,
  NOTIFICATION_KINDS,
  notificationPath,
  prefsToStore,
  renderDigestEmail,
  renderNotificationEmail,
  resolveChannel,
  selectDigestItems,
  sendsEmail,
  showsInApp,
} from "./email";

const at = (iso: string) => new Date(iso);

describe("resolveChannel", () => {
  it.each([
    ["reply", new Map<string, string>(), "in_app"],
    ["reply", new Map([["reply", "email"]]), "email"],
    ["badge", new Map([["badge", "none"]]), "none"],
    ["badge", new Map([["reply", "email"]]), "in_app"],
    ["brand_new_kind", new Map<string, string>(), "in_app"],
    ["reply", new Map([["reply", "carrier pigeon"]]), "in_app"],
  ])("%s with %o → %s", (kind, prefs, expected) => {
    expect(resolveChannel(kind, prefs)).toBe(expected);
  });

  it("email shows in the app and sends an e-mail; none does neither", () => {
    expect([showsInApp("in_app"), sendsEmail("in_app")]).toEqual([true, false]);
    expect([showsInApp("email"), sendsEmail("email")]).toEqual([true, true]);
    expect([showsInApp("none"), sendsEmail("none")]).toEqual([false, false]);
  });

  it("lists the existing kinds and the new ones once each", () => {
    // The kinds the services create (grep insertNotifications): engagement ones and the older ones.
    expect([...NOTIFICATION_KINDS].sort()).toEqual(
      [
        "reply",
        "accepted",
        "mention",
        "thread_reply",
        "followed_thread",
        "escalation_update",
        "badge",
        "champion",
        "alert",
      ].sort(),
    );
    expect(new Set(NOTIFICATION_KINDS).size).toBe(NOTIFICATION_KINDS.length);
  });

  it("stores only non-default choices of known kinds", () => {
    const stored = prefsToStore(
      new Map([
        ["reply", "email"],
        ["badge", "in_app"],
        ["mention", "none"],
        ["bogus", "email"],
      ] as const),
    );
    expect(stored).toEqual([
      { kind: "mention", channel: "none" },
      { kind: "reply", channel: "email" },
    ]);
  });
});

describe("digest schedule (08:00 Asia/Ho_Chi_Minh = 01:00 UTC)", () => {
  it.each([
    // 2026-06-03 is a Wednesday.
    ["daily", "2026-06-03T01:00:00Z", "2026-06-03T01:00:00.000Z"],
    ["daily", "2026-06-03T00:59:59Z", "2026-06-02T01:00:00.000Z"],
    ["daily", "2026-06-03T23:30:00Z", "2026-06-03T01:00:00.000Z"], // 06:30 ICT on Thursday: still Wednesday's period
    ["weekly", "2026-06-03T10:00:00Z", "2026-06-01T01:00:00.000Z"], // Monday 1 June
    ["weekly", "2026-06-01T00:30:00Z", "2026-05-25T01:00:00.000Z"], // Monday 07:30 ICT: previous week
    ["weekly", "2026-06-01T01:00:00Z", "2026-06-01T01:00:00.000Z"],
    ["weekly", "2026-06-07T18:00:00Z", "2026-06-01T01:00:00.000Z"], // Monday 01:00 ICT (Sunday UTC)
  ] as const)("%s at %s starts %s", (mode, now, start) => {
    expect(digestPeriodStart(mode, at(now)).toISOString()).toBe(start);
  });

  it("is due once per period", () => {
    const now = at("2026-06-03T02:00:00Z");
    expect(isDigestDue("off", null, now)).toBe(false);
    expect(isDigestDue("daily", null, now)).toBe(true);
    expect(isDigestDue("daily", at("2026-06-02T01:00:00Z"), now)).toBe(true);
    expect(isDigestDue("daily", at("2026-06-03T01:00:00Z"), now)).toBe(false);
    expect(isDigestDue("weekly", at("2026-06-01T01:00:00Z"), now)).toBe(false);
    expect(isDigestDue("weekly", at("2026-05-25T01:00:00Z"), now)).toBe(true);
  });

  it("windows of consecutive digests touch (nothing skipped, nothing twice)", () => {
    const first = digestWindow("daily", null, at("2026-06-03T02:00:00Z"));
    expect(first).toEqual({ from: at("2026-06-02T01:00:00Z"), to: at("2026-06-03T01:00:00Z") });
    const second = digestWindow("daily", first.to, at("2026-06-04T05:00:00Z"));
    expect(second.from).toEqual(first.to);
    expect(second.to).toEqual(at("2026-06-04T01:00:00Z"));
  });

  it("selects unread, in-window, not individually e-mailed notifications, newest first", () => {
    const w = { from: at("2026-06-02T01:00:00Z"), to: at("2026-06-03T01:00:00Z") };
    const base = { kind: "reply", data: {}, readAt: null, emailed: false };
    const items = [
      { ...base, id: 1, createdAt: at("2026-06-02T01:00:00Z") }, // exactly at from: previous digest
      { ...base, id: 2, createdAt: at("2026-06-02T12:00:00Z") },
      { ...base, id: 3, createdAt: at("2026-06-02T13:00:00Z"), readAt: at("2026-06-02T14:00:00Z") },
      { ...base, id: 4, createdAt: at("2026-06-02T14:00:00Z"), emailed: true },
      { ...base, id: 5, createdAt: at("2026-06-03T01:00:00Z") }, // exactly at to: included
      { ...base, id: 6, createdAt: at("2026-06-03T01:00:01Z") }, // next period
    ];
    expect(selectDigestItems(items, w).map((n) => n.id)).toEqual([5, 2]);
  });

  it("dedupe keys name the member and the period", () => {
    expect(digestDedupeKey("u1", at("2026-06-01T01:00:00Z"))).toBe("digest:u1:2026-06-01T01:00:00.000Z");
  });
});

describe("retries", () => {
  it("backs off exponentially up to a cap", () => {
    expect(emailRetryDelayMs(1)).toBe(EMAIL_RETRY.baseDelayMs);
    expect(emailRetryDelayMs(2)).toBe(EMAIL_RETRY.baseDelayMs * 2);
    expect(emailRetryDelayMs(3)).toBe(EMAIL_RETRY.baseDelayMs * 4);
    expect(emailRetryDelayMs(40)).toBe(EMAIL_RETRY.maxDelayMs);
  });

  it("retries until maxAttempts, then fails; success is final", () => {
    const now = at("2026-06-01T00:00:00Z");
    expect(emailAfterAttempt(1, true, now)).toEqual({ status: "sent", nextAttemptAt: null });
    expect(emailAfterAttempt(1, false, now)).toEqual({
      status: "pending",
      nextAttemptAt: new Date(now.getTime() + EMAIL_RETRY.baseDelayMs),
    });
    expect(emailAfterAttempt(EMAIL_RETRY.maxAttempts - 1, false, now).status).toBe("pending");
    expect(emailAfterAttempt(EMAIL_RETRY.maxAttempts, false, now)).toEqual({
      status: "failed",
      nextAttemptAt: null,
    });
  });
});

describe("texts", () => {
  it("escapes HTML", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;",
    );
  });

  it("renders a notification in the member's language with an escaped HTML part", () => {
    const n = { kind: "reply", data: { threadId: 7, postId: 9, title: "Hoàn tiền <script>" } };
    const vi = renderNotificationEmail(n, "vi", "https://lantern.example/");
    expect(vi.subject).toBe('[Lantern] Có câu trả lời cho câu hỏi "Hoàn tiền <script>" của bạn');
    expect(vi.text).toContain("https://lantern.example/t/7#p-9");
    expect(vi.text).toContain("https://lantern.example/settings/notifications");
    expect(vi.html).toContain("Hoàn tiền &lt;script&gt;");
    expect(vi.html).not.toContain("<script>");
    const en = renderNotificationEmail(n, "en", "https://lantern.example");
    expect(en.subject).toBe('[Lantern] New answer to your question "Hoàn tiền <script>"');
  });

  it("falls back to a generic line for unknown kinds and links to /notifications", () => {
    const e = renderNotificationEmail({ kind: "mystery", data: {} }, "en", "http://x");
    expect(e.subject).toBe("[Lantern] You have a new notification");
    expect(notificationPath({})).toBe("/notifications");
    expect(notificationPath({ threadId: "7" })).toBe("/notifications");
  });

  it("defaults the locale to Vietnamese", () => {
    expect(emailLocale("en")).toBe("en");
    expect(emailLocale("fr")).toBe("vi");
    expect(emailLocale(null)).toBe("vi");
  });

  it("renders a digest with one line per notification", () => {
    const items = [
      { kind: "badge", data: { slug: "helper" } },
      { kind: "champion", data: { confirmed: true } },
    ];
    const d = renderDigestEmail("weekly", items, "en", "http://x");
    expect(d.subject).toBe("[Lantern] Your weekly digest");
    expect(d.text).toContain("You have 2 unread notifications:");
    expect(d.text).toContain('- You earned the "helper" badge');
    expect(d.text).toContain("- You are now a Champion");
    expect(renderDigestEmail("daily", items, "vi", "http://x").subject).toBe("[Lantern] Bản tin hằng ngày");
  });
});
