import type { RedemptionRecord } from '../db/repositories/redemption-repository.js';
import { describeError } from '../logger.js';
import { deactivateDiscountCode, findDiscountCode } from '../shopify/discount-codes.js';
import { refundRedemption } from '../use-cases/refund-redemption.js';
import type { StorefrontDeps } from '../use-cases/storefront.js';
import type { Job } from './job-runner.js';

const PER_RUN = 200;
/** A redemption still pending this long after its last attempt began lost its process mid-flight. */
export const STALE_PENDING_MS = 10 * 60_000;

/**
 * Codes that reached their end unused: deactivated in Shopify, then their points refunded (`redeem_refund`), so
 * the points are never back while the code still works. Redemptions left pending by a process that died between
 * the debit and Shopify's answer: their code, if Shopify made it, is deactivated and the points refunded; the
 * shopper's retry with the same key then starts cleanly. If Shopify is unreachable the row stays and the next run
 * tries again. Safe with several processes: the runner's lease, and each refund's status transition.
 */
export function expireRedemptionsJob(deps: StorefrontDeps): Job {
  // where the last run stopped, so rows that keep failing never hold back the others (wraps at the end)
  const cursor = { expired: 0, stale: 0 };
  const next = (rows: RedemptionRecord[]) => (rows.length < PER_RUN ? 0 : rows[rows.length - 1]!.id);
  return {
    name: 'expire-redemptions',
    everyMs: 60_000,
    async run(now) {
      const { expired, stale } = await deps.store.read(async (repos) => ({
        expired: await repos.redemptions.expired(now, PER_RUN, cursor.expired),
        stale: await repos.redemptions.stalePending(
          new Date(now.getTime() - STALE_PENDING_MS),
          PER_RUN,
          cursor.stale,
        ),
      }));
      cursor.expired = next(expired);
      cursor.stale = next(stale);
      for (const redemption of expired) await close(deps, redemption, 'active', 'expired');
      for (const redemption of stale) await close(deps, redemption, 'pending', 'failed');
    },
  };
}

async function close(
  deps: StorefrontDeps,
  redemption: RedemptionRecord,
  from: 'active' | 'pending',
  to: 'expired' | 'failed',
): Promise<void> {
  try {
    const id =
      redemption.shopifyDiscountId ?? (await findDiscountCode(deps.admin, redemption.shop, redemption.code));
    if (id) await deactivateDiscountCode(deps.admin, redemption.shop, id);
    await refundRedemption(deps, redemption, from, to);
  } catch (error) {
    deps.log('redemption not closed; retried next run', {
      shop: redemption.shop,
      redemptionId: redemption.id,
      error: describeError(error),
    });
  }
}
