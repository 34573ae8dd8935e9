import { BatchLedger } from '../db/batch/batch-ledger.js';
import { flushBatch } from '../db/batch/flush-batch.js';
import { preloadBatch } from '../db/batch/preload-batch.js';
import type { PendingImportRow } from '../db/repositories/import-job-repository.js';
import type { ImportBatchRecord, RowOutcome } from '../db/repositories/import-repository.js';
import type { FlowRepositories, Store } from '../db/store.js';
import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { type ProgramVersion, programAt } from '../loyalty/program.js';
import { creditPoints, openAccount } from './customer-account.js';

export const IMPORT_CHUNK_ROWS = 500;

/**
 * One chunk of the oldest import that has rows left (jobs/import-balances.ts calls it until there is none): in one
 * transaction, every row writes its `import` entry (keyed by file hash and row, so a rerun or the same file again
 * never writes a second), the batch's counters move on, and the rows get their outcome. Only rows without an outcome
 * are taken, so a crash resumes where the last committed chunk ended. The rows' customers are loaded, locked and
 * written set-based, with the crediting batch's machinery (web/db/batch). Null when no import has rows left.
 */
export async function importBalanceChunk(
  store: Store,
  now: Date,
  opts: { except?: readonly number[]; chunkRows?: number } = {},
): Promise<{ batchId: number; done: boolean } | null> {
  const limit = opts.chunkRows ?? IMPORT_CHUNK_ROWS;
  return store.transaction(async (repos) => {
    const batch = await repos.importJob.next(opts.except);
    if (!batch) return null;
    const rows = await repos.importJob.pendingRows(batch.id, limit);
    await repos.shops.ensure(batch.shop);
    const program = programAt(await repos.shops.programVersions(batch.shop), now);

    const ledger = new BatchLedger(repos, repos.batch);
    const named = rows.flatMap((row) => (row.shopifyId === null ? [] : [row]));
    await preloadBatch(ledger, repos.batch, [
      {
        shop: batch.shop,
        hints: {
          orders: [],
          customers: named.map((row) => row.shopifyId!),
          ledgerKeys: named.map((row) => ledgerKeys.import(batch.fileHash, row.rowNumber)),
        },
      },
    ]);
    const outcomes: Array<{ rowNumber: number; outcome: RowOutcome; problem: string | null }> = [];
    for (const row of rows) {
      const outcome =
        row.shopifyId === null
          ? 'unknown_customer'
          : await ledger.attempt((state) => importRow(state, batch, row, program, now));
      outcomes.push({
        rowNumber: row.rowNumber,
        outcome,
        // the customer was redacted (customers/redact) between upload and import
        problem: outcome === 'unknown_customer' ? 'The customer was deleted before the import ran.' : null,
      });
    }
    await flushBatch(ledger, repos.batch, now);

    const imported = new Set(outcomes.filter((o) => o.outcome === 'imported').map((o) => o.rowNumber));
    await repos.importJob.applyTiers(
      batch.shop,
      named.flatMap((row) =>
        imported.has(row.rowNumber) && row.tier !== null
          ? [{ shopifyId: row.shopifyId!, tier: row.tier }]
          : [],
      ),
    );
    await repos.importJob.recordOutcomes(batch.id, outcomes);
    const done = rows.length < limit;
    await repos.importJob.advance(
      batch.id,
      { processed: rows.length, imported: imported.size, skipped: rows.length - imported.size },
      done,
      now,
    );
    return { batchId: batch.id, done };
  });
}

/** One row's `import` entry: a lot available at once (expiring per the program), like a manual credit. */
async function importRow(
  repos: FlowRepositories,
  batch: ImportBatchRecord,
  row: PendingImportRow,
  program: ProgramVersion,
  now: Date,
): Promise<RowOutcome> {
  const idempotencyKey = ledgerKeys.import(batch.fileHash, row.rowNumber);
  if (await repos.ledger.hasEntry(batch.shop, idempotencyKey)) return 'already_imported';
  const account = await openAccount(repos, { shop: batch.shop, shopifyId: row.shopifyId! }, now);
  const entry = {
    shop: batch.shop,
    kind: 'import' as const,
    points: row.points,
    idempotencyKey,
    occurredAt: now,
    programVersion: program.version,
  };
  if (row.points > 0) {
    await creditPoints(repos, account, entry, { availableAt: now, expiryMonths: program.expiryMonths, now });
  } else {
    // a zero balance still records that the customer came over (and their tier); a lot of nothing is not opened
    await repos.ledger.post({
      entry: { ...entry, customerId: account.customer.id },
      balance: account.balance,
      lots: [],
    });
  }
  return 'imported';
}
