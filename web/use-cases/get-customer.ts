import { LoyaltyError } from '../loyalty/errors.js';
import type { CustomerView } from '../db/repositories/customer-view-repository.js';
import type { Repositories, Store } from '../db/store.js';
import { openAccount } from './customer-account.js';

const HISTORY_PAGE = 100;

/**
 * One customer's balance, profile and a page of history (newest first, each entry with the balance after it);
 * pending points that have come due are released first. Usually none are due, and then this is a read only: no
 * write transaction, so it never queues behind the webhook writes. Balance and history come from one snapshot.
 */
export async function getCustomer(
  store: Store,
  shop: string,
  shopifyId: string,
  opts: { cursor?: number },
  now: Date,
) {
  const find = async (repos: Repositories) => {
    const customer = await repos.customerViews.find(shop, shopifyId);
    if (!customer)
      throw new LoyaltyError('customer_not_found', `No loyalty record for customer ${shopifyId}.`, 404);
    return customer;
  };
  const view = async (repos: Repositories, customer: CustomerView) => {
    const rows = await repos.customerViews.history(customer.id, { ...opts, limit: HISTORY_PAGE + 1 });
    const entries = rows.slice(0, HISTORY_PAGE);
    const last = entries[entries.length - 1];
    const nextCursor = rows.length > HISTORY_PAGE && last ? String(last.id) : null;
    return { customer, entries, nextCursor };
  };

  const first = await store.snapshot(async (repos) => {
    const customer = await find(repos);
    const due = (await repos.ledger.customersWithDueLots([customer.id], now)).size > 0;
    if (due) return { due: true as const, customerId: customer.id };
    return { due: false as const, view: await view(repos, customer) };
  });
  if (!first.due) return first.view;
  const { customerId } = first;
  await store.transaction((repos) => openAccount(repos, { customerId }, now));
  return store.snapshot(async (repos) => view(repos, await find(repos)));
}
