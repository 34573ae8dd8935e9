import type { BalanceFacts, LedgerFacts } from '../../loyalty/export-rows.js';
import { SqlParams } from '../set-based-sql.js';
import type { DbKind, Tx } from './index.js';

type Raw<T> = { [K in keyof T]: unknown };

/**
 * The CSV exports' reads: keyset pages over indexed columns, so a page costs the same at row 100,000 as at row 1
 * and nothing but the page is ever in memory. Customers by their Shopify id (the unique (shop, shopifyId) index),
 * ledger entries by id (the (shop, id) index). One plain SQL statement per page: through Prisma's model API a page
 * cost about twice as much, in its per-row result mapping.
 */
export function createExportRepository(tx: Tx, kind: DbKind) {
  return {
    /**
     * Customers not redacted, after `afterShopifyId`. Pending points that have come due count as available, as in
     * every other read (the next write releases them).
     */
    async balances(shop: string, afterShopifyId: string | null, limit: number, now: Date) {
      // placeholders in the order they appear: SQLite's are positional
      const params = new SqlParams(kind);
      const due = `SELECT COALESCE(SUM(l."remaining"), 0) FROM "EarningLot" l WHERE l."customerId" = c."id"
        AND l."matured" = ${params.add(false)} AND l."availableAt" <= ${params.add(now)}`;
      const ofShop = `c."shop" = ${params.add(shop)}`;
      const after = afterShopifyId === null ? '' : ` AND c."shopifyId" > ${params.add(afterShopifyId)}`;
      const rows = await tx.$queryRawUnsafe<Array<Raw<BalanceFacts> & { due: unknown }>>(
        `SELECT c."shopifyId", c."email", c."displayName", c."available", c."pending", c."tier", c."lastActivityAt",
                (${due}) AS "due"
         FROM "Customer" c WHERE ${ofShop} AND c."redactedAt" IS NULL${after}
         ORDER BY c."shopifyId" LIMIT ${params.add(limit)}`,
        ...params.values,
      );
      return rows.map((row): BalanceFacts => {
        const released = Number(row.due);
        return {
          shopifyId: String(row.shopifyId),
          email: text(row.email),
          displayName: text(row.displayName),
          available: Number(row.available) + released,
          pending: Number(row.pending) - released,
          tier: text(row.tier),
          lastActivityAt: row.lastActivityAt === null ? null : new Date(row.lastActivityAt as string),
        };
      });
    },

    /** Ledger entries after `afterId`, oldest first, each with its customer's Shopify id. */
    async ledger(shop: string, afterId: number, limit: number): Promise<LedgerFacts[]> {
      const params = new SqlParams(kind);
      const rows = await tx.$queryRawUnsafe<Array<Raw<LedgerFacts>>>(
        `SELECT e."id", c."shopifyId", e."kind", e."points", e."occurredAt", e."orderId", e."refundId",
                e."redemptionId", e."adjustmentId", e."programVersion", e."idempotencyKey"
         FROM "LedgerEntry" e LEFT JOIN "Customer" c ON c."id" = e."customerId"
         WHERE e."shop" = ${params.add(shop)} AND e."id" > ${params.add(afterId)}
         ORDER BY e."id" LIMIT ${params.add(limit)}`,
        ...params.values,
      );
      return rows.map((row) => ({
        id: Number(row.id),
        shopifyId: text(row.shopifyId) ?? '',
        kind: String(row.kind),
        points: Number(row.points),
        occurredAt: new Date(row.occurredAt as string),
        orderId: text(row.orderId),
        refundId: text(row.refundId),
        redemptionId: text(row.redemptionId),
        adjustmentId: text(row.adjustmentId),
        programVersion: row.programVersion === null ? null : Number(row.programVersion),
        idempotencyKey: String(row.idempotencyKey),
      }));
    },
  };
}

const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);
