import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload, refundPayload } from '../web/demo/shopify-payloads.js';
import { DEFAULT_PROGRAM, type ProgramSettings } from '../web/loyalty/program.js';
import { databaseKinds } from './support/databases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const DAY = 24 * 60 * 60 * 1000;

describe.each(databaseKinds)('program rules on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.close());

  let shopCounter = 0;
  /** A fresh shop whose program gets `settings` from `effectiveFrom` on (version 1 is the default program). */
  const shopWith = async (settings: Partial<ProgramSettings>, effectiveFrom = new Date(0)) => {
    const shop = `rules-${kind}-${shopCounter++}.myshopify.com`;
    await app.store.transaction(async (repos) => {
      await repos.shops.ensure(shop, 'EUR');
      await repos.shops.addProgramVersion(shop, { ...DEFAULT_PROGRAM, ...settings }, effectiveFrom);
    });
    return shop;
  };
  const customerView = (shop: string, id: number) => app.customer(id, shop);

  it('keeps points pending for pendingDays after the order, then releases them', async () => {
    const shop = await shopWith({ pendingDays: 14 });
    const recent = orderPayload({
      orderId: 501,
      customerId: 1,
      lines: [{ price: '40.00', quantity: 1 }],
      processedAt: new Date().toISOString(),
    });
    const old = orderPayload({
      orderId: 502,
      customerId: 1,
      lines: [{ price: '15.00', quantity: 1 }],
      processedAt: new Date(Date.now() - 20 * DAY).toISOString(),
    });
    await app.deliver('orders/paid', recent, { shop });
    await app.deliver('orders/paid', old, { shop });
    expect((await customerView(shop, 1)).balance).toEqual({ available: 15, pending: 40 });
    app.advanceClock(15 * DAY);
    // the list releases due points too (read before the detail view, which would release them anyway)
    const listed = await app.admin('/api/customers', shop);
    expect(listed.body.customers).toMatchObject([
      { id: 1, balance: { available: 55, pending: 0 }, tier: null },
    ]);
    expect((await customerView(shop, 1)).balance).toEqual({ available: 55, pending: 0 });
  });

  it('makes points available at once without a pending period, even for an order stamped ahead of the server clock', async () => {
    const shop = await shopWith({ pendingDays: 0 });
    const ahead = orderPayload({
      orderId: 504,
      customerId: 3,
      lines: [{ price: '44.00', quantity: 1 }],
      processedAt: new Date(app.now().getTime() + 60_000).toISOString(), // Shopify's clock a minute ahead of ours
    });
    await app.deliver('orders/paid', ahead, { shop });
    expect((await customerView(shop, 3)).balance).toEqual({ available: 44, pending: 0 });
  });

  it('reverses pending points from the pending balance', async () => {
    const shop = await shopWith({ pendingDays: 30 });
    const order = orderPayload({ orderId: 503, customerId: 2, lines: [{ price: '10.00', quantity: 4 }] });
    await app.deliver('orders/paid', order, { shop });
    await app.deliver(
      'refunds/create',
      refundPayload({ refundId: 9503, order, lines: [{ lineIndex: 0, quantity: 1 }] }),
      { shop },
    );
    expect((await customerView(shop, 2)).balance).toEqual({ available: 0, pending: 30 });
  });

  it('applies a rate change to orders processed after it, and reverses at the rate of the original award', async () => {
    const change = new Date(Date.now() - DAY);
    const shop = await shopWith({ earnRate: '3' }, change);
    const before = orderPayload({
      orderId: 504,
      customerId: 3,
      lines: [{ price: '10.00', quantity: 2 }],
      processedAt: new Date(change.getTime() - DAY).toISOString(),
    });
    const after = orderPayload({ orderId: 505, customerId: 3, lines: [{ price: '10.00', quantity: 2 }] });
    await app.deliver('orders/paid', after, { shop }); // arrival order does not matter: processed_at decides
    await app.deliver('orders/paid', before, { shop });
    expect((await customerView(shop, 3)).balance.available).toBe(20 + 60);
    await app.deliver(
      'refunds/create',
      refundPayload({ refundId: 9504, order: before, lines: [{ lineIndex: 0, quantity: 1 }] }),
      { shop },
    );
    // half of the order earned at rate 1 (20 points): 10 back, not 30
    expect((await customerView(shop, 3)).balance.available).toBe(70);
  });

  it('includes shipping when the program says so, and reverses refunded shipping too', async () => {
    const shop = await shopWith({ includeShipping: true });
    const order = orderPayload({
      orderId: 506,
      customerId: 4,
      lines: [{ price: '30.00', quantity: 1 }],
      shipping: { price: '10.00' },
    });
    await app.deliver('orders/paid', order, { shop });
    expect((await customerView(shop, 4)).balance.available).toBe(40);
    await app.deliver(
      'refunds/create',
      refundPayload({ refundId: 9506, order, lines: [], shipping: { amount: '10.00' } }),
      { shop },
    );
    expect((await customerView(shop, 4)).balance.available).toBe(30);
  });

  it('earns nothing on an order whose discounts cover everything, and keeps it on record', async () => {
    const shop = await shopWith({});
    const order = orderPayload({
      orderId: 507,
      customerId: 5,
      lines: [{ price: '20.00', quantity: 1, discount: '20.00' }],
    });
    const reply = await app.deliver('orders/paid', order, { shop });
    expect(await app.outcome(reply.eventId, shop)).toBe('processed');
    expect((await customerView(shop, 5)).balance).toEqual({ available: 0, pending: 0 });
    const award = await app.store.read((repos) => repos.orders.findAward(shop, '507'));
    expect(award).toMatchObject({ status: 'earned', earnedPoints: 0, eligibleMicros: 0n });
  });
});
