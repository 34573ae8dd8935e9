import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { orderPayload, refundPayload } from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { startStorefrontApp, type StorefrontApp } from './support/storefront-fixture.js';
import { API_KEY, API_SECRET, send, SHOP } from './support/test-app.js';

const DAY_MS = 86_400_000;
const utcDay = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
// Ranges far from each other: everything of "now" falls in RECENT (to tomorrow, should the test cross midnight),
// which stays within the 400 days a range may span.
const OLD = 'from=2020-06-01&to=2020-06-30';
const RECENT_FROM = utcDay(-30);
const RECENT_TO = utcDay(1);
const RECENT = `from=${RECENT_FROM}&to=${RECENT_TO}`;

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
      from: RECENT_FROM,
      to: RECENT_TO,
      members: 4,
      // earned 1000 + 600 + 200 and credited 50; redeemed 500 + 500, one given back; nothing expires yet
      points: { issued: 1850, redeemed: 500, expired: 0, outstanding: 1530 },
      // 280 + 500 + 600 + 150 points held now, at 0.01 EUR
      liability: { amount: '15.30', currencyCode: 'EUR' },
      redemptionRate: 0.2703,
      pointValue: '0.01',
      currencyCode: 'EUR',
      // points never expire in this program: no history, so the merchant's assumption (default 20 %)
      breakage: { rate: 0.2, basis: 'assumption' },
      provision: { amount: '12.24', currencyCode: 'EUR' },
      // three customers bought once each in the range; no guest orders
      repeatPurchaseRate: { members: 0, guests: null },
      // the kept code was not used by an order
      loyaltyRevenue: { amount: '0.00', currencyCode: 'EUR', orders: 0 },
      series: expect.any(Array),
    });
    // one point per day, both ends included, adding up to the range's totals
    const series = reply.body.series as Array<{ date: string; issued: number; redeemed: number }>;
    expect(series).toHaveLength(32);
    expect([series[0]!.date, series.at(-1)!.date]).toEqual([RECENT_FROM, RECENT_TO]);
    expect(series.reduce((sum, point) => sum + point.issued, 0)).toBe(1850);
    expect(series.reduce((sum, point) => sum + point.redeemed, 0)).toBe(500);
  });

  it('counts only what happened in the range, while members and outstanding are as of now', async () => {
    const reply = await app.admin(`/api/stats?${OLD}`);
    expect(reply.body).toMatchObject({
      from: '2020-06-01',
      to: '2020-06-30',
      members: 4,
      points: { issued: 300, redeemed: 0, expired: 0, outstanding: 1530 },
      liability: { amount: '15.30', currencyCode: 'EUR' },
      redemptionRate: 0,
      provision: { amount: '12.24', currencyCode: 'EUR' },
      repeatPurchaseRate: { members: 0, guests: null },
    });
    // the old order, processed at 12:00 +02:00, is on its UTC day
    expect(reply.body.series.filter((point: { issued: number }) => point.issued > 0)).toEqual([
      { date: '2020-06-15', issued: 300, redeemed: 0, expired: 0 },
    ]);
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
      pointValue: '0.01',
      breakage: { rate: 0.2, basis: 'assumption' },
      provision: { amount: '0.00' },
      repeatPurchaseRate: { members: null, guests: null },
      loyaltyRevenue: { amount: '0.00', orders: 0 },
    });
  });

  it('defaults to a range of 30 days', async () => {
    const { from, to, series } = (await app.admin('/api/stats')).body;
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBe(29);
    expect(series).toHaveLength(30);
  });

  it('answers a range of exactly 400 days with 400 points', async () => {
    const reply = await app.admin('/api/stats?from=2025-01-01&to=2026-02-04');
    expect(reply.status).toBe(200);
    expect(reply.body.series).toHaveLength(400);
  });

  it.each([
    ['from after to', 'from=2026-03-02&to=2026-03-01'],
    ['a malformed date', 'from=yesterday'],
    ['a day that does not exist', 'to=2026-02-30'],
    ['a range of more than 400 days', 'from=2025-01-01&to=2026-02-05'],
  ])('refuses %s with 400 invalid_range', async (_name, query) => {
    expect(await app.admin(`/api/stats?${query}`)).toEqual({
      status: 400,
      body: { code: 'invalid_range', message: expect.any(String) },
    });
  });
});
