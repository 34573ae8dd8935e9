import { Session } from '@shopify/shopify-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedHistoryResult, seedDemoHistory } from '../web/demo/demo-history.js';
import { earnedPoints } from '../web/demo/demo-history-basket.js';
import { historyDeliveries } from '../web/demo/demo-history-deliveries.js';
import { planHistory } from '../web/demo/demo-history-plan.js';
import { seedDemoProgram } from '../web/demo/demo-program.js';
import { installSimulatedShopify, type SimulatedShopify } from '../web/demo/simulated-shopify.js';
import { installShop } from '../web/use-cases/install-shop.js';
import { databaseKinds } from './support/databases.js';
import { API_KEY, API_SECRET, SHOP, startTestApp, type TestApp } from './support/test-app.js';

/** The history ends here, whatever the wall clock says. */
const NOW = new Date('2026-06-30T12:00:00.000Z');
const DAY_MS = 86_400_000;
const day = (date: Date) => date.toISOString().slice(0, 10);

describe.each(databaseKinds)('demo history (%s)', (kind) => {
  let app: TestApp;
  let shopify: SimulatedShopify;
  let seeded: SeedHistoryResult;
  const printed: string[] = [];
  beforeAll(async () => {
    // as `npm run demo` sets up its shop: the simulated Shopify, an offline session, the demo program
    shopify = installSimulatedShopify({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      scopes: ['write_discounts'],
    });
    app = await startTestApp(kind);
    shopify.grant(SHOP, 'shpat_demo_history');
    await app.sessions.storeSession(
      new Session({
        id: app.running.shopify.api.session.getOfflineId(SHOP),
        shop: SHOP,
        state: 'test',
        isOnline: false,
        accessToken: 'shpat_demo_history',
        scope: 'write_discounts',
      }),
    );
    await app.store.transaction(async (repos) => {
      await installShop(repos, SHOP, NOW);
      await repos.shops.ensure(SHOP, 'EUR');
      await seedDemoProgram(repos, SHOP, NOW);
    });
    seeded = await seedDemoHistory(app.running, {
      shop: SHOP,
      now: NOW,
      admin: shopify.admin,
      print: (line) => printed.push(line),
      log: () => undefined,
    });
  }, 180_000);
  afterAll(async () => {
    expect(shopify.admin.rejected).toEqual([]); // every Admin document the seeding made the app send was valid
    await app.close();
  });

  it('lists the 300 customers it created, across pages of the admin API', async () => {
    const ids = new Set<string>();
    const names = new Set<string>();
    let cursor: string | null = null;
    do {
      const reply = await app.admin(`/api/customers${cursor ? `?cursor=${cursor}` : ''}`);
      expect(reply.status).toBe(200);
      for (const customer of reply.body.customers as Array<{
        id: number;
        displayName: string;
        email: string;
      }>) {
        ids.add(String(customer.id));
        names.add(customer.displayName);
        expect(customer.email).toMatch(/@example\.com$/);
      }
      cursor = reply.body.nextCursor as string | null;
    } while (cursor);
    expect(ids.size).toBe(300);
    expect(names.size).toBeGreaterThan(200); // a shop's customers, not ten names over and over
    expect(seeded).toMatchObject({ seeded: true, customers: 300 });
    expect(printed[0]).toMatch(/^Seeded demo history: 300 customers, \d+ orders .* in [\d.]+ s$/);
  });

  it('gives the dashboard a year of points issued and redeemed', async () => {
    const from = day(new Date(NOW.getTime() - 364 * DAY_MS));
    const reply = await app.admin(`/api/stats?from=${from}&to=${day(NOW)}`);
    expect(reply.status).toBe(200);
    expect(reply.body.members).toBe(300);
    expect(reply.body.points.issued).toBeGreaterThan(20_000);
    expect(reply.body.points.redeemed).toBeGreaterThan(5_000);
    // the flows are dated over the year, not on the day of seeding
    // a series worth a chart: points issued on most days, redeemed on many, repeat buyers among members and guests
    const series = reply.body.series as Array<{ date: string; issued: number; redeemed: number }>;
    expect(series).toHaveLength(365);
    expect(series.filter((d) => d.issued > 0).length).toBeGreaterThan(200);
    expect(series.filter((d) => d.redeemed > 0).length).toBeGreaterThan(60);
    const { members, guests } = reply.body.repeatPurchaseRate as Record<string, number | null>;
    expect(guests).toBeGreaterThan(0);
    expect(members).toBeGreaterThan(guests!);
    // every used code's order counts as revenue from an order with a loyalty code
    expect(reply.body.loyaltyRevenue.orders).toBe(seeded.codesUsed);
    expect(Number(reply.body.loyaltyRevenue.amount)).toBeGreaterThan(20 * seeded.codesUsed);
    const lastMonth = await app.admin(
      `/api/stats?from=${day(new Date(NOW.getTime() - 29 * DAY_MS))}&to=${day(NOW)}`,
    );
    expect(lastMonth.body.points.issued).toBeGreaterThan(0);
    expect(lastMonth.body.points.issued).toBeLessThan(reply.body.points.issued / 4);
  });

  it('credits every order and refund: earns, reversals and guest orders without points', async () => {
    const entries = await app.db.ledgerEntry.groupBy({ by: ['kind'], where: { shop: SHOP }, _count: true });
    const byKind = Object.fromEntries(entries.map((e) => [e.kind, e._count]));
    const plan = planHistory();
    const memberOrders = seeded.orders - seeded.guestOrders;
    expect(byKind).toMatchObject({ earn: memberOrders, signup: 300 });
    expect(byKind.reverse_refund).toBeGreaterThan(0);
    expect(byKind.reverse_cancel).toBeGreaterThan(0);
    expect(await app.db.orderAward.count({ where: { shop: SHOP } })).toBe(seeded.orders);
    const open = { shop: SHOP, status: { in: ['pending', 'failed'] } };
    expect(await app.db.webhookDelivery.count({ where: open })).toBe(0);
    expect(plan.refunds.length).toBe(seeded.refunds);
    // the plan's own count of points (what redemptions are planned on) is what the app awarded
    const earns = await app.db.ledgerEntry.findMany({ where: { shop: SHOP, kind: 'earn' } });
    const awarded = new Map(earns.map((e) => [e.orderId, e.points]));
    for (const order of plan.orders.filter((o) => o.customerId !== null))
      expect(awarded.get(String(order.id)), `order ${order.id}`).toBe(
        earnedPoints(order.items, order.merchantCode),
      );
  });

  it('redeems through the use case: codes used by later orders, a few expired and refunded by the job', async () => {
    const rows = await app.db.redemption.groupBy({ by: ['status'], where: { shop: SHOP }, _count: true });
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r._count]));
    expect(seeded.redemptions).toBe(planHistory().redemptions.length); // none refused for want of points
    expect(seeded.refused).toBe(0);
    expect(byStatus).toEqual({ used: seeded.codesUsed, expired: seeded.codesExpired });
    expect(seeded.codesExpired).toBeGreaterThan(0);
    expect(shopify.admin.discountCodes(SHOP)).toHaveLength(seeded.redemptions);
    // redeemed in the past: the debits are dated over the year, each before the order that used its code
    const redeems = await app.db.ledgerEntry.findMany({ where: { shop: SHOP, kind: 'redeem' } });
    expect(redeems).toHaveLength(seeded.redemptions);
    expect(new Set(redeems.map((e) => e.occurredAt.toISOString().slice(0, 7))).size).toBeGreaterThanOrEqual(
      10,
    );
    expect(Math.max(...redeems.map((e) => e.occurredAt.getTime()))).toBeLessThan(NOW.getTime());
  });

  it('adds nothing when run again: it recognises the finished run, and every webhook is a duplicate', async () => {
    const before = await app.db.ledgerEntry.count({ where: { shop: SHOP } });
    const deliveries = await app.db.webhookDelivery.count({ where: { shop: SHOP } });
    const again = await seedDemoHistory(app.running, { shop: SHOP, now: NOW, print: (l) => printed.push(l) });
    expect(again.seeded).toBe(false);
    // without the marker: the same webhooks, even planned from another day, are known to the inbox
    const later = historyDeliveries(planHistory(), new Date(NOW.getTime() + 3 * DAY_MS));
    for (const delivery of [...later.slice(0, 10), ...later.slice(-10)]) {
      const reply = await app.deliver(delivery.topic, delivery.body, { eventId: delivery.eventId });
      expect(reply.body).toEqual({ status: 'duplicate' });
    }
    await app.settle();
    expect(await app.db.ledgerEntry.count({ where: { shop: SHOP } })).toBe(before);
    expect(await app.db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(deliveries);
  });
});
