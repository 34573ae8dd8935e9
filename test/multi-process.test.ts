import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload, refundPayload } from '../web/demo/shopify-payloads.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';
import { SHOP, startTestApp, type TestApp } from './support/test-app.js';

// Scale-out: several stateless app processes on one PostgreSQL (SQLite is one process by design). Each server
// here has its own HTTP listener, inbox worker, Prisma pool and inbox writer, as separate processes would.
describe.runIf(databaseKinds.includes('postgresql'))('two app processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let apps: TestApp[];
  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
    const shared = { target: database.target, drop: async () => undefined };
    apps = [await startTestApp(shared), await startTestApp(shared)];
  });
  afterAll(async () => {
    for (const app of apps ?? []) await app.close();
    await database?.drop();
  });

  it('credits every order exactly once when both receive every delivery at the same time', async () => {
    const customers = [8001, 8002, 8003];
    const orders = Array.from({ length: 24 }, (_, i) =>
      orderPayload({
        orderId: 80_000 + i,
        customerId: customers[i % customers.length]!,
        lines: [{ price: `${10 + i}.00`, quantity: 2 }],
      }),
    );
    const deliveries = orders.flatMap((order, i) => [
      { topic: 'orders/paid', body: order, eventId: `paid-${order.id}` },
      ...(i % 3 === 0
        ? [
            {
              topic: 'refunds/create',
              body: refundPayload({ refundId: 90_000 + i, order, lines: [{ lineIndex: 0, quantity: 1 }] }),
              eventId: `refund-${order.id}`,
            },
          ]
        : []),
    ]);
    // Shopify retries to whichever instance the load balancer picks: every delivery reaches both, concurrently,
    // refunds racing their own orders.
    const replies = await Promise.all(
      deliveries.flatMap((d) => apps.map((app) => app.deliver(d.topic, d.body, { eventId: d.eventId }))),
    );
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    await Promise.all(apps.map((app) => app.settle()));

    // Order i earned 2 x (10 + i) points; every third order got half of it refunded.
    const expected = new Map<number, number>(customers.map((c) => [c, 0]));
    orders.forEach((order, i) => {
      const earned = 2 * (10 + i);
      const customer = customers[i % customers.length]!;
      expected.set(customer, expected.get(customer)! + earned - (i % 3 === 0 ? earned / 2 : 0));
    });
    for (const customer of customers) {
      const views = await Promise.all(apps.map((app) => app.admin(`/api/customers/${customer}`)));
      for (const view of views)
        expect(view.body.balance).toEqual({ available: expected.get(customer), pending: 0 });
    }
    const entries = await apps[0]!.store.read((repos) => repos.ledger.allEntries(SHOP));
    expect(entries).toHaveLength(deliveries.length); // one earn per order, one reversal per refund
    expect(new Set(entries.map((e) => e.idempotencyKey)).size).toBe(entries.length);
    const statuses = await apps[0]!.db.webhookDelivery.groupBy({ by: ['status'], _count: true });
    expect(statuses).toEqual([{ status: 'processed', _count: deliveries.length }]);
  });
});
