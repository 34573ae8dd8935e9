import type { Store } from '../db/store.js';
import { type CsvRow, LEDGER_COLUMNS, ledgerRow } from '../loyalty/export-rows.js';
import { EXPORT_PAGE_ROWS } from './export-balances.js';

/**
 * GET /api/exports/ledger.csv: every ledger entry of the shop, oldest first, in keyset pages by id (see
 * export-balances.ts for why each page is its own read). Redacted customers appear under their anonymous id.
 */
export async function* exportLedger(
  store: Store,
  shop: string,
): AsyncGenerator<CsvRow<typeof LEDGER_COLUMNS>> {
  let after = 0;
  for (;;) {
    const cursor = after;
    const page = await store.read((repos) => repos.exports.ledger(shop, cursor, EXPORT_PAGE_ROWS));
    for (const entry of page) yield ledgerRow(entry);
    if (page.length < EXPORT_PAGE_ROWS) return;
    after = page[page.length - 1]!.id;
  }
}
