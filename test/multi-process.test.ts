import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../web/db/client.js';
import { signSessionToken } from '../web/demo/session-token.js';
import { PENDING_HEADER } from '../web/routes/admin-api.js';
import { orderPayload, refundPayload, signWebhook } from '../web/demo/shopify-payloads.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';
import { startServerChild, type ServerChild } from './support/server-child.js';
import { API_KEY, API_SECRET, send, SHOP } from './support/test-app.js';
import { waitFor } from './support/wait-for.js';

// Scale-out: two app processes (separate OS processes, each with its own HTTP listener, inbox worker, Prisma pool
// and inbox writer) on one PostgreSQL. SQLite is one process by design.
describe.runIf(databaseKinds.includes('postgresql'))('two app processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let servers: ServerChild[] = [];
  let connection: Connection;
  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
    // both at once on the empty database: each applies the migrations at start, under an advisory lock
    servers = await Promise.all([startServerChild(database.target), startServerChild(database.target)]);
    connection = await connect(database.target);
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    for (const server of servers) await server.stop();
    await database?.drop();
  });

  const adminHeaders = () => ({
    Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP })}`,
  });
  const customerView = (server: ServerChild, customer: number) =>
    send(`${server.url}/api/customers/${customer}`, { headers: adminHeaders() });

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
      { topic: 'orders/paid', body: order as unknown, eventId: `paid-${order.id}` },
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
    // Shopify retries to whichever instance the load balancer picks: every delivery (same event id, same bytes)
    // reaches both, concurrently, refunds racing their own orders.
    const signed = deliveries.map((d) =>
      signWebhook({ secret: API_SECRET, topic: d.topic, shop: SHOP, body: d.body, eventId: d.eventId }),
    );
    const replies = await Promise.all(
      signed.flatMap((delivery, index) =>
        servers.map(async (server) => ({
          index,
          ...(await send(`${server.url}/api/webhooks`, {
            method: 'POST',
            headers: delivery.headers,
            body: delivery.body,
          })),
        })),
      ),
    );
    expect(replies.filter((reply) => reply.status !== 200)).toEqual([]);
    // one of the two copies of each event is accepted, the other one is a duplicate, whichever process got it
    const acceptedPerEvent = deliveries.map(
      (_, index) => replies.filter((r) => r.index === index && r.body.status === 'accepted').length,
    );
    expect(acceptedPerEvent).toEqual(deliveries.map(() => 1));

    // Order i earned 2 x (10 + i) points; every third order got half of it refunded. Once nothing is pending,
    // both processes' admin APIs show that.
    const expected = new Map<number, number>(customers.map((c) => [c, 0]));
    orders.forEach((order, i) => {
      const earned = 2 * (10 + i);
      const customer = customers[i % customers.length]!;
      expected.set(customer, expected.get(customer)! + earned - (i % 3 === 0 ? earned / 2 : 0));
    });
    await waitFor(
      'no pending deliveries',
      () => connection.db.webhookDelivery.count({ where: { status: 'pending' } }),
      (pending) => pending === 0,
    );
    for (const customer of customers) {
      const views = await Promise.all(servers.map((server) => customerView(server, customer)));
      for (const view of views)
        expect(view).toMatchObject({
          status: 200,
          body: { balance: { available: expected.get(customer), pending: 0 } },
        });
    }
    const entries = await connection.db.ledgerEntry.findMany({ where: { shop: SHOP } });
    expect(entries).toHaveLength(deliveries.length); // one earn per order, one reversal per refund
    expect(new Set(entries.map((e) => e.idempotencyKey)).size).toBe(entries.length);
    const statuses = await connection.db.webhookDelivery.groupBy({ by: ['status'], _count: true });
    expect(statuses).toEqual([{ status: 'processed', _count: deliveries.length }]);
    expect(servers.map((server) => server.exited())).toEqual([null, null]);
  });

  it('shows on one process what the other one acknowledged, unless it says it is still pending', async () => {
    const customer = 8100;
    const [receiver, reader] = servers as [ServerChild, ServerChild];
    const seen: Array<{ order: number; available: unknown; pendingHeader: string | null }> = [];
    for (let i = 1; i <= 10; i++) {
      const order = orderPayload({
        orderId: 81_000 + i,
        customerId: customer,
        lines: [{ price: '10.00', quantity: 1 }],
      });
      const delivery = signWebhook({ secret: API_SECRET, topic: 'orders/paid', shop: SHOP, body: order });
      const ack = await send(`${receiver.url}/api/webhooks`, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
      expect(ack).toEqual({ status: 200, body: { status: 'accepted' } });
      // the read settles the shop's deliveries in the shared inbox first (README, "Reads"); past its bound it
      // would name what is still pending in a header
      const view = await fetch(`${reader.url}/api/customers/${customer}`, { headers: adminHeaders() });
      const body = (await view.json()) as { balance?: { available: number } };
      seen.push({
        order: i,
        available: body.balance?.available,
        pendingHeader: view.headers.get(PENDING_HEADER),
      });
    }
    expect(seen).toEqual(
      Array.from({ length: 10 }, (_, i) => ({ order: i + 1, available: 10 * (i + 1), pendingHeader: null })),
    );
  });
});
