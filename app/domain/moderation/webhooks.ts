/**
 * Webhook rules: which events exist, how a delivery is signed (the signed text; the HMAC itself is computed by
 * the service with node:crypto), when a failed delivery is retried, and which endpoint URLs are accepted.
 */

/** Events a webhook can subscribe to (the outbox re-exports this list). */
export const WEBHOOK_EVENT_NAMES = [
  "escalation.created",
  "escalation.updated",
  "escalation.resolved",
  "crisis.raised",
  "post.flagged",
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

export const isWebhookEventName = (v: unknown): v is WebhookEventName =>
  typeof v === "string" && (WEBHOOK_EVENT_NAMES as readonly string[]).includes(v);

export const WEBHOOK_RETRY = {
  /** Delay after the first failed attempt; doubles after each further failure. */
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
  /** After this many failed attempts the delivery is given up ('failed'). */
  maxAttempts: 10,
  /** A receiver that has not answered within this time counts as a failed attempt. */
  timeoutMs: 10_000,
} as const;

/** Header names sent with every delivery. */
export const WEBHOOK_HEADERS = {
  event: "X-Lantern-Event",
  delivery: "X-Lantern-Delivery",
  timestamp: "X-Lantern-Timestamp",
  signature: "X-Lantern-Signature",
} as const;

/** The text that is signed: the timestamp header, a dot, then the exact request body. */
export function signedContent(timestamp: string | number, body: string): string {
  return `${timestamp}.${body}`;
}

/** Unix seconds for the timestamp header. */
export const webhookTimestamp = (now: Date) => String(Math.floor(now.getTime() / 1000));

/** `sha256=<hex>` → the hex digest, or null when the header is malformed. */
export function parseSignatureHeader(header: string | null | undefined): string | null {
  const m = /^sha256=([0-9a-f]{64})$/.exec(header?.trim() ?? "");
  return m ? m[1]! : null;
}

/** Delay before the next try after `failedAttempts` failures (1 → 30 s, 2 → 60 s, … capped at 6 h). */
export function retryDelayMs(failedAttempts: number): number {
  const n = Math.max(1, Math.floor(failedAttempts));
  // 2^(n-1) overflows nothing up to maxAttempts; the cap keeps it bounded for any n.
  const delay = WEBHOOK_RETRY.baseDelayMs * 2 ** Math.min(n - 1, 30);
  return Math.min(delay, WEBHOOK_RETRY.maxDelayMs);
}

export type DeliveryState =
  | { status: "delivered"; nextAttemptAt: null }
  | { status: "pending"; nextAttemptAt: Date }
  | { status: "failed"; nextAttemptAt: null };

/** What happens to a delivery after attempt number `attempts` (1-based, this attempt included). */
export function afterAttempt(attempts: number, ok: boolean, now: Date): DeliveryState {
  if (ok) return { status: "delivered", nextAttemptAt: null };
  if (attempts >= WEBHOOK_RETRY.maxAttempts) return { status: "failed", nextAttemptAt: null };
  return { status: "pending", nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}

/** A 2xx answer is an accepted delivery; anything else (including redirects) is retried. */
export const isAcceptedStatus = (status: number) => status >= 200 && status < 300;

export type WebhookUrlProblem = "url_invalid" | "url_scheme" | "url_https_required" | "url_credentials";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
export const WEBHOOK_URL_MAX = 2000;

/**
 * Endpoint URLs: http or https only, no user:password part (secrets belong in the signing secret), at most
 * 2000 characters. In production plain http is refused except for loopback hosts (a local relay or a test
 * receiver): bodies carry customer text and must not travel in clear over a network.
 */
export function checkWebhookUrl(
  raw: string,
  opts: { production: boolean },
): { ok: true; url: string } | { ok: false; problem: WebhookUrlProblem } {
  const text = raw.trim();
  if (!text || text.length > WEBHOOK_URL_MAX) return { ok: false, problem: "url_invalid" };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: "url_invalid" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, problem: "url_scheme" };
  if (!url.hostname) return { ok: false, problem: "url_invalid" };
  if (url.username || url.password) return { ok: false, problem: "url_credentials" };
  if (opts.production && url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
    return { ok: false, problem: "url_https_required" };
  }
  return { ok: true, url: url.toString() };
}

/** The JSON body posted to receivers: the outbox event, identical for every subscriber. */
export function webhookBody(e: { id: number; event: string; createdAt: Date; data: unknown }): string {
  return JSON.stringify({ id: e.id, event: e.event, createdAt: e.createdAt.toISOString(), data: e.data });
}
