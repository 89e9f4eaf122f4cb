/** Webhook endpoints and their deliveries (the outbox is written by data/outbox.server.ts). */
import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { outbox, webhookDeliveries, webhooks } from "~db/schema";
import { rowsOf } from "./reputation.server";

export interface WebhookFields {
  url: string;
  events: string[];
  active: boolean;
}

export async function insertWebhook(
  ex: Executor,
  row: WebhookFields & { secret: string; createdBy: string; createdAt: Date },
) {
  const [created] = await ex.insert(webhooks).values(row).returning({ id: webhooks.id });
  return created!.id;
}

/** The endpoint's public fields (never the secret), locked for the rest of the transaction. */
export async function findWebhookForWrite(
  ex: Executor,
  id: number,
): Promise<(WebhookFields & { id: number }) | null> {
  const [row] = await ex
    .select({ id: webhooks.id, url: webhooks.url, events: webhooks.events, active: webhooks.active })
    .from(webhooks)
    .where(eq(webhooks.id, id))
    .for("update");
  return row ?? null;
}

export async function updateWebhook(ex: Executor, id: number, set: Partial<WebhookFields>) {
  await ex.update(webhooks).set(set).where(eq(webhooks.id, id));
}

/** Deleting an endpoint drops its deliveries (cascade); the outbox events stay for other subscribers. */
export async function deleteWebhook(ex: Executor, id: number) {
  await ex.delete(webhooks).where(eq(webhooks.id, id));
}

export const WEBHOOKS_MAX = 100;

export async function listWebhooks(ex: Executor) {
  return ex
    .select({
      id: webhooks.id,
      url: webhooks.url,
      events: webhooks.events,
      active: webhooks.active,
      createdAt: webhooks.createdAt,
    })
    .from(webhooks)
    .orderBy(webhooks.id)
    .limit(WEBHOOKS_MAX);
}

/** Recent deliveries, newest first, keyset on id (primary key, or webhook_deliveries_webhook_idx when filtered). */
export async function listDeliveries(
  ex: Executor,
  opts: { webhookId?: number | null; before?: number | null; limit: number },
) {
  const rows = await ex
    .select({
      id: webhookDeliveries.id,
      webhookId: webhookDeliveries.webhookId,
      url: webhooks.url,
      event: outbox.event,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      lastStatus: webhookDeliveries.lastStatus,
      lastError: webhookDeliveries.lastError,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .innerJoin(outbox, eq(outbox.id, webhookDeliveries.outboxId))
    .where(
      and(
        opts.webhookId ? eq(webhookDeliveries.webhookId, opts.webhookId) : undefined,
        opts.before ? lt(webhookDeliveries.id, opts.before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(opts.limit + 1);
  const more = rows.length > opts.limit;
  const items = more ? rows.slice(0, opts.limit) : rows;
  return { items, next: more ? items[items.length - 1]!.id : null };
}

export interface ClaimedDelivery {
  id: number;
  attempts: number;
  url: string;
  secret: string;
  outboxId: number;
  event: string;
  payload: unknown;
  eventAt: Date;
}

/**
 * Claims up to `limit` due deliveries of active endpoints, oldest due first (webhook_deliveries_due_idx), skipping
 * rows another worker holds. The claim counts the attempt and leases the row until `leaseUntil`, so the HTTP call
 * runs outside any transaction and a crashed worker's delivery is simply retried after the lease.
 */
export async function claimDueDeliveries(
  ex: Executor,
  now: Date,
  opts: { limit: number; leaseUntil: Date },
): Promise<ClaimedDelivery[]> {
  const rows = rowsOf(
    await ex.execute(sql`
      with due as (
        select d.id from webhook_deliveries d
        where d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz
          and exists (select 1 from webhooks w where w.id = d.webhook_id and w.active)
        order by d.next_attempt_at, d.id
        limit ${opts.limit}
        for update of d skip locked
      )
      update webhook_deliveries d
      set attempts = d.attempts + 1, next_attempt_at = ${opts.leaseUntil.toISOString()}::timestamptz
      from due, webhooks w, outbox o
      where d.id = due.id and w.id = d.webhook_id and o.id = d.outbox_id
      returning d.id, d.attempts, w.url, w.secret, o.id as outbox_id, o.event, o.payload,
                o.created_at as event_at`),
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      attempts: Number(r.attempts),
      url: String(r.url),
      secret: String(r.secret),
      outboxId: Number(r.outbox_id),
      event: String(r.event),
      payload: typeof r.payload === "string" ? (JSON.parse(r.payload) as unknown) : r.payload,
      eventAt: new Date(r.event_at as string),
    }))
    .sort((a, b) => a.id - b.id);
}

export async function recordDeliveryResult(
  ex: Executor,
  id: number,
  r: {
    status: "pending" | "delivered" | "failed";
    lastStatus: number | null;
    lastError: string | null;
    nextAttemptAt: Date | null;
    deliveredAt: Date | null;
  },
) {
  await ex
    .update(webhookDeliveries)
    .set({
      status: r.status,
      lastStatus: r.lastStatus,
      lastError: r.lastError,
      deliveredAt: r.deliveredAt,
      // A finished delivery keeps its last attempt time; the due index only covers pending rows.
      ...(r.nextAttemptAt ? { nextAttemptAt: r.nextAttemptAt } : {}),
    })
    .where(eq(webhookDeliveries.id, id));
}
