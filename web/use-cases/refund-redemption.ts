import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { openLot } from '../loyalty/lots.js';
import type { RedemptionRecord, RedemptionStatus } from '../db/repositories/redemption-repository.js';
import { openAccount } from './customer-account.js';
import type { StorefrontDeps } from './storefront.js';

/**
 * Gives a redemption's points back (a `redeem_refund` entry) while moving it from `from` to `to`, in one
 * transaction. Only one of several racing closers (Shopify failed, the code expired, the shopper cancelled, an
 * order used it) wins the transition; the others change nothing. The points come back with the expiry they had.
 * Returns the balance after the refund, or null when another closer won.
 */
export async function refundRedemption(
  deps: Pick<StorefrontDeps, 'store' | 'now'>,
  redemption: RedemptionRecord,
  from: RedemptionStatus,
  to: RedemptionStatus,
) {
  const now = deps.now();
  return deps.store.transaction(async (repos) => {
    // the customer's lock first, as every other flow takes it (no lock-order deadlock with a crediting batch)
    const account = await openAccount(repos, { customerId: redemption.customerId }, now);
    if (!(await repos.redemptions.transition(redemption.id, from, to, now))) return null;
    const lot = openLot(account.balance, redemption.pointsSpent, now, now);
    await repos.ledger.post({
      entry: {
        shop: redemption.shop,
        customerId: redemption.customerId,
        kind: 'redeem_refund',
        points: redemption.pointsSpent,
        idempotencyKey: ledgerKeys.redeemRefund(redemption.id, redemption.attempt),
        occurredAt: now,
        redemptionId: String(redemption.id),
      },
      balance: lot.balance,
      lots: [],
      newLot: {
        points: redemption.pointsSpent,
        remaining: lot.remaining,
        matured: true,
        availableAt: now,
        expiresAt: redemption.pointsExpireAt,
      },
    });
    return lot.balance;
  });
}
