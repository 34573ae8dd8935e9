import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { orderPayload, refundPayload } from '../web/demo/shopify-payloads.js';
import { syncReturnVisitsJob } from '../web/jobs/sync-return-visits.js';
import { DEFAULT_RETURN_VISIT } from '../web/loyalty/return-visit.js';
import {
  type AdminGraphql,
  NoOfflineSessionError,
  ShopifyUnavailableError,
} from '../web/shopify/admin-graphql.js';
import { databaseKinds } from './support/databases.js';
import { type StorefrontApp, startStorefrontApp } from './support/storefront-fixture.js';
import { API_KEY, API_SECRET, send, SHOP } from './support/test-app.js';

const gid = (id: number) => `gid://shopify/Customer/${id}`;
const DAY_MS = 86_400_000;
/** The shop's (Europe/Berlin) calendar day `offsetDays` from now, YYYY-MM-DD: the tests follow the real date. */
const berlinDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
    new Date(Date.now() + offsetDays * DAY_MS),
  );
/** A calendar date plus whole days, counted independently of the code under test. */
const plusDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

describe.each(databaseKinds)('return-visit discount, the app side (%s)', (kind) => {
  let app: StorefrontApp;
  beforeAll(async () => {
    app = await startStorefrontApp(kind);
  });
  afterAll(async () => {
    expect(app.shopify.admin.rejected).toEqual([]);
    await app.close();
  });

  const sync = () => app.running.jobs.runOnce('sync-return-visits');
  const returnVisit = (customer: number) => {
    const found = app.shopify.admin.metafield(SHOP, gid(customer), '$app', 'return_visit');
    return found ? (JSON.parse(found.value) as unknown) : undefined;
  };
  const putProgram = (body: unknown) =>
    send(`${app.url}/api/program`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP })}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const discount = () => {
    const all = app.shopify.admin.automaticDiscounts(SHOP);
    expect(all).toHaveLength(1);
    return all[0]!;
  };
  const configuration = () => {
    const found = app.shopify.admin.metafield(SHOP, discount().id, '$app', 'function-configuration');
    return found && JSON.parse(found.value);
  };
  let nextOrder = 40_000;
  const paid = (
    customer: number,
    extra: Record<string, unknown> = {},
    processedAt = `${berlinDay()}T10:00:00+01:00`,
  ) => {
    const order = {
      ...orderPayload({
        orderId: nextOrder++,
        customerId: customer,
        lines: [{ price: '40.00', quantity: 1 }],
        shopDomain: SHOP,
        processedAt,
      }),
      ...extra,
    };
    return app.deliver('orders/paid', order).then(async (reply) => {
      expect(reply.status).toBe(200);
      await app.settle();
      return order;
    });
  };

  it('registers the automatic app discount for the function once the shop is installed, with its configuration', async () => {
    expect(await sync()).toBe(true);
    expect(discount()).toMatchObject({
      title: 'Welcome back',
      functionHandle: 'return-visit-discount',
      discountClasses: ['PRODUCT'],
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    });
    expect(configuration()).toEqual({
      percentage: 15,
      minimumSubtotal: '30.00',
      regularPriceOnly: true,
      tierUplift: {},
    });
    const shop = await app.db.shop.findUnique({ where: { domain: SHOP } });
    expect(shop).toMatchObject({ returnVisitDiscountId: discount().id, returnVisitSyncDue: false });
    await sync(); // nothing changed: nothing created again
    expect(app.shopify.admin.automaticDiscounts(SHOP)).toHaveLength(1);
  });

  it('keeps the discount in step with the settings, deactivates it when turned off, and refuses bad settings', async () => {
    const changed = {
      ...DEFAULT_RETURN_VISIT,
      percentage: 20,
      minimumSubtotal: '50.00',
      tierUplift: { Gold: 5 },
    };
    expect((await putProgram({ returnVisit: changed })).status).toBe(200);
    await sync();
    expect(configuration()).toEqual({
      percentage: 20,
      minimumSubtotal: '50.00',
      regularPriceOnly: true,
      tierUplift: { Gold: 5 },
    });

    expect((await putProgram({ returnVisit: { ...changed, enabled: false } })).status).toBe(200);
    await sync();
    expect(Date.parse(discount().endsAt!)).toBeLessThanOrEqual(Date.now()); // deactivated: ended now
    expect((await putProgram({ returnVisit: { ...changed, enabled: true } })).status).toBe(200);
    await sync();
    expect(discount().endsAt).toBeNull();

    const bad = await putProgram({
      returnVisit: { ...changed, percentage: 0, windowDays: 400, tierUplift: { Gold: 'x' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.message.split('; ')).toEqual([
      'returnVisit.percentage must be a whole number from 1 to 100',
      'returnVisit.windowDays must be a whole number from 1 to 365',
      'returnVisit.tierUplift["Gold"] must be a whole percent from 0 to 100 for a tier name of 1-40 characters',
    ]);
  });

  it("grants the discount after a customer's first paid order, for the window from the order's shop-local date", async () => {
    // late in the evening of a shop west of UTC the UTC date is a day ahead (04:30Z the next day); the shop's
    // own day, as its processed_at writes it, counts
    const day = berlinDay();
    await paid(300, {}, `${day}T23:30:00-05:00`);
    const until = plusDays(day, 30);
    expect(returnVisit(300)).toBeUndefined(); // not on the webhook's path: the job writes it
    await sync();
    expect(returnVisit(300)).toEqual({ eligibleUntil: until, tier: null });
    // the loyalty page (no app metafields there) learns it from the storefront API
    expect((await app.storefront('/balance', { customer: 300 })).body.returnVisit).toEqual({
      percentage: 20,
      eligibleUntil: until,
      minimumSubtotal: { amount: '50.00', currencyCode: 'EUR' },
      regularPriceOnly: true,
    });
    expect((await app.storefront('/balance', { customer: 399 })).body.returnVisit).toBeNull();
    await paid(300); // a second order that did not use it changes nothing
    await sync();
    expect(returnVisit(300)).toEqual({ eligibleUntil: until, tier: null });
  });

  it('skips a customer Shopify counts more than one order for (they bought before the app knew them)', async () => {
    app.shopify.admin.configureCustomer(SHOP, gid(301), { numberOfOrders: 3 });
    await paid(301);
    await sync();
    expect(returnVisit(301)).toBeUndefined();
    expect(
      await app.db.returnVisit.findUnique({ where: { shop_customerId: { shop: SHOP, customerId: '301' } } }),
    ).toMatchObject({
      status: 'skipped',
      detail: 'Shopify counts 3 orders for the customer',
    });
  });

  it('removes the metafield when an order used the discount; refunding that order does not bring it back', async () => {
    await paid(302);
    await sync();
    expect(returnVisit(302)).toBeDefined();
    const used = await paid(302, {
      discount_applications: [
        { type: 'automatic', title: 'Welcome back: 15% off', value: '6.00', value_type: 'percentage' },
      ],
    });
    await sync();
    expect(returnVisit(302)).toBeUndefined();
    const refund = refundPayload({
      refundId: nextOrder++,
      order: used as never,
      lines: [{ lineIndex: 0, quantity: 1 }],
    });
    expect((await app.deliver('refunds/create', refund)).status).toBe(200);
    await app.settle();
    await sync();
    expect(returnVisit(302)).toBeUndefined();
  });

  it('retries a grant Shopify refused on the next run', async () => {
    await paid(303);
    app.shopify.admin.failNext(1, 'userErrors', { operation: 'metafieldsSet' });
    await sync();
    expect(returnVisit(303)).toBeUndefined();
    await sync();
    expect(returnVisit(303)).toBeDefined();
  });

  it('removes the metafield once the window is over', async () => {
    const day = berlinDay(-29);
    await paid(304, {}, `${day}T10:00:00+01:00`);
    await sync();
    expect(returnVisit(304)).toEqual({ eligibleUntil: plusDays(day, 30), tier: null });
    app.advanceClock(40 * 86_400_000);
    try {
      await sync();
    } finally {
      app.advanceClock(-40 * 86_400_000);
    }
    expect(returnVisit(304)).toBeUndefined();
  });

  it('calls Shopify once per run for a shop without an offline session, and notes all its rows in that run', async () => {
    const noSession = 'never-installed.myshopify.com';
    for (const customer of [310, 311, 312]) {
      const order = orderPayload({
        orderId: nextOrder++,
        customerId: customer,
        lines: [{ price: '40.00', quantity: 1 }],
        shopDomain: noSession,
      });
      expect((await app.deliver('orders/paid', order, { shop: noSession })).status).toBe(200);
    }
    await app.settle();
    // the job as the server builds it, with an Admin API that only counts: this shop has no session
    const calls: string[] = [];
    const admin: AdminGraphql = async (shop) => {
      calls.push(shop);
      throw shop === noSession
        ? new NoOfflineSessionError(shop)
        : new ShopifyUnavailableError('not this test');
    };
    await syncReturnVisitsJob({ store: app.store, admin, log: () => undefined }).run(new Date());
    // one call (the first step), not one per row; every row noted (moved to the back of its queue) all the same
    expect(calls.filter((shop) => shop === noSession)).toHaveLength(1);
    const rows = await app.db.returnVisit.findMany({ where: { shop: noSession } });
    expect(rows.map((row) => [row.status, row.detail])).toEqual(
      Array.from({ length: 3 }, () => [
        'grant_due',
        `shopify_unavailable: no offline session for ${noSession}`,
      ]),
    );
  });
});
