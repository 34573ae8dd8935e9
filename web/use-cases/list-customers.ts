import type { Store } from '../db/store.js';
import { openAccount } from './customer-account.js';

const PAGE_SIZE = 50;

/**
 * A page of customers, newest first; `nextCursor` is null on the last page. Pending points that have come due
 * are released first (one query finds them; usually there are none), so the list agrees with the detail view.
 */
export async function listCustomers(
  store: Store,
  shop: string,
  opts: { query?: string; cursor?: number },
  now: Date,
) {
  const rows = await store.transaction(async (repos) => {
    const found = await repos.customers.list(shop, { ...opts, limit: PAGE_SIZE + 1 });
    const due = await repos.ledger.customersWithDueLots(
      found.map((customer) => customer.id),
      now,
    );
    if (due.size === 0) return found;
    for (const customerId of due) await openAccount(repos, { customerId }, now);
    return repos.customers.list(shop, { ...opts, limit: PAGE_SIZE + 1 });
  });
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return { customers: page, nextCursor: rows.length > PAGE_SIZE && last ? String(last.id) : null };
}
