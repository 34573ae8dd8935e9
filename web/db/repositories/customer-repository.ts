import type { Balance } from '../../loyalty/lots.js';
import type { Tx } from './index.js';

export interface CustomerRecord {
  id: number;
  shop: string;
  shopifyId: string;
  available: number;
  pending: number;
  tier: string | null;
}

const select = { id: true, shop: true, shopifyId: true, available: true, pending: true, tier: true } as const;

export function createCustomerRepository(tx: Tx) {
  return {
    async find(shop: string, shopifyId: string): Promise<CustomerRecord | null> {
      return tx.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId } }, select });
    },

    /**
     * Returns the customer, created on first contact, with its row locked until the transaction ends: an UPDATE
     * takes the row lock on PostgreSQL, so concurrent flows for one customer queue here instead of overwriting
     * each other's balance (SQLite serializes writers anyway).
     */
    async lock(shop: string, shopifyId: string): Promise<CustomerRecord> {
      return tx.customer.upsert({
        where: { shop_shopifyId: { shop, shopifyId } },
        create: { shop, shopifyId },
        update: { updatedAt: new Date() },
        select,
      });
    },

    async lockById(id: number): Promise<CustomerRecord> {
      return tx.customer.update({ where: { id }, data: { updatedAt: new Date() }, select });
    },

    async saveBalance(id: number, balance: Balance): Promise<void> {
      await tx.customer.update({
        where: { id },
        data: { available: balance.available, pending: balance.pending },
      });
    },

    /** Newest first, keyset-paginated by internal id; `query` matches the start of the Shopify customer id. */
    async list(
      shop: string,
      opts: { query?: string; cursor?: number; limit: number },
    ): Promise<CustomerRecord[]> {
      return tx.customer.findMany({
        where: {
          shop,
          redactedAt: null,
          ...(opts.query ? { shopifyId: { startsWith: opts.query } } : {}),
          ...(opts.cursor ? { id: { lt: opts.cursor } } : {}),
        },
        orderBy: { id: 'desc' },
        take: opts.limit,
        select,
      });
    },
  };
}
