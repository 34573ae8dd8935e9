import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseTarget } from '../config/database-url.js';
import type { Log } from '../logger.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { deliveryKey, type IncomingDelivery } from './repositories/delivery-repository.js';

/**
 * The webhook hot path's one write: a batch of deliveries into the inbox table, skipping known (shop, dedupe key)
 * pairs. It talks to the driver directly, on a connection of its own, because through Prisma this single INSERT
 * cost ~0.1-0.5 ms per delivery (per-parameter overhead of the driver-adapter path; measured in bench/) against a
 * few microseconds here. Everything else, including reading and completing these rows, goes through Prisma.
 * The SQL is the same for SQLite and PostgreSQL; only placeholders differ.
 */
export interface InboxWriter {
  /** Commits the batch durably; returns the keys (see deliveryKey) of deliveries that were new. */
  accept(deliveries: IncomingDelivery[], at: Date): Promise<Set<string>>;
  close(): Promise<void>;
}

const COLUMNS = '"shop", "dedupeKey", "topic", "webhookId", "payload", "status", "attempts", "receivedAt"';

export function createInboxWriter(target: DatabaseTarget, log: Log = () => undefined): InboxWriter {
  return target.kind === 'postgresql' ? postgresqlWriter(target.url, log) : sqliteWriter(target.file);
}

/**
 * SQLite has one writer: while a flow's transaction runs (milliseconds, normally), acknowledgements wait for it.
 * Past this budget the route answers 503 and Shopify redelivers later, rather than timing out (Shopify waits 5 s).
 */
const SQLITE_BUSY_BUDGET_MS = 4000;

function sqliteWriter(file: string): InboxWriter {
  // timeout 0: never block the event loop waiting for SQLite's write lock; retry asynchronously instead (the
  // other writer is this process's own Prisma connection, which needs the event loop to finish its transaction).
  const db = new Sqlite(file, { timeout: 0 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // the 2xx promises durability: sync the WAL on every commit
  const insert = db.prepare(
    `INSERT INTO "WebhookDelivery" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)
     ON CONFLICT ("shop", "dedupeKey") DO NOTHING RETURNING "shop", "dedupeKey"`,
  );
  const acceptBatch = db.transaction((deliveries: IncomingDelivery[], receivedAt: string) => {
    const fresh = new Set<string>();
    for (const d of deliveries) {
      const row = insert.get(d.shop, d.dedupeKey, d.topic, d.webhookId, d.payload, receivedAt) as
        { shop: string; dedupeKey: string } | undefined;
      if (row) fresh.add(deliveryKey(row.shop, row.dedupeKey));
    }
    return fresh;
  });
  return {
    async accept(deliveries, at) {
      // Same text format the Prisma SQLite adapter writes, so Prisma reads these timestamps back.
      const receivedAt = at.toISOString().replace('Z', '+00:00');
      const giveUpAt = Date.now() + SQLITE_BUSY_BUDGET_MS;
      for (;;) {
        try {
          return acceptBatch(deliveries, receivedAt);
        } catch (error) {
          if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
          if (Date.now() > giveUpAt) {
            throw new LoyaltyError('busy', 'The database is busy; please deliver again shortly.', 503);
          }
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
    },
    async close() {
      db.close();
    },
  };
}

function postgresqlWriter(url: string, log: Log): InboxWriter {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection closed by the server (restart, failover, proxy timeout) is reported here; without a
  // listener the pool's 'error' event would crash the process. The pool opens a new connection on next use.
  pool.on('error', (error) => log('inbox writer connection lost', { error: error.message }));
  return {
    async accept(deliveries, at) {
      const values = deliveries.flatMap((d) => [d.shop, d.dedupeKey, d.topic, d.webhookId, d.payload, at]);
      const tuples = deliveries.map((_, i) => {
        const p = (n: number) => `$${i * 6 + n}`;
        return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, 'pending', 0, ${p(6)})`;
      });
      const { rows } = await pool.query<{ shop: string; dedupeKey: string }>(
        `INSERT INTO "WebhookDelivery" (${COLUMNS}) VALUES ${tuples.join(', ')}
         ON CONFLICT ("shop", "dedupeKey") DO NOTHING RETURNING "shop", "dedupeKey"`,
        values,
      );
      return new Set(rows.map((row) => deliveryKey(row.shop, row.dedupeKey)));
    },
    close: () => pool.end(),
  };
}
