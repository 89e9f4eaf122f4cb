import { describe, expect, it } from "vitest";
import {
  afterAttempt,
  checkWebhookUrl,
  isAcceptedStatus,
  isWebhookEventName,
  parseSignatureHeader,
  retryDelayMs,
  signedContent,
  webhookBody,
  webhookTimestamp,
  WEBHOOK_RETRY,
} from "./webhooks";

const NOW = new Date("2026-06-01T08:00:00Z");
const S = 1000;
const H = 3_600_000;

describe("retryDelayMs", () => {
  it.each([
    [1, 30 * S],
    [2, 60 * S],
    [3, 120 * S],
    [4, 240 * S],
    [9, 30 * S * 256],
    [10, 30 * S * 512],
  ])("after %i failed attempts waits %i ms", (n, ms) => {
    expect(retryDelayMs(n)).toBe(ms);
  });
  it("is capped at 6 hours however many attempts", () => {
    expect(retryDelayMs(11)).toBe(6 * H);
    expect(retryDelayMs(1000)).toBe(6 * H);
  });
  it("treats 0 or negative like the first failure", () => {
    expect(retryDelayMs(0)).toBe(30 * S);
    expect(retryDelayMs(-3)).toBe(30 * S);
  });
  it("never decreases", () => {
    for (let n = 1; n < 40; n++) expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
  });
});

describe("afterAttempt", () => {
  it("a success is delivered, whatever the attempt", () => {
    expect(afterAttempt(1, true, NOW)).toEqual({ status: "delivered", nextAttemptAt: null });
    expect(afterAttempt(10, true, NOW)).toEqual({ status: "delivered", nextAttemptAt: null });
  });
  it.each([
    [1, 30 * S],
    [2, 60 * S],
    [3, 120 * S],
  ])("failure number %i is retried after the backoff", (n, delay) => {
    expect(afterAttempt(n, false, NOW)).toEqual({
      status: "pending",
      nextAttemptAt: new Date(NOW.getTime() + delay),
    });
  });
  it("gives up after the last attempt", () => {
    expect(afterAttempt(WEBHOOK_RETRY.maxAttempts - 1, false, NOW).status).toBe("pending");
    expect(afterAttempt(WEBHOOK_RETRY.maxAttempts, false, NOW)).toEqual({
      status: "failed",
      nextAttemptAt: null,
    });
  });
});

describe("isAcceptedStatus", () => {
  it.each([
    [200, true],
    [201, true],
    [204, true],
    [299, true],
    [199, false],
    [301, false],
    [404, false],
    [500, false],
  ])("%i → %s", (status, ok) => expect(isAcceptedStatus(status)).toBe(ok));
});

describe("signing", () => {
  it("signs the timestamp, a dot and the exact body", () => {
    expect(signedContent("1780300800", '{"a":1}')).toBe('1780300800.{"a":1}');
  });
  it("the timestamp is unix seconds", () => {
    expect(webhookTimestamp(new Date("2026-06-01T08:00:00.900Z"))).toBe(
      String(Date.UTC(2026, 5, 1, 8) / 1000),
    );
  });
  it("parses only a well-formed sha256 header", () => {
    const hex = "a".repeat(64);
    expect(parseSignatureHeader(`sha256=${hex}`)).toBe(hex);
    expect(parseSignatureHeader(`sha1=${hex}`)).toBeNull();
    expect(parseSignatureHeader(`sha256=${hex.slice(1)}`)).toBeNull();
    expect(parseSignatureHeader("sha256=" + "G".repeat(64))).toBeNull();
    expect(parseSignatureHeader(null)).toBeNull();
  });
  it("the body carries the outbox id, event, time and data", () => {
    expect(
      JSON.parse(webhookBody({ id: 7, event: "post.flagged", createdAt: NOW, data: { postId: 3 } })),
    ).toEqual({ id: 7, event: "post.flagged", createdAt: "2026-06-01T08:00:00.000Z", data: { postId: 3 } });
  });
});

describe("checkWebhookUrl", () => {
  const dev = { production: false };
  const prod = { production: true };
  it.each([
    ["https://hooks.example.com/lantern", prod, true],
    ["http://hooks.example.com/lantern", dev, true],
    ["http://hooks.example.com/lantern", prod, "url_https_required"],
    ["http://localhost:8080/hook", prod, true],
    ["http://127.0.0.1:9/hook", prod, true],
    ["http://[::1]:9/hook", prod, true],
    ["ftp://example.com/x", dev, "url_scheme"],
    ["javascript:alert(1)", dev, "url_scheme"],
    ["file:///etc/passwd", dev, "url_scheme"],
    ["https://user:pw@example.com/", dev, "url_credentials"],
    ["not a url", dev, "url_invalid"],
    ["", dev, "url_invalid"],
    ["   ", dev, "url_invalid"],
    [`https://example.com/${"a".repeat(2000)}`, dev, "url_invalid"],
  ] as const)("%s (%o) → %s", (raw, opts, expected) => {
    const r = checkWebhookUrl(raw, opts);
    if (expected === true) expect(r.ok).toBe(true);
    else expect(r).toEqual({ ok: false, problem: expected });
  });
  it("trims and normalises the URL", () => {
    expect(checkWebhookUrl("  https://Example.COM/hook  ", prod)).toEqual({
      ok: true,
      url: "https://example.com/hook",
    });
  });
});

describe("isWebhookEventName", () => {
  it("knows the five events and nothing else", () => {
    for (const e of [
      "escalation.created",
      "escalation.updated",
      "escalation.resolved",
      "crisis.raised",
      "post.flagged",
    ])
      expect(isWebhookEventName(e)).toBe(true);
    for (const e of ["", "post.created", "ESCALATION.CREATED", 3, null])
      expect(isWebhookEventName(e)).toBe(false);
  });
});
