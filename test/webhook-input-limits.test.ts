import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload, signWebhook } from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { API_SECRET, countShopRows, send, SHOP, startTestApp, type TestApp } from './support/test-app.js';

let nextId = 31_000;
const newId = () => nextId++;

/**
 * Signed deliveries whose headers or amounts are out of bounds: each is refused at the door (400) and leaves no
 * row behind, and a well-formed delivery arriving in the same moment is still accepted (an oversized event id
 * once failed a whole group-committed batch on PostgreSQL).
 */
describe.each(databaseKinds)('webhook input limits on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.close());

  const order = (customerId = newId(), price = '25.00') =>
    orderPayload({ orderId: newId(), customerId, lines: [{ price, quantity: 1 }] });
  /** Every row a delivery could leave, for every shop (a refused delivery may name a shop of its own). */
  const footprint = async () => {
    await app.settle();
    return {
      deliveries: await app.db.webhookDelivery.count(),
      ledgerEntries: await app.db.ledgerEntry.count(),
      shop: await countShopRows(app.db, SHOP),
    };
  };
  const post = (topic: string, body: unknown, headers: Record<string, string | undefined>) => {
    const signed = signWebhook({ secret: API_SECRET, topic, shop: SHOP, body });
    const merged = Object.entries({ ...signed.headers, ...headers }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    return send(`${app.url}/api/webhooks`, { method: 'POST', headers: merged, body: signed.body });
  };

  it('refuses an 8,000-character X-Shopify-Event-Id with 400 invalid_event_id, while a delivery beside it is accepted', async () => {
    const before = await footprint();
    const [oversized, fine] = await Promise.all([
      app.deliver('orders/paid', order(), { eventId: 'e'.repeat(8000) }),
      app.deliver('orders/paid', order()),
    ]);
    expect(oversized).toMatchObject({ status: 400, body: { code: 'invalid_event_id' } });
    expect(fine).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(await app.outcome(fine.eventId)).toBe('processed');
    expect((await footprint()).deliveries).toBe(before.deliveries + 1);
  });

  it.each<[string, Record<string, string>, string]>([
    [
      'a 129-character X-Shopify-Webhook-Id',
      { 'X-Shopify-Webhook-Id': 'w'.repeat(129) },
      'invalid_webhook_id',
    ],
    ['an X-Shopify-Webhook-Id with spaces', { 'X-Shopify-Webhook-Id': 'not an id' }, 'invalid_webhook_id'],
    ['an X-Shopify-Event-Id with a slash', { 'X-Shopify-Event-Id': 'a/b' }, 'invalid_event_id'],
    ['a three-part X-Shopify-Topic', { 'X-Shopify-Topic': 'orders/paid/now' }, 'invalid_topic'],
    [
      'an X-Shopify-Topic of 65 characters',
      { 'X-Shopify-Topic': `orders/${'p'.repeat(58)}` },
      'invalid_topic',
    ],
    [
      'an X-Shopify-API-Version that is no version',
      { 'X-Shopify-API-Version': 'latest' },
      'invalid_api_version',
    ],
    [
      'a 256-character X-Shopify-Shop-Domain',
      { 'X-Shopify-Shop-Domain': `${'s'.repeat(242)}.myshopify.com` },
      'invalid_shop_domain',
    ],
  ])('refuses a signed delivery with %s with 400 and writes nothing', async (_name, headers, code) => {
    const before = await footprint();
    const reply = await post('orders/paid', order(), headers);
    expect(reply).toEqual({ status: 400, body: { code, message: expect.any(String) } });
    expect(await footprint()).toEqual(before);
  });

  it('answers an unsigned delivery with an oversized event id 401: the signature is checked first', async () => {
    const before = await footprint();
    const reply = await post('orders/paid', order(), {
      'X-Shopify-Hmac-Sha256': 'AAAA',
      'X-Shopify-Event-Id': 'e'.repeat(8000),
    });
    expect(reply).toMatchObject({ status: 401, body: { code: 'invalid_hmac' } });
    expect(await footprint()).toEqual(before);
  });

  it('refuses an order priced 99999999999.99 with 400 invalid_payload and writes nothing', async () => {
    const customer = newId();
    const before = await footprint();
    const reply = await app.deliver('orders/paid', order(customer, '99999999999.99'));
    expect(reply).toMatchObject({ status: 400, body: { code: 'invalid_payload' } });
    expect(await footprint()).toEqual(before);
    expect((await app.admin(`/api/customers/${customer}`)).status).toBe(404);
  });

  it('refuses a negative discount (which would earn extra points) with 400 and writes nothing', async () => {
    const customer = newId();
    const payload = orderPayload({
      orderId: newId(),
      customerId: customer,
      lines: [{ price: '10.00', quantity: 1, discount: '5.00' }],
    });
    payload.line_items[0]!.discount_allocations[0]!.amount_set.shop_money.amount = '-500.00';
    const before = await footprint();
    expect(await app.deliver('orders/paid', payload)).toMatchObject({
      status: 400,
      body: { code: 'invalid_payload' },
    });
    expect(await footprint()).toEqual(before);
  });

  it('refuses discounts above the line total with 400 and writes nothing', async () => {
    const payload = orderPayload({
      orderId: newId(),
      customerId: newId(),
      lines: [{ price: '10.00', quantity: 2, discount: '20.01' }],
    });
    const before = await footprint();
    expect(await app.deliver('orders/paid', payload)).toMatchObject({
      status: 400,
      body: { code: 'invalid_payload' },
    });
    expect(await footprint()).toEqual(before);
  });

  it('refuses an order id beyond 2^53 sent as a JSON number (its digits are already lost) and writes nothing', async () => {
    const body = JSON.stringify(order()).replace(/^\{"id":\d+/, '{"id":98765432109876543210');
    expect(body).toContain('"id":98765432109876543210');
    const before = await footprint();
    expect(await app.deliver('orders/paid', body)).toMatchObject({
      status: 400,
      body: { code: 'invalid_payload' },
    });
    expect(await footprint()).toEqual(before);
  });

  it('credits an order whose id beyond 2^53 comes as a string, keeping every digit', async () => {
    const customer = newId();
    const reply = await app.deliver('orders/paid', { ...order(customer), id: '98765432109876543210' });
    expect(reply).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect((await app.customer(customer)).entries).toMatchObject([
      { kind: 'earn', points: 25, orderId: '98765432109876543210' },
    ]);
  });

  it('refuses a paid order body replayed as orders/cancelled (cancelled_at null): the award stays', async () => {
    const customer = newId();
    const paid = order(customer);
    await app.deliver('orders/paid', paid);
    expect((await app.customer(customer)).balance.available).toBe(25);
    const before = await footprint();
    const replay = await app.deliver('orders/cancelled', paid);
    expect(replay).toMatchObject({ status: 400, body: { code: 'invalid_payload' } });
    expect(await footprint()).toEqual(before);
    expect((await app.customer(customer)).balance.available).toBe(25);
  });
});
