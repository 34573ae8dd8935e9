import { Session } from '@shopify/shopify-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appUninstalledPayload,
  customerPayload,
  customerRedactPayload,
  dataRequestPayload,
  orderPayload,
  personFor,
  refundPayload,
  shopRedactPayload,
} from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';

import { countShopRows, SHOP, startTestApp, type TestApp } from './support/test-app.js';

let nextId = 70_000;
const newId = () => nextId++;

describe.each(databaseKinds)('compliance webhooks on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.close());

  /** orders/paid for `customerId` with one line of `amount`, processed; returns the order payload. */
  const earn = async (customerId: number, amount: string, shop = SHOP) => {
    const order = orderPayload({
      orderId: newId(),
      customerId,
      lines: [{ price: amount, quantity: 1 }],
      shopDomain: shop,
    });
    const reply = await app.deliver('orders/paid', order, { shop });
    expect(reply.status).toBe(200);
    expect(await app.outcome(reply.eventId, shop)).toBe('processed');
    return order;
  };

  const deliverProcessed = async (topic: string, body: unknown, shop = SHOP) => {
    const reply = await app.deliver(topic, body, { shop });
    expect(reply).toMatchObject({ status: 200, body: { status: 'accepted' } });
    return { ...reply, outcome: await app.outcome(reply.eventId, shop) };
  };

  type DataRequestView = {
    customerId: string;
    requestedAt: string;
    export: {
      shop: string;
      customerId: string;
      customer: { available: number; pending: number } | null;
      ledger: Array<{ kind: string; points: number; orderId: string | null; refundId: string | null }>;
      orders: Array<{ orderId: string; earnedPoints: number; reversedPoints: number; cancelled: boolean }>;
    };
  };
  const dataRequests = async (shop = SHOP): Promise<DataRequestView[]> => {
    const reply = await app.admin('/api/data-requests', shop);
    expect(reply.status).toBe(200);
    return reply.body.dataRequests as DataRequestView[];
  };

  describe('customers/data_request', () => {
    it('stores an export with the customer’s ledger entries and balance, served by GET /api/data-requests', async () => {
      const customer = newId();
      const bystander = newId();
      const first = await earn(customer, '30.00');
      const second = await earn(customer, '12.00');
      await earn(bystander, '99.00');
      const refundId = newId();
      await deliverProcessed(
        'refunds/create',
        refundPayload({ refundId, order: first, lines: [{ lineIndex: 0, quantity: 1 }] }),
      );

      const reply = await deliverProcessed(
        'customers/data_request',
        dataRequestPayload({ customerId: customer, shop: SHOP, dataRequestId: 4711 }),
      );
      expect(reply.outcome).toBe('processed');
      // the same request delivered again under another event id prepares no second export
      await deliverProcessed(
        'customers/data_request',
        dataRequestPayload({ customerId: customer, shop: SHOP, dataRequestId: 4711 }),
      );

      const stored = await app.db.dataRequest.findMany({
        where: { shop: SHOP, customerId: String(customer) },
      });
      expect(stored).toHaveLength(1);
      expect(stored[0]?.requestId).toBe('4711');

      const mine = (await dataRequests()).filter((r) => r.customerId === String(customer));
      expect(mine).toHaveLength(1);
      const exported = mine[0]!.export;
      expect(exported).toMatchObject({
        shop: SHOP,
        customerId: String(customer),
        customer: { available: 12, pending: 0 },
      });
      expect(exported.ledger.map((e) => [e.kind, e.points, e.orderId, e.refundId])).toEqual([
        ['earn', 30, String(first.id), null],
        ['earn', 12, String(second.id), null],
        ['reverse_refund', -30, String(first.id), String(refundId)],
      ]);
      expect([...exported.orders].sort((a, b) => Number(a.orderId) - Number(b.orderId))).toEqual([
        { orderId: String(first.id), earnedPoints: 30, reversedPoints: 30, cancelled: false },
        { orderId: String(second.id), earnedPoints: 12, reversedPoints: 0, cancelled: false },
      ]);
      // the export is this customer's only: the bystander's 99 points appear nowhere in it
      expect(JSON.stringify(exported)).not.toContain(String(bystander));
      expect(exported.ledger.some((e) => e.points === 99)).toBe(false);
      // and only the shop it belongs to sees it
      expect(await dataRequests('someone-else.myshopify.com')).toEqual([]);
    });

    it('answers 200 for a customer it has never seen and stores an empty export', async () => {
      const unknown = newId();
      const reply = await deliverProcessed(
        'customers/data_request',
        dataRequestPayload({ customerId: unknown, shop: SHOP }),
      );
      expect(reply.outcome).toBe('processed');
      const mine = (await dataRequests()).filter((r) => r.customerId === String(unknown));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.export).toMatchObject({
        shop: SHOP,
        customerId: String(unknown),
        customer: null,
        ledger: [],
        orders: [],
      });
      // asking did not create a loyalty record for the customer
      expect((await app.admin(`/api/customers/${unknown}`)).status).toBe(404);
    });
  });

  describe('customers/redact', () => {
    it('removes the payloads of parked (failed) deliveries about the customer, and only those', async () => {
      const redacted = newId();
      const other = newId();
      const parked = (key: string, body: unknown) =>
        app.db.webhookDelivery.create({
          data: {
            shop: SHOP,
            dedupeKey: key,
            topic: 'orders/paid',
            webhookId: key,
            payload: JSON.stringify(body),
            status: 'failed',
            attempts: 5,
          },
        });
      const paidOrder = (customerId: number) =>
        orderPayload({ orderId: newId(), customerId, lines: [{ price: '5.00', quantity: 1 }] });
      const aboutRedacted = await parked(`parked-${redacted}`, paidOrder(redacted));
      const signup = await parked(`signup-${redacted}`, customerPayload({ customerId: redacted }));
      const aboutOther = await parked(`parked-${other}`, paidOrder(other));
      await deliverProcessed('customers/redact', customerRedactPayload({ customerId: redacted, shop: SHOP }));
      const payloadOf = async (id: number) =>
        (await app.db.webhookDelivery.findUnique({ where: { id } }))?.payload ?? null;
      expect(await payloadOf(aboutRedacted.id)).toBeNull();
      expect(await payloadOf(signup.id)).toBeNull();
      expect(await payloadOf(aboutOther.id)).toContain(`"customer":{"id":${other},`);
    });

    it('removes a parked guest order naming the redacted e-mail in another letter case', async () => {
      const redacted = newId();
      const guestOrder = (email: string) => ({
        ...orderPayload({ orderId: newId(), customerId: null, lines: [{ price: '5.00', quantity: 1 }] }),
        email,
      });
      const parked = (key: string, body: unknown) =>
        app.db.webhookDelivery.create({
          data: {
            shop: SHOP,
            dedupeKey: key,
            topic: 'orders/paid',
            webhookId: key,
            payload: JSON.stringify(body),
            status: 'failed',
            attempts: 5,
          },
        });
      const mixedCase = await parked(`guest-${redacted}`, guestOrder(`Rita.${redacted}@Example.com`));
      const otherGuest = await parked(`guest-other-${redacted}`, guestOrder(`rita.${redacted}x@example.com`));
      await deliverProcessed(
        'customers/redact',
        customerRedactPayload({ customerId: redacted, email: `rita.${redacted}@example.com`, shop: SHOP }),
      );
      const payloadOf = async (id: number) =>
        (await app.db.webhookDelivery.findUnique({ where: { id } }))?.payload ?? null;
      expect(await payloadOf(mixedCase.id)).toBeNull();
      expect(await payloadOf(otherGuest.id)).toContain(`rita.${redacted}x@example.com`);
    });

    it('unlinks the customer, keeps the ledger rows, deletes earlier exports and leaves others alone', async () => {
      const redacted = newId();
      const other = newId();
      await earn(redacted, '40.00');
      await earn(redacted, '5.00');
      await earn(other, '25.00');
      await deliverProcessed(
        'customers/data_request',
        dataRequestPayload({ customerId: redacted, shop: SHOP }),
      );
      await deliverProcessed('customers/data_request', dataRequestPayload({ customerId: other, shop: SHOP }));
      const otherBefore = await app.admin(`/api/customers/${other}`);
      expect(otherBefore.status).toBe(200);
      const account = await app.store.read((repos) => repos.customers.find(SHOP, String(redacted)));
      expect(account).not.toBeNull();
      const entriesBefore = await app.db.ledgerEntry.findMany({
        where: { customerId: account!.id },
        orderBy: { id: 'asc' },
      });
      expect(entriesBefore.map((e) => e.points)).toEqual([40, 5]);
      const otherAccount = await app.store.read((repos) => repos.customers.find(SHOP, String(other)));
      for (const [customerId, reason] of [
        [account!.id, 'called about Mrs. Example'],
        [otherAccount!.id, 'kept'],
      ] as const)
        await app.db.adjustment.create({
          data: {
            shop: SHOP,
            customerId,
            points: 1,
            reason,
            requestKey: `k-${customerId}`,
            requestHash: '[]',
          },
        });

      const reply = await deliverProcessed(
        'customers/redact',
        customerRedactPayload({ customerId: redacted, shop: SHOP }),
      );
      expect(reply.outcome).toBe('processed');

      // a manual adjustment's free-text reason goes; another customer's stays
      const reasons = await app.db.adjustment.findMany({ orderBy: { id: 'asc' }, where: { shop: SHOP } });
      expect(reasons.slice(-2).map((a) => a.reason)).toEqual(['(redacted)', 'kept']);

      // gone from the admin API: detail and list (also when searched for by its id)
      expect(await app.admin(`/api/customers/${redacted}`)).toMatchObject({
        status: 404,
        body: { code: 'customer_not_found' },
      });
      const listed = await app.admin('/api/customers');
      expect(listed.status).toBe(200);
      const listedIds = (listed.body.customers as Array<{ id: number | string }>).map((c) => String(c.id));
      expect(listedIds).not.toContain(String(redacted));
      expect(listedIds).toContain(String(other));
      expect(listedIds.some((id) => id.startsWith('redacted'))).toBe(false);
      expect((await app.admin(`/api/customers?query=${redacted}`)).body.customers).toEqual([]);

      // the ledger rows stay (the liability must still add up) but no row links to the Shopify id any more
      const entriesAfter = await app.db.ledgerEntry.findMany({
        where: { customerId: account!.id },
        orderBy: { id: 'asc' },
      });
      expect(entriesAfter).toEqual(entriesBefore);
      const row = await app.db.customer.findUnique({ where: { id: account!.id } });
      expect(row).not.toBeNull();
      expect(row!.shopifyId).not.toBe(String(redacted));
      expect(row!.shopifyId).not.toContain(String(redacted));
      expect(row!.redactedAt).toBeInstanceOf(Date);
      expect(row!.available).toBe(45);
      expect(await app.db.customer.count({ where: { shopifyId: String(redacted) } })).toBe(0);

      // earlier exports of that customer are deleted, the other customer's stays
      const remaining = await dataRequests();
      expect(remaining.filter((r) => r.customerId === String(redacted))).toEqual([]);
      expect(await app.db.dataRequest.count({ where: { customerId: String(redacted) } })).toBe(0);
      expect(remaining.filter((r) => r.customerId === String(other))).toHaveLength(1);

      // nothing personal of the customer is left in stored webhook payloads
      const payloads = await app.db.webhookDelivery.findMany({
        where: { shop: SHOP, payload: { not: null } },
        select: { payload: true },
      });
      expect(payloads.filter((p) => p.payload!.includes(personFor(redacted).email))).toEqual([]);

      // the other customer is untouched
      expect(await app.admin(`/api/customers/${other}`)).toEqual(otherBefore);
    });

    it('answers 200 and changes nothing for a customer it has never seen', async () => {
      const before = await countShopRows(app.db, SHOP);
      const customersBefore = await app.db.customer.findMany({
        where: { shop: SHOP },
        orderBy: { id: 'asc' },
      });
      const reply = await deliverProcessed(
        'customers/redact',
        customerRedactPayload({ customerId: newId(), shop: SHOP }),
      );
      expect(reply.outcome).toBe('skipped');
      expect(await app.db.customer.findMany({ where: { shop: SHOP }, orderBy: { id: 'asc' } })).toEqual(
        customersBefore,
      );
      expect({ ...(await countShopRows(app.db, SHOP)), deliveries: 0 }).toEqual({ ...before, deliveries: 0 });
    });
  });

  describe('shop/redact', () => {
    const REDACTED_SHOP = 'redact-me.myshopify.com';
    const KEPT_SHOP = 'keep-me.myshopify.com';

    /** Puts a row in every table for `shop`. */
    const populate = async (shop: string) => {
      const customer = newId();
      const order = await earn(customer, '50.00', shop);
      await deliverProcessed(
        'refunds/create',
        refundPayload({ refundId: newId(), order, lines: [{ lineIndex: 0, quantity: 1 }] }),
        shop,
      );
      // a refund whose order never arrived stays as a pending reversal
      const unpaid = orderPayload({
        orderId: newId(),
        customerId: customer,
        lines: [{ price: '10.00', quantity: 1 }],
        shopDomain: shop,
      });
      const early = await deliverProcessed(
        'refunds/create',
        refundPayload({ refundId: newId(), order: unpaid, lines: [{ lineIndex: 0, quantity: 1 }] }),
        shop,
      );
      expect(early.outcome).toBe('deferred');
      await deliverProcessed(
        'customers/data_request',
        dataRequestPayload({ customerId: customer, shop }),
        shop,
      );
      await app.running.shopify.config.sessionStorage.storeSession(
        new Session({
          id: `offline_${shop}`,
          shop,
          state: 'state',
          isOnline: false,
          scope: 'read_orders,read_customers',
          accessToken: `shpat_${shop}`,
        }),
      );
      // a redemption (written directly: this suite runs without the simulated Admin that creates codes)
      const row = await app.db.customer.findUniqueOrThrow({
        where: { shop_shopifyId: { shop, shopifyId: String(customer) } },
      });
      await app.db.redemption.create({
        data: {
          shop,
          customerId: row.id,
          requestKey: `key-${customer}`,
          requestHash: '["five-off",null]',
          optionId: 'five-off',
          kind: 'fixed_amount',
          pointsSpent: 10,
          valueAmount: '100000',
          currencyCode: 'EUR',
          code: `LOYAL-TEST-${customer}`,
          status: 'active',
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      });
      await app.db.adjustment.create({
        data: {
          shop,
          customerId: row.id,
          points: 5,
          reason: 'goodwill',
          requestKey: `adj-${customer}`,
          requestHash: '[]',
        },
      });
      return customer;
    };

    it('deletes every row of the shop and nothing of another shop', async () => {
      const redactedCustomer = await populate(REDACTED_SHOP);
      const keptCustomer = await populate(KEPT_SHOP);
      const before = await countShopRows(app.db, REDACTED_SHOP);
      for (const [table, count] of Object.entries(before)) {
        expect({ table, present: count > 0 }).toEqual({ table, present: true });
      }
      const keptBefore = await countShopRows(app.db, KEPT_SHOP);
      const keptView = await app.admin(`/api/customers/${keptCustomer}`, KEPT_SHOP);
      expect(keptView.status).toBe(200);

      const reply = await app.deliver('shop/redact', shopRedactPayload({ shop: REDACTED_SHOP }), {
        shop: REDACTED_SHOP,
      });
      expect(reply).toMatchObject({ status: 200, body: { status: 'accepted' } });
      const outcome = await app.outcome(reply.eventId, REDACTED_SHOP);

      const after = await countShopRows(app.db, REDACTED_SHOP);
      expect({ ...after, deliveries: 0 }).toEqual({
        shop: 0,
        programs: 0,
        customers: 0,
        ledgerEntries: 0,
        earningLots: 0,
        orderAwards: 0,
        pendingReversals: 0,
        deliveries: 0,
        dataRequests: 0,
        redemptions: 0,
        adjustments: 0,
        sessions: 0,
      });
      // The shop/redact delivery itself may remain as the record that it was done (without its payload);
      // every other delivery of the shop is gone. The route keys deliveries by topic and event id.
      const own = await app.db.webhookDelivery.findMany({ where: { shop: REDACTED_SHOP } });
      const ownKey = `shop/redact:${reply.eventId}`;
      expect(own.filter((d) => d.dedupeKey !== ownKey)).toEqual([]);
      for (const delivery of own) expect(delivery).toMatchObject({ status: 'processed', payload: null });
      expect(outcome).toBe(own.length === 0 ? undefined : 'processed');
      expect(await app.running.shopify.config.sessionStorage.findSessionsByShop(REDACTED_SHOP)).toEqual([]);
      expect((await app.admin(`/api/customers/${redactedCustomer}`, REDACTED_SHOP)).status).toBe(404);
      expect((await app.admin('/api/customers', REDACTED_SHOP)).body.customers).toEqual([]);
      expect(await dataRequests(REDACTED_SHOP)).toEqual([]);
      // a redelivery of the same shop/redact is answered and finds nothing left to delete
      const again = await app.deliver('shop/redact', shopRedactPayload({ shop: REDACTED_SHOP }), {
        shop: REDACTED_SHOP,
        eventId: reply.eventId,
      });
      expect(again.status).toBe(200);
      await app.running.inbox.settle();
      expect({ ...(await countShopRows(app.db, REDACTED_SHOP)), deliveries: 0 }).toEqual({
        ...after,
        deliveries: 0,
      });

      // the other shop is untouched
      expect(await countShopRows(app.db, KEPT_SHOP)).toEqual(keptBefore);
      expect(await app.admin(`/api/customers/${keptCustomer}`, KEPT_SHOP)).toEqual(keptView);
      expect(
        await app.running.shopify.config.sessionStorage.loadSession(`offline_${KEPT_SHOP}`),
      ).toMatchObject({
        shop: KEPT_SHOP,
        accessToken: `shpat_${KEPT_SHOP}`,
      });
    });
  });

  describe('app/uninstalled', () => {
    const UNINSTALLED_SHOP = 'uninstall-me.myshopify.com';
    const OTHER_SHOP = 'still-installed.myshopify.com';

    it('deletes the shop’s sessions, marks it uninstalled and keeps the loyalty data', async () => {
      const customer = newId();
      await earn(customer, '64.00', UNINSTALLED_SHOP);
      await earn(newId(), '1.00', OTHER_SHOP);
      const sessions = app.running.shopify.config.sessionStorage;
      const session = (shop: string, id: string) =>
        new Session({
          id,
          shop,
          state: 'state',
          isOnline: id.startsWith('online'),
          scope: 'read_orders',
          accessToken: `shpat_${id}`,
        });
      await sessions.storeSession(session(UNINSTALLED_SHOP, `offline_${UNINSTALLED_SHOP}`));
      await sessions.storeSession(session(UNINSTALLED_SHOP, `online_${UNINSTALLED_SHOP}_1`));
      await sessions.storeSession(session(OTHER_SHOP, `offline_${OTHER_SHOP}`));
      expect(await sessions.findSessionsByShop(UNINSTALLED_SHOP)).toHaveLength(2);
      const shopBefore = await app.store.read((repos) => repos.shops.find(UNINSTALLED_SHOP));
      expect(shopBefore?.uninstalledAt).toBeNull();
      const before = await countShopRows(app.db, UNINSTALLED_SHOP);
      const viewBefore = await app.admin(`/api/customers/${customer}`, UNINSTALLED_SHOP);
      expect(viewBefore.status).toBe(200);
      expect(viewBefore.body.balance).toEqual({ available: 64, pending: 0 });

      const sentAt = new Date();
      const reply = await deliverProcessed(
        'app/uninstalled',
        appUninstalledPayload({ shop: UNINSTALLED_SHOP }),
        UNINSTALLED_SHOP,
      );
      expect(reply.outcome).toBe('processed');

      expect(await sessions.findSessionsByShop(UNINSTALLED_SHOP)).toEqual([]);
      expect(await app.db.session.count({ where: { shop: UNINSTALLED_SHOP } })).toBe(0);
      expect(await sessions.loadSession(`offline_${OTHER_SHOP}`)).toMatchObject({ shop: OTHER_SHOP });

      const shopAfter = await app.store.read((repos) => repos.shops.find(UNINSTALLED_SHOP));
      expect(shopAfter?.uninstalledAt).toBeInstanceOf(Date);
      expect(shopAfter!.uninstalledAt!.getTime()).toBeGreaterThanOrEqual(sentAt.getTime() - 1000);
      expect(shopAfter!.uninstalledAt!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect((await app.store.read((repos) => repos.shops.find(OTHER_SHOP)))?.uninstalledAt).toBeNull();

      // loyalty data kept: every row but the sessions is still there, balances still readable
      const after = await countShopRows(app.db, UNINSTALLED_SHOP);
      expect({ ...after, deliveries: 0 }).toEqual({ ...before, sessions: 0, deliveries: 0 });
      const viewAfter = await app.admin(`/api/customers/${customer}`, UNINSTALLED_SHOP);
      expect(viewAfter).toEqual(viewBefore);
    });
  });
});
