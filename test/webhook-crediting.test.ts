import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPayload, orderPayload, refundPayload } from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { SHOP, startTestApp, type TestApp } from './support/test-app.js';

let nextId = 1000;
const newId = () => nextId++;

describe.each(databaseKinds)('webhook crediting on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.close());

  const balanceOf = (customerId: number, shop = SHOP) => app.customer(customerId, shop);

  it('credits floor(subtotal after discounts, without tax and shipping) x rate on orders/paid', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [
        { price: '19.99', quantity: 2, discount: '4.00', tax: '6.84' },
        { price: '10.50', quantity: 1 },
      ],
      shipping: { price: '4.90' },
    });
    const reply = await app.deliver('orders/paid', order);
    expect(reply).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(await app.outcome(reply.eventId)).toBe('processed');
    // 39.98 - 4.00 + 10.50 = 46.48 -> 46 points at 1 point per euro; tax excluded (prices are net), shipping too
    const customerView = await balanceOf(customer);
    expect(customerView.balance).toEqual({ available: 46, pending: 0 });
    expect(customerView.entries).toMatchObject([{ kind: 'earn', points: 46 }]);
  });

  it('takes tax out of tax-inclusive prices and ignores gift-card lines and tips', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      taxesIncluded: true,
      lines: [
        { price: '59.50', quantity: 1, tax: '9.50' },
        { price: '25.00', quantity: 1, giftCard: true },
      ],
      tip: '5.00',
    });
    await app.deliver('orders/paid', order);
    expect((await balanceOf(customer)).balance.available).toBe(50);
  });

  it('counts shop money, not the presentment currency', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '80.00', quantity: 1 }],
      shopCurrency: 'EUR',
      presentmentCurrency: 'USD',
      presentmentRate: 1.5,
    });
    expect(order.line_items[0]?.price_set.presentment_money.amount).toBe('120.00');
    await app.deliver('orders/paid', order);
    expect((await balanceOf(customer)).balance.available).toBe(80);
  });

  it('applies the same event exactly once, however often it is delivered', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '30.00', quantity: 1 }],
    });
    const eventId = `event-${newId()}`;
    const replies = [];
    for (let i = 0; i < 10; i++) replies.push(await app.deliver('orders/paid', order, { eventId }));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(replies.map((r) => r.body.status)).toEqual(['accepted', ...Array(9).fill('duplicate')]);
    const view = await balanceOf(customer);
    expect(view.balance.available).toBe(30);
    expect(view.entries).toHaveLength(1);
  });

  it('does not credit twice when Shopify redelivers the same order under a new event id', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '30.00', quantity: 1 }],
    });
    await app.deliver('orders/paid', order);
    const again = await app.deliver('orders/paid', order);
    expect(again.body.status).toBe('accepted');
    expect(await app.outcome(again.eventId)).toBe('skipped');
    expect((await balanceOf(customer)).balance.available).toBe(30);
  });

  it('survives concurrent duplicate deliveries of one event', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '12.00', quantity: 1 }],
    });
    const eventId = `event-${newId()}`;
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => app.deliver('orders/paid', order, { eventId })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    // whichever copy got there first is accepted, every other one is a duplicate
    expect(replies.map((r) => r.body.status).sort()).toEqual(['accepted', ...Array(9).fill('duplicate')]);
    const view = await balanceOf(customer);
    expect(view.balance.available).toBe(12);
    expect(view.entries).toHaveLength(1);
  });

  it('keeps a refund that arrives before its orders/paid and applies it when the earn arrives', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '10.00', quantity: 4 }],
    });
    const refund = refundPayload({ refundId: newId(), order, lines: [{ lineIndex: 0, quantity: 1 }] });
    expect(await app.outcome((await app.deliver('refunds/create', refund)).eventId)).toBe('deferred');
    expect((await app.admin(`/api/customers/${customer}`)).status).toBe(404); // nothing credited or debited yet
    expect(await app.outcome((await app.deliver('orders/paid', order)).eventId)).toBe('processed');
    const view = await balanceOf(customer);
    expect(view.balance.available).toBe(30);
    expect(view.entries.map((e) => [e.kind, e.points]).sort()).toEqual([
      ['earn', 40],
      ['reverse_refund', -10],
    ]);
  });

  it('reverses partial refunds proportionally and a later cancel takes what is left', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '25.00', quantity: 4 }],
    });
    await app.deliver('orders/paid', order);
    await app.deliver(
      'refunds/create',
      refundPayload({ refundId: newId(), order, lines: [{ lineIndex: 0, quantity: 1 }] }),
    );
    expect((await balanceOf(customer)).balance.available).toBe(75);
    await app.deliver('orders/cancelled', { ...order, cancelled_at: new Date().toISOString() });
    const view = await balanceOf(customer);
    expect(view.balance.available).toBe(0);
    expect(view.entries.map((e) => e.points).sort((a, b) => a - b)).toEqual([-75, -25, 100]);
  });

  it('ends at zero when partial refunds add up to the whole order, whatever their rounding', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '3.66', quantity: 3 }],
    });
    await app.deliver('orders/paid', order); // 10.98 -> 10 points
    for (let i = 0; i < 3; i++) {
      await app.deliver(
        'refunds/create',
        refundPayload({ refundId: newId(), order, lines: [{ lineIndex: 0, quantity: 1 }] }),
      );
    }
    // round(10 x 3.66 / 10.98) = 3 each would leave 1 point; the refund that completes the order takes what is left
    const view = await balanceOf(customer);
    expect(view.balance).toEqual({ available: 0, pending: 0 });
    expect(view.entries.map((e) => e.points).sort((a, b) => a - b)).toEqual([-4, -3, -3, 10]);
  });

  it('rounds a refund share half up', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [
        { price: '2.50', quantity: 2 },
        { price: '5.00', quantity: 1 },
      ],
    });
    await app.deliver('orders/paid', order); // 10.00 -> 10 points
    await app.deliver(
      'refunds/create',
      refundPayload({ refundId: newId(), order, lines: [{ lineIndex: 0, quantity: 1 }] }),
    );
    // round(10 x 2.50 / 10.00) = round(2.5) = 3
    expect((await balanceOf(customer)).balance.available).toBe(7);
  });

  it('never reverses more than was earned when rounded refund shares add up to more', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '0.50', quantity: 4 }],
    });
    await app.deliver('orders/paid', order); // 2.00 -> 2 points
    // three of the four units, one refund each: round(2 x 0.50 / 2.00) = 1 each would reverse 3 of 2 points
    for (let i = 0; i < 3; i++) {
      await app.deliver(
        'refunds/create',
        refundPayload({ refundId: newId(), order, lines: [{ lineIndex: 0, quantity: 1 }] }),
      );
    }
    const view = await balanceOf(customer);
    expect(view.balance).toEqual({ available: 0, pending: 0 });
    expect(view.entries.map((e) => e.points).sort((a, b) => a - b)).toEqual([-1, -1, 0, 2]);
  });

  it('records guest orders as skipped and credits nobody', async () => {
    const order = orderPayload({
      orderId: newId(),
      customerId: null,
      lines: [{ price: '99.00', quantity: 1 }],
    });
    const reply = await app.deliver('orders/paid', order);
    expect(await app.outcome(reply.eventId)).toBe('skipped');
    const refund = await app.deliver(
      'refunds/create',
      refundPayload({ refundId: newId(), order, lines: [{ lineIndex: 0, quantity: 1 }] }),
    );
    expect(await app.outcome(refund.eventId)).toBe('skipped');
    const award = await app.store.read((repos) => repos.orders.findAward(SHOP, String(order.id)));
    expect(award).toMatchObject({ status: 'skipped_guest', customerId: null, earnedPoints: 0 });
  });

  it('keeps two shops with the same customer id apart', async () => {
    const customer = newId();
    const otherShop = 'other-shop.myshopify.com';
    await app.deliver(
      'orders/paid',
      orderPayload({ orderId: newId(), customerId: customer, lines: [{ price: '10.00', quantity: 1 }] }),
    );
    await app.deliver(
      'orders/paid',
      orderPayload({ orderId: newId(), customerId: customer, lines: [{ price: '70.00', quantity: 1 }] }),
      { shop: otherShop },
    );
    expect((await balanceOf(customer)).balance.available).toBe(10);
    expect((await balanceOf(customer, otherShop)).balance.available).toBe(70);
  });

  it('lets the balance go negative when spent points are reversed', async () => {
    const customer = newId();
    const order = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '50.00', quantity: 1 }],
    });
    await app.deliver('orders/paid', order);
    await app.settle();
    const account = await app.store.read((repos) => repos.customers.find(SHOP, String(customer)));
    // spend 40 of the 50 points directly in the ledger (redemption is a later flow)
    await app.store.transaction(async (repos) => {
      const { debitAvailable } = await import('../web/loyalty/lots.js');
      const lots = await repos.ledger.openLots(account!.id);
      const change = debitAvailable(account!, lots, 40, false);
      await repos.ledger.post({
        entry: {
          shop: SHOP,
          customerId: account!.id,
          kind: 'redeem',
          points: -40,
          idempotencyKey: `redeem:${customer}`,
          occurredAt: new Date(),
        },
        balance: change.balance,
        lots: change.lots,
      });
    });
    await app.deliver('orders/cancelled', { ...order, cancelled_at: new Date().toISOString() });
    expect((await balanceOf(customer)).balance.available).toBe(-40);
    // the next earning pays the debt first
    await app.deliver(
      'orders/paid',
      orderPayload({ orderId: newId(), customerId: customer, lines: [{ price: '45.00', quantity: 1 }] }),
    );
    expect((await balanceOf(customer)).balance.available).toBe(5);
  });

  it('awards the sign-up bonus once when the program has one', async () => {
    await app.store.transaction(async (repos) => {
      await repos.shops.ensure(SHOP);
      const { DEFAULT_PROGRAM } = await import('../web/loyalty/program.js');
      await repos.shops.addProgramVersion(
        SHOP,
        { ...DEFAULT_PROGRAM, signupBonus: 100 },
        new Date('2020-01-01'),
      );
    });
    const customer = newId();
    const payload = customerPayload({ customerId: customer });
    expect(await app.outcome((await app.deliver('customers/create', payload)).eventId)).toBe('processed');
    expect(await app.outcome((await app.deliver('customers/create', payload)).eventId)).toBe('skipped');
    expect((await balanceOf(customer)).balance.available).toBe(100);
  });
});
