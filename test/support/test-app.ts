import { randomUUID } from 'node:crypto';
import type { Config } from '../../web/config/config.js';
import { connect, type Connection } from '../../web/db/client.js';
import { createStore, type Store } from '../../web/db/store.js';
import { startServer, type RunningServer } from '../../web/server.js';
import { signSessionToken } from '../../web/demo/session-token.js';
import { signWebhook } from '../../web/demo/shopify-payloads.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';

export const API_KEY = 'test-api-key';
export const API_SECRET = 'test-api-secret';

export interface TestApp {
  url: string;
  store: Store;
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
  /** GET an admin API path with a valid session token for `shop`. */
  admin(path: string, shop?: string): Promise<Reply>;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the server under test
}

export const SHOP = 'test-shop.myshopify.com';

/** The real server (real HTTP, real database of the given kind) on a free port, with a fresh database. */
export async function startTestApp(kind: DatabaseKind): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase(kind);
  const config: Config = {
    env: 'test',
    port: 0,
    shopify: {
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: new URL('https://loyalty.example.test'),
      scopes: ['read_orders', 'read_customers', 'write_customers', 'write_discounts', 'read_products'],
    },
    database: database.target,
    webhookBodyLimit: '1mb',
  };
  let offsetMs = 0;
  const running: RunningServer = await startServer(config, () => undefined, {
    now: () => new Date(Date.now() + offsetMs),
  });
  const connection: Connection = await connect(database.target);
  const store = createStore(connection);

  return {
    url: running.url,
    store,
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
      return (await store.read((repos) => repos.deliveries.status(shop, eventId)))?.status;
    },
    settle: () => running.inbox.settle(),
    advanceClock(ms) {
      offsetMs += ms;
    },
    async admin(path, shop = SHOP) {
      const token = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop });
      return send(`${running.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    },
    async close() {
      await running.close();
      await connection.close();
      await database.drop();
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
