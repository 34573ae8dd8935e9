import { SqlParams } from '../set-based-sql.js';
import { shopKey } from '../shop-key.js';
import type { StoredProfile } from '../../loyalty/customer-profile.js';
import type { CustomerRecord } from './customer-repository.js';
import { PROFILE_SQL_COLUMNS, type ProfileRow, storedProfileOf } from './profile-columns.js';
import type { DbKind, Tx } from './index.js';
import type { StoredLot } from './ledger-repository.js';
import { type OrderAwardRecord, orderLockKey } from './order-repository.js';
import { type ProgramRow, toProgramVersion } from './shop-repository.js';
import type { ReturnVisitRecord } from './return-visit-repository.js';

/** A waiting reversal as stored, applied or not (a redelivered one must still be recognised once applied). */
export interface StoredReversal {
  id: number;
  shop: string;
  orderId: string;
  sourceKey: string;
  refundId: string | null;
  facts: string;
  occurredAt: Date;
  appliedAt: Date | null;
}

export type ShopKeys = ReadonlyMap<string, readonly string[]>; // shop -> order ids, customer ids or ledger keys

/** `("shop" = ? AND column IN (...)) OR ...` for every shop with values, or null when there are none. */
function byShop(params: SqlParams, keys: ShopKeys, column: string): string | null {
  const groups = [...keys]
    .filter(([, values]) => values.length)
    .map(
      ([shop, values]) => `("shop" = ${params.add(shop)} AND ${params.in(`"${column}"`, values, 'text')})`,
    );
  return groups.length ? groups.join(' OR ') : null;
}

/**
 * What a batch of deliveries reads: before its flows run (web/db/batch/preload-batch.ts), or when a flow first
 * needs something not preloaded (batch-ledger.ts). One statement per table for the whole batch; the rows come
 * back as the per-row repositories return them.
 */
export function createBatchReads(tx: Tx, kind: DbKind) {
  /** Raw rows of `table` matching the condition `where` builds (none when it builds none). */
  async function rowsWhere<R>(
    table: string,
    where: (params: SqlParams) => string | null,
    columns = '*',
  ): Promise<R[]> {
    const params = new SqlParams(kind);
    const condition = where(params);
    if (condition === null) return [];
    return tx.$queryRawUnsafe<R[]>(`SELECT ${columns} FROM "${table}" WHERE ${condition}`, ...params.values);
  }

  return {
    /** The per-order advisory locks of every order in the batch, in one sorted sweep (no lock-order deadlock). */
    async lockOrders(orders: ShopKeys): Promise<void> {
      if (kind !== 'postgresql') return; // SQLite has one writer
      const keys = [...orders].flatMap(([shop, ids]) => ids.map((id) => orderLockKey(shop, id))).sort();
      if (keys.length === 0) return;
      // unnest yields the (sorted) array in order; the volatile lock function runs row by row in that order
      await tx.$executeRawUnsafe(
        `SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS keys(k, n) ORDER BY n`,
        keys,
      );
    },

    async shops(domains: readonly string[]) {
      const select = <R>(table: string, column: string, order: string) => {
        const params = new SqlParams(kind);
        const sql = `SELECT * FROM "${table}" WHERE ${params.in(`"${column}"`, domains, 'text')} ORDER BY ${order}`;
        return tx.$queryRawUnsafe<R[]>(sql, ...params.values);
      };
      const shops = await select<{ domain: string; currency: string | null }>('Shop', 'domain', '"domain"');
      const programs = await select<ProgramRow & { shop: string }>('Program', 'shop', '"version"');
      return shops.map((shop) => ({
        domain: shop.domain,
        currency: shop.currency,
        versions: programs.filter((p) => p.shop === shop.domain).map(toProgramVersion),
      }));
    },

    async awards(orders: ShopKeys): Promise<OrderAwardRecord[]> {
      return rowsWhere<OrderAwardRecord>('OrderAward', (params) => byShop(params, orders, 'orderId'));
    },

    async reversals(orders: ShopKeys): Promise<StoredReversal[]> {
      return rowsWhere<StoredReversal>('PendingReversal', (params) => byShop(params, orders, 'orderId'));
    },

    /** Which of these idempotency keys are taken, as `shop\0key`. */
    async existingKeys(keys: ShopKeys): Promise<Set<string>> {
      const rows = await rowsWhere<{ shop: string; idempotencyKey: string }>(
        'LedgerEntry',
        (params) => byShop(params, keys, 'idempotencyKey'),
        '"shop", "idempotencyKey"',
      );
      return new Set(rows.map((row) => shopKey(row.shop, row.idempotencyKey)));
    },

    /**
     * These customers (by Shopify id) and those with the given internal ids, locked until the transaction ends
     * (PostgreSQL: FOR UPDATE, in id order). Customers seen for the first time are created by the flow that
     * opens their account, as in the per-row path (a redelivery for a redacted customer must not recreate one).
     * Each comes with its stored profile, which the flows' profile changes are decided against.
     */
    async lockCustomers(
      shopifyIds: ShopKeys,
      ids: readonly number[],
    ): Promise<Array<CustomerRecord & { profile: StoredProfile }>> {
      const params = new SqlParams(kind);
      const match = [
        ...[...shopifyIds]
          .filter(([, list]) => list.length)
          .map(
            ([shop, list]) => `("shop" = ${params.add(shop)} AND ${params.in('"shopifyId"', list, 'text')})`,
          ),
        ...(ids.length ? [params.in('"id"', ids, 'int')] : []),
      ];
      if (!match.length) return [];
      const rows = await tx.$queryRawUnsafe<Array<CustomerRecord & ProfileRow>>(
        `SELECT "id", "shop", "shopifyId", "available", "pending", "tier", ${PROFILE_SQL_COLUMNS} FROM "Customer"
         WHERE ${match.join(' OR ')} ORDER BY "id"${kind === 'postgresql' ? ' FOR UPDATE' : ''}`,
        ...params.values,
      );
      return rows.map((row) => ({
        id: Number(row.id),
        shop: row.shop,
        shopifyId: row.shopifyId,
        available: Number(row.available),
        pending: Number(row.pending),
        tier: row.tier,
        profile: storedProfileOf(row),
      }));
    },

    /** Open lots (pending, or matured with points left) of these customers. */
    async openLots(customerIds: readonly number[]): Promise<Array<StoredLot & { customerId: number }>> {
      const lots = await rowsWhere<StoredLot & { customerId: number }>(
        'EarningLot',
        (params) =>
          customerIds.length
            ? `${params.in('"customerId"', customerIds, 'int')} AND ("matured" = ${params.add(false)} OR "remaining" > 0)`
            : null,
        '"id", "customerId", "entryId", "remaining", "matured", "availableAt", "expiresAt"',
      );
      return lots.map((lot) => ({ ...lot, id: Number(lot.id), customerId: Number(lot.customerId) }));
    },

    /** The return-visit rows of these customers (by Shopify id). */
    async returnVisits(customers: ShopKeys): Promise<ReturnVisitRecord[]> {
      return rowsWhere<ReturnVisitRecord>(
        'ReturnVisit',
        (params) => byShop(params, customers, 'customerId'),
        '"shop", "customerId", "firstOrderId", "eligibleUntil", "tier", "status", "usedOrderId", "detail"',
      );
    },
  };
}
