/**
 * Crediting throughput: N pending orders/paid deliveries are written into a fresh, migrated database exactly as
 * the inbox writer writes them, then the production server is started and the bench polls the database until no
 * delivery is pending. Only crediting is timed: no HTTP, and the server's boot (measured on the same database
 * while still empty) is taken out. Then every delivery must have been credited, and the same deliveries are
 * credited by the bare driver (bare-crediting.ts) for the app/bare ratio.
 */
import { type BenchContext, migrateByStarting, spawnApp, startApp } from './app-server.js';
import { bareCrediting } from './bare-crediting.js';
import { type BenchDatabase, count, freshDatabase } from './databases.js';
import { CUSTOMERS, nthOrder, orderTemplates, SHOP, TOPIC } from './load.js';
import { othersCores, sampleCpu } from './machine-load.js';
import type { DbKind } from './options.js';
import { stop } from './processes.js';
import { fmt, int } from './report.js';

const TARGET_PER_SECOND = 2000;
const POLL_MS = 20;

export const shopsFor = (n: number) =>
  n === 1 ? [SHOP] : Array.from({ length: n }, (_, i) => `bench-shop-${i + 1}.myshopify.com`);

/** The inbox writer's INSERT (web/db/inbox-writer.ts), with its receivedAt format per database. */
export async function seedPending(db: BenchDatabase, total: number, shops: string[]): Promise<void> {
  const templates = orderTemplates(shops, Math.max(CUSTOMERS, shops.length));
  const now = new Date();
  const receivedAt = db.kind === 'sqlite' ? now.toISOString().replace('Z', '+00:00') : now;
  const sql =
    `INSERT INTO "WebhookDelivery" ("shop", "dedupeKey", "topic", "webhookId", "payload", "status", "attempts", ` +
    `"receivedAt") VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)`;
  for (let i = 0; i < total; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, total - i) }, (_, k) => {
      const order = nthOrder(templates, 5_000_000_000_000, i + k);
      return [order.shop, `${TOPIC}:${order.eventId}`, TOPIC, order.webhookId, order.body, receivedAt];
    });
    await db.insertMany(sql, rows);
  }
}

export const pendingCount = (db: BenchDatabase) =>
  count(db, `SELECT COUNT(*) AS n FROM "WebhookDelivery" WHERE "status" = 'pending'`);

/** What the deliveries left behind: one earn entry, lot and award per processed order; balances = ledger. */
export async function verifyCredited(ctx: BenchContext, db: BenchDatabase, label: string, total: number) {
  const statuses = await db.query<{ status: string; n: number | string }>(
    `SELECT "status", COUNT(*) AS n FROM "WebhookDelivery" GROUP BY "status" ORDER BY "status"`,
  );
  const by = Object.fromEntries(statuses.map((row) => [row.status, Number(row.n)]));
  const processed = by.processed ?? 0;
  const earn = await count(db, `SELECT COUNT(*) FROM "LedgerEntry" WHERE "kind" = 'earn'`);
  const orders = await count(db, `SELECT COUNT(DISTINCT "orderId") FROM "LedgerEntry" WHERE "kind" = 'earn'`);
  const lots = await count(db, `SELECT COUNT(*) FROM "EarningLot"`);
  const awards = await count(db, `SELECT COUNT(*) FROM "OrderAward" WHERE "status" = 'earned'`);
  const ledger = await count(db, `SELECT COALESCE(SUM("points"), 0) FROM "LedgerEntry"`);
  const balances = await count(db, `SELECT COALESCE(SUM("available" + "pending"), 0) FROM "Customer"`);
  const finished = (by.pending ?? 0) === 0;
  const ok =
    earn === processed &&
    orders === earn &&
    lots === earn &&
    awards === earn &&
    ledger === balances &&
    (!finished || (processed === total && earn === total));
  const statusText = statuses.map((row) => `${row.status} ${int(Number(row.n))}`).join(', ');
  ctx.report.target(ok, {
    name: `${label} credited`,
    db: db.kind,
    figure:
      `${statusText}; earn entries ${int(earn)} (orders ${int(orders)}), lots ${int(lots)}, awards ` +
      `${int(awards)}; balances ${int(balances)} = ledger ${int(ledger)}`,
    target: finished ? `${int(total)} of each, balances = ledger` : 'one of each per processed delivery',
    correctness: true,
  });
  return { processed, finished };
}

export async function creditingDrain(ctx: BenchContext, kind: DbKind, shopCount: number): Promise<void> {
  const total = ctx.options.drain;
  const shops = shopsFor(shopCount);
  const label = shopCount === 1 ? 'crediting' : `crediting ${shopCount} shops`;
  const db = await freshDatabase(kind, { dir: ctx.dir, pgAdminUrl: ctx.options.pgAdminUrl });
  let appRate = 0;
  try {
    await migrateByStarting(ctx, db);
    // The boot of the same server on the same (migrated, still empty) database: not crediting time.
    const empty = await startApp(ctx, db);
    await stop(empty.server);
    await seedPending(db, total, shops);

    const deadline = Date.now() + ctx.options.drainTimeout * 1000;
    const app = await spawnApp(ctx, db);
    const cpuBefore = sampleCpu([app.server.child.pid], kind === 'postgresql');
    let firstDoneAt = 0;
    let doneAt = 0;
    let left = total;
    let endedAt: number;
    let cores: number;
    let exited: number | null;
    try {
      while (Date.now() < deadline && app.server.child.exitCode === null) {
        left = await pendingCount(db);
        if (left < total && !firstDoneAt) firstDoneAt = Date.now();
        if (left === 0) {
          doneAt = Date.now();
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      endedAt = doneAt || Date.now();
      cores = othersCores(cpuBefore, sampleCpu([app.server.child.pid], kind === 'postgresql'));
      exited = app.server.child.exitCode;
      await app.healthy; // a server that never became healthy is a failed run, whatever the table says
    } finally {
      await stop(app.server);
    }

    const boot = empty.bootMs / 1000;
    const fromSpawn = (endedAt - app.spawnedAt) / 1000;
    const crediting = Math.max(fromSpawn - boot, 0.001);
    const done = total - left;
    appRate = done / crediting;
    const timing =
      `${fmt(crediting, 2)} s after boot (${fmt(fromSpawn, 2)} s from spawn, boot ${fmt(boot, 2)} s, first ` +
      `done at ${firstDoneAt ? fmt((firstDoneAt - app.spawnedAt) / 1000, 2) : '-'} s); other processes ` +
      `${fmt(cores, 2)} cores`;
    const unfinished = exited === null ? 'NOT FINISHED (cap)' : `NOT FINISHED: the app exited (${exited})`;
    ctx.report.target(doneAt > 0 && appRate >= TARGET_PER_SECOND, {
      name: `${label} drain`,
      db: kind,
      figure: doneAt
        ? `${int(appRate)} orders/s: ${int(total)} in ${timing}`
        : `${int(appRate)} orders/s so far: ${int(done)} of ${int(total)} in ${timing}, ${unfinished}`,
      target: `>= ${int(TARGET_PER_SECOND)}/s, ${int(total)} drained`,
    });
    await verifyCredited(ctx, db, `${label} app`, total);
  } finally {
    await db.drop();
  }

  const bareDb = await freshDatabase(kind, { dir: ctx.dir, pgAdminUrl: ctx.options.pgAdminUrl });
  try {
    await migrateByStarting(ctx, bareDb);
    await seedPending(bareDb, total, shops);
    await bareDb.close(); // the bare driver brings its own connection
    const cpuBefore = sampleCpu([], kind === 'postgresql');
    const bare = await bareCrediting(bareDb, ctx.options.drainTimeout * 1000);
    const cores = othersCores(cpuBefore, sampleCpu([], kind === 'postgresql'));
    ctx.report.info({
      name: `${label} bare driver`,
      db: kind,
      figure:
        `${int(bare.perSecond)} orders/s (${int(bare.done)} in ${fmt(bare.seconds, 2)} s, one transaction per ` +
        `order${bare.done < total ? ', NOT FINISHED (cap)' : ''}); app/bare ${fmt(appRate / bare.perSecond, 2)}; ` +
        `other processes ${fmt(cores, 2)} cores`,
    });
    await verifyCredited(ctx, bareDb, `${label} bare`, total);
  } finally {
    await bareDb.drop();
  }
}
