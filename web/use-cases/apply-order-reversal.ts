import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { refundedEligibleAmount } from '../loyalty/eligible-amount.js';
import { reverseFromLot } from '../loyalty/lots.js';
import { reversalForCancel, reversalForRefund } from '../loyalty/points.js';
import type { OrderAwardRecord, PendingReversalInput } from '../db/repositories/order-repository.js';
import type { FlowRepositories } from '../db/store.js';
import { openAccount } from './customer-account.js';
import { type Outcome, processed, skipped } from './outcome.js';

/**
 * Takes back points of an order's award for a refund or a cancellation, measured against the original award
 * (its eligible amount and points, hence its rate). Shared by the refund and cancel flows and by the earn flow,
 * which applies reversals that arrived before it. A zero-point entry is still written: it records that the
 * reversal was handled, and keeps the set of ledger rows the same whatever order the webhooks came in.
 */
export async function applyOrderReversal(
  repos: FlowRepositories,
  award: OrderAwardRecord,
  reversal: PendingReversalInput,
  now: Date,
): Promise<Outcome> {
  const isRefund = reversal.kind === 'refund';
  const idempotencyKey = isRefund
    ? ledgerKeys.refund(reversal.refund.refundId)
    : ledgerKeys.cancel(award.orderId);
  if (await repos.ledger.hasEntry(award.shop, idempotencyKey)) return skipped('reversal already applied');
  if (award.status !== 'earned' || award.customerId === null)
    return skipped('order earned no points (guest)');

  const refunded = isRefund ? refundedEligibleAmount(reversal.refund, award) : 0n;
  const points = isRefund ? reversalForRefund(award, refunded) : reversalForCancel(award);

  const account = await openAccount(repos, { customerId: award.customerId }, now);
  const ownLot = account.lots.find((lot) => lot.entryId === award.earnEntryId);
  const change = reverseFromLot(account.balance, ownLot, account.lots, points);
  await repos.ledger.post({
    entry: {
      shop: award.shop,
      customerId: award.customerId,
      kind: isRefund ? 'reverse_refund' : 'reverse_cancel',
      points: -points,
      idempotencyKey,
      occurredAt: isRefund ? reversal.refund.occurredAt : reversal.occurredAt,
      orderId: award.orderId,
      ...(isRefund && { refundId: reversal.refund.refundId }),
      programVersion: award.programVersion,
    },
    balance: change.balance,
    lots: change.lots,
  });
  await repos.orders.recordReversal(award.shop, award.orderId, {
    points,
    ...(isRefund ? { refundedMicros: refunded } : { cancelled: true }),
  });
  return processed(`reversed ${points} points of order ${award.orderId}`);
}
