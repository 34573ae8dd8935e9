import type { Tx } from './index.js';

export interface DeliveryRecord {
  shop: string;
  dedupeKey: string;
  topic: string;
  webhookId: string;
  outcome: 'processed' | 'skipped' | 'deferred';
  detail?: string;
}

export function createDeliveryRepository(tx: Tx) {
  return {
    async seen(shop: string, dedupeKey: string): Promise<boolean> {
      const row = await tx.webhookDelivery.findUnique({
        where: { shop_dedupeKey: { shop, dedupeKey } },
        select: { id: true },
      });
      return row !== null;
    },

    async record(delivery: DeliveryRecord): Promise<void> {
      await tx.webhookDelivery.create({ data: { ...delivery, detail: delivery.detail ?? null } });
    },

    async count(shop: string): Promise<number> {
      return tx.webhookDelivery.count({ where: { shop } });
    },
  };
}
