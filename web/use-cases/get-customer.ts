import { LoyaltyError } from '../loyalty/errors.js';
import type { Store } from '../db/store.js';
import { openAccount } from './customer-account.js';

const HISTORY_LIMIT = 200;

/** One customer's balance and newest history; pending points that have come due are released first. */
export async function getCustomer(store: Store, shop: string, shopifyId: string, now: Date) {
  return store.transaction(async (repos) => {
    const existing = await repos.customers.find(shop, shopifyId);
    if (!existing)
      throw new LoyaltyError('customer_not_found', `No loyalty record for customer ${shopifyId}.`, 404);
    const account = await openAccount(repos, { customerId: existing.id }, now);
    const entries = await repos.ledger.entries(existing.id, HISTORY_LIMIT);
    return { customer: account.customer, balance: account.balance, entries };
  });
}
