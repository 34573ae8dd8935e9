import type { ExpiredLots } from '../../loyalty/breakage.js';
import type { BuyerCounts, DaySums } from '../../loyalty/stats.js';
import { ISSUING_KINDS } from '../../loyalty/stats.js';
import { SqlParams } from '../set-based-sql.js';
import type { DbKind, Tx } from './index.js';

const SUMMED_KINDS = [...ISSUING_KINDS, 'adjust', 'redeem', 'redeem_refund', 'expire'];

type Range = { start: Date; end: Date };

/**
 * The dashboard's figures, added up by the database over indexed columns (LedgerEntry (shop, kind, occurredAt,
 * points), OrderAward (shop, occurredAt), EarningLot (shop, expiresAt, points, remaining), Redemption (shop,
 * orderId), Customer (shop, ...)); ledgers are never loaded into memory. Raw SQL where Prisma cannot group (by day, by buyer): written for both
 * databases, days bucketed alike (SQLite keeps DateTime as ISO text in UTC, `2026-03-01T12:34:56.789+00:00`;
 * PostgreSQL as timestamp(3) in UTC).
 */
export function createStatsRepository(tx: Tx, kind: DbKind) {
  // SQLite's text sorts and cuts like the date it holds; PostgreSQL's date type groups faster than to_char
  const day = (column: string) =>
    kind === 'sqlite' ? `substr(${column}, 1, 10)` : `CAST(${column} AS date)`;
  return {
    /** Sums per UTC day of the range (days without entries are left out); issued counts positive adjust entries. */
    async ledgerDays(shop: string, range: Range): Promise<DaySums[]> {
      const params = new SqlParams(kind);
      // grouped by day and kind only (folded below): a CASE per row and sum cost more than the rows returned
      const rows = await tx.$queryRawUnsafe<
        Array<{ day: unknown; kind: string; positive: unknown; points: unknown }>
      >(
        `SELECT ${day('"occurredAt"')} AS "day", "kind", "points" > 0 AS "positive", SUM("points") AS "points"
         FROM "LedgerEntry"
         WHERE "shop" = ${params.add(shop)} AND ${params.in('"kind"', SUMMED_KINDS, 'text')}
           AND "occurredAt" >= ${params.add(range.start)} AND "occurredAt" < ${params.add(range.end)}
         GROUP BY 1, 2, 3`,
        ...params.values,
      );
      const days = new Map<string, DaySums>();
      for (const row of rows) {
        const date = row.day instanceof Date ? row.day.toISOString().slice(0, 10) : String(row.day);
        const sums = days.get(date) ?? { day: date, issued: 0, redeem: 0, redeemRefund: 0, expire: 0 };
        const points = Number(row.points);
        const positive = row.positive === true || Number(row.positive) === 1;
        if ((ISSUING_KINDS as readonly string[]).includes(row.kind) || (row.kind === 'adjust' && positive))
          sums.issued += points;
        else if (row.kind === 'redeem') sums.redeem += points;
        else if (row.kind === 'redeem_refund') sums.redeemRefund += points;
        else if (row.kind === 'expire') sums.expire += points;
        days.set(date, sums);
      }
      return [...days.values()];
    },

    /**
     * Lots whose expiry date has passed (web/loyalty/breakage.ts says what counts): the shop's lots by their expiry,
     * less the lots refunded redemptions opened, and what `expire` entries took. The refund lots are found from
     * their `redeem_refund` entries, far fewer than lots (joining every lot to its entry cost twice as much);
     * CROSS JOIN makes SQLite start from the entries (its planner has no statistics), PostgreSQL plans it freely.
     */
    async expiredLots(shop: string, now: Date): Promise<ExpiredLots> {
      const params = new SqlParams(kind);
      const [row] = await tx.$queryRawUnsafe<
        Array<{ points: unknown; remaining: unknown; refunded: unknown; expired: unknown }>
      >(
        `SELECT "lots"."points", "lots"."remaining", "refunds"."refunded", "expiries"."expired"
         FROM (SELECT COALESCE(SUM("points"), 0) AS "points", COALESCE(SUM("remaining"), 0) AS "remaining"
               FROM "EarningLot" WHERE "shop" = ${params.add(shop)} AND "expiresAt" <= ${params.add(now)}) AS "lots",
              (SELECT COALESCE(SUM(l."points"), 0) AS "refunded"
               FROM "LedgerEntry" e CROSS JOIN "EarningLot" l
               WHERE e."shop" = ${params.add(shop)} AND e."kind" = 'redeem_refund'
                 AND l."entryId" = e."id" AND l."shop" = e."shop" AND l."expiresAt" <= ${params.add(now)}) AS "refunds",
              (SELECT COALESCE(SUM("points"), 0) AS "expired"
               FROM "LedgerEntry" WHERE "shop" = ${params.add(shop)} AND "kind" = 'expire') AS "expiries"`,
        ...params.values,
      );
      return {
        issued: Number(row?.points ?? 0) - Number(row?.refunded ?? 0),
        unspent: Number(row?.remaining ?? 0) - Number(row?.expired ?? 0),
      };
    },

    /**
     * Buyers of orders in the range that are not cancelled: customers (orders credited to them) and guests (by
     * the keyed hash of their e-mail; guest orders without one cannot be told apart and are left out).
     */
    async buyers(shop: string, range: Range): Promise<{ members: BuyerCounts; guests: BuyerCounts }> {
      const params = new SqlParams(kind);
      const rows = await tx.$queryRawUnsafe<Array<{ guest: unknown; buyers: unknown; repeat: unknown }>>(
        `SELECT "guest", COUNT(*) AS "buyers", SUM(CASE WHEN "orders" >= 2 THEN 1 ELSE 0 END) AS "repeat"
         FROM (
           SELECT CASE WHEN "customerId" IS NULL THEN 1 ELSE 0 END AS "guest", COUNT(*) AS "orders"
           FROM "OrderAward"
           WHERE "shop" = ${params.add(shop)}
             AND "occurredAt" >= ${params.add(range.start)} AND "occurredAt" < ${params.add(range.end)}
             AND NOT "cancelled"
             AND (("status" = 'earned' AND "customerId" IS NOT NULL)
               OR ("status" = 'skipped_guest' AND "buyerKey" IS NOT NULL))
           GROUP BY "customerId", "buyerKey"
         ) AS "perBuyer"
         GROUP BY "guest"`,
        ...params.values,
      );
      const counts = (guest: number): BuyerCounts => {
        const row = rows.find((candidate) => Number(candidate.guest) === guest);
        return { buyers: Number(row?.buyers ?? 0), repeat: Number(row?.repeat ?? 0) };
      };
      return { members: counts(0), guests: counts(1) };
    },

    /**
     * Orders in the range (not cancelled) that used one of our codes, and their totals in shop currency. A
     * redemption has an orderId only once an order used its code (`used` is final), so the (shop, orderId) index
     * alone lists those orders (DISTINCT: an order may use two codes). They are far fewer than orders, so SQLite
     * starts from them (CROSS JOIN fixes its join order; PostgreSQL plans freely): over a year of orders that took
     * a third of the time of looking up every order in the range.
     */
    async loyaltyOrders(shop: string, range: Range): Promise<{ orders: number; totalMicros: bigint }> {
      const params = new SqlParams(kind);
      const [row] = await tx.$queryRawUnsafe<Array<{ orders: unknown; total: unknown }>>(
        `SELECT COUNT(*) AS "orders", CAST(COALESCE(SUM(a."totalMicros"), 0) AS TEXT) AS "total"
         FROM (SELECT DISTINCT "orderId" FROM "Redemption"
               WHERE "shop" = ${params.add(shop)} AND "orderId" IS NOT NULL) AS r
         CROSS JOIN "OrderAward" a
         WHERE a."shop" = ${params.add(shop)} AND a."orderId" = r."orderId"
           AND a."occurredAt" >= ${params.add(range.start)} AND a."occurredAt" < ${params.add(range.end)}
           AND NOT a."cancelled"`,
        ...params.values,
      );
      return { orders: Number(row?.orders ?? 0), totalMicros: BigInt(String(row?.total ?? '0')) };
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
