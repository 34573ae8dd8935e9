import { programAt } from '../loyalty/program.js';
import { eligibleUntil, usedReturnVisit } from '../loyalty/return-visit.js';
import type { FlowRepositories } from '../db/store.js';
import type { ReturnVisitFacts } from '../webhooks/payloads.js';

/**
 * orders/paid, for the return-visit discount. The first paid order we know of for a customer makes them due for
 * the discount (`grant_due`, with the window from the order's shop-local date); an order that used the discount
 * makes it due for removal (`revoke_due`). Shopify is told by jobs/sync-return-visits, which also checks that
 * Shopify counts exactly one order for the customer (a customer from before the app was installed is not new).
 * A refund of the order that used it changes nothing: the discount was spent.
 */
export async function recordReturnVisit(
  repos: FlowRepositories,
  shop: string,
  order: ReturnVisitFacts & { orderId: string; customerId: string | null; occurredAt: Date },
): Promise<'granted' | 'used' | null> {
  if (order.customerId === null) return null;
  const existing = await repos.returnVisits.find(shop, order.customerId);
  if (usedReturnVisit(order.discountApplications)) {
    if (!existing || existing.usedOrderId) return null;
    await repos.returnVisits.save({
      ...existing,
      status: 'revoke_due',
      usedOrderId: order.orderId,
      detail: null,
    });
    return 'used';
  }
  if (existing) return null; // not their first order
  const { returnVisit } = programAt(await repos.shops.programVersions(shop), order.occurredAt);
  if (!returnVisit.enabled) return null;
  await repos.returnVisits.save({
    shop,
    customerId: order.customerId,
    firstOrderId: order.orderId,
    eligibleUntil: eligibleUntil(order.localDate, returnVisit.windowDays),
    tier: null, // tiers do not exist yet
    status: 'grant_due',
    usedOrderId: null,
    detail: null,
  });
  return 'granted';
}
