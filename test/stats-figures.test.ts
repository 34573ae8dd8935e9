import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { orderPayload } from '../web/demo/shopify-payloads.js';
import { programAt } from '../web/loyalty/program.js';
import { databaseKinds } from './support/databases.js';
import { OPTIONS, startStorefrontApp, type StorefrontApp } from './support/storefront-fixture.js';
import { API_KEY, API_SECRET, send, SHOP } from './support/test-app.js';

// Orders of January 2020 under a program whose points expire after a month: every lot has reached its expiry
// date, so the shop has breakage history. The range covers 9-21 January (UTC).
const RANGE = 'from=2020-01-09&to=2020-01-21';

describe.each(databaseKinds)(
  'GET /api/stats: breakage, repeat purchases, loyalty revenue, series (%s)',
  (kind) => {
    let app: StorefrontApp;
    const order = (
      orderId: number,
      customerId: number | null,
      price: string,
      processedAt: string,
      code?: string,
    ) =>
      orderPayload({
        orderId,
        customerId,
        lines: [{ price, quantity: 1, ...(code && { discount: '5.00' }) }],
        processedAt,
        shopDomain: SHOP,
        ...(code && { discountCode: code }),
      });
    const paid = async (payload: object) => {
      expect((await app.deliver('orders/paid', payload)).status).toBe(200);
    };
    const cancelled = async (payload: ReturnType<typeof orderPayload>) => {
      const cancel = { ...payload, cancelled_at: '2020-02-01T10:00:00+00:00' };
      expect((await app.deliver('orders/cancelled', cancel)).status).toBe(200);
    };
    const redeem = async (customer: number) => {
      const reply = await app.storefront('/redemptions', {
        customer,
        body: { optionId: 'five-off' },
        key: randomUUID(),
      });
      expect(reply.status).toBe(201);
      return reply.body as { redemptionId: number; code: string };
    };

    beforeAll(async () => {
      app = await startStorefrontApp(kind); // EUR, 1 point per EUR worth 0.01, "five-off" costs 500 points
      await app.store.transaction(async (repos) => {
        const current = programAt(await repos.shops.programVersions(SHOP), new Date());
        const { version: _v, effectiveFrom: _f, ...settings } = current;
        await repos.shops.addProgramVersion(SHOP, { ...settings, expiryMonths: 1 }, new Date('2019-01-01'));
      });
      // A (7101) and B (7102) earn on 10 January UTC; B's order is 00:30 on the 11th in +01:00
      await paid(order(81_001, 7101, '1000.00', '2020-01-10T23:30:00+00:00'));
      await paid(order(81_002, 7102, '600.00', '2020-01-11T00:30:00+01:00'));
      // C (7201) buys twice; D (7202) once in the range and once the instant it ends; E (7203) twice, one cancelled
      await paid(order(81_003, 7201, '100.00', '2020-01-11T00:00:00+00:00'));
      await paid(order(81_004, 7201, '100.00', '2020-01-15T12:00:00+00:00'));
      await paid(order(81_005, 7202, '50.00', '2020-01-15T12:00:00+00:00'));
      await paid(order(81_006, 7202, '50.00', '2020-01-22T00:00:00+00:00'));
      await paid(order(81_007, 7203, '80.00', '2020-01-12T12:00:00+00:00'));
      const eCancelled = order(81_008, 7203, '80.00', '2020-01-13T12:00:00+00:00');
      await paid(eCancelled);
      await cancelled(eCancelled);
      // guests: two orders by one e-mail (a returning guest), one by another, one without any e-mail
      const guest = (orderId: number, email: string | null) => ({
        ...order(orderId, null, '10.00', '2020-01-14T12:00:00+00:00'),
        email,
        contact_email: email,
      });
      await paid(guest(81_101, 'returning.guest@example.com'));
      await paid(guest(81_102, 'returning.guest@example.com'));
      await paid(guest(81_103, 'once.guest@example.com'));
      await paid(guest(81_104, null));
      await app.settle();

      // A keeps one code and cancels another (its points come back as a lot with the spent lot's expiry); B keeps one
      const keptByA = await redeem(7101);
      const cancelledByA = await redeem(7101);
      const cancel = await app.storefront(`/redemptions/${cancelledByA.redemptionId}/cancel`, {
        method: 'POST',
        customer: 7101,
      });
      expect(cancel.status).toBe(200);
      const keptByB = await redeem(7102);
      // A's code pays 5.00 of an order of 30.00 (its total: 25.00); B's order with its code is cancelled
      await paid(order(81_201, 7101, '30.00', '2020-01-16T10:00:00+00:00', keptByA.code));
      const bWithCode = order(81_202, 7102, '30.00', '2020-01-17T10:00:00+00:00', keptByB.code);
      await paid(bWithCode);
      await cancelled(bWithCode);
      await app.settle();
    });
    afterAll(() => app?.close());

    it('measures breakage from expired lots and provisions the liability for the rest', async () => {
      const reply = await app.admin(`/api/stats?${RANGE}`);
      expect(reply.status).toBe(200);
      // Expired lots that issued points: A 1000 + 25, B 600 + 25, C 2 × 100, D 2 × 50, E 2 × 80 = 2110. Unspent:
      // B 100, C 200, D 100, E 80 (the cancelled order's lot was taken back), A's 25 and A's refunded 500 = 1005.
      // Counting A's refund lot as issued too would give 1005 / 2610 = 0.3851.
      expect(reply.body.breakage).toEqual({ rate: 0.4763, basis: 'history' });
      expect(reply.body.points.outstanding).toBe(1005);
      expect(reply.body.liability).toEqual({ amount: '10.05', currencyCode: 'EUR' });
      // 10.05 × (1 − 0.4763) = 5.263185
      expect(reply.body.provision).toEqual({ amount: '5.26', currencyCode: 'EUR' });
      expect(reply.body).toMatchObject({ pointValue: '0.01', currencyCode: 'EUR' });
    });

    it('counts buyers with two or more orders in the range, members and guests apart, cancelled orders not', async () => {
      const reply = await app.admin(`/api/stats?${RANGE}`);
      // members: A (81_001, 81_201) and C repeat; B (one cancelled), D (one outside the range), E (one cancelled)
      // do not: 2 of 5. Guests: buyer-1 repeats, buyer-2 does not; the order without a buyer key is left out.
      expect(reply.body.repeatPurchaseRate).toEqual({ members: 0.4, guests: 0.5 });
      // the day after: only D's order at the range's end instant, so no one repeats, and no guests at all
      const after = await app.admin('/api/stats?from=2020-01-22&to=2020-01-22');
      expect(after.body.repeatPurchaseRate).toEqual({ members: 0, guests: null });
    });

    it('sums the totals of orders in the range that used a loyalty code, not cancelled ones', async () => {
      const reply = await app.admin(`/api/stats?${RANGE}`);
      // the orders without a code (A's 1000.00 among them) are not loyalty revenue
      expect(reply.body.loyaltyRevenue).toEqual({ amount: '25.00', currencyCode: 'EUR', orders: 1 });
      const before = await app.admin('/api/stats?from=2020-01-09&to=2020-01-15');
      expect(before.body.loyaltyRevenue).toEqual({ amount: '0.00', currencyCode: 'EUR', orders: 0 });
    });

    it('has one point per UTC day, each order on the UTC day of its processed_at', async () => {
      const reply = await app.admin(`/api/stats?${RANGE}`);
      const issued = Object.fromEntries(
        (reply.body.series as Array<{ date: string; issued: number }>).map((point) => [
          point.date,
          point.issued,
        ]),
      );
      expect(issued).toEqual({
        '2020-01-09': 0,
        '2020-01-10': 1600, // A, and B's 00:30 +01:00
        '2020-01-11': 100, // C at midnight UTC
        '2020-01-12': 80,
        '2020-01-13': 80,
        '2020-01-14': 0, // guests earn nothing
        '2020-01-15': 150,
        '2020-01-16': 25,
        '2020-01-17': 25,
        '2020-01-18': 0,
        '2020-01-19': 0,
        '2020-01-20': 0,
        '2020-01-21': 0, // D's order at 22 January 00:00 UTC is outside
      });
      expect(reply.body.points.issued).toBe(2060);
    });

    it('falls back to the merchant assumption saved in the program when a shop has no expired points', async () => {
      const shop = 'assuming.myshopify.com';
      const saved = await send(`${app.url}/api/program`, {
        method: 'PUT',
        headers: {
          Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop })}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ breakageAssumption: 35, redemptionOptions: OPTIONS }),
      });
      expect(saved.status).toBe(200);
      const reply = await app.admin(`/api/stats?${RANGE}`, shop);
      expect(reply.body.breakage).toEqual({ rate: 0.35, basis: 'assumption' });
    });
  },
);
