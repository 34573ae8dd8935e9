import { LoyaltyError } from '../loyalty/errors.js';
import { formatAmount, parseDecimal } from '../loyalty/money.js';
import { shopOf, type StorefrontDeps } from './storefront.js';
import { shopifyCustomerId } from '../shopify/customer-gid.js';

/**
 * The thank-you block's "You earned N points, worth X": the order's award (what is left of it after reversals),
 * whether those points are still pending, and their value at the award's program version. 404 until the order's
 * orders/paid has been credited, and for another customer's order (no hint that it exists).
 */
export async function getOrderPoints(
  deps: Pick<StorefrontDeps, 'store' | 'now'>,
  request: { shop: string; customerGid: string; orderId: string },
) {
  const now = deps.now();
  const shopifyId = shopifyCustomerId(request.customerGid);
  return deps.store.read(async (repos) => {
    const shop = await shopOf(repos, request.shop);
    const customer = await repos.customers.find(request.shop, shopifyId);
    const award = await repos.orders.findAward(request.shop, request.orderId);
    if (!customer || !award || award.customerId !== customer.id || award.status !== 'earned')
      throw new LoyaltyError('order_not_found', 'No points recorded for this order yet.', 404);
    const lot = (await repos.ledger.openLots(customer.id)).find((open) => open.entryId === award.earnEntryId);
    const versions = await repos.shops.programVersions(request.shop);
    const program = versions.find((version) => version.version === award.programVersion) ?? versions[0]!;
    const points = Math.max(award.earnedPoints - award.reversedPoints, 0);
    return {
      orderId: request.orderId,
      points,
      pending: lot !== undefined && !lot.matured && lot.availableAt.getTime() > now.getTime(),
      availableAt: lot && !lot.matured ? lot.availableAt.toISOString() : null,
      value: {
        amount: formatAmount(BigInt(points) * parseDecimal(program.pointValue)),
        currencyCode: shop.currency,
      },
    };
  });
}
