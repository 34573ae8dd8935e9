/**
 * Shopify's order count per customer (`Customer.numberOfOrders`), simulated for the demo shop. The simulated Admin
 * keeps no order list and answers 1 for a customer nobody told it about (simulated-admin/metafields.ts). The app's
 * sync-return-visits job asks for this count before it grants the return-visit discount (exactly 1: a first
 * order), so the demo tells the simulated Admin about every order placed in the demo shop: the simulated
 * storefront's own orders, and the orders `npm run demo:orders` reports before it sends their webhooks
 * (POST /simulated-shopify/orders). Counted by distinct order id, so a redelivered or re-reported order counts once.
 * The counts live in memory, like the rest of the simulated Admin, and start again with every `npm run demo`.
 */
import type { SimulatedAdmin } from './simulated-admin/simulated-admin.js';

export interface OrderCounts {
  /** Records that `customerId` placed order `orderId` and tells the simulated Admin the new count. */
  placed(customerId: number, orderId: string): number;
  /** Orders placed so far (0 for a customer no order was reported for). */
  count(customerId: number): number;
}

export function createOrderCounts(
  admin: Pick<SimulatedAdmin, 'configureCustomer'>,
  shop: string,
): OrderCounts {
  const orders = new Map<number, Set<string>>();
  return {
    placed(customerId, orderId) {
      let ids = orders.get(customerId);
      if (!ids) orders.set(customerId, (ids = new Set()));
      ids.add(orderId);
      admin.configureCustomer(shop, `gid://shopify/Customer/${customerId}`, { numberOfOrders: ids.size });
      return ids.size;
    },
    count: (customerId) => orders.get(customerId)?.size ?? 0,
  };
}
