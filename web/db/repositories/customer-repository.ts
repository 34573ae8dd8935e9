import { applyProfile, type ProfileChange } from '../../loyalty/customer-profile.js';
import type { Balance } from '../../loyalty/lots.js';
import type { Tx } from './index.js';
import { PROFILE_SELECT, profileColumns, storedProfileOf } from './profile-columns.js';

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
     * The name and e-mail a payload names, where they change what is stored (web/loyalty/customer-profile.ts).
     * Called on a customer the flow has locked, so the read and the write cannot be interleaved.
     */
    async saveProfile(id: number, change: ProfileChange): Promise<void> {
      const row = await tx.customer.findUnique({ where: { id }, select: PROFILE_SELECT });
      if (!row) return;
      const stored = storedProfileOf(row);
      const next = applyProfile(stored, change);
      if (next !== stored) await tx.customer.update({ where: { id }, data: profileColumns(next) });
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
