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
import { ShopifyRefusedError } from '../shopify/admin-graphql.js';
import { createDiscountCode, deactivateDiscountCode, findDiscountCode } from '../shopify/discount-codes.js';
import { openAccount } from './customer-account.js';
import { refundRedemption } from './refund-redemption.js';
import { redemptionBody, type RedemptionBody, type StorefrontDeps, shopOf } from './storefront.js';
import { shopifyCustomerId } from '../shopify/customer-gid.js';

export interface RedeemRequest {
  shop: string;
  customerGid: string;
  requestKey: string;
  optionId: string;
  points?: number;
}

/** The 502 of an attempt whose code Shopify did not make (its points are back). */
const notCreated = () =>
  new LoyaltyError(
    'shopify_unavailable',
    'Shopify did not create the discount code; your points were not spent. Please try again.',
    502,
  );

/** How long a request waits for another request with the same key (still talking to Shopify) to finish. */
const IN_FLIGHT_WAIT_MS = 15_000;
const IN_FLIGHT_POLL_MS = 25;

/**
 * Points for a discount code. The debit, its `redeem` entry and the redemption row are one transaction, guarded by
 * a conditional update; then the code is created in Shopify. If Shopify fails, a `redeem_refund` gives the points
 * back and the answer is 502; the same key then tries again. The same key again after success: the same answer.
 */
export async function redeemPoints(deps: StorefrontDeps, request: RedeemRequest): Promise<RedemptionBody> {
  const shopifyId = shopifyCustomerId(request.customerGid);
  const fingerprint = requestFingerprint(request.optionId, request.points);
  const now = deps.now();

  const debit = await deps.store.transaction(async (repos) => {
    const shop = await shopOf(repos, request.shop);
    const found = await repos.customers.find(request.shop, shopifyId);
    const program = programAt(await repos.shops.programVersions(request.shop), now);
    const price = () => {
      const option = program.redemptionOptions.find((candidate) => candidate.id === request.optionId);
      if (!option)
        throw new LoyaltyError('unknown_option', `No redemption option "${request.optionId}".`, 422);
      return { option, priced: priceRedemption(option, request.points) };
    };
    if (!found) throw insufficientPoints(0, price().priced.pointsCost);

    // The customer's row lock comes first: requests with the same key queue here, and each one after the first
    // finds the first one's row below (on PostgreSQL each statement sees what committed before it).
    const account = await openAccount(repos, { customerId: found.id }, now);
    const earlier = await repos.redemptions.byRequestKey(request.shop, found.id, request.requestKey);
    if (earlier && earlier.requestHash !== fingerprint)
      throw new LoyaltyError(
        'idempotency_key_reused',
        'This Idempotency-Key was used for another redemption; send a new key.',
        422,
      );
    // answered from what is stored, even if the merchant changed the option since
    if (earlier && earlier.status !== 'failed') return { earlier } as const;

    const { option, priced } = price();
    if (!(await repos.customers.debitIfAvailable(found.id, priced.pointsCost)))
      throw insufficientPoints(account.balance.available, priced.pointsCost);
    const spent = debitAvailable(account.balance, account.lots, priced.pointsCost, false);
    const attempt = {
      // a new code per attempt: an earlier attempt's code may exist in Shopify, deactivated by the expiry job
      code: discountCode(deps.randomBytes(12)),
      kind: option.kind,
      pointsSpent: priced.pointsCost,
      valueAmount: priced.value === null ? null : priced.value.toString(),
      currencyCode: shop.currency,
      expiresAt: codeExpiresAt(now, program.codeLifetimeDays),
      pointsExpireAt: spentPointsExpireAt(account.lots, spent.lots),
    };
    const redemption = earlier
      ? await repos.redemptions.retry(earlier, attempt, now)
      : await repos.redemptions.create(
          {
            shop: request.shop,
            customerId: found.id,
            requestKey: request.requestKey,
            requestHash: fingerprint,
            optionId: option.id,
            ...attempt,
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
    if (
      !(error instanceof ShopifyRefusedError) &&
      !(await endCodeIfMade(deps, request.shop, redemption.code))
    )
      throw new LoyaltyError(
        'shopify_unavailable',
        'Shopify did not confirm the discount code. If it was not made, your points come back within minutes; then try again.',
        502,
      );
    await refundRedemption(deps, redemption, 'pending', 'failed');
    deps.log('redemption failed in Shopify; points refunded', {
      shop: request.shop,
      redemptionId: redemption.id,
      error: (error as Error).message,
    });
    throw notCreated();
  }
  const body = redemptionBody(redemption, balance);
  const activated = await deps.store.transaction((repos) =>
    repos.redemptions.activate(redemption.id, redemption.attempt, discountId, JSON.stringify(body)),
  );
  if (!activated) {
    // closed meanwhile (its points are back): the code just made must not stay usable
    await deactivateDiscountCode(deps.admin, request.shop, discountId).catch((error: Error) =>
      // if it is used all the same, orders/paid takes its points again (mark-codes-used.ts)
      deps.log('closed redemption: its new code could not be deactivated', {
        discountId,
        error: error.message,
      }),
    );
    throw notCreated();
  }
  return body;
}

/**
 * After an answer that leaves open whether Shopify made the code (a timeout, a dropped connection, a 5xx): find it
 * and deactivate it before the points come back, so no live code outlasts its refund. False when Shopify cannot
 * tell us: the redemption then stays pending, and the expiry job's stale sweep ends the code and refunds later.
 */
async function endCodeIfMade(deps: StorefrontDeps, shop: string, code: string): Promise<boolean> {
  try {
    const made = await findDiscountCode(deps.admin, shop, code);
    if (made) await deactivateDiscountCode(deps.admin, shop, made);
    return true;
  } catch (error) {
    deps.log('redemption left pending: Shopify could not say whether its code exists', {
      shop,
      error: (error as Error).message,
    });
    return false;
  }
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
  if (current && current.status !== 'pending' && current.status !== 'failed')
    throw new LoyaltyError(
      'redemption_not_active',
      `This redemption is ${current.status}; send a new Idempotency-Key for a new one.`,
      409,
    );
  if (current?.status === 'failed') throw notCreated();
  throw new LoyaltyError(
    'redemption_in_progress',
    'This redemption is still being created; retry with the same Idempotency-Key.',
    409,
  );
}
