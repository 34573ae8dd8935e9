import type { RefundFacts } from '../../loyalty/eligible-amount.js';
import type { DbKind, Tx } from './index.js';

export interface OrderAwardRecord {
  shop: string;
  orderId: string;
  customerId: number | null;
  status: 'earned' | 'skipped_guest';
  eligibleMicros: bigint;
  earnedPoints: number;
  earnEntryId: number | null;
  reversedPoints: number;
  refundedMicros: bigint;
  taxesIncluded: boolean;
  includesShipping: boolean;
  cancelled: boolean;
  programVersion: number;
  occurredAt: Date;
  /** The order's total in shop money (micros). */
  totalMicros: bigint;
  /** Guest orders: the keyed hash of the order's e-mail (web/webhooks/buyer-key.ts); else null. */
  buyerKey: string | null;
}

/** A refund or cancellation that arrived before its order's orders/paid, waiting to be applied. */
export type PendingReversal =
  { id: number; kind: 'refund'; refund: RefundFacts } | { id: number; kind: 'cancel'; occurredAt: Date };

export function createOrderRepository(tx: Tx, kind: DbKind) {
  return {
    /**
     * Serializes every flow of one order (paid, refunds, cancel) across processes until the transaction ends, so a
     * refund can never slip between "no award yet" and the award being written. PostgreSQL: a transaction-scoped
     * advisory lock. SQLite has a single writer, which serializes them already.
     */
    async lock(shop: string, orderId: string): Promise<void> {
      if (kind !== 'postgresql') return;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${orderLockKey(shop, orderId)}, 0))`;
    },

    async findAward(shop: string, orderId: string): Promise<OrderAwardRecord | null> {
      const row = await tx.orderAward.findUnique({ where: { shop_orderId: { shop, orderId } } });
      return row ? { ...row, status: row.status as OrderAwardRecord['status'] } : null;
    },

    async createAward(award: OrderAwardRecord): Promise<void> {
      await tx.orderAward.create({ data: award });
    },

    async recordReversal(
      shop: string,
      orderId: string,
      change: { points: number; refundedMicros?: bigint; cancelled?: boolean },
    ): Promise<void> {
      await tx.orderAward.update({
        where: { shop_orderId: { shop, orderId } },
        data: {
          reversedPoints: { increment: change.points },
          ...(change.refundedMicros !== undefined && {
            refundedMicros: { increment: change.refundedMicros },
          }),
          ...(change.cancelled && { cancelled: true }),
        },
      });
    },

    /** Keeps a reversal for later; a redelivered one is kept once. */
    async deferReversal(shop: string, orderId: string, reversal: PendingReversalInput): Promise<void> {
      const row = reversalRow(reversal);
      const exists = await tx.pendingReversal.findUnique({
        where: { shop_orderId_sourceKey: { shop, orderId, sourceKey: row.sourceKey } },
        select: { id: true },
      });
      if (exists) return;
      await tx.pendingReversal.create({ data: { shop, orderId, ...row } });
    },

    /** Waiting reversals of an order in a fixed order (time, then source), so applying them is deterministic. */
    async pendingReversals(shop: string, orderId: string): Promise<PendingReversal[]> {
      const rows = await tx.pendingReversal.findMany({
        where: { shop, orderId, appliedAt: null },
        orderBy: [{ occurredAt: 'asc' }, { sourceKey: 'asc' }],
      });
      return rows.map(toPendingReversal);
    },

    async markReversalApplied(id: number, at: Date): Promise<void> {
      await tx.pendingReversal.update({ where: { id }, data: { appliedAt: at } });
    },
  };
}

export type PendingReversalInput =
  { kind: 'refund'; refund: RefundFacts } | { kind: 'cancel'; occurredAt: Date };

/** The advisory lock key that serializes one order's flows (see `lock`). */
export const orderLockKey = (shop: string, orderId: string) => `order:${shop}:${orderId}`;

/** How a waiting reversal is stored: one row per refund, one for the cancellation, keyed by source. */
export function reversalRow(reversal: PendingReversalInput) {
  const isRefund = reversal.kind === 'refund';
  return {
    sourceKey: isRefund ? `refund:${reversal.refund.refundId}` : 'cancel',
    refundId: isRefund ? reversal.refund.refundId : null,
    facts: isRefund ? serializeRefund(reversal.refund) : '{}',
    occurredAt: isRefund ? reversal.refund.occurredAt : reversal.occurredAt,
  };
}

export function toPendingReversal(row: {
  id: number;
  sourceKey: string;
  facts: string;
  occurredAt: Date;
}): PendingReversal {
  return row.sourceKey === 'cancel'
    ? { id: row.id, kind: 'cancel', occurredAt: row.occurredAt }
    : { id: row.id, kind: 'refund', refund: deserializeRefund(row.facts) };
}

function serializeRefund(refund: RefundFacts): string {
  return JSON.stringify(refund, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
}

function deserializeRefund(json: string): RefundFacts {
  const raw = JSON.parse(json, (_key, value: unknown) =>
    typeof value === 'string' && /^-?\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value,
  ) as Omit<RefundFacts, 'occurredAt'> & { occurredAt: string };
  return { ...raw, occurredAt: new Date(raw.occurredAt) };
}
