import { randomUUID } from 'node:crypto';
import type { CheckedRow } from '../../loyalty/import-rows.js';
import type { DbKind, Tx } from './index.js';

export type ImportStatus = 'staging' | 'ready' | 'running' | 'done' | 'failed';
export type RowOutcome = 'imported' | 'already_imported' | 'unknown_customer' | 'invalid';

export interface ImportBatchRecord {
  id: number;
  shop: string;
  fileHash: string;
  fileName: string | null;
  status: ImportStatus;
  totalRows: number;
  validRows: number;
  processedRows: number;
  importedRows: number;
  skippedRows: number;
  createdAt: Date;
  finishedAt: Date | null;
}

const VISIBLE: ImportStatus[] = ['ready', 'running', 'done', 'failed'];

/**
 * Import batches and their staged rows (POST /api/imports, jobs/import-balances). A batch is `staging` while its
 * upload streams in (its hash is known only at the end), invisible to everything else.
 */
export function createImportRepository(tx: Tx, kind: DbKind) {
  const batch = (where: object) => tx.importBatch.findFirst({ where }) as Promise<ImportBatchRecord | null>;
  return {
    async createStaging(shop: string, fileName: string | null, staffUserId: string | null, now: Date) {
      const row = await tx.importBatch.create({
        data: {
          shop,
          fileName,
          staffUserId,
          fileHash: `staging:${randomUUID()}`,
          status: 'staging',
          totalRows: 0,
          validRows: 0,
          createdAt: now,
        },
        select: { id: true },
      });
      return row.id;
    },

    /**
     * Rows with a problem are staged as not importable (their outcome set), the others (outcome null) for the job.
     * The chunk travels as one JSON parameter: measured twice as fast as one parameter per value (a VALUES list on
     * SQLite, unnest on PostgreSQL), which matters while the upload's request timeout runs.
     */
    async stageRows(batchId: number, rows: ReadonlyArray<CheckedRow & { outcome: RowOutcome | null }>) {
      const json = JSON.stringify(
        rows.map((r) => [r.row, r.shopifyId, r.email, r.points, r.tier, r.outcome, r.problem]),
      );
      const columns = '"batchId", "rowNumber", "shopifyId", "email", "points", "tier", "outcome", "problem"';
      await (kind === 'sqlite'
        ? tx.$executeRawUnsafe(
            `INSERT INTO "ImportRow" (${columns}) SELECT ?, value->>0, value->>1, value->>2, value->>3, value->>4,
             value->>5, value->>6 FROM json_each(?)`,
            batchId,
            json,
          )
        : tx.$executeRawUnsafe(
            `INSERT INTO "ImportRow" (${columns}) SELECT $1, (e->>0)::integer, e->>1, e->>2, (e->>3)::integer, e->>4,
             e->>5, e->>6 FROM jsonb_array_elements($2::jsonb) AS e`,
            batchId,
            json,
          ));
    },

    /**
     * Every importable row naming a customer an earlier importable row of the file names already becomes a problem
     * `before<first row>after`; returns how many. Set-based, once the whole file is staged (e-mail rows carry their
     * customer's id by then): the customers named more than once, grouped over the (batchId, shopifyId) index and
     * materialized, joined back to their later rows. PostgreSQL first gets statistics for the rows just staged:
     * believing the table empty, it re-ran the grouping for every row (minutes for 100,000; 0.05 s with them).
     */
    async markDuplicates(batchId: number, problem: { before: string; after: string }): Promise<number> {
      if (kind === 'postgresql') await tx.$executeRawUnsafe('ANALYZE "ImportRow"');
      const p = (n: number) => (kind === 'sqlite' ? '?' : `CAST($${n} AS ${n === 1 ? 'INTEGER' : 'TEXT'})`);
      return tx.$executeRawUnsafe(
        `WITH d AS MATERIALIZED (
           SELECT "shopifyId", MIN("rowNumber") AS "first" FROM "ImportRow"
           WHERE "batchId" = ${p(1)} AND "outcome" IS NULL AND "shopifyId" IS NOT NULL
           GROUP BY "shopifyId" HAVING COUNT(*) > 1)
         UPDATE "ImportRow" SET "outcome" = 'invalid', "problem" = ${p(2)} || CAST(d."first" AS TEXT) || ${p(3)}
         FROM d
         WHERE "ImportRow"."batchId" = ${p(1)} AND "ImportRow"."shopifyId" = d."shopifyId"
           AND "ImportRow"."outcome" IS NULL AND "ImportRow"."rowNumber" > d."first"`,
        ...(kind === 'sqlite'
          ? [batchId, problem.before, problem.after, batchId]
          : [batchId, problem.before, problem.after]),
      );
    },

    /** The shop's customers with these (lower-cased) e-mails; redacted ones are no longer anybody's. */
    async customersByEmail(shop: string, emails: readonly string[]) {
      const found: Array<{ email: string; shopifyId: string }> = [];
      // in slices well inside SQLite's parameter limit
      for (let start = 0; start < emails.length; start += 500) {
        const rows = await tx.customer.findMany({
          where: { shop, email: { in: emails.slice(start, start + 500) }, redactedAt: null },
          select: { email: true, shopifyId: true },
        });
        for (const r of rows) found.push({ email: r.email ?? '', shopifyId: r.shopifyId });
      }
      return found;
    },

    /**
     * The upload is complete: the batch takes its file hash and becomes ready (done at once when nothing in it is
     * importable). The same file already imported for the shop: the staged copy is dropped and the earlier batch
     * returned (a failed one resumes). Two uploads of one file racing here: the unique (shop, fileHash) refuses the second, whose retry
     * then finds the first.
     */
    async finish(
      shop: string,
      batchId: number,
      file: { fileHash: string; totalRows: number; validRows: number },
      now: Date,
    ): Promise<{ batch: ImportBatchRecord; created: boolean }> {
      const existing = await batch({ shop, fileHash: file.fileHash });
      if (existing) {
        await this.discard(batchId);
        if (existing.status !== 'failed') return { batch: existing, created: false };
        // the same file again after a failure: the import resumes (its rows without an outcome), nothing twice
        const resumed = await tx.importBatch.update({
          where: { id: existing.id },
          data: { status: 'ready', finishedAt: null },
        });
        return { batch: resumed as ImportBatchRecord, created: false };
      }
      const empty = file.validRows === 0;
      const updated = await tx.importBatch.update({
        where: { id: batchId },
        data: { ...file, status: empty ? 'done' : 'ready', finishedAt: empty ? now : null },
      });
      return { batch: updated as ImportBatchRecord, created: true };
    },

    async discard(batchId: number): Promise<void> {
      await tx.importRow.deleteMany({ where: { batchId } });
      await tx.importBatch.deleteMany({ where: { id: batchId, status: 'staging' } });
    },

    /** Uploads that never finished (the process died mid-way): staged before `before`. */
    async abandonedStaging(before: Date): Promise<number[]> {
      const rows = await tx.importBatch.findMany({
        where: { status: 'staging', createdAt: { lt: before } },
        select: { id: true },
      });
      return rows.map((row) => row.id);
    },

    find: (shop: string, id: number) => batch({ id, shop, status: { in: VISIBLE } }),

    async list(shop: string, limit: number): Promise<ImportBatchRecord[]> {
      return (await tx.importBatch.findMany({
        where: { shop, status: { in: VISIBLE } },
        orderBy: { id: 'desc' },
        take: limit,
      })) as ImportBatchRecord[];
    },

    /** The first problems of a batch, by row number (the primary key's order). */
    async problems(batchId: number, limit: number): Promise<Array<{ row: number; message: string }>> {
      const rows = await tx.importRow.findMany({
        where: { batchId, problem: { not: null } },
        orderBy: { rowNumber: 'asc' },
        take: limit,
        select: { rowNumber: true, problem: true },
      });
      return rows.map((r) => ({ row: r.rowNumber, message: r.problem ?? '' }));
    },
  };
}
