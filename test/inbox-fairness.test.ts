import express from 'express';
import fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DUE_BATCH_BYTES } from '../web/db/repositories/delivery-repository.js';
import type { Repositories, Store } from '../web/db/store.js';
import { adminApi, PENDING_HEADER } from '../web/routes/admin-api.js';
import { webhookHandlers } from '../web/webhooks/registry.js';
import { databaseKinds } from './support/databases.js';
import {
  cleanups,
  closeAll,
  delivery,
  holdPassAfterRead,
  newId,
  openInbox,
  paidOrder,
} from './support/inbox-fixture.js';
import { signSessionToken } from '../web/demo/session-token.js';
import { API_KEY, API_SECRET, SHOP, startTestApp } from './support/test-app.js';

afterEach(closeAll);

const BUSY_SHOP = 'busy-shop.myshopify.com';
const QUIET_SHOP = 'quiet-shop.myshopify.com';
const BACKLOG = 2000;

/**
 * Holds processing at the read of due deliveries that follows the first read containing `dedupeKey`, i.e. right
 * after that batch committed, until released: the test looks at the database exactly between two batches.
 */
function holdAfterBatchWith(dedupeKey: string) {
  let seen = false;
  let reached!: () => void;
  const atSecondBatch = new Promise<void>((resolve) => (reached = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const wrap = (store: Store): Store => ({
    ...store,
    async read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
      const result = await store.read(work);
      if (!Array.isArray(result)) return result;
      if (seen) {
        seen = false;
        reached();
        await released;
      }
      if (result.some((d: { dedupeKey?: string }) => d.dedupeKey === dedupeKey)) seen = true;
      return result;
    },
  });
  return { wrap, atSecondBatch, release };
}

describe.each(databaseKinds)('crediting fair across shops on %s', (kind) => {
  it(`credits a quiet shop's one delivery in the first batch that sees it, while a busy shop's backlog of ${BACKLOG} is pending`, async () => {
    const quiet = delivery('orders/paid', paidOrder(newId(), '8.00'), { shop: QUIET_SHOP });
    const hold = holdAfterBatchWith(quiet.dedupeKey);
    const fixture = await openInbox(kind, webhookHandlers, hold.wrap);
    cleanups.push(async () => hold.release());
    const backlog = Array.from({ length: BACKLOG }, () =>
      delivery('orders/paid', paidOrder(newId(), '5.00'), { shop: BUSY_SHOP }),
    );
    // all accepted together, the quiet shop's last: it has the highest id of all
    const results = await Promise.all([...backlog, quiet].map((d) => fixture.inbox.accept(d)));
    expect(results.every((r) => r === 'accepted')).toBe(true);

    await hold.atSecondBatch;
    expect((await fixture.row(quiet.dedupeKey, QUIET_SHOP))?.status).toBe('processed');
    const busyPending = await fixture.connection.db.webhookDelivery.count({
      where: { shop: BUSY_SHOP, status: 'pending' },
    });
    expect(busyPending).toBeGreaterThan(BACKLOG / 2);
    // a reader of the quiet shop does not wait for the busy shop; one of the busy shop waits only so long,
    // then hears how much is still pending
    expect(await fixture.inbox.settle(QUIET_SHOP, 60_000)).toEqual({ pending: 0 });
    expect(await fixture.inbox.settle(BUSY_SHOP, 200)).toEqual({ pending: busyPending });

    hold.release();
    await fixture.inbox.settle();
    expect(await fixture.connection.db.webhookDelivery.count({ where: { status: 'pending' } })).toBe(0);
    expect(await fixture.connection.db.ledgerEntry.count({ where: { kind: 'earn' } })).toBe(BACKLOG + 1);
  });
});

describe.each(databaseKinds)('a reader of one shop on %s', (kind) => {
  it('is answered once the pass that already held its delivery has credited it, while another shop is still busy', async () => {
    const quiet = delivery('orders/paid', paidOrder(newId(), '8.00'), { shop: QUIET_SHOP });
    // holds the read that picked the quiet shop's delivery: the reader arrives while that batch is underway
    const hold = holdPassAfterRead((due) => due.some((d) => d.dedupeKey === quiet.dedupeKey));
    const fixture = await openInbox(kind, webhookHandlers, hold.wrap);
    cleanups.push(async () => hold.release());
    const backlog = Array.from({ length: BACKLOG }, () =>
      delivery('orders/paid', paidOrder(newId(), '5.00'), { shop: BUSY_SHOP }),
    );
    await Promise.all([...backlog, quiet].map((d) => fixture.inbox.accept(d)));
    await hold.passRead;
    const reader = fixture.inbox.settle(QUIET_SHOP, 60_000);
    hold.release();
    expect(await reader).toEqual({ pending: 0 });
    expect((await fixture.row(quiet.dedupeKey, QUIET_SHOP))?.status).toBe('processed');
    // answered by the next read that found nothing of the quiet shop due, not by the inbox running empty
    const busyPending = await fixture.connection.db.webhookDelivery.count({
      where: { shop: BUSY_SHOP, status: 'pending' },
    });
    expect(busyPending).toBeGreaterThan(0);
  });
});

describe.each(databaseKinds)('due deliveries on %s', (kind) => {
  it('come in reads of at most DUE_BATCH_BYTES of payload, and at least one however large', async () => {
    // processing held at its first read: the rows stay pending and due
    const hold = holdPassAfterRead(() => true);
    const fixture = await openInbox(kind, webhookHandlers, hold.wrap);
    cleanups.push(async () => hold.release());
    await hold.passRead;
    const big = (mb: number) => JSON.stringify({ pad: 'x'.repeat(mb * 1_000_000) });
    for (const payload of [big(7), big(7), big(7), big(7)])
      await fixture.inbox.accept({ ...delivery('test/none', {}), payload });
    const read = () => fixture.store.read((repos) => repos.deliveries.due(512, new Date()));
    // 0, 7 and 14 MB come before the first three; the fourth would start at 21 MB
    expect((await read()).length).toBe(3);
    expect(DUE_BATCH_BYTES).toBe(16_000_000);
    await fixture.connection.db.webhookDelivery.deleteMany({});
    await fixture.inbox.accept({ ...delivery('test/none', {}), payload: big(20) });
    expect((await read()).map((d) => d.payload.length)).toEqual([big(20).length]);
  });

  it("are each shop's due rows numbered by id, taken turn by turn (random sets of shops, retries and limits)", async () => {
    const hold = holdPassAfterRead(() => true);
    const fixture = await openInbox(kind, webhookHandlers, hold.wrap);
    cleanups.push(async () => hold.release());
    await hold.passRead;
    const now = new Date();
    const states = ['due', 'due', 'due', 'retry due', 'waiting for retry', 'processed', 'failed'] as const;
    const row = fc.record({
      shop: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      state: fc.constantFrom(...states),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        async (rows, limit) => {
          const db = fixture.connection.db;
          await db.webhookDelivery.deleteMany({});
          await db.webhookDelivery.createMany({
            data: rows.map(({ shop, state }, i) => ({
              shop: `${shop}.myshopify.com`,
              dedupeKey: `test/none:${i}`,
              topic: 'test/none',
              webhookId: `w${i}`,
              payload: '{}',
              status: state === 'processed' || state === 'failed' ? state : 'pending',
              nextAttemptAt:
                state === 'retry due'
                  ? new Date(now.getTime() - 1_000)
                  : state === 'waiting for retry'
                    ? new Date(now.getTime() + 60_000)
                    : null,
            })),
          });
          // the model: due = pending and not waiting; numbered per shop by id; turn 1 of every shop first
          const stored = await db.webhookDelivery.findMany({ orderBy: { id: 'asc' } });
          const turns = new Map<string, number>();
          const expected = stored
            .filter((d) => d.status === 'pending' && (d.nextAttemptAt === null || d.nextAttemptAt <= now))
            .map((d) => {
              turns.set(d.shop, (turns.get(d.shop) ?? 0) + 1);
              return { id: d.id, turn: turns.get(d.shop)! };
            })
            .sort((x, y) => x.turn - y.turn || x.id - y.id)
            .slice(0, limit)
            .map((d) => d.id);
          const due = await fixture.store.read((repos) => repos.deliveries.due(limit, now));
          expect(due.map((d) => d.id)).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('admin reads and the inbox backlog', () => {
  it(`answers with ${PENDING_HEADER} when its shop's deliveries are not all credited within the bound`, async () => {
    const app = await startTestApp('sqlite');
    cleanups.push(() => app.close());
    const asked: Array<[string, number]> = [];
    const server = express()
      .use((_req, res, next) => {
        res.locals.shop = SHOP;
        next();
      })
      .use(
        adminApi({
          store: app.store,
          now: () => new Date(),
          settle: async (shop, maxWaitMs) => {
            asked.push([shop, maxWaitMs]);
            return { pending: 7 };
          },
        }),
      )
      .listen(0, '127.0.0.1');
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/data-requests`);
    expect(response.status).toBe(200);
    expect(response.headers.get(PENDING_HEADER)).toBe('7');
    expect(asked).toEqual([[SHOP, 2000]]);
  });

  it(`leaves ${PENDING_HEADER} out when everything acknowledged is credited`, async () => {
    const app = await startTestApp('sqlite');
    cleanups.push(() => app.close());
    const customer = newId();
    expect((await app.deliver('orders/paid', paidOrder(customer, '3.00'))).status).toBe(200);
    const token = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP });
    const response = await fetch(`${app.url}/api/customers/${customer}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.has(PENDING_HEADER)).toBe(false);
    expect(((await response.json()) as { balance: { available: number } }).balance.available).toBe(3);
  });
});
