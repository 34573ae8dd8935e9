import { programAt } from '../loyalty/program.js';
import type { ReturnVisitRecord } from '../db/repositories/return-visit-repository.js';
import type { Store } from '../db/store.js';
import { describeError, type Log } from '../logger.js';
import { type AdminGraphql, NoOfflineSessionError } from '../shopify/admin-graphql.js';
import {
  customerOrderCount,
  deleteReturnVisitMetafield,
  setReturnVisitMetafield,
} from '../shopify/customer-metafields.js';
import { syncReturnVisitDiscount } from '../shopify/return-visit-discount.js';
import type { Job } from './job-runner.js';
import { customerGid } from '../shopify/customer-gid.js';

const PER_RUN = 100;
const DAY_MS = 86_400_000;

/**
 * Carries the return-visit discount out in Shopify, every few seconds:
 * - shops whose settings changed (or that just installed): the automatic app discount created, updated or
 *   deactivated (shopify/return-visit-discount.ts);
 * - customers due for it: the `return_visit` metafield set if Shopify counts exactly one order for them, else
 *   skipped (they bought before the app knew them);
 * - customers who used it, and those whose window is over: the metafield removed, so it exists only while the
 *   customer may use the discount.
 * Every step is a status transition after Shopify answered, so a failed call is simply retried by the next run.
 * Dates: the window's end is a shop-local date; the function checks it against the shop's own clock, and this
 * job, not knowing the shop's time zone, removes the metafield only once that day is over everywhere.
 */
export function syncReturnVisitsJob(deps: { store: Store; admin: AdminGraphql; log: Log }): Job {
  return {
    name: 'sync-return-visits',
    everyMs: 5_000,
    async run(now) {
      const lastDayOver = new Date(now.getTime() - 2 * DAY_MS).toISOString().slice(0, 10);
      const { shops, grants, revokes, ended } = await deps.store.read(async (repos) => ({
        shops: await repos.shops.returnVisitSyncDue(PER_RUN),
        grants: await repos.returnVisits.inStatus('grant_due', PER_RUN),
        revokes: await repos.returnVisits.inStatus('revoke_due', PER_RUN),
        ended: await repos.returnVisits.grantedEndedBefore(lastDayOver, PER_RUN),
      }));
      const run: Run = { ...deps, withoutSession: new Map() };
      for (const shop of shops) await step(run, shop.domain, () => syncShop(deps, shop, now));
      for (const row of grants) await step(run, row.shop, () => grant(deps, row, lastDayOver), row);
      for (const row of revokes)
        await step(run, row.shop, () => remove(deps, row, 'revoke_due', 'revoked'), row);
      for (const row of ended) await step(run, row.shop, () => remove(deps, row, 'granted', 'expired'), row);
      const skipped = [...run.withoutSession.values()].filter(({ rows }) => rows.length);
      if (skipped.length)
        await deps.store.transaction(async (repos) => {
          for (const { detail, rows } of skipped) await repos.returnVisits.noteFailures(rows, detail);
        });
    },
  };
}

type Deps = { store: Store; admin: AdminGraphql; log: Log };
/** This run's shops without an offline session: why, and their rows not tried. */
type Run = Deps & { withoutSession: Map<string, { detail: string; rows: ReturnVisitRecord[] }> };

/**
 * One step; its failure is noted and retried by the next run. Once a step finds that the app holds no offline
 * session for the shop, no other step of that shop can succeed in this run: they are not tried, and their rows
 * are noted with the same reason in one statement at the end (so they too move to the back of their queue and
 * never hold back other shops). Before, such a shop cost a session lookup, a log line and a write per row, every
 * run.
 */
async function step(run: Run, shop: string, work: () => Promise<void>, row?: ReturnVisitRecord) {
  const withoutSession = run.withoutSession.get(shop);
  if (withoutSession) {
    if (row) withoutSession.rows.push(row);
    return;
  }
  try {
    await work();
  } catch (error) {
    const detail = describeError(error);
    run.log('return-visit sync step failed; retried next run', { shop, error: detail });
    if (error instanceof NoOfflineSessionError) {
      run.withoutSession.set(shop, { detail, rows: row ? [row] : [] }); // noted with the shop's others at the end
      return;
    }
    // noting the failure moves the row to the back of its queue (rows are taken oldest change first), so rows
    // that keep failing never hold back the others
    if (row) await run.store.transaction((repos) => repos.returnVisits.noteFailures([row], detail));
  }
}

async function syncShop(
  deps: Deps,
  shop: { domain: string; returnVisitDiscountId: string | null },
  now: Date,
) {
  const versions = await deps.store.read((repos) => repos.shops.programVersions(shop.domain));
  const latest = Math.max(...versions.map((v) => v.version));
  const id = await syncReturnVisitDiscount(deps.admin, shop.domain, {
    discountId: shop.returnVisitDiscountId,
    settings: programAt(versions, now).returnVisit,
    now,
  });
  await deps.store.transaction((repos) => repos.shops.markReturnVisitSynced(shop.domain, id, latest));
}

async function grant(deps: Deps, row: ReturnVisitRecord, lastDayOver: string) {
  const gid = customerGid(row.customerId);
  let outcome: { to: 'granted' | 'skipped'; detail: string | null };
  if (row.eligibleUntil < lastDayOver)
    outcome = { to: 'skipped', detail: 'window over before it was granted' };
  else {
    const orders = await customerOrderCount(deps.admin, row.shop, gid);
    if (orders === 1) {
      await setReturnVisitMetafield(deps.admin, row.shop, gid, {
        eligibleUntil: row.eligibleUntil,
        tier: row.tier,
      });
      outcome = { to: 'granted', detail: null };
    } else outcome = { to: 'skipped', detail: `Shopify counts ${orders ?? 'no'} orders for the customer` };
  }
  await deps.store.transaction(async (repos) => {
    // an order that used the discount may have arrived meanwhile: then it stays revoke_due, and the metafield
    // just written is removed by the next run
    await repos.returnVisits.transition(row.shop, row.customerId, 'grant_due', outcome.to, outcome.detail);
  });
}

async function remove(
  deps: Deps,
  row: ReturnVisitRecord,
  from: 'revoke_due' | 'granted',
  to: 'revoked' | 'expired',
) {
  await deleteReturnVisitMetafield(deps.admin, row.shop, customerGid(row.customerId));
  await deps.store.transaction((repos) => repos.returnVisits.transition(row.shop, row.customerId, from, to));
}
