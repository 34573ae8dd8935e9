import { LoyaltyError } from '../loyalty/errors.js';
import type { Store } from '../db/store.js';
import { openAccount } from './customer-account.js';

const HISTORY_LIMIT = 200;

/**
 * One customer's balance and newest history; pending points that have come due are released first. Usually none
 * are due, and then this is a read only: no write transaction, so it never queues behind the webhook writes.
 */
export async function getCustomer(store: Store, shop: string, shopifyId: string, now: Date) {
  const read = await store.snapshot(async (repos) => {
    const existing = await repos.customers.find(shop, shopifyId);
    if (!existing)
      throw new LoyaltyError('customer_not_found', `No loyalty record for customer ${shopifyId}.`, 404);
    if ((await repos.ledger.customersWithDueLots([existing.id], now)).size > 0)
      return { due: true as const, customerId: existing.id };
    const entries = await repos.ledger.entries(existing.id, HISTORY_LIMIT);
    const balance = { available: existing.available, pending: existing.pending };
    return { due: false as const, view: { customer: existing, balance, entries } };
  });
  if (!read.due) return read.view;
  const { customerId } = read;
  return store.transaction(async (repos) => {
    const account = await openAccount(repos, { customerId }, now);
    const entries = await repos.ledger.entries(customerId, HISTORY_LIMIT);
    return { customer: account.customer, balance: account.balance, entries };
  });
}
