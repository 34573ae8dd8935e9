import type { Tx } from './index.js';

export interface AdjustmentRecord {
  id: number;
  shop: string;
  customerId: number;
  points: number;
  reason: string;
  staffUserId: string | null;
  requestKey: string;
  requestHash: string;
  response: string | null;
  createdAt: Date;
}

export type NewAdjustment = Omit<AdjustmentRecord, 'id' | 'response' | 'createdAt'>;

export function createAdjustmentRepository(tx: Tx) {
  return {
    async byRequestKey(
      shop: string,
      customerId: number,
      requestKey: string,
    ): Promise<AdjustmentRecord | null> {
      return tx.adjustment.findUnique({
        where: { shop_customerId_requestKey: { shop, customerId, requestKey } },
      });
    },

    async create(adjustment: NewAdjustment, at: Date): Promise<AdjustmentRecord> {
      return tx.adjustment.create({ data: { ...adjustment, createdAt: at } });
    },

    /** The 201 body, stored in the same transaction so the same key answers it verbatim. */
    async saveResponse(id: number, response: string): Promise<void> {
      await tx.adjustment.update({ where: { id }, data: { response } });
    },
  };
}
