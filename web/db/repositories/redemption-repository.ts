import type { DbKind, Tx } from './index.js';

export type RedemptionStatus = 'pending' | 'active' | 'used' | 'expired' | 'cancelled' | 'failed';

export interface RedemptionRecord {
  id: number;
  shop: string;
  customerId: number;
  requestKey: string;
  requestHash: string;
  optionId: string;
  kind: string;
  pointsSpent: number;
  valueAmount: string | null;
  currencyCode: string;
  code: string;
  status: RedemptionStatus;
  attempt: number;
  shopifyDiscountId: string | null;
  pointsExpireAt: Date | null;
  expiresAt: Date;
  orderId: string | null;
  response: string | null;
  createdAt: Date;
  attemptedAt: Date;
  closedAt: Date | null;
}

export type NewRedemption = Omit<
  RedemptionRecord,
  | 'id'
  | 'createdAt'
  | 'attemptedAt'
  | 'closedAt'
  | 'orderId'
  | 'response'
  | 'shopifyDiscountId'
  | 'attempt'
  | 'status'
>;

export function createRedemptionRepository(tx: Tx, kind: DbKind) {
  const one = (row: unknown) => row as RedemptionRecord;
  return {
    async byRequestKey(shop: string, customerId: number, requestKey: string) {
      const row = await tx.redemption.findUnique({
        where: { shop_customerId_requestKey: { shop, customerId, requestKey } },
      });
      return row ? one(row) : null;
    },

    async byId(shop: string, id: number) {
      const row = await tx.redemption.findFirst({ where: { shop, id } });
      return row ? one(row) : null;
    },

    /**
     * Our redemptions among the codes an order used (codes are unique per shop), locked on PostgreSQL until the
     * transaction ends: a shopper cancelling the code meanwhile waits, then finds it used.
     */
    async byCodes(shop: string, codes: readonly string[]) {
      if (codes.length === 0) return [];
      if (kind === 'postgresql')
        await tx.$executeRawUnsafe(
          `SELECT 1 FROM "Redemption" WHERE "shop" = $1 AND "code" = ANY($2::text[]) FOR UPDATE`,
          shop,
          [...codes],
        );
      return (await tx.redemption.findMany({ where: { shop, code: { in: [...codes] } } })).map(one);
    },

    /** The orders that used these redemptions' codes, by redemption id (history shows the link). */
    async usedOrders(ids: readonly number[]): Promise<Map<number, string>> {
      if (ids.length === 0) return new Map();
      const rows = await tx.redemption.findMany({
        where: { id: { in: [...ids] }, orderId: { not: null } },
        select: { id: true, orderId: true },
      });
      return new Map(rows.map((row) => [row.id, row.orderId!]));
    },

    /**
     * The orders that used this customer's codes, by redemption id: the newest `limit` (all of them when fewer
     * come back). Read beside the history instead of after it, which saved a round trip per balance read.
     */
    async usedOrdersOf(customerId: number, limit: number): Promise<Map<number, string>> {
      const rows = await tx.redemption.findMany({
        where: { customerId, orderId: { not: null } },
        orderBy: { id: 'desc' },
        take: limit,
        select: { id: true, orderId: true },
      });
      return new Map(rows.map((row) => [row.id, row.orderId!]));
    },

    /** A shopper's codes that can still be used, newest first. */
    async activeFor(customerId: number, limit = 20) {
      const rows = await tx.redemption.findMany({
        where: { customerId, status: 'active' },
        orderBy: { id: 'desc' },
        take: limit,
      });
      return rows.map(one);
    },

    async create(redemption: NewRedemption, now: Date): Promise<RedemptionRecord> {
      return one(
        await tx.redemption.create({
          data: { ...redemption, status: 'pending', createdAt: now, attemptedAt: now },
        }),
      );
    },

    /**
     * A failed redemption asked for again with its key: the next attempt, priced anew (the merchant may have
     * changed the option), with a new code. Conditional on the attempt it read, so two retries cannot both
     * start one (the caller holds the customer's lock anyway); throws if the row moved on.
     */
    async retry(
      earlier: RedemptionRecord,
      next: Pick<
        RedemptionRecord,
        'code' | 'kind' | 'pointsSpent' | 'valueAmount' | 'currencyCode' | 'expiresAt' | 'pointsExpireAt'
      >,
      now: Date,
    ): Promise<RedemptionRecord> {
      const { count } = await tx.redemption.updateMany({
        where: { id: earlier.id, status: 'failed', attempt: earlier.attempt },
        data: { ...next, status: 'pending', attempt: earlier.attempt + 1, attemptedAt: now, closedAt: null },
      });
      if (count !== 1) throw new Error(`redemption ${earlier.id} changed while it was retried`);
      return one(await tx.redemption.findUniqueOrThrow({ where: { id: earlier.id } }));
    },

    /**
     * The code exists in Shopify: the attempt becomes usable, unless something closed it meanwhile (the expiry
     * job's stale-pending sweep). False then, and the caller deactivates the code it just made.
     */
    async activate(
      id: number,
      attempt: number,
      shopifyDiscountId: string,
      response: string,
    ): Promise<boolean> {
      const { count } = await tx.redemption.updateMany({
        where: { id, attempt, status: 'pending' },
        data: { status: 'active', shopifyDiscountId, response },
      });
      return count === 1;
    },

    /**
     * Moves a redemption out of `from` only if it is still there: two processes (the expiry job, an order using
     * the code, the shopper cancelling) can race for one code, and exactly one of them may win.
     */
    async transition(
      id: number,
      from: RedemptionStatus,
      to: RedemptionStatus,
      at: Date,
      orderId?: string,
    ): Promise<boolean> {
      const { count } = await tx.redemption.updateMany({
        where: { id, status: from },
        data: { status: to, closedAt: at, ...(orderId !== undefined && { orderId }) },
      });
      return count === 1;
    },

    /**
     * Active codes past their end, across shops, by id after `afterId` (the expiry job walks on from where it
     * stopped, so a code it cannot close never holds back the others).
     */
    async expired(now: Date, limit: number, afterId = 0) {
      const rows = await tx.redemption.findMany({
        where: { status: 'active', expiresAt: { lte: now }, id: { gt: afterId } },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map(one);
    },

    /** Redemptions stuck in `pending` (the process died between debit and Shopify's answer). */
    async stalePending(before: Date, limit: number, afterId = 0) {
      const rows = await tx.redemption.findMany({
        where: { status: 'pending', attemptedAt: { lte: before }, id: { gt: afterId } },
        orderBy: { id: 'asc' },
        take: limit,
      });
      return rows.map(one);
    },
  };
}
