/**
 * The floor for crediting: the same logical writes per order the app makes, straight through the driver
 * (better-sqlite3 / pg), one transaction per order: claim the delivery, upsert the customer's balance (its id is
 * what the ledger row needs), insert the LedgerEntry, its EarningLot and the OrderAward, mark the delivery done and
 * drop its payload. Payloads are read and parsed like the app reads them; points are the eligible amount (lines
 * after discounts, without the included tax) in whole currency units, as the default program computes them.
 */
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { BenchDatabase } from './databases.js';

type Pending = { id: number; shop: string; payload: string };
type Money = { amount: string };
type OrderJson = {
  id: number;
  processed_at: string;
  taxes_included: boolean;
  customer: { id: number } | null;
  line_items: Array<{
    price: string;
    quantity: number;
    discount_allocations: Money[];
    tax_lines: Array<{ price: string }>;
  }>;
};

const cents = (amount: string) => Math.round(Number(amount) * 100);

/** Everything the writes need, from one payload. */
function facts(row: Pending, now: string) {
  const order = JSON.parse(row.payload) as OrderJson;
  let eligible = 0;
  for (const line of order.line_items) {
    eligible += cents(line.price) * line.quantity;
    for (const d of line.discount_allocations) eligible -= cents(d.amount);
    if (order.taxes_included) for (const t of line.tax_lines) eligible -= cents(t.price);
  }
  const points = Math.max(0, Math.floor(eligible / 100));
  const occurredAt = new Date(order.processed_at).toISOString();
  return {
    id: row.id,
    shop: row.shop,
    orderId: String(order.id),
    customer: String(order.customer?.id ?? 0),
    points,
    eligibleMicros: BigInt(eligible) * 10_000n,
    taxesIncluded: order.taxes_included,
    occurredAt,
    now,
  };
}
type Facts = ReturnType<typeof facts>;

const SQL = {
  pending: `SELECT "id", "shop", "payload" FROM "WebhookDelivery" WHERE "status" = 'pending' ORDER BY "id" LIMIT 256`,
  claim: `UPDATE "WebhookDelivery" SET "attempts" = "attempts" + 1 WHERE "id" = ? AND "status" = 'pending'`,
  customer:
    `INSERT INTO "Customer" ("shop", "shopifyId", "available", "pending", "createdAt", "updatedAt") ` +
    `VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT ("shop", "shopifyId") DO UPDATE SET ` +
    `"available" = "Customer"."available" + excluded."available", "updatedAt" = excluded."updatedAt" RETURNING "id"`,
  entry:
    `INSERT INTO "LedgerEntry" ("shop", "customerId", "kind", "points", "orderId", "idempotencyKey", ` +
    `"programVersion", "occurredAt", "createdAt") VALUES (?, ?, 'earn', ?, ?, ?, 1, ?, ?) RETURNING "id"`,
  lot:
    `INSERT INTO "EarningLot" ("shop", "customerId", "entryId", "points", "remaining", "availableAt", "matured") ` +
    `VALUES (?, ?, ?, ?, ?, ?, ?)`,
  award:
    `INSERT INTO "OrderAward" ("shop", "orderId", "customerId", "status", "eligibleMicros", "earnedPoints", ` +
    `"earnEntryId", "taxesIncluded", "includesShipping", "programVersion", "occurredAt", "createdAt") ` +
    `VALUES (?, ?, ?, 'earned', ?, ?, ?, ?, ?, 1, ?, ?)`,
  complete: `UPDATE "WebhookDelivery" SET "status" = 'processed', "detail" = ?, "processedAt" = ?, "payload" = NULL WHERE "id" = ?`,
};

/** Parameters per statement; `bool` maps booleans for the driver (SQLite stores 0/1). */
const params = (f: Facts, bool: (b: boolean) => unknown) => ({
  customer: [f.shop, f.customer, f.points, f.now, f.now],
  entry: (customerId: number) => [
    f.shop,
    customerId,
    f.points,
    f.orderId,
    `earn:order:${f.orderId}`,
    f.occurredAt,
    f.now,
  ],
  lot: (customerId: number, entryId: number) => [
    f.shop,
    customerId,
    entryId,
    f.points,
    f.points,
    f.occurredAt,
    bool(true),
  ],
  award: (customerId: number, entryId: number) => [
    f.shop,
    f.orderId,
    customerId,
    f.eligibleMicros,
    f.points,
    entryId,
    bool(f.taxesIncluded),
    bool(false),
    f.occurredAt,
    f.now,
  ],
  complete: [`earned ${f.points} points for order ${f.orderId}`, f.now, f.id],
});

export interface BareResult {
  done: number;
  seconds: number;
  perSecond: number;
}

/** Credits every pending delivery (or stops at `timeoutMs`); timed from the first read to the last commit. */
export async function bareCrediting(db: BenchDatabase, timeoutMs: number): Promise<BareResult> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const done =
    db.kind === 'sqlite' ? await sqlite(db.file ?? '', deadline) : await postgres(db.url, deadline);
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  return { done, seconds, perSecond: done / seconds };
}

async function sqlite(file: string, deadline: number): Promise<number> {
  const db = new Sqlite(file, { fileMustExist: true });
  // The app's settings (web/db/client.ts): WAL, and every commit synced before it counts.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const s = Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as Record<
    keyof typeof SQL,
    Sqlite.Statement
  >;
  const credit = db.transaction((f: Facts) => {
    if (s.claim.run(f.id).changes !== 1) return;
    const p = params(f, (b) => (b ? 1 : 0));
    const { id: customerId } = s.customer.get(...p.customer) as { id: number };
    const { id: entryId } = s.entry.get(...p.entry(customerId)) as { id: number };
    s.lot.run(...p.lot(customerId, entryId));
    s.award.run(...p.award(customerId, entryId));
    s.complete.run(...p.complete);
  });
  let done = 0;
  try {
    for (let batch = s.pending.all() as Pending[]; batch.length && Date.now() < deadline;) {
      for (const row of batch) credit(facts(row, new Date().toISOString().replace('Z', '+00:00')));
      done += batch.length;
      batch = s.pending.all() as Pending[];
    }
  } finally {
    db.close();
  }
  return done;
}

async function postgres(url: string, deadline: number): Promise<number> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 5000,
    statement_timeout: 30_000,
  });
  await client.connect();
  const q = async (sql: string, values: unknown[]) => {
    let n = 0;
    return client.query<{ id: number }>(
      sql.replace(/\?/g, () => `$${++n}`),
      values.map((v) => (typeof v === 'bigint' ? v.toString() : v)),
    );
  };
  let done = 0;
  try {
    for (let batch = (await q(SQL.pending, [])).rows as unknown as Pending[]; batch.length;) {
      for (const row of batch) {
        const f = facts(row, new Date().toISOString());
        const p = params(f, (b) => b);
        await client.query('BEGIN');
        try {
          if ((await q(SQL.claim, [f.id])).rowCount === 1) {
            const customerId = (await q(SQL.customer, p.customer)).rows[0]?.id ?? 0;
            const entryId = (await q(SQL.entry, p.entry(customerId))).rows[0]?.id ?? 0;
            await q(SQL.lot, p.lot(customerId, entryId));
            await q(SQL.award, p.award(customerId, entryId));
            await q(SQL.complete, p.complete);
          }
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
      done += batch.length;
      if (Date.now() >= deadline) break;
      batch = (await q(SQL.pending, [])).rows as unknown as Pending[];
    }
  } finally {
    await client.end();
  }
  return done;
}
