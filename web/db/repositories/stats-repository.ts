import type { LedgerSums } from '../../loyalty/stats.js';
import { ISSUING_KINDS } from '../../loyalty/stats.js';
import type { Tx } from './index.js';

const SUMMED_KINDS = [...ISSUING_KINDS, 'redeem', 'redeem_refund', 'expire'];

/**
 * The dashboard's sums, added up by the database over indexed columns (LedgerEntry (shop, kind, occurredAt),
 * Customer (shop, ...)); ledgers are never loaded into memory.
 */
export function createStatsRepository(tx: Tx) {
  return {
    async ledgerSums(shop: string, range: { start: Date; end: Date }): Promise<LedgerSums> {
      const occurredAt = { gte: range.start, lt: range.end };
      const byKind = await tx.ledgerEntry.groupBy({
        by: ['kind'],
        where: { shop, kind: { in: SUMMED_KINDS }, occurredAt },
        _sum: { points: true },
      });
      const positiveAdjust = await tx.ledgerEntry.aggregate({
        where: { shop, kind: 'adjust', points: { gt: 0 }, occurredAt },
        _sum: { points: true },
      });
      const sum = (kinds: readonly string[]) =>
        byKind
          .filter((row) => kinds.includes(row.kind))
          .reduce((total, row) => total + (row._sum.points ?? 0), 0);
      return {
        issued: sum(ISSUING_KINDS) + (positiveAdjust._sum.points ?? 0),
        redeem: sum(['redeem']),
        redeemRefund: sum(['redeem_refund']),
        expire: sum(['expire']),
      };
    },

    /** Customers of the shop that are not redacted. */
    async members(shop: string): Promise<number> {
      return tx.customer.count({ where: { shop, redactedAt: null } });
    },

    /** Points customers hold now, available and pending; redacted customers' points are still owed. */
    async outstanding(shop: string): Promise<number> {
      const { _sum } = await tx.customer.aggregate({
        where: { shop },
        _sum: { available: true, pending: true },
      });
      return (_sum.available ?? 0) + (_sum.pending ?? 0);
    },
  };
}
