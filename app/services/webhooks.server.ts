/**
 * Webhooks: admins register endpoints (audited, the secret never in the log); a worker sends the outbox events
 * to them, signed, with retries and a log. Events are enqueued by the services that make the change
 * (data/outbox enqueueEvent, in their transaction), so none is lost if a receiver or this process is down.
 */
import crypto from "node:crypto";
import type { AppDeps } from "~/deps.server";
import type { Actor } from "~/domain/forum";
import {
  claimDueDeliveries,
  deleteWebhook as deleteWebhookRow,
  findWebhookForWrite,
  insertWebhook,
  recordDeliveryResult,
  updateWebhook as updateWebhookRow,
  type ClaimedDelivery,
} from "~/data/webhooks.server";
import { recordAudit } from "~/data/audit.server";
import {
  afterAttempt,
  checkWebhookUrl,
  isAcceptedStatus,
  parseSignatureHeader,
  signedContent,
  webhookBody,
  webhookTimestamp,
  WEBHOOK_HEADERS,
  WEBHOOK_RETRY,
} from "~/domain/moderation/webhooks";
import { notFound, invalidInput } from "~/domain/shared/app-error";
import { fieldErrors, type FieldErrorMap } from "~/forms/schemas";
import { WebhookCreateSchema, WebhookUpdateSchema } from "~/forms/governance";
import { requireAdminRole } from "~/domain/forum";

export function generateWebhookSecret() {
  return `whsec_${crypto.randomBytes(24).toString("base64url")}`;
}

/** Hex HMAC-SHA256 of `${timestamp}.${body}` with the endpoint's secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return crypto.createHmac("sha256", secret).update(signedContent(timestamp, body)).digest("hex");
}

/** What a receiver does: recompute the signature and compare in constant time. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  header: string | null | undefined,
): boolean {
  const given = parseSignatureHeader(header);
  if (!given) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body), "hex");
  return crypto.timingSafeEqual(expected, Buffer.from(given, "hex"));
}

const isProduction = () => process.env.NODE_ENV === "production";

/** Registers an endpoint. Returns the secret once (generated when left empty); it is never shown again. */
export async function createWebhook(
  deps: AppDeps,
  actor: Actor,
  input: { url?: unknown; secret?: unknown; events?: unknown; active?: unknown },
) {
  requireAdminRole(actor, "Only admins manage webhooks");
  const parsed = WebhookCreateSchema.safeParse(input);
  const fields: FieldErrorMap = parsed.success ? {} : fieldErrors(parsed.error);
  const url = checkWebhookUrl(typeof input.url === "string" ? input.url : "", { production: isProduction() });
  if (!url.ok && !fields.url) fields.url = url.problem;
  if (!parsed.success || !url.ok || Object.keys(fields).length) throw invalidInput(fields);
  const secret = parsed.data.secret || generateWebhookSecret();
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const row = { url: url.url, events: parsed.data.events, active: parsed.data.active };
    const created = await insertWebhook(tx, { ...row, secret, createdBy: actor.id, createdAt: now });
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "webhook.create",
        targetType: "webhook",
        targetId: created,
        before: null,
        after: row,
        search: row.url,
      },
      now,
    );
    return created;
  });
  return { id, secret };
}

export async function updateWebhook(
  deps: AppDeps,
  actor: Actor,
  id: number,
  input: { events?: unknown; active?: unknown },
) {
  requireAdminRole(actor, "Only admins manage webhooks");
  const parsed = WebhookUpdateSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldErrors(parsed.error));
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const current = await findWebhookForWrite(tx, id);
    if (!current) throw notFound("webhook");
    const before = { url: current.url, events: [...current.events].sort(), active: current.active };
    const after = { ...before, events: parsed.data.events, active: parsed.data.active };
    await updateWebhookRow(tx, id, { events: after.events, active: after.active });
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "webhook.update",
        targetType: "webhook",
        targetId: id,
        before,
        after,
        search: current.url,
      },
      now,
    );
    return { id };
  });
}

export async function deleteWebhook(deps: AppDeps, actor: Actor, id: number) {
  requireAdminRole(actor, "Only admins manage webhooks");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const current = await findWebhookForWrite(tx, id);
    if (!current) throw notFound("webhook");
    await deleteWebhookRow(tx, id);
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "webhook.delete",
        targetType: "webhook",
        targetId: id,
        before: { url: current.url, events: current.events, active: current.active },
        after: null,
        search: current.url,
      },
      now,
    );
    return { id };
  });
}

/** The worker leases a claimed delivery for this long: well over the 10 s timeout. */
const LEASE_MS = 60_000;
const ERROR_MAX = 500;

type Fetch = typeof globalThis.fetch;

async function send(d: ClaimedDelivery, now: Date, fetchImpl: Fetch) {
  const body = webhookBody({ id: d.outboxId, event: d.event, createdAt: d.eventAt, data: d.payload });
  const timestamp = webhookTimestamp(now);
  try {
    const res = await fetchImpl(d.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Lantern-Webhooks/1",
        [WEBHOOK_HEADERS.event]: d.event,
        [WEBHOOK_HEADERS.delivery]: String(d.id),
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        [WEBHOOK_HEADERS.signature]: `sha256=${signWebhook(d.secret, timestamp, body)}`,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_RETRY.timeoutMs),
    });
    // The body is not needed; drain it so the connection is released.
    await res.arrayBuffer().catch(() => undefined);
    const ok = isAcceptedStatus(res.status);
    return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (e) {
    const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const message =
      err.name === "TimeoutError"
        ? `timeout after ${WEBHOOK_RETRY.timeoutMs / 1000} s`
        : [err.message, err.cause?.code ?? err.cause?.message].filter(Boolean).join(": ");
    return { ok: false, status: null, error: (message || "request failed").slice(0, ERROR_MAX) };
  }
}

/**
 * Sends the due deliveries once: claim (short transaction), POST each in parallel outside any transaction,
 * record each result. Safe to run from several processes (skip locked + lease); receivers dedupe on
 * X-Lantern-Delivery because a crash between send and record means the same delivery is sent again.
 */
export async function deliverDueWebhooks(deps: AppDeps, opts: { limit?: number; fetch?: Fetch } = {}) {
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const now = deps.clock.now();
  const claimed = await deps.db.transaction((tx) =>
    claimDueDeliveries(tx, now, { limit: opts.limit ?? 20, leaseUntil: new Date(now.getTime() + LEASE_MS) }),
  );
  const counts = { attempted: claimed.length, delivered: 0, retrying: 0, failed: 0 };
  await Promise.all(
    claimed.map(async (d) => {
      const r = await send(d, now, fetchImpl);
      const next = afterAttempt(d.attempts, r.ok, now);
      await recordDeliveryResult(deps.db, d.id, {
        status: next.status,
        lastStatus: r.status,
        lastError: r.error,
        nextAttemptAt: next.nextAttemptAt,
        deliveredAt: r.ok ? now : null,
      });
      counts[next.status === "pending" ? "retrying" : next.status] += 1;
    }),
  );
  return counts;
}

/** Runs deliverDueWebhooks every `everyMs`, never two at once; stop() waits for a run in progress. */
export function startWebhookWorker(deps: AppDeps, everyMs = 5_000) {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = deliverDueWebhooks(deps)
      .catch((e: unknown) => console.error("webhook delivery failed", e))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
