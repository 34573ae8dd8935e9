import type { Repositories } from '../db/store.js';
import type { BuyerKey } from '../webhooks/buyer-key.js';
import { type Outcome, processed, skipped } from './outcome.js';

/**
 * customers/redact: the customer's data is anonymised (see the gdpr repository for what that means), and guest
 * orders placed with the customer's e-mail, or listed by Shopify, lose their buyer key.
 */
export async function redactCustomer(
  repos: Repositories,
  shop: string,
  request: { customerId: string; email: string | null; ordersToRedact: readonly string[] },
  buyerKey: BuyerKey,
  now: Date,
): Promise<Outcome> {
  const found = await repos.gdpr.redactCustomer(shop, request.customerId, now, {
    buyerKey: request.email === null ? null : buyerKey(request.email),
    email: request.email,
    orderIds: request.ordersToRedact,
  });
  return found ? processed('customer anonymised') : skipped('no data stored for this customer');
}
