/**
 * A year of life for the demo shop, so the merchant panel's figures and charts have something to show: about 300
 * customers, 1,500 orders (15 % by guests, some of them twice), refunds and cancellations, and 150 redemptions, most
 * of them used by a later order. It goes the app's real ways: signed webhooks to the running server's
 * POST /api/webhooks, the redemption use case (its ledger entry and a discount code in the simulated Admin) with a
 * past clock, and the expire-redemptions job for the codes nobody used. Same plan on every start (demo-history-plan.ts),
 * same event ids and idempotency keys: a second run adds nothing, and a finished one is recognised by one lookup.
 */
import { performance } from 'node:perf_hooks';
import type { RunningServer } from '../server.js';
import { createLogger, type Log } from '../logger.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { ledgerKeys } from '../loyalty/ledger-keys.js';
import { expireRedemptionsJob } from '../jobs/expire-redemptions.js';
import { createAdminGraphql } from '../shopify/admin-graphql-client.js';
import { customerGid } from '../shopify/customer-gid.js';
import { redeemPoints } from '../use-cases/redeem-points.js';
import type { RedemptionBody, StorefrontDeps } from '../use-cases/storefront.js';
import { historyDeliveries, orderDelivery, type UsedCode } from './demo-history-deliveries.js';
import { type HistoryPlan, ordersPerCustomer, planHistory } from './demo-history-plan.js';
import { seededBytes } from './demo-history-random.js';
import { webhookSender } from './demo-history-sender.js';
import { toCents } from './shopify-payloads.js';
import type { SimulatedAdmin } from './simulated-admin/simulated-admin.js';

export interface SeedHistoryOptions {
  shop: string;
  /** The history ends here (its newest events are an hour or a day before). */
  now: Date;
  /** The simulated Admin, told how many orders each customer placed: the return-visit grant asks (exactly 1). */
  admin?: Pick<SimulatedAdmin, 'configureCustomer'>;
  /** Where the one summary line goes (default stdout). */
  print?: (line: string) => void;
  log?: Log;
  /** Webhooks in flight at once (more let the inbox commit and credit in larger batches: less CPU). */
  concurrency?: number;
}

export interface SeedHistoryResult {
  /** False when an earlier run had finished: nothing was sent. */
  seeded: boolean;
  customers: number;
  orders: number;
  guestOrders: number;
  refunds: number;
  cancellations: number;
  redemptions: number;
  /** Planned redemptions the app refused (a shop with another program than the demo's). */
  refused: number;
  codesUsed: number;
  codesExpired: number;
  seconds: number;
}

export async function seedDemoHistory(
  running: RunningServer,
  opts: SeedHistoryOptions,
): Promise<SeedHistoryResult> {
  const started = performance.now();
  const { shop, now } = opts;
  const print = opts.print ?? console.log;
  const plan = planHistory();
  // the simulated Admin forgets with every start; Shopify would still count the orders
  for (const [customerId, orders] of ordersPerCustomer(plan))
    opts.admin?.configureCustomer(shop, customerGid(String(customerId)), { numberOfOrders: orders });

  // The last thing a run sends is the order using the newest redemption's code: once it is credited, the run
  // before it got through (an interrupted run is simply done again; everything in it is idempotent).
  const marker = plan.redemptions.at(-1)?.codeOrder;
  if (!marker) throw new Error('the demo history plan must end with an order that uses a code');
  const done = await running.store.read((repos) =>
    repos.ledger.hasEntry(shop, ledgerKeys.earn(String(marker.id))),
  );
  const counts = {
    customers: plan.customers.length,
    orders: plan.orders.length + plan.redemptions.filter((r) => r.codeOrder).length,
    guestOrders: plan.orders.filter((o) => o.customerId === null).length,
    refunds: plan.refunds.length,
    cancellations: plan.cancellations.length,
  };
  if (done) {
    print(`Demo history already in the database (${counts.customers} customers, ${counts.orders} orders)`);
    return {
      seeded: false,
      ...counts,
      redemptions: 0,
      refused: 0,
      codesUsed: 0,
      codesExpired: 0,
      seconds: 0,
    };
  }

  const send = webhookSender(running, shop, opts.concurrency ?? 32);
  await send(historyDeliveries(plan, now));
  await running.inbox.settle(shop);

  const admin = createAdminGraphql(running.shopify);
  const log = opts.log ?? createLogger();
  const deps = (at: Date, codeSeed = 0): StorefrontDeps => ({
    store: running.store,
    admin,
    now: () => at,
    randomBytes: (count) => seededBytes(codeSeed, count),
    log,
  });
  const redeemed = await redeemAll(plan, shop, now, deps);

  const codeOrders = plan.redemptions.flatMap((r, index) =>
    r.codeOrder ? [orderDelivery(r.codeOrder, now, usedCode(r.optionId, redeemed[index]))] : [],
  );
  const last = codeOrders.pop()!;
  await send(codeOrders);
  await running.inbox.settle(shop);
  const codesExpired = await expireUnused(plan, redeemed, now, deps);
  await send([last]);
  await running.inbox.settle(shop);

  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const result = {
    seeded: true,
    ...counts,
    redemptions: redeemed.filter(Boolean).length,
    refused: redeemed.filter((answer) => !answer).length,
    codesUsed: plan.redemptions.filter((r, index) => r.codeOrder && redeemed[index]).length,
    codesExpired,
    seconds,
  };
  print(
    `Seeded demo history: ${result.customers} customers, ${result.orders} orders (${result.guestOrders} by guests), ` +
      `${result.refunds} refunds, ${result.cancellations} cancellations, ${result.redemptions} redemptions ` +
      `(${result.codesUsed} codes used, ${codesExpired} expired${result.refused ? `, ${result.refused} refused` : ''}) ` +
      `in ${seconds} s`,
  );
  return result;
}

/**
 * Each planned redemption through the real use case, at its own time, oldest first, with code bytes drawn from its
 * index. Null where the app refused it (another program than the demo's, fewer points than planned).
 */
async function redeemAll(
  plan: HistoryPlan,
  shop: string,
  now: Date,
  deps: (at: Date, codeSeed: number) => StorefrontDeps,
): Promise<Array<RedemptionBody | null>> {
  const answers: Array<RedemptionBody | null> = [];
  for (const [index, r] of plan.redemptions.entries()) {
    const at = new Date(now.getTime() - r.ageMs);
    try {
      answers.push(
        await redeemPoints(deps(at, 0x5eed0000 + index), {
          shop,
          customerGid: customerGid(String(r.customerId)),
          requestKey: r.key,
          optionId: r.optionId,
          ...(r.points !== undefined && { points: r.points }),
        }),
      );
    } catch (error) {
      // e.g. insufficient_points, unknown_option; or an interrupted earlier run left it pending (the job's stale
      // sweep ends it later): its order is still placed, without the code
      if (!(error instanceof LoyaltyError)) throw error;
      answers.push(null);
    }
  }
  return answers;
}

function usedCode(optionId: string, answer: RedemptionBody | null | undefined): UsedCode | undefined {
  if (!answer) return undefined;
  if (optionId === 'free-shipping') return { code: answer.code, kind: 'free_shipping' };
  return { code: answer.code, kind: 'amount', cents: answer.value ? toCents(answer.value.amount) : 0 };
}

/**
 * The codes left unused: the expire-redemptions job, run at a minute past each one's end as the running app would
 * have, deactivates them in the (simulated) Admin while it still knows them and gives their points back then.
 */
async function expireUnused(
  plan: HistoryPlan,
  redeemed: Array<RedemptionBody | null>,
  now: Date,
  deps: (at: Date) => StorefrontDeps,
): Promise<number> {
  const ends = plan.redemptions
    .flatMap((r, index) => (r.codeOrder === null && redeemed[index] ? [redeemed[index].expiresAt] : []))
    .map((end) => Date.parse(end) + 60_000)
    .filter((at) => at <= now.getTime())
    .sort((a, b) => a - b);
  for (const at of ends) await expireRedemptionsJob(deps(new Date(at))).run(new Date(at));
  return ends.length;
}
