import { breakageRate, provisionAmount } from '../loyalty/breakage.js';
import { DEFAULT_PROGRAM, programAt } from '../loyalty/program.js';
import { dailySeries, dashboardFigures, repeatRate, statsRange, sumDays } from '../loyalty/stats.js';
import type { Store } from '../db/store.js';
import { FALLBACK_CURRENCY, formatAmount, parseDecimal } from '../loyalty/money.js';

/**
 * GET /api/stats: the dashboard's figures for a range of whole UTC days (default the last 30). The sums come from
 * the database in one snapshot, so members, flows in the range and what is outstanding agree with each other.
 */
export async function getStats(
  store: Store,
  shop: string,
  query: { from?: unknown; to?: unknown },
  now: Date,
) {
  const range = statsRange(query.from, query.to, now);
  const read = await store.snapshot(async (repos) => ({
    shop: await repos.shops.find(shop),
    versions: await repos.shops.programVersions(shop),
    members: await repos.stats.members(shop),
    days: await repos.stats.ledgerDays(shop, range),
    outstanding: await repos.stats.outstanding(shop),
    expiredLots: await repos.stats.expiredLots(shop, now),
    buyers: await repos.stats.buyers(shop, range),
    loyaltyOrders: await repos.stats.loyaltyOrders(shop, range),
  }));
  // a shop that has not reached the database yet has the default program (and nothing outstanding)
  const program = read.versions.length ? programAt(read.versions, now) : DEFAULT_PROGRAM;
  const currencyCode = read.shop?.currency ?? FALLBACK_CURRENCY;
  const figures = dashboardFigures(sumDays(read.days), read.outstanding, program.pointValue, currencyCode);
  const breakage = breakageRate(read.expiredLots, program.breakageAssumption);
  const liability = parseDecimal(program.pointValue) * BigInt(read.outstanding);
  return {
    from: range.from,
    to: range.to,
    members: read.members,
    ...figures,
    pointValue: program.pointValue,
    currencyCode,
    breakage,
    provision: { amount: provisionAmount(liability, breakage), currencyCode },
    repeatPurchaseRate: {
      members: repeatRate(read.buyers.members),
      guests: repeatRate(read.buyers.guests),
    },
    loyaltyRevenue: {
      amount: formatAmount(read.loyaltyOrders.totalMicros),
      currencyCode,
      orders: read.loyaltyOrders.orders,
    },
    series: dailySeries(range, read.days),
  };
}
