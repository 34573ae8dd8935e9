import { LoyaltyError } from '../loyalty/errors.js';
import { deactivateDiscountCode } from '../shopify/discount-codes.js';
import { refundRedemption } from './refund-redemption.js';
import type { StorefrontDeps } from './storefront.js';
import { shopifyCustomerId } from '../shopify/customer-gid.js';

/**
 * A shopper cancels an unused code from the loyalty page: the code is deactivated in Shopify first, so it cannot
 * be used after its points are back; then the points are refunded. If Shopify is unreachable nothing changes
 * (502, try again). Only the shopper's own active codes can be cancelled.
 */
export async function cancelRedemption(
  deps: StorefrontDeps,
  request: { shop: string; customerGid: string; redemptionId: number },
) {
  const shopifyId = shopifyCustomerId(request.customerGid);
  const redemption = await deps.store.read(async (repos) => {
    const customer = await repos.customers.find(request.shop, shopifyId);
    const found = await repos.redemptions.byId(request.shop, request.redemptionId);
    return found && customer && found.customerId === customer.id ? found : null;
  });
  if (!redemption)
    throw new LoyaltyError('redemption_not_found', 'No such redemption for this customer.', 404);
  if (redemption.status !== 'active')
    throw new LoyaltyError(
      'redemption_not_active',
      `This code is ${redemption.status}; it cannot be cancelled.`,
      409,
    );
  try {
    await deactivateDiscountCode(deps.admin, request.shop, redemption.shopifyDiscountId!);
  } catch {
    throw new LoyaltyError(
      'shopify_unavailable',
      'Shopify could not deactivate the code; please try again.',
      502,
    );
  }
  const balance = await refundRedemption(deps, redemption, 'active', 'cancelled');
  // Another closer (the order that used the code, the expiry job) got there between our read and the refund.
  if (!balance) throw new LoyaltyError('redemption_not_active', 'This code is no longer active.', 409);
  return { redemptionId: redemption.id, status: 'cancelled' as const, balance };
}
