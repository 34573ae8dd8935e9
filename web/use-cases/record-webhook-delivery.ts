import type { Store } from '../db/store.js';
import type { WebhookContext, WebhookHandler } from '../webhooks/handler.js';

export interface Delivery {
  shop: string;
  topic: string;
  dedupeKey: string; // X-Shopify-Event-Id, else X-Shopify-Webhook-Id
  webhookId: string;
  payload: unknown;
}

export type DeliveryStatus = 'processed' | 'skipped' | 'deferred' | 'duplicate' | 'ignored';

/**
 * A verified webhook delivery: validate the payload (a 400 before anything is written), then in one transaction
 * check it is new, run its flow and record it. The caller answers 2xx only after this commit, so every
 * acknowledged delivery is durable, and a redelivery finds its record and changes nothing.
 */
export async function recordWebhookDelivery(
  deps: { store: Store; handlers: ReadonlyMap<string, WebhookHandler>; log: WebhookContext['log'] },
  delivery: Delivery,
  now: Date,
): Promise<DeliveryStatus> {
  const handler = deps.handlers.get(delivery.topic);
  if (!handler) return 'ignored';
  const input = handler.parse(delivery.payload);
  return deps.store.transaction(async (repos) => {
    if (await repos.deliveries.seen(delivery.shop, delivery.dedupeKey)) return 'duplicate';
    const result = await handler.handle(repos, input, { shop: delivery.shop, now, log: deps.log });
    await repos.deliveries.record({
      shop: delivery.shop,
      dedupeKey: delivery.dedupeKey,
      topic: delivery.topic,
      webhookId: delivery.webhookId,
      outcome: result.outcome,
      detail: result.detail,
    });
    return result.outcome;
  });
}
