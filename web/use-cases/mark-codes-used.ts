import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { debitAvailable } from '../loyalty/lots.js';
import { mayBeOurCode } from '../loyalty/redemption.js';
import type { FlowRepositories } from '../db/store.js';
import { openAccount } from './customer-account.js';

/**
 * orders/paid: the order's codes that are ours mark their redemptions used, with the order. A code whose points were
 * given back (cancelled, expired, or failed: Shopify may have created it after our request timed out) but that
 * still got used takes its points again, even into a negative balance: the discount was granted once, so the points are spent once. Refunds and cancellations
 * of the order later give nothing back by themselves (the merchant can adjust by hand).
 * Returns how many redemptions this order used.
 */
export async function markCodesUsed(
  repos: FlowRepositories,
  shop: string,
  order: { orderId: string; discountCodes: readonly string[]; occurredAt: Date },
  now: Date,
): Promise<number> {
  // other discounts' codes are not looked up (most orders with a code use the merchant's own)
  const candidates = order.discountCodes.filter(mayBeOurCode);
  if (candidates.length === 0) return 0;
  const ours = await repos.redemptions.byCodes(shop, candidates);
  let used = 0;
  for (const redemption of ours) {
    if (redemption.status === 'active' || redemption.status === 'pending') {
      if (await repos.redemptions.transition(redemption.id, redemption.status, 'used', now, order.orderId))
        used++;
      continue;
    }
    if (redemption.status === 'used') continue;
    if (!(await repos.redemptions.transition(redemption.id, redemption.status, 'used', now, order.orderId)))
      continue;
    const account = await openAccount(repos, { customerId: redemption.customerId }, now);
    const spent = debitAvailable(account.balance, account.lots, redemption.pointsSpent, true);
    await repos.ledger.post({
      entry: {
        shop,
        customerId: redemption.customerId,
        kind: 'redeem',
        points: -redemption.pointsSpent,
        idempotencyKey: ledgerKeys.redeemUsedAfterRefund(redemption.id),
        occurredAt: order.occurredAt,
        orderId: order.orderId,
        redemptionId: String(redemption.id),
      },
      balance: spent.balance,
      lots: spent.lots,
    });
    used++;
  }
  return used;
}
