import type { PendingDelivery } from '../db/repositories/delivery-repository.js';
import type { Store } from '../db/store.js';
import type { WebhookContext, WebhookHandler } from '../webhooks/handler.js';

/**
 * Runs one accepted delivery's flow and records its outcome, in one transaction: the ledger changes and the
 * "done" mark commit together, so a crash in between replays the delivery instead of losing or doubling it.
 * Returns false when another process had claimed it. Used for the topics that are not ledger flows, and for a
 * ledger delivery whose batch could not commit.
 */
export async function processWebhookDelivery(
  deps: {
    store: Store;
    handlers: ReadonlyMap<string, WebhookHandler>;
    log: WebhookContext['log'];
    buyerKey: WebhookContext['buyerKey'];
  },
  delivery: PendingDelivery,
  now: Date,
): Promise<boolean> {
  const handler = deps.handlers.get(delivery.topic);
  if (!handler) throw new Error(`no handler for accepted topic ${delivery.topic}`);
  const input = handler.parse(JSON.parse(delivery.payload));
  return deps.store.transaction(async (repos) => {
    if (!(await repos.deliveries.claim(delivery.id))) return false; // another process got there first
    const context = { shop: delivery.shop, now, log: deps.log, buyerKey: deps.buyerKey };
    const result = await handler.handle(repos, input, context);
    await repos.deliveries.complete(delivery.id, result.outcome, result.detail, now);
    return true;
  });
}
