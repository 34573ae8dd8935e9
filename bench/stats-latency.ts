/**
 * `GET /api/stats` for a shop with 100,000 ledger rows (and another shop's rows as noise): the dashboard's
 * figures are computed in SQL over indexed columns, so they must answer in under 200 ms. In-process server, rows
 * written with the set-based insert the crediting batch uses, requests one at a time through HTTP.
 */
import { connect } from '../web/db/client.js';
import { insertRows, type Column } from '../web/db/set-based-sql.js';
import { resolveDatabaseUrl } from '../web/config/database-url.js';
import { API_KEY, API_SECRET, SHOP, testConfig } from '../test/support/test-app.js';
import { signSessionToken } from '../web/demo/session-token.js';
import { startServer } from '../web/server.js';
import { installShop } from '../web/use-cases/install-shop.js';
import { freshDatabase } from './databases.js';
import type { DbKind } from './options.js';
import { fmt, type Report } from './report.js';

const ROWS = 100_000;
const CUSTOMERS = 5_000;
const REQUESTS = 40;
const TARGET_P95_MS = 200;
const KINDS = ['earn', 'earn', 'earn', 'signup', 'redeem', 'redeem_refund', 'reverse_refund', 'adjust'];
const ENTRY_COLUMNS: Column[] = [
  ['shop', 'text'],
  ['customerId', 'int'],
  ['kind', 'text'],
  ['points', 'int'],
  ['idempotencyKey', 'text'],
  ['occurredAt', 'timestamp'],
  ['createdAt', 'timestamp'],
];

export async function statsLatency(report: Report, kind: DbKind, opts: { dir: string; pgAdminUrl: string }) {
  const database = await freshDatabase(kind, opts);
  await database.close();
  const running = await startServer(testConfig(resolveDatabaseUrl(database.url)), () => undefined);
  const connection = await connect(resolveDatabaseUrl(database.url));
  try {
    await running.store.transaction((repos) => installShop(repos, SHOP, new Date()));
    const customerIds: number[] = [];
    for (const shop of [SHOP, 'noise.myshopify.com']) {
      const rows = Array.from({ length: CUSTOMERS }, (_, i) => [
        shop,
        String(1000 + i),
        500,
        0,
        new Date(),
        new Date(),
      ]);
      const ids = await connection.db.$transaction((tx) =>
        insertRows<{ id: number | bigint }>(
          tx,
          kind,
          {
            table: 'Customer',
            columns: [
              ['shop', 'text'],
              ['shopifyId', 'text'],
              ['available', 'int'],
              ['pending', 'int'],
              ['createdAt', 'timestamp'],
              ['updatedAt', 'timestamp'],
            ],
            returning: ['id'],
          },
          rows,
        ),
      );
      if (shop === SHOP) customerIds.push(...ids.map((row) => Number(row.id)));
    }
    const year = 365 * 86_400_000;
    for (let start = 0; start < ROWS * 1.2; start += 5_000) {
      const rows = Array.from({ length: 5_000 }, (_, i) => {
        const n = start + i;
        const shop = n < ROWS ? SHOP : 'noise.myshopify.com';
        const entryKind = KINDS[n % KINDS.length]!;
        const sign = entryKind === 'redeem' || entryKind === 'reverse_refund' ? -1 : 1;
        const at = new Date(Date.now() - ((n * 7919) % year));
        return [
          shop,
          customerIds[n % customerIds.length]!,
          entryKind,
          sign * (10 + (n % 90)),
          `bench:${n}`,
          at,
          at,
        ];
      });
      await connection.db.$transaction((tx) =>
        insertRows(tx, kind, { table: 'LedgerEntry', columns: ENTRY_COLUMNS }, rows),
      );
    }

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
    for (const [label, query] of [
      ['30 days', ''],
      ['whole year', `?from=${new Date(Date.now() - year).toISOString().slice(0, 10)}`],
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
