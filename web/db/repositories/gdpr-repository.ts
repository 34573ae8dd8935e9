import { randomUUID } from 'node:crypto';
import type { Tx } from './index.js';

/** Everything we store about one customer: the answer to a customers/data_request. */
export interface CustomerDataExport {
  shop: string;
  customerId: string;
  exportedAt: string;
  customer: { available: number; pending: number; tier: string | null; createdAt: string } | null;
  ledger: Array<{
    kind: string;
    points: number;
    occurredAt: string;
    orderId: string | null;
    refundId: string | null;
  }>;
  orders: Array<{ orderId: string; earnedPoints: number; reversedPoints: number; cancelled: boolean }>;
}

export function createGdprRepository(tx: Tx) {
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
     * Anonymises a customer: the link to the Shopify customer id is replaced by a random one and earlier data
     * exports are deleted. The ledger rows stay (without anything personal) because outstanding points are a
     * financial liability the merchant must still be able to account for.
     */
    async redactCustomer(shop: string, shopifyId: string, at: Date): Promise<boolean> {
      const found = await tx.customer.findUnique({
        where: { shop_shopifyId: { shop, shopifyId } },
        select: { id: true },
      });
      const { count } = await tx.customer.updateMany({
        where: { shop, shopifyId },
        data: { shopifyId: `redacted-${randomUUID()}`, redactedAt: at },
      });
      // a manual adjustment's reason is free text a merchant may have written anything personal into
      if (found)
        await tx.adjustment.updateMany({ where: { customerId: found.id }, data: { reason: '(redacted)' } });
      await tx.dataRequest.deleteMany({ where: { shop, customerId: shopifyId } });
      // Deliveries parked as failed keep their raw payload for replay; those about this customer lose it now.
      // Shopify's compact JSON names the customer as "customer":{"id":N, (orders, refunds' orders, compliance) or
      // starts with {"id":N, (customers/create). Matching errs on the side of removing.
      await tx.webhookDelivery.updateMany({
        where: {
          shop,
          status: 'failed',
          OR: [
            { payload: { contains: `"customer":{"id":${shopifyId},` } },
            { payload: { startsWith: `{"id":${shopifyId},` } },
          ],
        },
        data: { payload: null, detail: 'payload removed by customers/redact' },
      });
      return count > 0;
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
      await tx.program.deleteMany({ where: { shop } });
      await tx.session.deleteMany({ where: { shop } });
      await tx.webhookDelivery.deleteMany({ where: { shop } });
      await tx.shop.deleteMany({ where: { domain: shop } });
    },
  };
}
