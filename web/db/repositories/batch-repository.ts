import { createBatchReads } from './batch-reads.js';
import { createBatchWrites } from './batch-writes.js';
import type { DbKind, Tx } from './index.js';

export type { ShopKeys, StoredReversal } from './batch-reads.js';
export type { ChangedCustomer } from './batch-writes.js';

/**
 * The batch processor's reads and writes: one statement per table for a whole batch of deliveries (see
 * web/db/batch/batch-ledger.ts). Everything returns and takes the same plain records the per-row repositories
 * use.
 */
export function createBatchRepository(tx: Tx, kind: DbKind) {
  return { ...createBatchReads(tx, kind), ...createBatchWrites(tx, kind) };
}

export type BatchRepository = ReturnType<typeof createBatchRepository>;
