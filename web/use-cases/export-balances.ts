import type { Store } from '../db/store.js';
import { BALANCE_COLUMNS, type BalanceFacts, balanceRow, type CsvRow } from '../loyalty/export-rows.js';

export const EXPORT_PAGE_ROWS = 1_000;

/**
 * GET /api/exports/balances.csv: the shop's customers (not redacted) with their balances, a page at a time, each
 * page its own short read, so a large export never holds a transaction (or the SQLite connection) for long and
 * the consumer's pace decides when the next page is read. Stopping the iteration stops the reads.
 */
export async function* exportBalances(
  store: Store,
  shop: string,
  now: Date,
): AsyncGenerator<CsvRow<typeof BALANCE_COLUMNS>> {
  let after: string | null = null;
  for (;;) {
    const cursor: string | null = after;
    const page: BalanceFacts[] = await store.read((repos) =>
      repos.exports.balances(shop, cursor, EXPORT_PAGE_ROWS, now),
    );
    for (const customer of page) yield balanceRow(customer);
    if (page.length < EXPORT_PAGE_ROWS) return;
    after = page[page.length - 1]!.shopifyId;
  }
}
