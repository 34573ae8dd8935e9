import type { ImportBatchRecord } from '../db/repositories/import-repository.js';
import type { Repositories, Store } from '../db/store.js';
import { LoyaltyError } from '../loyalty/errors.js';

/** An import as the panel shows it: progress is processedRows / validRows. */
export interface ImportView {
  id: number;
  status: 'ready' | 'running' | 'done' | 'failed';
  fileName: string | null;
  fileHash: string;
  totalRows: number;
  validRows: number;
  processedRows: number;
  importedRows: number;
  skippedRows: number;
  problems: Array<{ row: number; message: string }>;
  createdAt: string;
  finishedAt: string | null;
}

const VIEW_PROBLEMS = 100;
const LISTED = 20;

export async function importView(repos: Repositories, batch: ImportBatchRecord): Promise<ImportView> {
  return {
    id: batch.id,
    status: batch.status as ImportView['status'],
    fileName: batch.fileName,
    fileHash: batch.fileHash,
    totalRows: batch.totalRows,
    validRows: batch.validRows,
    processedRows: batch.processedRows,
    importedRows: batch.importedRows,
    skippedRows: batch.skippedRows,
    // problems are rows refused at upload or skipped by the job: none of either, no need to look through the rows
    problems:
      batch.totalRows > batch.validRows || batch.skippedRows > 0
        ? await repos.imports.problems(batch.id, VIEW_PROBLEMS)
        : [],
    createdAt: batch.createdAt.toISOString(),
    finishedAt: batch.finishedAt?.toISOString() ?? null,
  };
}

/** GET /api/imports/:id; another shop's import is as unknown as one that does not exist. */
export async function showImport(store: Store, shop: string, id: number): Promise<ImportView> {
  return store.snapshot(async (repos) => {
    const batch = Number.isSafeInteger(id) ? await repos.imports.find(shop, id) : null;
    if (!batch) throw new LoyaltyError('import_not_found', `No import ${id} for this shop.`, 404);
    return importView(repos, batch);
  });
}

/** GET /api/imports: the newest 20. */
export async function listImports(store: Store, shop: string): Promise<ImportView[]> {
  return store.snapshot(async (repos) => {
    const batches = await repos.imports.list(shop, LISTED);
    const views: ImportView[] = [];
    for (const batch of batches) views.push(await importView(repos, batch));
    return views;
  });
}
