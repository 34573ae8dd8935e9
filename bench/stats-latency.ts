/**
 * `GET /api/stats` for a shop with 100,000 ledger rows (and another shop's rows as noise), with lots (half of them
 * expired), order awards with totals, guest orders with buyer keys and redemptions used by orders, so every figure
 * is computed over real data: in SQL over indexed columns, it must answer in under 200 ms. In-process server, rows
 * written with the set-based insert the crediting batch uses (bench/stats-seed.ts), requests one at a time
 * through HTTP.
 */
import { connect } from '../web/db/client.js';
import { resolveDatabaseUrl } from '../web/config/database-url.js';
import { API_KEY, API_SECRET, SHOP, testConfig } from '../test/support/test-app.js';
import { signSessionToken } from '../web/demo/session-token.js';
import { startServer } from '../web/server.js';
import { installShop } from '../web/use-cases/install-shop.js';
import { freshDatabase } from './databases.js';
import type { DbKind } from './options.js';
import { fmt, type Report } from './report.js';
import { seedStatsShop } from './stats-seed.js';

const ROWS = 100_000;
const CUSTOMERS = 5_000;
const REQUESTS = 40;
const TARGET_P95_MS = 200;

export async function statsLatency(report: Report, kind: DbKind, opts: { dir: string; pgAdminUrl: string }) {
  const database = await freshDatabase(kind, opts);
  await database.close();
  const running = await startServer(testConfig(resolveDatabaseUrl(database.url)), () => undefined);
  const connection = await connect(resolveDatabaseUrl(database.url));
  try {
    await running.store.transaction((repos) => installShop(repos, SHOP, new Date()));
    const now = Date.now();
    await seedStatsShop(connection.db, kind, { shop: SHOP, customers: CUSTOMERS, entries: ROWS, now });
    await seedStatsShop(connection.db, kind, {
      shop: 'noise.myshopify.com',
      customers: CUSTOMERS,
      entries: ROWS / 5,
      now,
    });
    // what autovacuum does within a minute of such a bulk insert (visibility map, statistics): without it every
    // index-only scan reads the table too, a state a running shop's database is not in
    if (kind === 'postgresql') await connection.db.$executeRawUnsafe('VACUUM (ANALYZE)');

    const token = signSessionToken({
      secret: API_SECRET,
      apiKey: API_KEY,
      shop: SHOP,
      expiresInSeconds: 600,
    });
    const timed = async (query: string) => {
      const start = performance.now();
      const response = await fetch(`${running.url}/api/stats${query}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET /api/stats${query}: ${response.status}`);
      return performance.now() - start;
    };
    // every figure must come from data, or the bench would time queries that find nothing
    const figures = (await (
      await fetch(`${running.url}/api/stats`, { headers: { Authorization: `Bearer ${token}` } })
    ).json()) as {
      breakage?: { rate: number; basis: string };
      repeatPurchaseRate?: { members: number | null; guests: number | null };
      loyaltyRevenue?: { orders: number };
    };
    const exercised =
      figures.breakage?.basis === 'history' &&
      (figures.repeatPurchaseRate?.members ?? 0) > 0 &&
      (figures.repeatPurchaseRate?.guests ?? 0) > 0 &&
      (figures.loyaltyRevenue?.orders ?? 0) > 0;
    if (!exercised)
      throw new Error(`stats bench data does not reach every figure: ${JSON.stringify(figures)}`);
    report.info({
      name: 'GET /api/stats figures, 30 days',
      db: kind,
      figure: `breakage ${figures.breakage!.rate} (history), repeat rate members ${figures.repeatPurchaseRate!.members}, guests ${figures.repeatPurchaseRate!.guests}, ${figures.loyaltyRevenue!.orders} orders with a loyalty code`,
    });
    for (const [label, query] of [
      ['30 days', ''],
      ['whole year', `?from=${new Date(now - 364 * 86_400_000).toISOString().slice(0, 10)}`],
    ] as const) {
      await timed(query); // warm-up
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) times.push(await timed(query));
      times.sort((a, b) => a - b);
      const p95 = times[Math.floor(0.95 * (times.length - 1))]!;
      report.target(p95 < TARGET_P95_MS, {
        name: `GET /api/stats p95, ${label}`,
        db: kind,
        figure: `${fmt(p95)} ms (p50 ${fmt(times[Math.floor(times.length / 2)]!)}), ${ROWS.toLocaleString('en-US')} ledger rows`,
        target: `< ${TARGET_P95_MS} ms`,
      });
    }
  } finally {
    await connection.close();
    await running.close();
    await database.drop();
  }
}
