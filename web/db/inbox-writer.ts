import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { DatabaseTarget } from '../config/database-url.js';
import type { Log } from '../logger.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { deliveryKey, type ReceivedDelivery } from './repositories/delivery-repository.js';

/**
 * The webhook hot path's one write: a batch of deliveries into the inbox table, skipping known (shop, dedupe key)
 * pairs. It talks to the driver directly, on a connection of its own, because through Prisma this single INSERT
 * cost ~0.1-0.5 ms per delivery (per-parameter overhead of the driver-adapter path; measured in bench/) against a
 * few microseconds here. Everything else, including reading and completing these rows, goes through Prisma.
 * The SQL is the same for SQLite and PostgreSQL; only placeholders differ.
 */
export interface InboxWriter {
  /** Commits the batch durably; returns the keys (see deliveryKey) of deliveries that were new. */
  accept(deliveries: ReceivedDelivery[], at: Date): Promise<Set<string>>;
  close(): Promise<void>;
}

const COLUMNS = '"shop", "dedupeKey", "topic", "webhookId", "payload", "status", "attempts", "receivedAt"';

export function createInboxWriter(target: DatabaseTarget, log: Log = () => undefined): InboxWriter {
  return target.kind === 'postgresql' ? postgresqlWriter(target.url, log) : sqliteWriter(target.file, log);
}

/**
 * SQLite has one writer. Within the process, writes take turns (Store.exclusive, unbounded: a turn lasts
 * milliseconds), so the lock is found taken only by another process (a migration, the CLI). Waiting for that is
 * bounded: past this budget the route answers 503 and Shopify redelivers later, rather than timing out (Shopify
 * waits 5 s).
 */
const SQLITE_BUSY_BUDGET_MS = 4000;

/**
 * Batches go to a writer thread (sqlite-inbox-worker.mjs), so the fsync of one batch never blocks requests. If the
 * thread dies, the batches it held fail (their requests get 500, Shopify redelivers) and the next batch starts a
 * new thread.
 */
function sqliteWriter(file: string, log: Log): InboxWriter {
  type Reply = { id: number; fresh?: Array<[string, string]>; error?: { code?: string; message: string } };
  const waiting = new Map<
    number,
    { resolve: (fresh: Set<string>) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let worker: Worker | null = null;
  let closing = false;

  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  const startWorker = (): Worker => {
    const started = new Worker(new URL('./sqlite-inbox-worker.mjs', import.meta.url), {
      workerData: { file, busyTimeoutMs: SQLITE_BUSY_BUDGET_MS },
      // It holds one batch at a time: a small heap keeps the process's peak RSS down (npm start's 200 MB goal).
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 64 },
    });
    started.on('message', ({ id, fresh, error }: Reply) => {
      const pending = waiting.get(id);
      waiting.delete(id);
      if (!pending) return;
      if (!error) return pending.resolve(new Set((fresh ?? []).map(([shop, key]) => deliveryKey(shop, key))));
      pending.reject(
        error.code === 'SQLITE_BUSY'
          ? new LoyaltyError('busy', 'The database is busy; please deliver again shortly.', 503)
          : Object.assign(new Error(error.message), { code: error.code }),
      );
    });
    started.on('error', (error) => log('inbox writer thread failed', { error: error.message }));
    started.on('exit', () => {
      worker = null;
      if (!closing) failAll(new Error('the inbox writer thread stopped'));
    });
    return started;
  };

  return {
    accept(deliveries, at) {
      if (closing) return Promise.reject(new Error('the inbox writer is closed'));
      worker ??= startWorker();
      const id = nextId++;
      // A payload's own bytes move to the thread (transferred, not copied: copying 10 kB strings cost the event
      // loop ~15 µs per delivery); the text is sent only when there are no such bytes.
      const moved: ArrayBuffer[] = [];
      const rows = deliveries.map((d) => {
        const bytes = d.payloadBytes;
        if (bytes) moved.push(bytes.buffer as ArrayBuffer);
        return [d.shop, d.dedupeKey, d.topic, d.webhookId, bytes ?? d.payload];
      });
      // Same text format the Prisma SQLite adapter writes, so Prisma reads these timestamps back.
      const receivedAt = at.toISOString().replace('Z', '+00:00');
      const target = worker;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        target.postMessage({ id, rows, receivedAt }, moved);
      });
    },
    async close() {
      closing = true;
      if (!worker) return;
      const exited = new Promise((resolve) => worker?.once('exit', resolve));
      worker.postMessage({ close: true });
      await exited;
    },
  };
}

/** https://www.postgresql.org/docs/current/errcodes-appendix.html */
const DEADLOCK = '40P01';

function postgresqlWriter(url: string, log: Log): InboxWriter {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle connection closed by the server (restart, failover, proxy timeout) is reported here; without a
  // listener the pool's 'error' event would crash the process. The pool opens a new connection on next use.
  pool.on('error', (error) => log('inbox writer connection lost', { error: error.message }));
  return {
    async accept(deliveries, at) {
      // Payload bytes, when there are any, go as they are: node-postgres sends bytes (any Uint8Array) in binary
      // format, which for a text column is its UTF-8 (checked by the server), without encoding the string again.
      const values = deliveries.flatMap((d) => [
        d.shop,
        d.dedupeKey,
        d.topic,
        d.webhookId,
        d.payloadBytes ?? d.payload,
        at,
      ]);
      const tuples = deliveries.map((_, i) => {
        const p = (n: number) => `$${i * 6 + n}`;
        return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, 'pending', 0, ${p(6)})`;
      });
      const sql = `INSERT INTO "WebhookDelivery" (${COLUMNS}) VALUES ${tuples.join(', ')}
         ON CONFLICT ("shop", "dedupeKey") DO NOTHING RETURNING "shop", "dedupeKey"`;
      for (let attempt = 1; ; attempt++) {
        try {
          const { rows } = await pool.query<{ shop: string; dedupeKey: string }>(sql, values);
          return new Set(rows.map((row) => deliveryKey(row.shop, row.dedupeKey)));
        } catch (error) {
          // Two app processes' batches that hold copies of the same events in opposite orders wait on each other;
          // PostgreSQL aborts one. Rows keep arrival order (their ids), so retry instead of sorting the keys.
          if ((error as { code?: string }).code !== DEADLOCK || attempt >= 3) throw error;
        }
      }
    },
    close: () => pool.end(),
  };
}
