import { BatchLedger } from '../db/batch/batch-ledger.js';
import { flushBatch } from '../db/batch/flush-batch.js';
import { preloadBatch } from '../db/batch/preload-batch.js';
import type { CompletedDelivery, PendingDelivery } from '../db/repositories/delivery-repository.js';
import type { Store } from '../db/store.js';
import type { BatchHints, WebhookContext, WebhookHandler } from '../webhooks/handler.js';
import { failedAttempt } from '../webhooks/retry-policy.js';

export interface DeliveryFailure {
  delivery: PendingDelivery;
  error: unknown;
}

/**
 * Credits a batch of ledger deliveries (orders/paid, refunds, cancellations, sign-ups) in one transaction:
 * parse each, claim them, load what their flows read in a few set-based statements, run each flow (the same
 * use-case code as one at a time) against that state in memory, then write the changes and the outcomes in a
 * few set-based statements. A flow that throws is undone in memory and recorded as a failed attempt (with its
 * retry time); the others commit. A crash anywhere before the commit leaves every delivery pending.
 * Returns the ids it claimed, and the failures; deliveries another process claimed first are left to it.
 */
export async function creditDeliveries(
  deps: {
    store: Store;
    handlers: ReadonlyMap<string, WebhookHandler>;
    log: WebhookContext['log'];
    buyerKey: WebhookContext['buyerKey'];
  },
  deliveries: readonly PendingDelivery[],
  now: Date,
): Promise<{ claimed: Set<number>; failures: DeliveryFailure[] }> {
  const parsed = deliveries.map((delivery) => parse(deps.handlers, delivery));
  return deps.store.transaction(async (repos) => {
    const claimed = await repos.deliveries.claimMany(deliveries.map((d) => d.id));
    const work = parsed.filter((item) => claimed.has(item.delivery.id));
    const ready = work.flatMap((item) => (item.ok ? [item] : []));
    const ledger = new BatchLedger(repos, repos.batch);
    await preloadBatch(
      ledger,
      repos.batch,
      ready.map(({ delivery, hints }) => ({ shop: delivery.shop, hints })),
    );

    const failures: DeliveryFailure[] = work.flatMap((item) =>
      item.ok ? [] : [{ delivery: item.delivery, error: item.error }],
    );
    const done: CompletedDelivery[] = [];
    for (const { delivery, flow, input } of ready) {
      const context = { shop: delivery.shop, now, log: deps.log, buyerKey: deps.buyerKey };
      try {
        const result = await ledger.attempt((state) => flow.handle(state, input, context));
        done.push({ id: delivery.id, ...result });
      } catch (error) {
        failures.push({ delivery, error });
      }
    }

    await flushBatch(ledger, repos.batch, now);
    await repos.deliveries.completeMany(done, now);
    for (const { delivery, error } of failures) {
      await repos.deliveries.recordFailure(delivery.id, {
        ...failedAttempt(delivery, error, now),
        counted: true, // claimMany counted this attempt, in this transaction
      });
    }
    return { claimed, failures };
  });
}

type Parsed =
  | { delivery: PendingDelivery; ok: true; flow: LedgerFlow; input: unknown; hints: BatchHints }
  | { delivery: PendingDelivery; ok: false; error: unknown };
type LedgerFlow = NonNullable<WebhookHandler['ledger']>;

function parse(handlers: ReadonlyMap<string, WebhookHandler>, delivery: PendingDelivery): Parsed {
  const handler = handlers.get(delivery.topic);
  try {
    if (!handler?.ledger) throw new Error(`${delivery.topic} is not a ledger flow`);
    const input = handler.parse(JSON.parse(delivery.payload));
    return { delivery, ok: true, flow: handler.ledger, input, hints: handler.ledger.hints(input) };
  } catch (error) {
    return { delivery, ok: false, error };
  }
}
