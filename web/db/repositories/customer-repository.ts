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
        data: { available: balance.available, pending: balance.pending, balanceSyncDue: true },
      });
    },

    /**
     * The redemption guard: one conditional UPDATE that takes `points` only while at least that many are
     * available. Concurrent debits cannot both pass it (each re-checks the row it updates), so the balance never
     * goes below zero through redemption, whatever the interleaving. False when there were not enough.
     */
    async debitIfAvailable(id: number, points: number): Promise<boolean> {
      const { count } = await tx.customer.updateMany({
        where: { id, available: { gte: points } },
        data: { available: { decrement: points }, balanceSyncDue: true },
      });
      return count === 1;
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

    /**
     * Customers whose balance changed since it was last written to Shopify, by id after `afterId`, across shops.
     * The job walks on from where it stopped, so customers it cannot write (an uninstalled shop, a failing call)
     * never hold back the others.
     */
    async balanceSyncDue(limit: number, afterId = 0): Promise<CustomerRecord[]> {
      return tx.customer.findMany({
        where: { balanceSyncDue: true, redactedAt: null, id: { gt: afterId } },
        orderBy: { id: 'asc' },
        take: limit,
        select,
      });
    },

    /**
     * The balance as written to Shopify. Cleared only if it is still the balance that was written: a change in
     * between keeps the flag, and the next run writes the newer one.
     */
    async markBalanceSynced(written: CustomerRecord): Promise<void> {
      await tx.customer.updateMany({
        where: { id: written.id, available: written.available, pending: written.pending, tier: written.tier },
        data: { balanceSyncDue: false },
      });
    },
  };
}
