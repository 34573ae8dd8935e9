import type { FlowRepositories } from '../db/store.js';
import { applyOrderReversal } from './apply-order-reversal.js';
import { deferred, type Outcome } from './outcome.js';

/** orders/cancelled: take back whatever of the order's points is left. Kept for later if the earn is not in yet. */
export async function reversePointsForCancellation(
  repos: FlowRepositories,
  shop: string,
  cancellation: { orderId: string; occurredAt: Date },
  now: Date,
): Promise<Outcome> {
  await repos.orders.lock(shop, cancellation.orderId);
  const award = await repos.orders.findAward(shop, cancellation.orderId);
  const reversal = { kind: 'cancel' as const, occurredAt: cancellation.occurredAt };
  if (!award) {
    await repos.orders.deferReversal(shop, cancellation.orderId, reversal);
    return deferred(`cancellation kept until order ${cancellation.orderId} is paid`);
  }
  return applyOrderReversal(repos, award, reversal, now);
}
