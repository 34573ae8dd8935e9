import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../../web/config/config.js';
import type { DatabaseTarget } from '../../web/config/database-url.js';
import { connect, type Connection, type Database } from '../../web/db/client.js';
import { createStore, type Store } from '../../web/db/store.js';
import { signSessionToken } from '../../web/demo/session-token.js';
import { signWebhook } from '../../web/demo/shopify-payloads.js';
import { startServer, type RunningServer } from '../../web/server.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { API_KEY, API_SECRET, type Reply, send, SHOP } from './test-app.js';

/**
 * Like startTestApp (test-app.ts), but on a database the caller may have prepared, and with the parts a test
 * needs to look behind the HTTP API: the running server (inbox, Shopify session storage) and a Prisma client of
 * its own on the same database, for counting rows no repository method reads.
 */
export interface Harness {
  url: string;
  running: RunningServer;
  store: Store;
  /** A separate Prisma client on the server's database (same `connect()` the app uses). */
  db: Database;
  target: DatabaseTarget;
  deliver(
    topic: string,
    body: unknown,
    opts?: { shop?: string; eventId?: string },
  ): Promise<Reply & { eventId: string }>;
  /** What became of a delivery once the inbox has settled; undefined when its row does not exist. */
  outcome(eventId: string, shop?: string): Promise<string | undefined>;
  admin(path: string, shop?: string): Promise<Reply>;
  close(): Promise<void>;
}

export function testConfig(target: DatabaseTarget): Config {
  return {
    env: 'test',
    port: 0,
    shopify: {
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: new URL('https://loyalty.example.test'),
      scopes: ['read_orders', 'read_customers', 'write_customers', 'write_discounts', 'read_products'],
    },
    database: target,
    webhookBodyLimit: '1mb',
  };
}

/** Starts the real server on `database` (a fresh one of `kind` when a kind is given); close() drops it. */
export async function startHarness(database: TestDatabase | DatabaseKind): Promise<Harness> {
  const owned = typeof database === 'string' ? await createTestDatabase(database) : database;
  const running = await startServer(testConfig(owned.target), () => undefined);
  const connection: Connection = await connect(owned.target);
  const store = createStore(connection);
  return {
    url: running.url,
    running,
    store,
    db: connection.db,
    target: owned.target,
    async deliver(topic, body, opts = {}) {
      const eventId = opts.eventId ?? randomUUID();
      const signed = signWebhook({ secret: API_SECRET, topic, shop: opts.shop ?? SHOP, body, eventId });
      const reply = await send(`${running.url}/api/webhooks`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      return { ...reply, eventId };
    },
    async outcome(eventId, shop = SHOP) {
      await running.inbox.settle();
      return (await store.read((repos) => repos.deliveries.status(shop, eventId)))?.status;
    },
    async admin(path, shop = SHOP) {
      const token = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop });
      return send(`${running.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    },
    async close() {
      await running.close();
      await connection.close();
      await dropWhenIdle(owned);
    },
  };
}

/** Rows per table for one shop, read with Prisma model delegates (the tables' `shop` / `domain` columns). */
export async function countShopRows(db: Database, shop: string) {
  const where = { shop };
  return {
    shop: await db.shop.count({ where: { domain: shop } }),
    programs: await db.program.count({ where }),
    customers: await db.customer.count({ where }),
    ledgerEntries: await db.ledgerEntry.count({ where }),
    earningLots: await db.earningLot.count({ where }),
    orderAwards: await db.orderAward.count({ where }),
    pendingReversals: await db.pendingReversal.count({ where }),
    deliveries: await db.webhookDelivery.count({ where }),
    dataRequests: await db.dataRequest.count({ where }),
    sessions: await db.session.count({ where }),
  };
}

/**
 * Drops a test database once every connection to it has gone. A pg pool's end() resolves before its sockets are
 * closed; dropping WITH (FORCE) in that window terminates a backend mid-close, which surfaces as an unrelated
 * unhandled error in whichever test runs next.
 */
export async function dropWhenIdle(database: TestDatabase): Promise<void> {
  if (database.target.kind === 'postgresql') {
    const client = new pg.Client({ connectionString: database.target.url });
    await client.connect();
    try {
      for (let waited = 0; waited < 2000; waited += 20) {
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        if (rows[0]?.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await client.end();
    }
  }
  await database.drop();
}
