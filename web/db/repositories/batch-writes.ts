import { type Column, insertRows, updateRows } from '../set-based-sql.js';
import { shopKey } from '../shop-key.js';
import type { StoredProfile } from '../../loyalty/customer-profile.js';
import type { StoredReversal } from './batch-reads.js';
import type { CustomerRecord } from './customer-repository.js';
import { saveProfiles } from './profile-columns.js';
import type { DbKind, Tx } from './index.js';
import type { NewEntry } from './ledger-repository.js';
import type { OrderAwardRecord } from './order-repository.js';
import type { ReturnVisitRecord } from './return-visit-repository.js';

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

/**
 * What a batch of deliveries writes once its flows ran (web/db/batch/flush-batch.ts): one statement per table for
 * the whole batch (set-based-sql.ts), taking the same plain records the per-row repositories take.
 */
export function createBatchWrites(tx: Tx, kind: DbKind) {
  return {
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
