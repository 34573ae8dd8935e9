import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { orderPayload } from '../web/demo/shopify-payloads.js';
import { lotExpiry } from '../web/loyalty/lots.js';
import { installShop } from '../web/use-cases/install-shop.js';
import { databaseKinds } from './support/databases.js';
import { API_KEY, API_SECRET, send, SHOP, startTestApp, type TestApp } from './support/test-app.js';

const STAFF = '8675309';
let nextCustomer = 6_000;
let nextOrder = 80_000;

describe.each(databaseKinds)('POST /api/customers/:id/adjustments (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    await app.store.transaction((repos) => installShop(repos, SHOP, new Date()));
  });
  afterAll(() => app?.close());

  const adjust = (customer: number, body: unknown, key: string | null = randomUUID(), shop = SHOP) =>
    send(`${app.url}/api/customers/${customer}/adjustments`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop, sub: STAFF })}`,
        'Content-Type': 'application/json',
        ...(key !== null && { 'Idempotency-Key': key }),
      },
      body: JSON.stringify(body),
    });

  /** A customer with `points` available from one paid order (1 point per EUR). */
  async function customerWith(points: number): Promise<number> {
    const customer = nextCustomer++;
    const order = orderPayload({
      orderId: nextOrder++,
      customerId: customer,
      lines: [{ price: `${points}.00`, quantity: 1 }],
    });
    expect((await app.deliver('orders/paid', order)).status).toBe(200);
    await app.settle();
    return customer;
  }

  /** What is stored for the customer: adjustments, ledger rows and lots, to check that nothing else was written. */
  async function stored(customer: number) {
    const row = await app.db.customer.findUnique({
      where: { shop_shopifyId: { shop: SHOP, shopifyId: String(customer) } },
    });
    const where = { customerId: row?.id ?? -1 };
    return {
      balance: row && { available: row.available, pending: row.pending },
      adjustments: await app.db.adjustment.findMany({ where, orderBy: { id: 'asc' } }),
      entries: await app.db.ledgerEntry.findMany({ where, orderBy: { id: 'asc' } }),
      lots: await app.db.earningLot.findMany({ where, orderBy: { id: 'asc' } }),
    };
  }

  it('credits points as an adjust entry with its reason and staff user, available at once', async () => {
    const customer = await customerWith(100);
    const reply = await adjust(customer, { points: 50, reason: '  goodwill for a late parcel ' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      adjustmentId: expect.any(Number),
      points: 50,
      reason: 'goodwill for a late parcel',
      balance: { available: 150, pending: 0 },
    });
    const { adjustments, entries, lots } = await stored(customer);
    expect(adjustments).toMatchObject([
      { id: reply.body.adjustmentId, points: 50, reason: 'goodwill for a late parcel', staffUserId: STAFF },
    ]);
    expect(entries.map((e) => [e.kind, e.points, e.adjustmentId])).toEqual([
      ['earn', 100, null],
      ['adjust', 50, String(reply.body.adjustmentId)],
    ]);
    expect(entries[1]!.idempotencyKey).toMatch(/^adjust:customer:\d+:/);
    expect(lots.map((lot) => [lot.points, lot.remaining, lot.matured])).toEqual([
      [100, 100, true],
      [50, 50, true],
    ]);
    const view = await app.customer(customer);
    expect(view.entries[0]).toMatchObject({
      kind: 'adjust',
      points: 50,
      adjustmentId: String(reply.body.adjustmentId),
    });
  });

  it('debits within the balance from the oldest lots first', async () => {
    const customer = await customerWith(100);
    expect((await adjust(customer, { points: 30, reason: 'bonus' })).status).toBe(201);
    const reply = await adjust(customer, { points: -120, reason: 'correction' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ points: -120, balance: { available: 10, pending: 0 } });
    const { entries, lots, balance } = await stored(customer);
    expect(entries.map((e) => [e.kind, e.points])).toEqual([
      ['earn', 100],
      ['adjust', 30],
      ['adjust', -120],
    ]);
    expect(lots.map((lot) => lot.remaining)).toEqual([0, 10]);
    expect(balance).toEqual({ available: 10, pending: 0 });
  });

  it('refuses a debit beyond the available balance with 409 and writes nothing', async () => {
    const customer = await customerWith(40);
    const before = await stored(customer);
    const reply = await adjust(customer, { points: -41, reason: 'too much' });
    expect(reply).toEqual({
      status: 409,
      body: { code: 'insufficient_points', message: expect.any(String) },
    });
    expect(await stored(customer)).toEqual(before);
  });

  it('takes the balance below zero when allowNegative is true', async () => {
    const customer = await customerWith(40);
    const reply = await adjust(customer, { points: -45, reason: 'chargeback', allowNegative: true });
    expect(reply.status).toBe(201);
    expect(reply.body.balance).toEqual({ available: -5, pending: 0 });
    const { lots } = await stored(customer);
    expect(lots.map((lot) => lot.remaining)).toEqual([0]);
    // the next points pay the debt first
    expect((await adjust(customer, { points: 10, reason: 'make good' })).body.balance).toEqual({
      available: 5,
      pending: 0,
    });
  });

  it('refuses a missing or bad reason with 422 and a missing key with 400, writing nothing', async () => {
    const customer = await customerWith(40);
    const before = await stored(customer);
    for (const body of [{ points: 5 }, { points: 5, reason: '  ' }, { points: 5, reason: 'x'.repeat(501) }]) {
      const reply = await adjust(customer, body);
      expect({ body, status: reply.status, code: reply.body.code }).toEqual({
        body,
        status: 422,
        code: 'invalid_adjustment',
      });
    }
    expect((await adjust(customer, { points: 0, reason: 'r' })).status).toBe(422);
    expect((await adjust(customer, { points: 1_000_001, reason: 'r' })).status).toBe(422);
    expect((await adjust(customer, { points: 5, reason: 'r' }, null)).body.code).toBe(
      'idempotency_key_required',
    );
    expect((await adjust(customer, { points: 5, reason: 'r' }, 'has space')).status).toBe(400);
    expect(await stored(customer)).toEqual(before);
  });

  it('answers the same key with the same body and one entry; another body with that key is 422', async () => {
    const customer = await customerWith(100);
    const key = randomUUID();
    const first = await adjust(customer, { points: -30, reason: 'damaged return' }, key);
    expect(first.status).toBe(201);
    expect((await adjust(customer, { points: 25, reason: 'unrelated' })).status).toBe(201);
    const again = await adjust(customer, { points: -30, reason: 'damaged return' }, key);
    // the stored body, including the balance as it was then
    expect(again).toEqual(first);
    const other = await adjust(customer, { points: -31, reason: 'damaged return' }, key);
    expect(other).toEqual({
      status: 422,
      body: { code: 'idempotency_key_reused', message: expect.any(String) },
    });
    const { adjustments, entries, balance } = await stored(customer);
    expect(adjustments).toHaveLength(2);
    expect(entries.filter((e) => e.kind === 'adjust').map((e) => e.points)).toEqual([-30, 25]);
    expect(balance).toEqual({ available: 95, pending: 0 });
  });

  it('writes one entry for 20 parallel requests with one key, and answers all of them alike', async () => {
    const customer = await customerWith(100);
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => adjust(customer, { points: -60, reason: 'parallel' }, key)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    for (const reply of replies) expect(reply.body).toEqual(replies[0]!.body);
    const { adjustments, entries, balance } = await stored(customer);
    expect(adjustments).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'adjust')).toHaveLength(1);
    expect(balance).toEqual({ available: 40, pending: 0 });
  });

  it('creates an unknown customer once for 20 parallel credits with one key', async () => {
    const fresh = nextCustomer++;
    const key = randomUUID();
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => adjust(fresh, { points: 15, reason: 'first contact' }, key)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    const { adjustments, entries, balance } = await stored(fresh);
    expect([adjustments.length, entries.length]).toEqual([1, 1]);
    expect(balance).toEqual({ available: 15, pending: 0 });
    expect(await app.db.customer.count({ where: { shop: SHOP, shopifyId: String(fresh) } })).toBe(1);
  });

  it('creates an unknown customer for a credit, and answers 404 for a debit', async () => {
    const fresh = nextCustomer++;
    const debit = await adjust(fresh, { points: -5, reason: 'none there' });
    expect(debit).toEqual({ status: 404, body: { code: 'customer_not_found', message: expect.any(String) } });
    expect((await stored(fresh)).balance).toBeNull();
    const credit = await adjust(fresh, { points: 5, reason: 'welcome' });
    expect(credit.status).toBe(201);
    expect((await app.customer(fresh)).balance).toEqual({ available: 5, pending: 0 });
    // the shop comes from the token: another shop's customer of that id is not this one
    expect(
      (await adjust(fresh, { points: -5, reason: 'x' }, randomUUID(), 'other-shop.myshopify.com')).status,
    ).toBe(404);
  });

  it("opens the credited lot with the program's expiry", async () => {
    const put = await send(`${app.url}/api/program`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP })}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ expiryMonths: 12 }),
    });
    expect(put.status).toBe(200);
    const customer = nextCustomer++;
    expect((await adjust(customer, { points: 7, reason: 'expiring' })).status).toBe(201);
    const { lots, entries } = await stored(customer);
    expect(lots).toHaveLength(1);
    expect(lots[0]!.expiresAt).toEqual(lotExpiry(entries[0]!.occurredAt, 12));
    expect(lots[0]!.expiresAt).not.toBeNull();
  });
});
