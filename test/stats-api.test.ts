import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { orderPayload, refundPayload } from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { startStorefrontApp, type StorefrontApp } from './support/storefront-fixture.js';
import { API_KEY, API_SECRET, send, SHOP } from './support/test-app.js';

// Ranges far from each other, so the test does not depend on today's date: everything of "now" falls in RECENT.
const OLD = 'from=2020-06-01&to=2020-06-30';
const RECENT = 'from=2021-01-01&to=2999-12-31';

describe.each(databaseKinds)('GET /api/stats (%s)', (kind) => {
  let app: StorefrontApp;
  beforeAll(async () => {
    app = await startStorefrontApp(kind); // EUR, one point worth 0.01, "five-off" costs 500 points
    const paid = (orderId: number, customerId: number, prices: number[], processedAt?: string) =>
      orderPayload({
        orderId,
        customerId,
        lines: prices.map((price) => ({ price: `${price}.00`, quantity: 1 })),
        shopDomain: SHOP,
        ...(processedAt && { processedAt }),
      });
    // 7001: an old order only, and a correction down (not counted as issued)
    await app.deliver('orders/paid', paid(71_001, 7001, [300], '2020-06-15T12:00:00+02:00'));
    // 7002: redeems and keeps the code
    await app.deliver('orders/paid', paid(71_002, 7002, [1000]));
    // 7003: redeems and cancels the code (the points come back as redeem_refund)
    await app.deliver('orders/paid', paid(71_003, 7003, [600]));
    // 7004: no redemption; half the order refunded, and a goodwill credit
    const refunded = paid(71_004, 7004, [100, 100]);
    await app.deliver('orders/paid', refunded);
    await app.deliver(
      'refunds/create',
      refundPayload({ refundId: 72_004, order: refunded, lines: [{ lineIndex: 1, quantity: 1 }] }),
    );
    await app.settle();

    const kept = await app.storefront('/redemptions', {
      customer: 7002,
      body: { optionId: 'five-off' },
      key: randomUUID(),
    });
    expect(kept.status).toBe(201);
    const cancelled = await app.storefront('/redemptions', {
      customer: 7003,
      body: { optionId: 'five-off' },
      key: randomUUID(),
    });
    expect(cancelled.status).toBe(201);
    const cancel = await app.storefront(`/redemptions/${cancelled.body.redemptionId}/cancel`, {
      method: 'POST',
      customer: 7003,
    });
    expect(cancel.status).toBe(200);
    expect((await adjust(7004, 50)).status).toBe(201);
    expect((await adjust(7001, -20)).status).toBe(201);
  });
  afterAll(() => app?.close());

  const adjust = (customer: number, points: number) =>
    send(`${app.url}/api/customers/${customer}/adjustments`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP })}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': randomUUID(),
      },
      body: JSON.stringify({ points, reason: 'stats test' }),
    });

  it('adds up issued, redeemed (net of refunded codes) and outstanding points with their money value', async () => {
    const reply = await app.admin(`/api/stats?${RECENT}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      from: '2021-01-01',
      to: '2999-12-31',
      members: 4,
      // earned 1000 + 600 + 200 and credited 50; redeemed 500 + 500, one given back; nothing expires yet
      points: { issued: 1850, redeemed: 500, expired: 0, outstanding: 1530 },
      // 280 + 500 + 600 + 150 points held now, at 0.01 EUR
      liability: { amount: '15.30', currencyCode: 'EUR' },
      redemptionRate: 0.2703,
    });
  });

  it('counts only what happened in the range, while members and outstanding are as of now', async () => {
    const reply = await app.admin(`/api/stats?${OLD}`);
    expect(reply.body).toEqual({
      from: '2020-06-01',
      to: '2020-06-30',
      members: 4,
      points: { issued: 300, redeemed: 0, expired: 0, outstanding: 1530 },
      liability: { amount: '15.30', currencyCode: 'EUR' },
      redemptionRate: 0,
    });
    // the day after the old order: nothing issued in it
    expect((await app.admin('/api/stats?from=2020-06-16&to=2020-06-30')).body.points.issued).toBe(0);
  });

  it('answers a shop with nothing yet with zeros', async () => {
    const reply = await app.admin(`/api/stats?${RECENT}`, 'empty-shop.myshopify.com');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      members: 0,
      points: { issued: 0, redeemed: 0, expired: 0, outstanding: 0 },
      liability: { amount: '0.00' },
      redemptionRate: 0,
    });
  });

  it('defaults to a range of 30 days', async () => {
    const { from, to } = (await app.admin('/api/stats')).body;
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(29);
  });

  it.each([
    ['from after to', 'from=2026-03-02&to=2026-03-01'],
    ['a malformed date', 'from=yesterday'],
    ['a day that does not exist', 'to=2026-02-30'],
  ])('refuses %s with 400 invalid_range', async (_name, query) => {
    expect(await app.admin(`/api/stats?${query}`)).toEqual({
      status: 400,
      body: { code: 'invalid_range', message: expect.any(String) },
    });
  });
});
