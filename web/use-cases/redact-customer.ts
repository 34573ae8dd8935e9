import type { Repositories } from '../db/store.js';
import { type Outcome, processed, skipped } from './outcome.js';

/** customers/redact: the customer's data is anonymised (see the gdpr repository for what that means). */
export async function redactCustomer(
  repos: Repositories,
  shop: string,
  customerId: string,
  now: Date,
): Promise<Outcome> {
  const found = await repos.gdpr.redactCustomer(shop, customerId, now);
  return found ? processed('customer anonymised') : skipped('no data stored for this customer');
}
