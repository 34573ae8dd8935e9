import { randomUUID } from 'node:crypto';
import type { Config } from '../../web/config/config.js';
import type { DatabaseTarget } from '../../web/config/database-url.js';
import { connect, type Database } from '../../web/db/client.js';
import { createStore, type Store } from '../../web/db/store.js';
import { signSessionToken } from '../../web/demo/session-token.js';
import { signWebhook } from '../../web/demo/shopify-payloads.js';
import type { PanelOptions } from '../../web/routes/panel-page.js';
import { startServer, type RunningServer } from '../../web/server.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';

export const API_KEY = 'test-api-key';
export const API_SECRET = 'test-api-secret';
export const SHOP = 'test-shop.myshopify.com';

export interface TestApp {
  url: string;
  store: Store;
  /** A Prisma client of the test's own on the server's database, for rows no repository method reads. */
  db: Database;
  target: DatabaseTarget;
  /** The running server: its inbox, its Shopify setup. */
  running: RunningServer;
  /** The app's Shopify session storage (offline tokens). */
  sessions: RunningServer['shopify']['config']['sessionStorage'];
  /** Sends a webhook signed as Shopify signs it; returns the HTTP status and JSON body. */
  deliver(
    topic: string,
    body: unknown,
    opts?: { shop?: string; eventId?: string; webhookId?: string },
  ): Promise<Reply & { eventId: string }>;
  /** Waits until the inbox has processed everything, then returns what became of one delivery. */
  outcome(eventId: string, shop?: string): Promise<string | undefined>;
  /** Waits until every accepted delivery is processed. */
  settle(): Promise<void>;
  /** Moves the server's clock forward (pending points maturing, expiry). */
  advanceClock(ms: number): void;
  /** The server's clock now (the real time plus every advanceClock so far). */
  now(): Date;
  /** GET an admin API path with a valid session token for `shop`. */
  admin(path: string, shop?: string): Promise<Reply>;
  /** GET /api/customers/:id, which must answer 200. */
  customer(id: number, shop?: string): Promise<CustomerView>;
  /** Stops the server and drops the database (when the app created it). */
  close(): Promise<void>;
}

export interface CustomerView {
  id: number;
  balance: { available: number; pending: number };
  tier: string | null;
  entries: Array<{ kind: string; points: number; orderId: string | null; refundId: string | null }>;
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the server under test
}

export function testConfig(target: DatabaseTarget): Config {
  return {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    shopify: {
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: new URL('https://loyalty.example.test'),
      scopes: ['read_orders', 'read_customers', 'write_customers', 'write_discounts', 'read_products'],
      adminTimeoutMs: 1_000,
    },
    database: target,
    webhookBodyLimit: '1mb',
    webhookUnverifiedLimit: '32mb',
    http: { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, maxConnections: 1024 },
    storefrontRateLimit: { perMinute: 1000, redisUrl: null },
    jobs: false, // tests run jobs themselves (running.jobs.runOnce), at the moment they choose
    imports: { bodyLimit: '50mb', maxRows: 1_000_000 },
  };
}

/**
 * The real server (real HTTP, real database) on a free port: on a fresh database of the given kind, or on one
 * the test prepared (crash recovery, several processes on one database), which it then also drops on close.
 */
export async function startTestApp(
  database: DatabaseKind | TestDatabase,
  configure: (config: Config) => Config = (config) => config,
  /** The merchant panel's host (the demo's, for browser tests); none, as in production, by default. */
  panel?: PanelOptions,
): Promise<TestApp> {
  const owned = typeof database === 'string' ? await createTestDatabase(database) : database;
  let offsetMs = 0;
  const running = await startServer(
    configure(testConfig(owned.target)),
    () => undefined,
    { now: () => new Date(Date.now() + offsetMs) },
    panel,
  );
  const connection = await connect(owned.target);
  const store = createStore(connection);
  const admin = (path: string, shop = SHOP) => {
    const token = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop });
    return send(`${running.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  };

  return {
    url: running.url,
    store,
    db: connection.db,
    target: owned.target,
    running,
    sessions: running.shopify.config.sessionStorage,
    async deliver(topic, body, opts = {}) {
      const eventId = opts.eventId ?? randomUUID();
      const signed = signWebhook({
        secret: API_SECRET,
        topic,
        shop: opts.shop ?? SHOP,
        body,
        eventId,
        ...(opts.webhookId && { webhookId: opts.webhookId }),
      });
      const reply = await send(`${running.url}/api/webhooks`, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      return { ...reply, eventId };
    },
    async outcome(eventId, shop = SHOP) {
      await running.inbox.settle();
      // the route keys deliveries by topic and event id
      const row = await connection.db.webhookDelivery.findFirst({
        where: { shop, dedupeKey: { endsWith: `:${eventId}` } },
        select: { status: true },
      });
      return row?.status;
    },
    settle: async () => {
      await running.inbox.settle();
    },
    advanceClock(ms) {
      offsetMs += ms;
    },
    now: () => new Date(Date.now() + offsetMs),
    admin,
    async customer(id, shop = SHOP) {
      const reply = await admin(`/api/customers/${id}`, shop);
      if (reply.status !== 200)
        throw new Error(`GET customer ${id}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body as CustomerView;
    },
    async close() {
      await running.close();
      await connection.close();
      await owned.drop();
    },
  };
}

export async function send(url: string, init: RequestInit): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text so a failing assertion shows it
  }
  return { status: response.status, body };
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
    redemptions: await db.redemption.count({ where }),
    adjustments: await db.adjustment.count({ where }),
    sessions: await db.session.count({ where }),
  };
}
