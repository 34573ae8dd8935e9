import type { Store } from '../db/store.js';

const PAGE_SIZE = 50;

/** A page of customers, newest first; `nextCursor` is null on the last page. */
export async function listCustomers(store: Store, shop: string, opts: { query?: string; cursor?: number }) {
  const rows = await store.read((repos) => repos.customers.list(shop, { ...opts, limit: PAGE_SIZE + 1 }));
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return { customers: page, nextCursor: rows.length > PAGE_SIZE && last ? String(last.id) : null };
}
