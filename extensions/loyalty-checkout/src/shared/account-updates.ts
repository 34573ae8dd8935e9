/**
 * The account on screen after an action, from the action's own response (which carries the new balance),
 * so the page does not reload everything after each click.
 *
 * Kept identical in every extension folder (a test compares the copies).
 */
import type { CancelResult, LoyaltyAccount, RedeemResult } from './loyalty-api';

export function withRedemption(account: LoyaltyAccount, result: RedeemResult): LoyaltyAccount {
  const { balance, ...redemption } = result;
  const others = account.redemptions.filter((r) => r.redemptionId !== result.redemptionId);
  return { ...account, balance, redemptions: [{ ...redemption, status: 'active' }, ...others] };
}

export function withCancellation(account: LoyaltyAccount, result: CancelResult): LoyaltyAccount {
  return {
    ...account,
    balance: result.balance,
    redemptions: account.redemptions.map((r) =>
      r.redemptionId === result.redemptionId ? { ...r, status: result.status } : r,
    ),
  };
}
