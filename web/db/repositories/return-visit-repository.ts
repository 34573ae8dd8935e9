import type { Tx } from './index.js';

export type ReturnVisitStatus = 'grant_due' | 'granted' | 'revoke_due' | 'revoked' | 'skipped' | 'expired';

export interface ReturnVisitRecord {
  shop: string;
  customerId: string; // Shopify customer id
  firstOrderId: string;
  eligibleUntil: string; // YYYY-MM-DD
  tier: string | null;
  status: ReturnVisitStatus;
  usedOrderId: string | null;
  detail: string | null;
}

const select = {
  shop: true,
  customerId: true,
  firstOrderId: true,
  eligibleUntil: true,
  tier: true,
  status: true,
  usedOrderId: true,
  detail: true,
} as const;

export function createReturnVisitRepository(tx: Tx) {
  const one = (row: unknown) => row as ReturnVisitRecord;
  return {
    async find(shop: string, customerId: string): Promise<ReturnVisitRecord | null> {
      const row = await tx.returnVisit.findUnique({
        where: { shop_customerId: { shop, customerId } },
        select,
      });
      return row ? one(row) : null;
    },

    async save(record: ReturnVisitRecord): Promise<void> {
      const { shop, customerId, ...rest } = record;
      await tx.returnVisit.upsert({
        where: { shop_customerId: { shop, customerId } },
        create: record,
        update: rest,
      });
    },

    /** Rows in `status`, oldest change first, across shops (the sync job). */
    async inStatus(status: ReturnVisitStatus, limit: number): Promise<ReturnVisitRecord[]> {
      const rows = await tx.returnVisit.findMany({
        where: { status },
        orderBy: { updatedAt: 'asc' },
        take: limit,
        select,
      });
      return rows.map(one);
    },

    /** Granted rows whose last valid day is before `day` (YYYY-MM-DD sorts as text), for removal. */
    async grantedEndedBefore(day: string, limit: number): Promise<ReturnVisitRecord[]> {
      const rows = await tx.returnVisit.findMany({
        where: { status: 'granted', eligibleUntil: { lt: day } },
        orderBy: { updatedAt: 'asc' },
        take: limit,
        select,
      });
      return rows.map(one);
    },

    /** Moves a row on only if it is still in `from` (an order using the discount may have come in meanwhile). */
    async transition(
      shop: string,
      customerId: string,
      from: ReturnVisitStatus,
      to: ReturnVisitStatus,
      detail: string | null = null,
    ): Promise<boolean> {
      const { count } = await tx.returnVisit.updateMany({
        where: { shop, customerId, status: from },
        data: { status: to, detail },
      });
      return count === 1;
    },

    /**
     * Records why the rows' last step failed, in one statement; their status stays, and their queue position moves
     * to the back.
     */
    async noteFailures(rows: readonly ReturnVisitRecord[], detail: string): Promise<void> {
      if (rows.length === 0) return;
      await tx.returnVisit.updateMany({
        where: {
          OR: rows.map((row) => ({ shop: row.shop, customerId: row.customerId, status: row.status })),
        },
        data: { detail: detail.slice(0, 500) },
      });
    },
  };
}
