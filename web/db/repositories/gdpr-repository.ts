import { randomUUID } from 'node:crypto';
import { escapeLike, LIKE_ESCAPE } from '../../loyalty/customer-search.js';
import { SqlParams } from '../set-based-sql.js';
import type { DbKind, Tx } from './index.js';

const LIKE = `ESCAPE '${LIKE_ESCAPE}'`;

/** Everything we store about one customer: the answer to a customers/data_request. */
export interface CustomerDataExport {
  shop: string;
  customerId: string;
  exportedAt: string;
  customer: {
    displayName: string | null;
    email: string | null;
    available: number;
    pending: number;
    tier: string | null;
    createdAt: string;
  } | null;
  ledger: Array<{
    kind: string;
    points: number;
    occurredAt: string;
    orderId: string | null;
    refundId: string | null;
  }>;
  orders: Array<{ orderId: string; earnedPoints: number; reversedPoints: number; cancelled: boolean }>;
}

export function createGdprRepository(tx: Tx, kind: DbKind) {
  return {
    async exportCustomer(shop: string, shopifyId: string, at: Date): Promise<CustomerDataExport> {
      const customer = await tx.customer.findUnique({ where: { shop_shopifyId: { shop, shopifyId } } });
      const ledger = customer
        ? await tx.ledgerEntry.findMany({ where: { customerId: customer.id }, orderBy: { id: 'asc' } })
        : [];
      const orders = customer
        ? await tx.orderAward.findMany({
            where: { shop, customerId: customer.id },
            orderBy: { occurredAt: 'asc' },
          })
        : [];
      return {
        shop,
        customerId: shopifyId,
        exportedAt: at.toISOString(),
        customer: customer && {
          displayName: customer.displayName,
          email: customer.email,
          available: customer.available,
          pending: customer.pending,
          tier: customer.tier,
          createdAt: customer.createdAt.toISOString(),
        },
        ledger: ledger.map((e) => ({
          kind: e.kind,
          points: e.points,
          occurredAt: e.occurredAt.toISOString(),
          orderId: e.orderId,
          refundId: e.refundId,
        })),
        orders: orders.map((o) => ({
          orderId: o.orderId,
          earnedPoints: o.earnedPoints,
          reversedPoints: o.reversedPoints,
          cancelled: o.cancelled,
        })),
      };
    },

    async saveDataRequest(
      shop: string,
      customerId: string,
      requestId: string | null,
      data: CustomerDataExport,
    ) {
      // Once per data request: Shopify may deliver the same request again under another event id.
      const known = requestId && (await tx.dataRequest.findFirst({ where: { shop, customerId, requestId } }));
      if (known) return;
      await tx.dataRequest.create({ data: { shop, customerId, requestId, export: JSON.stringify(data) } });
    },

    async dataRequests(
      shop: string,
    ): Promise<Array<{ customerId: string; requestedAt: Date; export: unknown }>> {
      const rows = await tx.dataRequest.findMany({ where: { shop }, orderBy: { id: 'desc' }, take: 100 });
      return rows.map((r) => ({
        customerId: r.customerId,
        requestedAt: r.requestedAt,
        export: JSON.parse(r.export),
      }));
    },

    /**
     * Anonymises a customer: the link to the Shopify customer id is replaced by a random one, name and e-mail are
     * cleared, and earlier data exports are deleted. The ledger rows stay (without anything personal) because
     * outstanding points are a financial liability the merchant must still be able to account for. Guest orders
     * lose their buyer key when it is the hash of the redacted e-mail (`buyerKey`) or Shopify lists the order.
     */
    async redactCustomer(
      shop: string,
      shopifyId: string,
      at: Date,
      orders: { buyerKey: string | null; email: string | null; orderIds: readonly string[] },
    ): Promise<boolean> {
      const found = await tx.customer.findUnique({
        where: { shop_shopifyId: { shop, shopifyId } },
        select: { id: true },
      });
      const { count } = await tx.customer.updateMany({
        where: { shop, shopifyId },
        data: {
          shopifyId: `redacted-${randomUUID()}`,
          redactedAt: at,
          displayName: null,
          searchName: null,
          displayNameAt: null,
          email: null,
          emailAt: null,
        },
      });
      let guestOrders = 0;
      if (orders.buyerKey !== null)
        guestOrders += (
          await tx.orderAward.updateMany({
            where: { shop, buyerKey: orders.buyerKey },
            data: { buyerKey: null },
          })
        ).count;
      // a customer's orders can be many: in slices well inside SQLite's parameter limit
      for (let start = 0; start < orders.orderIds.length; start += 500) {
        const orderId = { in: orders.orderIds.slice(start, start + 500) };
        guestOrders += (
          await tx.orderAward.updateMany({
            where: { shop, orderId, buyerKey: { not: null } },
            data: { buyerKey: null },
          })
        ).count;
      }
      // rows of imported files name the customer by id or e-mail; one not imported yet is then skipped by the job
      const batchIds = (await tx.importBatch.findMany({ where: { shop }, select: { id: true } })).map(
        (b) => b.id,
      );
      if (batchIds.length)
        await tx.importRow.updateMany({
          where: {
            batchId: { in: batchIds },
            OR: [{ shopifyId }, ...(orders.email ? [{ email: orders.email.toLowerCase() }] : [])],
          },
          data: { shopifyId: null, email: null },
        });
      // a manual adjustment's reason is free text a merchant may have written anything personal into
      if (found)
        await tx.adjustment.updateMany({ where: { customerId: found.id }, data: { reason: '(redacted)' } });
      await tx.dataRequest.deleteMany({ where: { shop, customerId: shopifyId } });
      // Deliveries parked as failed keep their raw payload for replay; those about this customer lose it now.
      // Shopify's compact JSON names the customer as "customer":{"id":N, (orders, refunds' orders, compliance) or
      // starts with {"id":N, (customers/create). Matching errs on the side of removing.
      // Plain SQL because Prisma's `contains` folds case on SQLite only: an e-mail written "Rita@Example.com"
      // must match on PostgreSQL too, so both sides are lower-cased (patterns escaped, web/loyalty/customer-search.ts).
      const params = new SqlParams(kind);
      // SQLite binds `?` in the order they appear: the placeholders are made in that order
      const set = `"payload" = NULL, "detail" = ${params.add('payload removed by customers/redact')}`;
      const ofShop = `"shop" = ${params.add(shop)}`;
      const matches = [
        `"payload" LIKE ${params.add(`%${escapeLike(`"customer":{"id":${shopifyId},`)}%`)} ${LIKE}`,
        `"payload" LIKE ${params.add(`${escapeLike(`{"id":${shopifyId},`)}%`)} ${LIKE}`,
        // guest orders name the buyer by e-mail only
        ...(orders.email
          ? [
              `lower("payload") LIKE ${params.add(`%${escapeLike(JSON.stringify(orders.email).toLowerCase())}%`)} ${LIKE}`,
            ]
          : []),
      ];
      await tx.$executeRawUnsafe(
        `UPDATE "WebhookDelivery" SET ${set} WHERE ${ofShop} AND "status" = 'failed' AND (${matches.join(' OR ')})`,
        ...params.values,
      );
      return count > 0 || guestOrders > 0;
    },

    /** shop/redact (48 hours after uninstall): every row of the shop goes. */
    async redactShop(shop: string): Promise<void> {
      await tx.earningLot.deleteMany({ where: { shop } });
      await tx.ledgerEntry.deleteMany({ where: { shop } });
      await tx.redemption.deleteMany({ where: { shop } });
      await tx.adjustment.deleteMany({ where: { shop } });
      await tx.customer.deleteMany({ where: { shop } });
      await tx.orderAward.deleteMany({ where: { shop } });
      await tx.pendingReversal.deleteMany({ where: { shop } });
      await tx.dataRequest.deleteMany({ where: { shop } });
      // import rows name customers by e-mail; they belong to the shop through their batch
      const batches = await tx.importBatch.findMany({ where: { shop }, select: { id: true } });
      await tx.importRow.deleteMany({ where: { batchId: { in: batches.map((batch) => batch.id) } } });
      await tx.importBatch.deleteMany({ where: { shop } });
      await tx.program.deleteMany({ where: { shop } });
      await tx.session.deleteMany({ where: { shop } });
      await tx.webhookDelivery.deleteMany({ where: { shop } });
      await tx.shop.deleteMany({ where: { domain: shop } });
    },
  };
}
