import { adjustmentFingerprint, checkAdjustment } from '../loyalty/adjustment.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { ledgerKeys } from '../loyalty/ledger-keys.js';
import type { Balance } from '../loyalty/lots.js';
import { debitAvailable } from '../loyalty/lots.js';
import { programAt } from '../loyalty/program.js';
import { checkRequestKey, insufficientPoints } from '../loyalty/redemption.js';
import type { Store } from '../db/store.js';
import { creditPoints, openAccount } from './customer-account.js';

export interface AdjustRequest {
  shop: string;
  /** the numeric Shopify customer id */
  shopifyId: string;
  staffUserId: string | null;
  requestKey: unknown;
  body: unknown;
}

/** The 201 body of POST /api/customers/:id/adjustments, stored and replayed for its Idempotency-Key. */
export interface AdjustmentBody {
  adjustmentId: number;
  points: number;
  reason: string;
  balance: Balance;
}

/**
 * A merchant's manual adjustment: one transaction writes the Adjustment row, its `adjust` ledger entry and the
 * balance. A credit opens a lot (available at once, expiring per the program); a debit consumes matured lots oldest
 * first and may not take the available balance below zero unless `allowNegative`. The same Idempotency-Key again
 * answers the stored body; with another body it is refused.
 */
export async function adjustPoints(store: Store, request: AdjustRequest, now: Date): Promise<AdjustmentBody> {
  const requestKey = checkRequestKey(request.requestKey);
  const adjustment = checkAdjustment(request.body);
  const fingerprint = adjustmentFingerprint(adjustment);
  const { shop, shopifyId } = request;

  return store.transaction(async (repos) => {
    await repos.shops.ensure(shop);
    const program = programAt(await repos.shops.programVersions(shop), now);
    const found = await repos.customers.find(shop, shopifyId);
    // a credit may be a customer's first contact with the program; a debit needs points to take
    if (!found && adjustment.points < 0)
      throw new LoyaltyError('customer_not_found', `No loyalty record for customer ${shopifyId}.`, 404);

    // The customer's row lock comes first: requests with the same key queue here, and each one after the first
    // finds the first one's row below (on PostgreSQL each statement sees what committed before it).
    const account = await openAccount(repos, found ? { customerId: found.id } : { shop, shopifyId }, now);
    const customerId = account.customer.id;
    const earlier = await repos.adjustments.byRequestKey(shop, customerId, requestKey);
    if (earlier && earlier.requestHash !== fingerprint)
      throw new LoyaltyError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for another adjustment; send a new key.',
        422,
      );
    if (earlier?.response) return JSON.parse(earlier.response) as AdjustmentBody;

    const debit = -adjustment.points;
    if (debit > 0 && !adjustment.allowNegative && debit > account.balance.available)
      throw insufficientPoints(account.balance.available, debit);

    const row = await repos.adjustments.create(
      {
        shop,
        customerId,
        points: adjustment.points,
        reason: adjustment.reason,
        staffUserId: request.staffUserId,
        requestKey,
        requestHash: fingerprint,
      },
      now,
    );
    const entry = {
      shop,
      kind: 'adjust' as const,
      points: adjustment.points,
      idempotencyKey: ledgerKeys.adjust(customerId, requestKey),
      occurredAt: now,
      adjustmentId: String(row.id),
      programVersion: program.version,
    };
    let balance: Balance;
    if (adjustment.points > 0) {
      await creditPoints(repos, account, entry, {
        availableAt: now,
        expiryMonths: program.expiryMonths,
        now,
      });
      const credited = await repos.customers.find(shop, account.customer.shopifyId);
      balance = { available: credited!.available, pending: credited!.pending };
    } else {
      const change = debitAvailable(account.balance, account.lots, debit, adjustment.allowNegative);
      await repos.ledger.post({
        entry: { ...entry, customerId },
        balance: change.balance,
        lots: change.lots,
      });
      balance = change.balance;
    }
    const body: AdjustmentBody = {
      adjustmentId: row.id,
      points: adjustment.points,
      reason: adjustment.reason,
      balance: { available: balance.available, pending: balance.pending },
    };
    await repos.adjustments.saveResponse(row.id, JSON.stringify(body));
    return body;
  });
}
