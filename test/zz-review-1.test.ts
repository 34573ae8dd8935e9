import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload, refundPayload } from '../web/demo/shopify-payloads.js';
import { DEFAULT_PROGRAM } from '../web/loyalty/program.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const DAY = 24 * 60 * 60 * 1000;

describe('review', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('sqlite');
  });
  afterAll(() => app?.close());

  it('A: refund vs cancel arrival order changes ledger rows', async () => {
    const order = orderPayload({ orderId: 7001, customerId: 71, lines: [{ price: '10.00', quantity: 10 }] });
    const refund = refundPayload({ refundId: 97001, order, lines: [{ lineIndex: 0, quantity: 3 }] });
    const cancelled = { ...order, cancelled_at: new Date().toISOString() };
    const a = 'rev-a.myshopify.com';
    const b = 'rev-b.myshopify.com';
    await app.deliver('orders/paid', order, { shop: a });
    await app.deliver('refunds/create', refund, { shop: a });
    await app.deliver('orders/cancelled', cancelled, { shop: a });
    await app.deliver('orders/paid', order, { shop: b });
    await app.deliver('orders/cancelled', cancelled, { shop: b });
    await app.deliver('refunds/create', refund, { shop: b });
    const ea = (await app.customer(71, a)).entries.map((e) => `${e.kind}:${e.points}`).sort();
    const eb = (await app.customer(71, b)).entries.map((e) => `${e.kind}:${e.points}`).sort();
    console.log('A shop a', ea, 'shop b', eb);
    expect(ea).not.toEqual(eb);
  });

  it('B: customer list shows stale pending balance, detail shows matured', async () => {
    const shop = 'rev-pending.myshopify.com';
    await app.store.transaction(async (repos) => {
      await repos.shops.ensure(shop, 'EUR');
      await repos.shops.addProgramVersion(shop, { ...DEFAULT_PROGRAM, pendingDays: 1 }, new Date(0));
    });
    await app.deliver('orders/paid', orderPayload({ orderId: 7101, customerId: 72, lines: [{ price: '40.00', quantity: 1 }] }), { shop });
    await app.settle();
    app.advanceClock(2 * DAY);
    const list = await app.admin('/api/customers', shop);
    const detail = await app.customer(72, shop);
    const list2 = await app.admin('/api/customers', shop);
    console.log('B list before detail', JSON.stringify(list.body.customers[0].balance), 'detail', JSON.stringify(detail.balance), 'list after', JSON.stringify(list2.body.customers[0].balance));
    app.advanceClock(-2 * DAY);
    expect(list.body.customers[0].balance).not.toEqual(detail.balance);
  });

  it('D: read-then-write transaction on SQLite fails when the inbox writer commits in between', async () => {
    const shop = 'rev-busy.myshopify.com';
    await app.deliver('orders/paid', orderPayload({ orderId: 7201, customerId: 73, lines: [{ price: '5.00', quantity: 1 }] }), { shop });
    await app.settle();
    const other = new Sqlite(app.target.kind === 'sqlite' ? app.target.file : '');
    let error: unknown;
    try {
      await app.running.store.transaction(async (repos) => {
        const found = await repos.customers.find(shop, '73');
        other.prepare(`UPDATE "Shop" SET "currency" = 'EUR' WHERE "domain" = 'nothing'`).run(); // what the inbox worker does: a commit on its own connection
        other.prepare(`INSERT INTO "WebhookDelivery" ("shop","dedupeKey","topic","webhookId","payload","status","attempts","receivedAt") VALUES ('x.myshopify.com','k1','t','w',NULL,'processed',0,'2020-01-01T00:00:00+00:00')`).run();
        await repos.customers.lockById(found!.id);
      });
    } catch (e) {
      error = e;
    }
    other.close();
    console.log('D error', (error as { code?: string })?.code, String((error as Error)?.message).split('\n').pop());
    expect(error).toBeDefined();
  });

  it('D2: GET /api/customers/:id under webhook load', async () => {
    const shop = 'rev-load.myshopify.com';
    await app.deliver('orders/paid', orderPayload({ orderId: 7301, customerId: 74, lines: [{ price: '5.00', quantity: 1 }] }), { shop });
    let stop = false;
    let n = 0;
    const senders = Array.from({ length: 8 }, async () => {
      while (!stop) {
        n++;
        await app.deliver('customers/create', { id: 100000 + n, created_at: new Date().toISOString() }, { shop: 'rev-load-2.myshopify.com' });
      }
    });
    const statuses: Record<number, number> = {};
    const bodies = new Set<string>();
    const until = Date.now() + 8000;
    const readers = Array.from({ length: 4 }, async () => {
      while (Date.now() < until) {
        const r = await app.admin(`/api/customers/74`, shop);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status !== 200) bodies.add(JSON.stringify(r.body));
      }
    });
    await Promise.all(readers);
    stop = true;
    await Promise.all(senders);
    console.log('D2 statuses', statuses, [...bodies], 'webhooks', n);
  });
});
