// Shared by the inbox tests: deliveries as the route hands them over, an inbox on a fresh database, a clock the
// test moves, and a way to hold a processing pass at an exact point.
import { randomUUID } from 'node:crypto';
import { connect, type Connection } from '../../web/db/client.js';
import { createInboxWriter } from '../../web/db/inbox-writer.js';
import { migrate } from '../../web/db/migrate.js';
import type { IncomingDelivery } from '../../web/db/repositories/delivery-repository.js';
import { createStore, type Repositories, type Store } from '../../web/db/store.js';
import { orderPayload } from '../../web/demo/shopify-payloads.js';
import { buyerKeyFor } from '../../web/webhooks/buyer-key.js';
import type { WebhookHandler } from '../../web/webhooks/handler.js';
import { WebhookInbox } from '../../web/webhooks/inbox.js';
import { webhookHandlers } from '../../web/webhooks/registry.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { SHOP } from './test-app.js';

let nextId = 50_000;
export const newId = () => nextId++;

/** A delivery as the webhook route hands it to the inbox. */
export function delivery(
  topic: string,
  body: unknown,
  opts: { shop?: string; dedupeKey?: string } = {},
): IncomingDelivery {
  return {
    shop: opts.shop ?? SHOP,
    dedupeKey: opts.dedupeKey ?? randomUUID(),
    topic,
    webhookId: randomUUID(),
    payload: JSON.stringify(body),
  };
}

export const paidOrder = (customerId: number, price: string) =>
  orderPayload({ orderId: newId(), customerId, lines: [{ price, quantity: 1 }] });

/** Resolves with 'timeout' when `promise` has not settled after `ms`. */
export const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);

/**
 * Wraps a store so that the first processing read whose result matches `when` is held until released: a test can
 * then accept deliveries while a pass is at exactly that point, on either database, without timing luck.
 */
export function holdPassAfterRead(when: (pending: Array<{ dedupeKey?: string }>) => boolean) {
  let passHasRead!: () => void;
  const passRead = new Promise<void>((resolve) => (passHasRead = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let armed = true;
  const wrap = (store: Store): Store => ({
    ...store,
    async read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
      const result = await store.read(work);
      if (armed && Array.isArray(result) && when(result)) {
        armed = false;
        passHasRead();
        await released;
      }
      return result;
    },
  });
  return { wrap, passRead, release };
}

export interface InboxFixture {
  inbox: WebhookInbox;
  store: Store;
  connection: Connection;
  database: TestDatabase;
  row(dedupeKey: string, shop?: string): Promise<DeliveryRow | null>;
}
export type DeliveryRow = { status: string; attempts: number; payload: string | null; detail: string | null };

/** What tests opened, closed after each test (call `closeAll` in afterEach), newest first. */
export const cleanups: Array<() => Promise<void>> = [];
export async function closeAll(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!();
}

/** A WebhookInbox on a fresh migrated database, with the given handlers; closed and dropped after the test. */
export async function openInbox(
  kind: DatabaseKind,
  handlers: ReadonlyMap<string, WebhookHandler>,
  wrapStore: (store: Store) => Store = (store) => store,
  clock: { now: () => Date } = { now: () => new Date() },
): Promise<InboxFixture> {
  const database = await createTestDatabase(kind);
  cleanups.push(() => database.drop());
  await migrate(database.target);
  const connection = await connect(database.target);
  cleanups.push(() => connection.close());
  const store = createStore(connection);
  const writer = createInboxWriter(database.target);
  const inbox = new WebhookInbox({
    store: wrapStore(store),
    writer,
    handlers,
    log: () => undefined,
    now: () => clock.now(),
    buyerKey: buyerKeyFor('inbox-fixture-secret'),
  });
  inbox.start();
  cleanups.push(() => inbox.close());
  return {
    inbox,
    store,
    connection,
    database,
    row: (dedupeKey, shop = SHOP) =>
      connection.db.webhookDelivery.findUnique({
        where: { shop_dedupeKey: { shop, dedupeKey } },
        select: { status: true, attempts: true, payload: true, detail: true },
      }),
  };
}

export const withHandlers = (...extra: WebhookHandler[]): ReadonlyMap<string, WebhookHandler> =>
  new Map([...webhookHandlers, ...extra.map((handler) => [handler.topic, handler] as const)]);

export const ordersPaid = webhookHandlers.get('orders/paid')!;

/** The inbox's clock, standing still until the test moves it: retries come due only when it says so. */
export function testClock() {
  let at = Date.now();
  return {
    now: () => new Date(at),
    advance: (ms: number) => void (at += ms),
  };
}
