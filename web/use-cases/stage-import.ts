import type { ImportBatchRecord, RowOutcome } from '../db/repositories/import-repository.js';
import type { Store } from '../db/store.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { type ImportColumns, mapImportColumns } from '../loyalty/import-columns.js';
import { type CheckedRow, checkImportRow, DUPLICATE, type ImportRecord } from '../loyalty/import-rows.js';

/** An uploaded balance file, streamed: records as they are parsed, the file's hash once they are all read. */
export interface ImportUpload {
  shop: string;
  staffUserId: string | null;
  fileName: string | null;
  records: AsyncIterable<ImportRecord>;
  fileHash(): string;
}

export interface DryRunReport {
  dryRun: true;
  fileHash: string;
  totalRows: number;
  validRows: number;
  problems: Array<{ row: number; message: string }>;
  problemCount: number;
}

type StagedRow = CheckedRow & { outcome: RowOutcome | null };

// rows per staging transaction: the upload must keep pace with the request timeout, and fewer, larger
// transactions measured about a third faster than 500-row ones
const CHUNK_ROWS = 2_000;
const DRY_RUN_PROBLEMS = 1_000;

/**
 * POST /api/imports?dryRun=true: every check the import makes (e-mails resolved, duplicates found), on a staged copy
 * that is dropped again; nothing reaches the ledger.
 */
export async function dryRunImport(
  store: Store,
  upload: ImportUpload,
  maxRows: number,
  now: Date,
): Promise<DryRunReport> {
  const staged = await stageUpload(store, upload, maxRows, now);
  try {
    const problems = await store.read((repos) => repos.imports.problems(staged.batchId, DRY_RUN_PROBLEMS));
    const { totalRows, validRows } = staged;
    const problemCount = totalRows - validRows;
    return { dryRun: true, fileHash: upload.fileHash(), totalRows, validRows, problems, problemCount };
  } finally {
    await discard(store, staged.batchId);
  }
}

/**
 * POST /api/imports: staged as the file streams in; then the batch is ready for the job, unless the shop imported
 * the same file before: that batch is answered instead and the copy dropped.
 */
export async function stageImport(
  store: Store,
  upload: ImportUpload,
  maxRows: number,
  now: Date,
): Promise<{ batch: ImportBatchRecord; created: boolean }> {
  const { batchId, ...totals } = await stageUpload(store, upload, maxRows, now);
  try {
    const file = { fileHash: upload.fileHash(), ...totals };
    return await store.transaction((repos) => repos.imports.finish(upload.shop, batchId, file, now));
  } catch (error) {
    await discard(store, batchId);
    throw error;
  }
}

/**
 * The rows are staged in chunks as the file streams in, under a batch invisible until the upload is complete, and
 * a second row for a customer is found in the database once all are in: memory stays flat whatever the file's
 * size (a set of the customers seen would grow with it). A failed upload leaves nothing behind.
 */
async function stageUpload(store: Store, upload: ImportUpload, maxRows: number, now: Date) {
  let batchId: number | null = null;
  try {
    const totals = await checkUpload(store, upload, maxRows, async (rows) => {
      // its own transaction, committed before any row: a retried chunk below never names a batch rolled back
      batchId ??= await store.transaction((repos) =>
        repos.imports.createStaging(upload.shop, upload.fileName, upload.staffUserId, now),
      );
      const id = batchId;
      await store.transaction((repos) => repos.imports.stageRows(id, rows));
    });
    const id = batchId!; // checkUpload refuses a file without rows
    const duplicates = await store.transaction((repos) => repos.imports.markDuplicates(id, DUPLICATE));
    return { batchId: id, totalRows: totals.totalRows, validRows: totals.validRows - duplicates };
  } catch (error) {
    const staged = batchId as number | null; // assigned in the callback above
    if (staged !== null) await discard(store, staged);
    throw error;
  }
}

// if even this fails, the job drops the abandoned rows later
const discard = (store: Store, batchId: number) =>
  store.transaction((repos) => repos.imports.discard(batchId)).catch(() => undefined);

/**
 * Checks the file row by row in chunks: header, then each row's fields, then (per chunk, one query) the e-mails
 * against the shop's customers. Each checked chunk goes to `sink`, in file order.
 */
async function checkUpload(
  store: Store,
  upload: ImportUpload,
  maxRows: number,
  sink: (rows: StagedRow[]) => Promise<void>,
): Promise<{ totalRows: number; validRows: number }> {
  let columns: ImportColumns | null = null;
  let totalRows = 0;
  let validRows = 0;
  let chunk: CheckedRow[] = [];
  const flush = async () => {
    const staged = await resolveCustomers(store, upload.shop, chunk);
    validRows += staged.filter((row) => row.outcome === null).length;
    chunk = [];
    if (staged.length) await sink(staged);
  };
  for await (const record of upload.records) {
    if (columns === null) {
      columns = mapImportColumns(record.cells);
      continue;
    }
    if (++totalRows > maxRows)
      throw invalid(
        `The file has more than ${maxRows.toLocaleString('en-US')} rows; split it into several files.`,
      );
    chunk.push(checkImportRow(record.line, record.cells, columns));
    if (chunk.length === CHUNK_ROWS) await flush();
  }
  if (columns === null) throw invalid('The file is empty: it needs a header row and one row per customer.');
  if (totalRows === 0) throw invalid('The file has a header row but no rows to import.');
  await flush();
  return { totalRows, validRows };
}

/** E-mail rows get their customer's Shopify id; unknown or ambiguous e-mails are problems. */
async function resolveCustomers(store: Store, shop: string, rows: CheckedRow[]): Promise<StagedRow[]> {
  const emails = [
    ...new Set(rows.flatMap((r) => (r.problem === null && r.shopifyId === null && r.email) || [])),
  ];
  const found = emails.length
    ? await store.read((repos) => repos.imports.customersByEmail(shop, emails))
    : [];
  const owners = new Map<string, string[]>();
  for (const { email, shopifyId } of found) owners.set(email, [...(owners.get(email) ?? []), shopifyId]);

  return rows.map((row): StagedRow => {
    if (row.problem !== null) return { ...row, outcome: 'invalid' };
    if (row.shopifyId === null && row.email !== null) {
      const ids = owners.get(row.email) ?? [];
      if (ids.length === 0)
        return {
          ...row,
          outcome: 'unknown_customer',
          problem: 'No customer of the shop has this e-mail; use the customer id instead.',
        };
      if (ids.length > 1)
        return {
          ...row,
          outcome: 'invalid',
          problem: 'Several customers have this e-mail; use the customer id instead.',
        };
      return { ...row, shopifyId: ids[0]!, outcome: null };
    }
    return { ...row, outcome: null };
  });
}

const invalid = (message: string) => new LoyaltyError('invalid_import', message, 422);
