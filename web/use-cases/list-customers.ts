import type { CustomerSearch } from '../loyalty/customer-search.js';
import type { CustomerView } from '../db/repositories/customer-view-repository.js';
import type { Repositories, Store } from '../db/store.js';
import { openAccount } from './customer-account.js';

const PAGE_SIZE = 50;

/**
 * A page of customers, newest first, matching `search`; `nextCursor` is null on the last page. Pending points that
 * have come due are released first, so the list agrees with the detail view; usually none are, and then this is a
 * read only.
 */
export async function listCustomers(
  store: Store,
  shop: string,
  opts: { search: CustomerSearch; cursor?: number },
  now: Date,
) {
  const list = (repos: Repositories) => repos.customerViews.list(shop, { ...opts, limit: PAGE_SIZE + 1 });
  const first = await store.read(async (repos) => {
    const found = await list(repos);
    return {
      found,
      due: await repos.ledger.customersWithDueLots(
        found.map((c) => c.id),
        now,
      ),
    };
  });
  if (first.due.size === 0) return pageOf(first.found);
  await store.transaction(async (repos) => {
    for (const customerId of first.due) await openAccount(repos, { customerId }, now);
  });
  return pageOf(await store.read(list));
}

function pageOf(rows: CustomerView[]) {
  const shown = rows.slice(0, PAGE_SIZE);
  const last = shown[shown.length - 1];
  return { customers: shown, nextCursor: rows.length > PAGE_SIZE && last ? String(last.id) : null };
}
