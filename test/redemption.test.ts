import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload } from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { type StorefrontApp, startStorefrontApp } from './support/storefront-fixture.js';
import { SHOP } from './support/test-app.js';

const DAY_MS = 24 * 60 * 60 * 1000;
let nextCustomer = 100;

describe.each(databaseKinds)('redemption through the storefront API (%s)', (kind) => {
  let app: StorefrontApp;
  beforeAll(async () => {
    app = await startStorefrontApp(kind);
  });
  afterAll(async () => {
    expect(app.shopify.admin.rejected).toEqual([]); // every Admin document the app sent was valid
    await app.close();
  });

  const redeem = (customer: number, body: unknown, key: string = randomUUID()) =>
    app.storefront('/redemptions', { customer, body, key });
  /** Deactivating a code in Shopify ends it now (its status derives from its dates). */
  function deactivated(code: string): boolean {
    const found = app.shopify.admin.discountCodes(SHOP).find((c) => c.code === code);
    return found !== undefined && found.endsAt !== null && Date.parse(found.endsAt) <= Date.now();
  }

  /** The customer's ledger as [kind, points], oldest first. */
  async function ledgerOf(customer: number) {
    const row = await app.db.customer.findUnique({
      where: { shop_shopifyId: { shop: SHOP, shopifyId: String(customer) } },
    });
    const entries = await app.db.ledgerEntry.findMany({
      where: { customerId: row?.id ?? -1 },
      orderBy: { id: 'asc' },
    });
    return entries.map((entry) => [entry.kind, entry.points]);
  }

  it('shows the balance, its money value and which options the shopper can afford', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 600);
    const reply = await app.storefront('/balance', { customer });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      customerId: `gid://shopify/Customer/${customer}`,
      balance: { available: 600, pending: 0 },
      value: { amount: '6.00', currencyCode: 'EUR' },
      tier: null,
      redemptions: [],
    });
    const options = reply.body.options as Array<Record<string, unknown>>;
    expect(options.map((o) => [o.id, o.pointsCost, o.affordable, o.pointsNeeded])).toEqual([
      ['five-off', 500, true, 0],
      ['ten-percent', 800, false, 200],
      ['free-shipping', 300, true, 0],
      ['pay', 100, true, 0],
    ]);
    expect(options[0]!.value).toEqual({ amount: '5.00', currencyCode: 'EUR' });
  });

  it('redeems once for a key: a single-use code bound to the customer, and the same 201 body again', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 700);
    const key = randomUUID();
    const first = await redeem(customer, { optionId: 'five-off' }, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      code: expect.stringMatching(/^LOYAL-/),
      pointsSpent: 500,
      value: { amount: '5.00', currencyCode: 'EUR' },
      balance: { available: 200, pending: 0 },
    });
    const lifetime = new Date(first.body.expiresAt).getTime() - Date.now();
    expect(Math.abs(lifetime - 30 * DAY_MS)).toBeLessThan(60_000);

    const codes = app.shopify.admin.discountCodes(SHOP).filter((c) => c.code === first.body.code);
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatchObject({
      usageLimit: 1,
      appliesOncePerCustomer: true,
      buyers: [`gid://shopify/Customer/${customer}`],
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      value: { amount: '5.00', appliesOnEachItem: false },
    });

    const again = await redeem(customer, { optionId: 'five-off' }, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await ledgerOf(customer)).toEqual([
      ['earn', 700],
      ['redeem', -500],
    ]);

    const otherBody = await redeem(customer, { optionId: 'free-shipping' }, key);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('idempotency_key_reused');
  });

  it('refuses a redemption the balance does not cover with 409 and writes nothing', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 400);
    const before = await app.db.redemption.count();
    const reply = await redeem(customer, { optionId: 'five-off' });
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ code: 'insufficient_points' });
    expect(await app.db.redemption.count()).toBe(before);
    expect(await ledgerOf(customer)).toEqual([['earn', 400]]);
  });

  it('50 parallel redemptions with distinct keys from a balance that covers 3 give exactly 3 codes', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 1500);
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => redeem(customer, { optionId: 'five-off' })),
    );
    const created = replies.filter((r) => r.status === 201);
    expect(created).toHaveLength(3);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(47);
    expect(new Set(created.map((r) => r.body.code)).size).toBe(3);
    const row = await app.db.customer.findUnique({
      where: { shop_shopifyId: { shop: SHOP, shopifyId: String(customer) } },
    });
    expect(row?.available).toBe(0);
    const entries = await ledgerOf(customer);
    expect(entries.filter(([kind]) => kind === 'redeem')).toHaveLength(3);
    // never below zero: the running sum of the ledger stays >= 0 at every entry
    let running = 0;
    for (const [, points] of entries) {
      running += points as number;
      expect(running).toBeGreaterThanOrEqual(0);
    }
  });

  it('the same key sent 20 times in parallel debits once and answers every request with the same code', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 500); // exactly one redemption's worth: a second debit could not even start
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => redeem(customer, { optionId: 'five-off' }, key)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.body.code)).size).toBe(1);
    expect(await ledgerOf(customer)).toEqual([
      ['earn', 500],
      ['redeem', -500],
    ]);
  });

  it('retries after a failure, sent 10 times in parallel with the same key, debit once more and share one code', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 5000);
    const key = randomUUID();
    app.shopify.admin.failNext(1, 'userErrors', { operation: 'discountCodeBasicCreate' });
    expect((await redeem(customer, { optionId: 'five-off' }, key)).status).toBe(502);
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => redeem(customer, { optionId: 'five-off' }, key)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(replies.map((r) => r.body.code)).size).toBe(1);
    expect(await ledgerOf(customer)).toEqual([
      ['earn', 5000],
      ['redeem', -500],
      ['redeem_refund', 500],
      ['redeem', -500],
    ]);
  });

  it('pays with points in multiples of the step, with a minimum subtotal that caps the share', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 1000);
    const bad = await redeem(customer, { optionId: 'pay', points: 250 });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('invalid_points');
    const reply = await redeem(customer, { optionId: 'pay', points: 700 });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ pointsSpent: 700, value: { amount: '7.00' } });
    const code = app.shopify.admin.discountCodes(SHOP).find((c) => c.code === reply.body.code);
    expect(code?.minimumRequirement).toEqual({ subtotal: '14.00' });
  });

  it('gives the points back with a redeem_refund and answers 502 when Shopify fails; the same key then succeeds', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 500);
    const key = randomUUID();
    app.shopify.admin.failNext(1, 'userErrors', { operation: 'discountCodeBasicCreate' });
    const failed = await redeem(customer, { optionId: 'five-off' }, key);
    expect(failed.status).toBe(502);
    expect(failed.body.code).toBe('shopify_unavailable');
    expect(await ledgerOf(customer)).toEqual([
      ['earn', 500],
      ['redeem', -500],
      ['redeem_refund', 500],
    ]);
    expect((await app.storefront('/balance', { customer })).body.balance.available).toBe(500);

    const retried = await redeem(customer, { optionId: 'five-off' }, key);
    expect(retried.status).toBe(201);
    expect((await ledgerOf(customer)).slice(-1)).toEqual([['redeem', -500]]);
  });

  /** 500 points, a five-off code, and a paid order that used it (credited). */
  async function redeemAndUse(customer: number, orderId: number) {
    await app.earn(customer, 500);
    const { body } = await redeem(customer, { optionId: 'five-off' });
    const order = orderPayload({
      orderId,
      customerId: customer,
      lines: [{ price: '30.00', quantity: 1, discount: '5.00' }],
      discountCode: body.code,
      shopDomain: SHOP,
    });
    expect((await app.deliver('orders/paid', order)).status).toBe(200);
    await app.settle();
    return body;
  }

  it('marks the code used when an order uses it; refunding that order gives no redeemed points back', async () => {
    const customer = nextCustomer++;
    const body = await redeemAndUse(customer, 77_001 + customer);
    const used = await app.db.redemption.findUnique({ where: { id: body.redemptionId } });
    expect(used).toMatchObject({ status: 'used', orderId: String(77_001 + customer) });
    const cancel = await app.storefront(`/redemptions/${body.redemptionId}/cancel`, { customer, body: {} });
    expect(cancel.status).toBe(409);
    const balance = (await app.storefront('/balance', { customer })).body;
    expect(balance.redemptions).toEqual([]);
    // the history links the redemption to the order that used its code
    expect(balance.history).toContainEqual(
      expect.objectContaining({
        kind: 'redeem',
        redemptionId: body.redemptionId,
        orderId: String(77_001 + customer),
      }),
    );
  });

  it('still links a history redemption to its order when the customer has used 50 codes since', async () => {
    const customer = nextCustomer++;
    const orderId = 78_001 + customer;
    const body = await redeemAndUse(customer, orderId);
    // 50 newer used codes (rows only, no ledger entries): the balance read's first look at the used codes misses
    // the one in the history, so it must look that one up
    const { id: _id, ...used } = (await app.db.redemption.findUnique({ where: { id: body.redemptionId } }))!;
    for (let n = 0; n < 50; n++)
      await app.db.redemption.create({
        data: { ...used, requestKey: `newer-${n}`, code: `${used.code}-N${n}`, orderId: `${orderId}${n}` },
      });
    const balance = (await app.storefront('/balance', { customer })).body;
    expect(balance.history).toContainEqual(
      expect.objectContaining({ kind: 'redeem', redemptionId: body.redemptionId, orderId: String(orderId) }),
    );
  });

  it('lets the shopper cancel an unused code: deactivated in Shopify, points back', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 500);
    const { body } = await redeem(customer, { optionId: 'five-off' });
    const stranger = await app.storefront(`/redemptions/${body.redemptionId}/cancel`, {
      customer: 999,
      body: {},
    });
    expect(stranger.status).toBe(404);
    const reply = await app.storefront(`/redemptions/${body.redemptionId}/cancel`, { customer, body: {} });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      redemptionId: body.redemptionId,
      status: 'cancelled',
      balance: { available: 500, pending: 0 },
    });
    expect(deactivated(body.code)).toBe(true);
  });

  it('refunds codes that reached their end unused, in the periodic job, and deactivates them', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 500);
    const { body } = await redeem(customer, { optionId: 'five-off' });
    expect(await app.running.jobs.runOnce('expire-redemptions')).toBe(true);
    expect(deactivated(body.code)).toBe(false);
    expect((await app.db.redemption.findUnique({ where: { id: body.redemptionId } }))?.status).toBe('active');
    app.advanceClock(31 * DAY_MS);
    try {
      expect(await app.running.jobs.runOnce('expire-redemptions')).toBe(true);
    } finally {
      app.advanceClock(-31 * DAY_MS);
    }
    expect((await app.db.redemption.findUnique({ where: { id: body.redemptionId } }))?.status).toBe(
      'expired',
    );
    expect((await ledgerOf(customer)).slice(-1)).toEqual([['redeem_refund', 500]]);
    expect(deactivated(body.code)).toBe(true);
  });

  it('backs off when Shopify throttles and creates one code with one debit', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 500);
    const callsBefore = app.shopify.admin.calls.length;
    app.shopify.admin.failNext(2, 'throttle', { operation: 'discountCodeBasicCreate' });
    const reply = await redeem(customer, { optionId: 'five-off' });
    expect(reply.status).toBe(201);
    expect(app.shopify.admin.calls.length - callsBefore).toBe(3); // two throttled attempts, then the one that ran
    expect(app.shopify.admin.discountCodes(SHOP).filter((c) => c.code === reply.body.code)).toHaveLength(1);
    expect(await ledgerOf(customer)).toEqual([
      ['earn', 500],
      ['redeem', -500],
    ]);
  });

  it('treats a Shopify that does not answer in time as a failure: points back, 502', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 500);
    app.shopify.admin.failNext(1, 'hang', { operation: 'discountCodeBasicCreate' });
    try {
      const reply = await redeem(customer, { optionId: 'five-off' });
      expect(reply.status).toBe(502);
    } finally {
      app.shopify.admin.releaseHangs();
    }
    expect((await ledgerOf(customer)).map(([kind]) => kind)).toEqual(['earn', 'redeem', 'redeem_refund']);
  });

  it('ends a code Shopify made although its answers were lost, before giving the points back', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 500);
    // every attempt of the client (1 + 3 retries) runs at Shopify, and every answer is lost
    app.shopify.admin.failNext(4, 'lostAnswer', { operation: 'discountCodeBasicCreate' });
    const reply = await redeem(customer, { optionId: 'five-off' });
    expect(reply.status).toBe(502);
    const row = await app.db.redemption.findFirst({ where: { shop: SHOP }, orderBy: { id: 'desc' } });
    expect(row?.status).toBe('failed');
    expect(deactivated(row!.code)).toBe(true); // made in Shopify, and ended before the refund
    expect((await ledgerOf(customer)).map(([kind]) => kind)).toEqual(['earn', 'redeem', 'redeem_refund']);
  });

  it('takes the points again when a code whose points were given back is used all the same', async () => {
    const customer = nextCustomer++;
    await app.earn(customer, 500);
    const { body } = await redeem(customer, { optionId: 'five-off' });
    expect(
      (await app.storefront(`/redemptions/${body.redemptionId}/cancel`, { customer, body: {} })).status,
    ).toBe(200);
    // an order placed with the code before it was deactivated arrives afterwards
    const order = orderPayload({
      orderId: 88_000 + customer,
      customerId: customer,
      lines: [{ price: '10.00', quantity: 1, discount: '5.00' }],
      discountCode: body.code.toLowerCase(), // Shopify codes are case-insensitive
      shopDomain: SHOP,
    });
    expect((await app.deliver('orders/paid', order)).status).toBe(200);
    await app.settle();
    expect(await ledgerOf(customer)).toEqual([
      ['earn', 500],
      ['redeem', -500],
      ['redeem_refund', 500],
      ['earn', 5],
      ['redeem', -500],
    ]);
    expect((await app.db.redemption.findUnique({ where: { id: body.redemptionId } }))?.status).toBe('used');
  });
});
