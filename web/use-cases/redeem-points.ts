import { LoyaltyError } from '../loyalty/errors.js';
import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { debitAvailable } from '../loyalty/lots.js';
import { programAt } from '../loyalty/program.js';
import {
  codeExpiresAt,
  discountCode,
  insufficientPoints,
  requestFingerprint,
  spentPointsExpireAt,
} from '../loyalty/redemption.js';
import { priceRedemption } from '../loyalty/redemption-options.js';
import type { RedemptionRecord } from '../db/repositories/redemption-repository.js';
import { createDiscountCode } from '../shopify/discount-codes.js';
import { openAccount } from './customer-account.js';
import { refundRedemption } from './refund-redemption.js';
import { redemptionBody, type RedemptionBody, type StorefrontDeps, shopOf } from './storefront.js';

export interface RedeemRequest {
  shop: string;
  customerGid: string;
  requestKey: string;
  optionId: string;
  points?: number;
}

/** How long a request waits for another request with the same key (still talking to Shopify) to finish. */
const IN_FLIGHT_WAIT_MS = 15_000;
const IN_FLIGHT_POLL_MS = 25;

/**
 * Points for a discount code. The debit, its `redeem` entry and the redemption row are one transaction, guarded by
 * a conditional update; then the code is created in Shopify. If Shopify fails, a `redeem_refund` gives the points
 * back and the answer is 502; the same key then tries again. The same key again after success: the same answer.
 */
export async function redeemPoints(deps: StorefrontDeps, request: RedeemRequest): Promise<RedemptionBody> {
  const shopifyId = request.customerGid.slice(request.customerGid.lastIndexOf('/') + 1);
  const fingerprint = requestFingerprint(request.optionId, request.points);
  const now = deps.now();

  const debit = await deps.store.transaction(async (repos) => {
    const shop = await shopOf(repos, request.shop);
    const program = programAt(await repos.shops.programVersions(request.shop), now);
    const option = program.redemptionOptions.find((candidate) => candidate.id === request.optionId);
    if (!option) throw new LoyaltyError('unknown_option', `No redemption option "${request.optionId}".`, 422);
    const found = await repos.customers.find(request.shop, shopifyId);
    const priced = priceRedemption(option, request.points);
    if (!found) throw insufficientPoints(0, priced.pointsCost);

    const earlier = await repos.redemptions.byRequestKey(request.shop, found.id, request.requestKey);
    if (earlier && earlier.requestHash !== fingerprint)
      throw new LoyaltyError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for another redemption; send a new key.',
        422,
      );
    if (earlier && earlier.status !== 'failed') return { earlier } as const;

    const account = await openAccount(repos, { customerId: found.id }, now);
    if (!(await repos.customers.debitIfAvailable(found.id, priced.pointsCost)))
      throw insufficientPoints(account.balance.available, priced.pointsCost);
    const spent = debitAvailable(account.balance, account.lots, priced.pointsCost, false);
    const timing = {
      code: earlier?.code ?? discountCode(deps.randomBytes(12)),
      expiresAt: codeExpiresAt(now, program.codeLifetimeDays),
      pointsExpireAt: spentPointsExpireAt(account.lots, spent.lots),
    };
    const redemption = earlier
      ? await repos.redemptions.retry(earlier.id, timing, now)
      : await repos.redemptions.create(
          {
            shop: request.shop,
            customerId: found.id,
            requestKey: request.requestKey,
            requestHash: fingerprint,
            optionId: option.id,
            kind: option.kind,
            pointsSpent: priced.pointsCost,
            valueAmount: priced.value === null ? null : priced.value.toString(),
            currencyCode: shop.currency,
            ...timing,
          },
          now,
        );
    await repos.ledger.append(
      {
        shop: request.shop,
        customerId: found.id,
        kind: 'redeem',
        points: -priced.pointsCost,
        idempotencyKey: ledgerKeys.redeem(found.id, request.requestKey, redemption.attempt),
        occurredAt: now,
        redemptionId: String(redemption.id),
        programVersion: program.version,
      },
      spent.lots,
    );
    return { earlier: null, redemption, option, priced, balance: spent.balance } as const;
  });

  if (debit.earlier) return answered(deps, debit.earlier);

  const { redemption, option, priced, balance } = debit;
  let discountId: string;
  try {
    discountId = await createDiscountCode(deps.admin, request.shop, {
      code: redemption.code,
      title: `Loyalty: ${option.title}`,
      customerGid: request.customerGid,
      startsAt: now,
      endsAt: redemption.expiresAt,
      combinesWithOtherDiscounts: option.combinesWithOtherDiscounts,
      priced,
    });
  } catch (error) {
    await refundRedemption(deps, redemption, 'pending', 'failed');
    deps.log('redemption failed in Shopify; points refunded', {
      shop: request.shop,
      redemptionId: redemption.id,
      error: (error as Error).message,
    });
    throw new LoyaltyError(
      'shopify_unavailable',
      'Shopify did not create the discount code; your points were not spent. Please try again.',
      502,
    );
  }
  const body = redemptionBody(redemption, balance);
  await deps.store.transaction((repos) =>
    repos.redemptions.activate(redemption.id, discountId, JSON.stringify(body)),
  );
  return body;
}

/**
 * The answer to a key that was used before: the stored 201 body once the code exists. While the first request is
 * still waiting for Shopify, this one waits for it (bounded), so parallel retries of one click all get the code.
 */
async function answered(deps: StorefrontDeps, redemption: RedemptionRecord): Promise<RedemptionBody> {
  const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
  let current: RedemptionRecord | null = redemption;
  while (current && current.status === 'pending' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_POLL_MS));
    const id: number = current.id;
    current = await deps.store.read((repos): Promise<RedemptionRecord | null> =>
      repos.redemptions.byId(redemption.shop, id),
    );
  }
  if (current?.response) return JSON.parse(current.response) as RedemptionBody;
  if (current?.status === 'failed')
    throw new LoyaltyError(
      'shopify_unavailable',
      'Shopify did not create the discount code; your points were not spent. Please try again.',
      502,
    );
  throw new LoyaltyError(
    'redemption_in_progress',
    'This redemption is still being created; retry with the same Idempotency-Key.',
    409,
  );
}
