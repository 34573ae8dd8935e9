import { FALLBACK_CURRENCY, formatAmount, parseDecimal } from '../loyalty/money.js';
import { programAt } from '../loyalty/program.js';
import type { CustomerRecord } from '../db/repositories/customer-repository.js';
import type { Store } from '../db/store.js';
import { describeError, type Log } from '../logger.js';
import type { AdminGraphql } from '../shopify/admin-graphql.js';
import { setLoyaltyMetafields } from '../shopify/customer-metafields.js';
import type { Job } from './job-runner.js';
import { customerGid } from '../shopify/customer-gid.js';

const CUSTOMERS_PER_RUN = 600;
const CUSTOMERS_PER_CALL = 12; // two metafields each, metafieldsSet takes 25

/**
 * Writes changed balances to the customers' metafields in Shopify. Every balance write sets the customer's
 * balanceSyncDue flag in its own transaction; this job, every couple of seconds, writes each flagged customer once,
 * however many changes they had (a burst of orders coalesces into one write), and clears the flag only if the
 * balance is still what it wrote. A failed call leaves the flags, so the next run retries; a shop that keeps
 * failing backs off. Never on the webhook acknowledgement path.
 */
export function syncBalanceMetafieldsJob(deps: { store: Store; admin: AdminGraphql; log: Log }): Job {
  const backoff = new Map<string, { until: number; failures: number }>();
  let cursor = 0; // the last customer id looked at: each run walks on, wrapping around at the end
  return {
    name: 'sync-balance-metafields',
    everyMs: 2_000,
    async run(now) {
      const due = await deps.store.read((repos) => repos.customers.balanceSyncDue(CUSTOMERS_PER_RUN, cursor));
      cursor = due.length < CUSTOMERS_PER_RUN ? 0 : due[due.length - 1]!.id;
      const byShop = new Map<string, CustomerRecord[]>();
      for (const customer of due) byShop.set(customer.shop, [...(byShop.get(customer.shop) ?? []), customer]);
      for (const [shop, customers] of byShop) {
        if ((backoff.get(shop)?.until ?? 0) > now.getTime()) continue;
        try {
          await syncShop(deps, shop, customers, now);
          backoff.delete(shop);
        } catch (error) {
          const failures = (backoff.get(shop)?.failures ?? 0) + 1;
          backoff.set(shop, { failures, until: now.getTime() + Math.min(2_000 * 2 ** failures, 300_000) });
          deps.log('balance metafields not written; retried later', { shop, error: describeError(error) });
        }
      }
    },
  };
}

async function syncShop(
  deps: { store: Store; admin: AdminGraphql },
  shop: string,
  customers: CustomerRecord[],
  now: Date,
): Promise<void> {
  const { installed, currency, pointValue } = await deps.store.read(async (repos) => {
    const found = await repos.shops.find(shop);
    const program = programAt(await repos.shops.programVersions(shop), now);
    return {
      installed: Boolean(found && !found.uninstalledAt),
      currency: found?.currency ?? FALLBACK_CURRENCY,
      pointValue: parseDecimal(program.pointValue),
    };
  });
  if (!installed) return; // flags stay: written when the shop installs again
  for (let i = 0; i < customers.length; i += CUSTOMERS_PER_CALL) {
    const chunk = customers.slice(i, i + CUSTOMERS_PER_CALL);
    await setLoyaltyMetafields(
      deps.admin,
      shop,
      chunk.map((customer) => ({
        customerGid: customerGid(customer.shopifyId),
        available: customer.available,
        pending: customer.pending,
        value: {
          amount: formatAmount(BigInt(Math.max(customer.available, 0)) * pointValue),
          currencyCode: currency,
        },
        tier: customer.tier,
      })),
    );
    await deps.store.transaction(async (repos) => {
      for (const customer of chunk) await repos.customers.markBalanceSynced(customer);
    });
  }
}
