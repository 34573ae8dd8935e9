import type { Tx } from './index.js';

export interface IncomingDelivery {
  shop: string;
  dedupeKey: string;
  topic: string;
  webhookId: string;
  payload: string;
}

export interface PendingDelivery extends IncomingDelivery {
  id: number;
  attempts: number;
}

export type DeliveryOutcome = 'processed' | 'skipped' | 'deferred';
export type DeliveryStatus = 'pending' | DeliveryOutcome | 'failed';

export function createDeliveryRepository(tx: Tx) {
  return {
    /** The oldest pending deliveries, leaving out `skip` (those that just failed and wait for their retry). */
    async pending(limit: number, skip: readonly number[] = []): Promise<PendingDelivery[]> {
      const rows = await tx.webhookDelivery.findMany({
        where: { status: 'pending', ...(skip.length && { id: { notIn: [...skip] } }) },
        orderBy: { id: 'asc' },
        take: limit,
        select: {
          id: true,
          shop: true,
          dedupeKey: true,
          topic: true,
          webhookId: true,
          payload: true,
          attempts: true,
        },
      });
      return rows.map((row) => ({ ...row, payload: row.payload ?? 'null' }));
    },

    /**
     * Takes a pending delivery for this transaction. On PostgreSQL the UPDATE locks the row, so a second process
     * waits and then finds it no longer pending; returns false when someone else processed it.
     */
    async claim(id: number): Promise<boolean> {
      const { count } = await tx.webhookDelivery.updateMany({
        where: { id, status: 'pending' },
        data: { attempts: { increment: 1 } },
      });
      return count === 1;
    },

    /**
     * Records the outcome and drops the payload: nothing personal is kept longer than needed. updateMany, because
     * a flow may have deleted its own row (shop/redact deletes every delivery of the shop).
     */
    async complete(id: number, outcome: DeliveryOutcome, detail: string, at: Date): Promise<void> {
      await tx.webhookDelivery.updateMany({
        where: { id },
        data: { status: outcome, detail, processedAt: at, payload: null },
      });
    },

    /**
     * A failed attempt; after `maxAttempts` the delivery is parked as failed (kept, with its payload). Only while
     * still pending: another process may have processed it meanwhile, and that outcome stands.
     */
    async recordFailure(id: number, error: string, maxAttempts: number): Promise<void> {
      await tx.webhookDelivery.updateMany({
        where: { id, status: 'pending' },
        data: { attempts: { increment: 1 }, detail: error.slice(0, 1000) },
      });
      await tx.webhookDelivery.updateMany({
        where: { id, status: 'pending', attempts: { gte: maxAttempts } },
        data: { status: 'failed' },
      });
    },

    /** The newest pending delivery's id, or null when nothing is pending. */
    async lastPendingId(): Promise<number | null> {
      const row = await tx.webhookDelivery.findFirst({
        where: { status: 'pending' },
        orderBy: { id: 'desc' },
        select: { id: true },
      });
      return row?.id ?? null;
    },

    async status(
      shop: string,
      dedupeKey: string,
    ): Promise<{ status: DeliveryStatus; detail: string | null } | null> {
      const row = await tx.webhookDelivery.findUnique({
        where: { shop_dedupeKey: { shop, dedupeKey } },
        select: { status: true, detail: true },
      });
      return row && { status: row.status as DeliveryStatus, detail: row.detail };
    },

    async count(shop: string): Promise<number> {
      return tx.webhookDelivery.count({ where: { shop } });
    },
  };
}

export const deliveryKey = (shop: string, dedupeKey: string) => `${shop}\u0000${dedupeKey}`;
