import { DEFAULT_PROGRAM, programAt } from '../loyalty/program.js';
import { dashboardFigures, statsRange } from '../loyalty/stats.js';
import type { Store } from '../db/store.js';
import { FALLBACK_CURRENCY } from '../loyalty/money.js';

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
    sums: await repos.stats.ledgerSums(shop, range),
    outstanding: await repos.stats.outstanding(shop),
  }));
  // a shop that has not reached the database yet has the default program (and nothing outstanding)
  const pointValue = read.versions.length
    ? programAt(read.versions, now).pointValue
    : DEFAULT_PROGRAM.pointValue;
  return {
    from: range.from,
    to: range.to,
    members: read.members,
    ...dashboardFigures(read.sums, read.outstanding, pointValue, read.shop?.currency ?? FALLBACK_CURRENCY),
  };
}
