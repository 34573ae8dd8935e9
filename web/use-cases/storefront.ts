import { LoyaltyError } from '../loyalty/errors.js';
import type { Balance } from '../loyalty/lots.js';
import { FALLBACK_CURRENCY, formatAmount } from '../loyalty/money.js';
import type { Log } from '../logger.js';
import type { RedemptionRecord } from '../db/repositories/redemption-repository.js';
import type { Repositories, Store } from '../db/store.js';
import type { AdminGraphql } from '../shopify/admin-graphql.js';

/** What the storefront flows (balance, redeem, cancel, codes' life) need, passed in by the app. */
export interface StorefrontDeps {
  store: Store;
  admin: AdminGraphql;
  now: () => Date;
  randomBytes: (count: number) => Uint8Array;
  log: Log;
}

export interface Money {
  amount: string;
  currencyCode: string;
}

/** The 201 body of POST /api/storefront/redemptions (docs/design.md 4.4), stored and replayed for its key. */
export interface RedemptionBody {
  redemptionId: number;
  code: string;
  pointsSpent: number;
  value: Money | null;
  expiresAt: string;
  balance: Balance;
}

/** The shop a storefront request is for; a shop that uninstalled the app (or never installed it) gets 403. */
export async function shopOf(repos: Repositories, domain: string) {
  const shop = await repos.shops.find(domain);
  if (!shop || shop.uninstalledAt)
    throw new LoyaltyError('shop_not_installed', 'The loyalty app is not installed in this shop.', 403);
  return { domain, currency: shop.currency ?? FALLBACK_CURRENCY };
}

export function redemptionValue(redemption: RedemptionRecord): Money | null {
  return redemption.valueAmount === null
    ? null
    : { amount: formatAmount(BigInt(redemption.valueAmount)), currencyCode: redemption.currencyCode };
}

export function redemptionBody(redemption: RedemptionRecord, balance: Balance): RedemptionBody {
  return {
    redemptionId: redemption.id,
    code: redemption.code,
    pointsSpent: redemption.pointsSpent,
    value: redemptionValue(redemption),
    expiresAt: redemption.expiresAt.toISOString(),
    balance: { available: balance.available, pending: balance.pending },
  };
}
