/**
 * Transactional outbox. enqueueEvent() is called inside the transaction of the change it describes: the event
 * row and one delivery row per subscribed, active webhook commit (or roll back) together with the change.
 * The delivery worker (services/webhooks.server.ts) sends them later, with retries.
 */
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client";
import { outbox } from "~db/schema";
import type { WebhookEventName as WebhookEvent } from "~/domain/moderation/webhooks";

/** The events (the list lives with the webhook rules in the domain). */
export { WEBHOOK_EVENT_NAMES as WEBHOOK_EVENTS } from "~/domain/moderation/webhooks";
export type { WebhookEventName as WebhookEvent } from "~/domain/moderation/webhooks";

export async function enqueueEvent(ex: Executor, event: WebhookEvent, payload: unknown, now: Date) {
  const [row] = await ex
    .insert(outbox)
    .values({ event, payload: payload as object, createdAt: now })
    .returning({ id: outbox.id });
  await ex.execute(sql`
    insert into webhook_deliveries (webhook_id, outbox_id, status, attempts, next_attempt_at, created_at)
    select w.id, ${row!.id}, 'pending', 0, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from webhooks w
    where w.active and ${event} = any(w.events)`);
  return row!.id;
}
