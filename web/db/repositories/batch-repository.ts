import { type Column, insertRows, SqlParams, updateRows } from '../set-based-sql.js';
import { shopKey } from '../shop-key.js';
import type { StoredProfile } from '../../loyalty/customer-profile.js';
import type { CustomerRecord } from './customer-repository.js';
import { PROFILE_SQL_COLUMNS, type ProfileRow, saveProfiles, storedProfileOf } from './profile-columns.js';
import type { DbKind, Tx } from './index.js';
import type { NewEntry, StoredLot } from './ledger-repository.js';
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

const ENTRY_COLUMNS: Column[] = [
  ['shop', 'text'],
  ['customerId', 'int'],
  ['kind', 'text'],
  ['points', 'int'],
  ['orderId', 'text'],
  ['refundId', 'text'],
  ['redemptionId', 'text'],
  ['adjustmentId', 'text'],
  ['idempotencyKey', 'text'],
  ['programVersion', 'int'],
  ['occurredAt', 'timestamp'],
  ['createdAt', 'timestamp'],
];
const LOT_COLUMNS: Column[] = [
  ['shop', 'text'],
  ['customerId', 'int'],
  ['entryId', 'int'],
  ['points', 'int'],
  ['remaining', 'int'],
  ['availableAt', 'timestamp'],
  ['matured', 'bool'],
  ['expiresAt', 'timestamp'],
];
const AWARD_COLUMNS: Column[] = [
  ['shop', 'text'],
  ['orderId', 'text'],
  ['customerId', 'int'],
  ['status', 'text'],
  ['eligibleMicros', 'bigint'],
  ['earnedPoints', 'int'],
  ['earnEntryId', 'int'],
  ['reversedPoints', 'int'],
  ['refundedMicros', 'bigint'],
  ['taxesIncluded', 'bool'],
  ['includesShipping', 'bool'],
  ['cancelled', 'bool'],
  ['programVersion', 'int'],
  ['occurredAt', 'timestamp'],
  ['createdAt', 'timestamp'],
  ['totalMicros', 'bigint'],
  ['buyerKey', 'text'],
];
const CUSTOMER_COLUMNS: Column[] = [
  ['shop', 'text'],
  ['shopifyId', 'text'],
  ['available', 'int'],
  ['pending', 'int'],
  ['lastActivityAt', 'timestamp'],
  ['createdAt', 'timestamp'],
  ['updatedAt', 'timestamp'],
];

const RETURN_VISIT_COLUMNS: Column[] = [
  ['shop', 'text'],
  ['customerId', 'text'],
  ['firstOrderId', 'text'],
  ['eligibleUntil', 'text'],
  ['tier', 'text'],
  ['status', 'text'],
  ['usedOrderId', 'text'],
  ['detail', 'text'],
  ['updatedAt', 'timestamp'],
];

/** A customer whose balance a batch changed, with the newest time of its new entries (null: none). */
export type ChangedCustomer = CustomerRecord & { lastActivityAt: Date | null };

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
 * The batch processor's reads and writes: one statement per table for a whole batch of deliveries (see
 * web/db/batch/batch-ledger.ts). Everything returns and takes the same plain records the per-row repositories
 * use.
 */
export function createBatchRepository(tx: Tx, kind: DbKind) {
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

    /** Creates customers (first contact) with their balances; returns their ids by `shop\0shopifyId`. */
    async insertCustomers(customers: readonly ChangedCustomer[], now: Date): Promise<Map<string, number>> {
      const rows = await insertRows<{ id: number | bigint; shop: string; shopifyId: string }>(
        tx,
        kind,
        {
          table: 'Customer',
          columns: CUSTOMER_COLUMNS,
          returning: ['id', 'shop', 'shopifyId'],
        },
        customers.map((c) => [c.shop, c.shopifyId, c.available, c.pending, c.lastActivityAt, now, now]),
      );
      return new Map(rows.map((row) => [shopKey(row.shop, row.shopifyId), Number(row.id)]));
    },

    /** Appends entries; returns their ids by `shop\0idempotencyKey`. */
    async insertEntries(entries: readonly NewEntry[], now: Date): Promise<Map<string, number>> {
      const rows = await insertRows<{ id: number | bigint; shop: string; idempotencyKey: string }>(
        tx,
        kind,
        { table: 'LedgerEntry', columns: ENTRY_COLUMNS, returning: ['id', 'shop', 'idempotencyKey'] },
        entries.map((e) => [
          e.shop,
          e.customerId,
          e.kind,
          e.points,
          e.orderId ?? null,
          e.refundId ?? null,
          e.redemptionId ?? null,
          e.adjustmentId ?? null,
          e.idempotencyKey,
          e.programVersion ?? null,
          e.occurredAt,
          now,
        ]),
      );
      return new Map(rows.map((row) => [shopKey(row.shop, row.idempotencyKey), Number(row.id)]));
    },

    async insertLots(
      lots: ReadonlyArray<{
        shop: string;
        customerId: number;
        entryId: number;
        points: number;
        remaining: number;
        matured: boolean;
        availableAt: Date;
        expiresAt: Date | null;
      }>,
    ): Promise<void> {
      await insertRows(
        tx,
        kind,
        { table: 'EarningLot', columns: LOT_COLUMNS },
        lots.map((l) => [
          l.shop,
          l.customerId,
          l.entryId,
          l.points,
          l.remaining,
          l.availableAt,
          l.matured,
          l.expiresAt,
        ]),
      );
    },

    async updateLots(lots: ReadonlyArray<{ id: number; remaining: number; matured: boolean }>) {
      await updateRows(
        tx,
        kind,
        {
          table: 'EarningLot',
          keys: [['id', 'int']],
          columns: [
            ['remaining', 'int'],
            ['matured', 'bool'],
          ],
        },
        lots.map((lot) => [lot.id, lot.remaining, lot.matured]),
      );
    },

    /** Balances, and lastActivityAt moved forward to the newest new entry (never back: entries come in any order). */
    async updateBalances(customers: ReadonlyArray<ChangedCustomer>, now: Date): Promise<void> {
      const newer = `v."lastActivityAt" IS NOT NULL AND ("Customer"."lastActivityAt" IS NULL OR v."lastActivityAt" > "Customer"."lastActivityAt")`;
      await updateRows(
        tx,
        kind,
        {
          table: 'Customer',
          keys: [['id', 'int']],
          columns: [
            ['available', 'int'],
            ['pending', 'int'],
            ['lastActivityAt', 'timestamp'],
          ],
          constants: { updatedAt: now, balanceSyncDue: true },
          assign: {
            lastActivityAt: `CASE WHEN ${newer} THEN v."lastActivityAt" ELSE "Customer"."lastActivityAt" END`,
          },
        },
        customers.map((c) => [c.id, c.available, c.pending, c.lastActivityAt]),
      );
    },

    async insertAwards(awards: readonly OrderAwardRecord[], now: Date): Promise<void> {
      await insertRows(
        tx,
        kind,
        { table: 'OrderAward', columns: AWARD_COLUMNS },
        awards.map((a) => [
          a.shop,
          a.orderId,
          a.customerId,
          a.status,
          a.eligibleMicros,
          a.earnedPoints,
          a.earnEntryId,
          a.reversedPoints,
          a.refundedMicros,
          a.taxesIncluded,
          a.includesShipping,
          a.cancelled,
          a.programVersion,
          a.occurredAt,
          now,
          a.totalMicros,
          a.buyerKey,
        ]),
      );
    },

    async updateAwards(awards: readonly OrderAwardRecord[]): Promise<void> {
      await updateRows(
        tx,
        kind,
        {
          table: 'OrderAward',
          keys: [
            ['shop', 'text'],
            ['orderId', 'text'],
          ],
          columns: [
            ['reversedPoints', 'int'],
            ['refundedMicros', 'bigint'],
            ['cancelled', 'bool'],
          ],
        },
        awards.map((a) => [a.shop, a.orderId, a.reversedPoints, a.refundedMicros, a.cancelled]),
      );
    },

    async insertReversals(rows: ReadonlyArray<Omit<StoredReversal, 'id'>>): Promise<void> {
      if (rows.length) await tx.pendingReversal.createMany({ data: [...rows] });
    },

    async markReversalsApplied(ids: readonly number[], at: Date): Promise<void> {
      if (ids.length)
        await tx.pendingReversal.updateMany({ where: { id: { in: [...ids] } }, data: { appliedAt: at } });
    },

    async setCurrency(domain: string, currency: string): Promise<void> {
      await tx.shop.update({ where: { domain }, data: { currency } });
    },

    async transitionRedemption(
      id: number,
      change: { from: string; to: string; at: Date; orderId?: string },
    ): Promise<boolean> {
      const { count } = await tx.redemption.updateMany({
        where: { id, status: change.from },
        data: {
          status: change.to,
          closedAt: change.at,
          ...(change.orderId !== undefined && { orderId: change.orderId }),
        },
      });
      return count === 1;
    },

    /** The return-visit rows of these customers (by Shopify id). */
    async returnVisits(customers: ShopKeys): Promise<ReturnVisitRecord[]> {
      return rowsWhere<ReturnVisitRecord>(
        'ReturnVisit',
        (params) => byShop(params, customers, 'customerId'),
        '"shop", "customerId", "firstOrderId", "eligibleUntil", "tier", "status", "usedOrderId", "detail"',
      );
    },

    /** Profiles the batch's flows changed (profile-columns.ts). */
    saveProfiles: (profiles: ReadonlyArray<{ id: number; profile: StoredProfile }>) =>
      saveProfiles(tx, kind, profiles),

    /**
     * The return-visit rows the flows saved (created at a customer's first order, moved on when an order used the
     * discount), one statement for the batch: at a shop's launch nearly every order is a first one.
     */
    async saveReturnVisits(records: readonly ReturnVisitRecord[], now: Date): Promise<void> {
      await insertRows(
        tx,
        kind,
        { table: 'ReturnVisit', columns: RETURN_VISIT_COLUMNS, upsertOn: ['shop', 'customerId'] },
        records.map((r) => [
          r.shop,
          r.customerId,
          r.firstOrderId,
          r.eligibleUntil,
          r.tier,
          r.status,
          r.usedOrderId,
          r.detail,
          now,
        ]),
      );
    },
  };
}

export type BatchRepository = ReturnType<typeof createBatchRepository>;
