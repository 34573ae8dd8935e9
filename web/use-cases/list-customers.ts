import type { Store } from '../db/store.js';
import { openAccount } from './customer-account.js';

const PAGE_SIZE = 50;

/**
 * A page of customers, newest first; `nextCursor` is null on the last page. Pending points that have come due
 * are released first, so the list agrees with the detail view; usually none are, and then this is a read only.
 */
export async function listCustomers(
  store: Store,
  shop: string,
  opts: { query?: string; cursor?: number },
  now: Date,
) {
  const page = () => store.read((repos) => repos.customers.list(shop, { ...opts, limit: PAGE_SIZE + 1 }));
  let rows = await page();
  const due = await store.read((repos) =>
    repos.ledger.customersWithDueLots(
      rows.map((c) => c.id),
      now,
    ),
  );
  if (due.size > 0) {
    await store.transaction(async (repos) => {
      for (const customerId of due) await openAccount(repos, { customerId }, now);
    });
    rows = await page();
  }
  const shown = rows.slice(0, PAGE_SIZE);
  const last = shown[shown.length - 1];
  return { customers: shown, nextCursor: rows.length > PAGE_SIZE && last ? String(last.id) : null };
}
