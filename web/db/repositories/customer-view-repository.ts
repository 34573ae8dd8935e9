import { type CustomerSearch, LIKE_ESCAPE } from '../../loyalty/customer-search.js';
import { SqlParams } from '../set-based-sql.js';
import type { DbKind, Tx } from './index.js';
import type { EntryKind } from './ledger-repository.js';

/** A customer as the panel lists and shows it. */
export interface CustomerView {
  id: number;
  shopifyId: string;
  available: number;
  pending: number;
  tier: string | null;
  displayName: string | null;
  email: string | null;
  lastActivityAt: Date | null;
}

/** A ledger entry with the customer's balance right after it. */
export interface HistoryEntry {
  id: number;
  kind: EntryKind;
  points: number;
  balanceAfter: number;
  occurredAt: Date;
  createdAt: Date;
  orderId: string | null;
  refundId: string | null;
  redemptionId: string | null;
  adjustmentId: string | null;
  programVersion: number | null;
  /** The adjustment's reason, for `adjust` entries. */
  reason: string | null;
}

const COLUMNS = `"id", "shopifyId", "available", "pending", "tier", "displayName", "email", "lastActivityAt"`;
const LIKE = `ESCAPE '${LIKE_ESCAPE}'`;

/**
 * The panel's customer reads, in plain SQL that runs the same on SQLite and PostgreSQL. Name and e-mail
 * patterns (web/loyalty/customer-search.ts) are lower case and escaped, and compared with columns the app
 * lower-cased itself (`searchName`, `email`), so neither database's own case folding plays a part.
 */
export function createCustomerViewRepository(tx: Tx, kind: DbKind) {
  return {
    /** Newest first (by internal id, keyset-paginated); redacted customers are never listed. */
    async list(
      shop: string,
      opts: { search: CustomerSearch; cursor?: number; limit: number },
    ): Promise<CustomerView[]> {
      const params = new SqlParams(kind);
      const where = [`"shop" = ${params.add(shop)}`, `"redactedAt" IS NULL`];
      if (opts.cursor !== undefined) where.push(`"id" < ${params.add(opts.cursor)}`);
      const { search } = opts;
      if (search.kind === 'id') where.push(`"shopifyId" LIKE ${params.add(search.pattern)}`);
      if (search.kind === 'email') where.push(`"email" LIKE ${params.add(search.pattern)} ${LIKE}`);
      if (search.kind === 'text') {
        const name = `"searchName" LIKE ${params.add(search.pattern)} ${LIKE}`;
        where.push(`(${name} OR "email" LIKE ${params.add(search.pattern)} ${LIKE})`);
      }
      const rows = await tx.$queryRawUnsafe<RawCustomer[]>(
        `SELECT ${COLUMNS} FROM "Customer" WHERE ${where.join(' AND ')} ORDER BY "id" DESC LIMIT ${params.add(opts.limit)}`,
        ...params.values,
      );
      return rows.map(toView);
    },

    async find(shop: string, shopifyId: string): Promise<CustomerView | null> {
      const row = await tx.customer.findUnique({
        where: { shop_shopifyId: { shop, shopifyId }, redactedAt: null },
        select: {
          id: true,
          shopifyId: true,
          available: true,
          pending: true,
          tier: true,
          displayName: true,
          email: true,
          lastActivityAt: true,
        },
      });
      return row;
    },

    /**
     * Entries newest first, `limit` of them below the cursor (an entry id). `balanceAfter` is the running sum of
     * the customer's points in id order; leaving out the entries above the cursor changes no sum below it.
     */
    async history(customerId: number, opts: { cursor?: number; limit: number }): Promise<HistoryEntry[]> {
      // placeholders in the order they appear: SQLite's are positional
      const params = new SqlParams(kind);
      const customer = params.add(customerId);
      const below = opts.cursor === undefined ? '' : ` AND "id" < ${params.add(opts.cursor)}`;
      const rows = await tx.$queryRawUnsafe<RawEntry[]>(
        `SELECT * FROM (
           SELECT "id", "kind", "points", "occurredAt", "createdAt", "orderId", "refundId", "redemptionId",
                  "adjustmentId", "programVersion",
                  SUM("points") OVER (ORDER BY "id" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "balanceAfter"
           FROM "LedgerEntry" WHERE "customerId" = ${customer}${below}
         ) AS "running" ORDER BY "id" DESC LIMIT ${params.add(opts.limit)}`,
        ...params.values,
      );
      const adjustmentIds = rows.flatMap((row) =>
        row.adjustmentId === null ? [] : [Number(row.adjustmentId)],
      );
      const reasons = new Map(
        adjustmentIds.length
          ? (
              await tx.adjustment.findMany({
                where: { id: { in: adjustmentIds.filter(Number.isSafeInteger) }, customerId },
                select: { id: true, reason: true },
              })
            ).map((a) => [String(a.id), a.reason])
          : [],
      );
      return rows.map((row) => ({
        id: Number(row.id),
        kind: row.kind as EntryKind,
        points: Number(row.points),
        balanceAfter: Number(row.balanceAfter),
        occurredAt: new Date(row.occurredAt),
        createdAt: new Date(row.createdAt),
        orderId: row.orderId,
        refundId: row.refundId,
        redemptionId: row.redemptionId,
        adjustmentId: row.adjustmentId,
        programVersion: row.programVersion === null ? null : Number(row.programVersion),
        reason: (row.kind === 'adjust' && row.adjustmentId !== null && reasons.get(row.adjustmentId)) || null,
      }));
    },
  };
}

// Raw rows: integers may come back as bigint (SQLite, PostgreSQL's SUM), times as Date or text.
type Int = number | bigint;
type RawCustomer = Omit<CustomerView, 'id' | 'available' | 'pending' | 'lastActivityAt'> & {
  id: Int;
  available: Int;
  pending: Int;
  lastActivityAt: Date | string | null;
};
type RawEntry = Omit<
  HistoryEntry,
  'id' | 'points' | 'balanceAfter' | 'programVersion' | 'reason' | 'occurredAt' | 'createdAt'
> & {
  id: Int;
  points: Int;
  balanceAfter: Int;
  programVersion: Int | null;
  occurredAt: Date | string;
  createdAt: Date | string;
};

function toView(row: RawCustomer): CustomerView {
  return {
    ...row,
    id: Number(row.id),
    available: Number(row.available),
    pending: Number(row.pending),
    lastActivityAt: row.lastActivityAt === null ? null : new Date(row.lastActivityAt),
  };
}
