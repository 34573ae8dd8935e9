import type { RefundFacts } from '../loyalty/eligible-amount.js';
import type { FlowRepositories } from '../db/store.js';
import { applyOrderReversal } from './apply-order-reversal.js';
import { deferred, type Outcome } from './outcome.js';

/**
 * refunds/create: take back the refunded share of the order's points. A refund that comes before its order's
 * orders/paid is kept and applied when the earn arrives.
 */
export async function reversePointsForRefund(
  repos: FlowRepositories,
  shop: string,
  refund: RefundFacts,
  now: Date,
): Promise<Outcome> {
  await repos.orders.lock(shop, refund.orderId);
  const award = await repos.orders.findAward(shop, refund.orderId);
  if (!award) {
    await repos.orders.deferReversal(shop, refund.orderId, { kind: 'refund', refund });
    return deferred(`refund ${refund.refundId} kept until order ${refund.orderId} is paid`);
  }
  return applyOrderReversal(repos, award, { kind: 'refund', refund }, now);
}
