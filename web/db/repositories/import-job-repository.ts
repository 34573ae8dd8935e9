import { updateRows } from '../set-based-sql.js';
import type { ImportBatchRecord, RowOutcome } from './import-repository.js';
import type { DbKind, Tx } from './index.js';

/** A staged row the job has still to import (outcome null). */
export interface PendingImportRow {
  rowNumber: number;
  shopifyId: string | null;
  points: number;
  tier: string | null;
}

/** What jobs/import-balances reads and writes: the next chunk of rows, their outcomes, the batch's counters. */
export function createImportJobRepository(tx: Tx, kind: DbKind) {
  return {
    /**
     * PostgreSQL: fresh planner statistics after an import added its rows in one go. Until autovacuum gets round to
     * it the planner believes the shop has a few dozen customers and entries, and plans every export page as a scan
     * and sort of all the rows after the cursor (measured: 200 ms a page instead of 2 ms). SQLite needs none.
     */
    async refreshStatistics(): Promise<void> {
      if (kind === 'postgresql')
        await tx.$executeRawUnsafe('ANALYZE "Customer", "LedgerEntry", "EarningLot"');
    },

    /** The oldest batch with rows to import, oldest first; `except`: batches to pass over. */
    next: (except: readonly number[] = []) =>
      tx.importBatch.findFirst({
        where: { status: { in: ['ready', 'running'] }, id: { notIn: [...except] } },
        orderBy: { id: 'asc' },
      }) as Promise<ImportBatchRecord | null>,

    async pendingRows(batchId: number, limit: number): Promise<PendingImportRow[]> {
      return tx.importRow.findMany({
        where: { batchId, outcome: null },
        orderBy: { rowNumber: 'asc' },
        take: limit,
        select: { rowNumber: true, shopifyId: true, points: true, tier: true },
      });
    },

    async recordOutcomes(
      batchId: number,
      outcomes: ReadonlyArray<{ rowNumber: number; outcome: RowOutcome; problem: string | null }>,
    ): Promise<void> {
      await updateRows(
        tx,
        kind,
        {
          table: 'ImportRow',
          keys: [
            ['batchId', 'int'],
            ['rowNumber', 'int'],
          ],
          columns: [
            ['outcome', 'text'],
            ['problem', 'text'],
          ],
        },
        outcomes.map((o) => [batchId, o.rowNumber, o.outcome, o.problem]),
      );
    },

    /** Counts a processed chunk; the batch is done once no row is left to import. */
    async advance(
      batchId: number,
      counts: { processed: number; imported: number; skipped: number },
      done: boolean,
      now: Date,
    ): Promise<void> {
      await tx.importBatch.update({
        where: { id: batchId },
        data: {
          processedRows: { increment: counts.processed },
          importedRows: { increment: counts.imported },
          skippedRows: { increment: counts.skipped },
          status: done ? 'done' : 'running',
          ...(done && { finishedAt: now }),
        },
      });
    },

    async markFailed(batchId: number, now: Date): Promise<void> {
      await tx.importBatch.update({ where: { id: batchId }, data: { status: 'failed', finishedAt: now } });
    },
    /**
     * The tiers the rows bring, after their `import` entries (whose balance write sets balanceSyncDue and the last
     * activity, web/db/batch); the tier is in the loyalty metafield too, hence the flag again.
     */
    async applyTiers(shop: string, rows: ReadonlyArray<{ shopifyId: string; tier: string }>): Promise<void> {
      await updateRows(
        tx,
        kind,
        {
          table: 'Customer',
          keys: [
            ['shop', 'text'],
            ['shopifyId', 'text'],
          ],
          columns: [['tier', 'text']],
          constants: { balanceSyncDue: true },
        },
        rows.map((r) => [shop, r.shopifyId, r.tier]),
      );
    },
  };
}
