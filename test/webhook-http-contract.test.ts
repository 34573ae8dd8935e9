import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderPayload, signWebhook } from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { API_SECRET, send, SHOP, startTestApp, type TestApp } from './support/test-app.js';

describe.each(databaseKinds)('POST /api/webhooks contract on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(() => app?.close());

  const order = (orderId: number) =>
    orderPayload({ orderId, customerId: 555, lines: [{ price: '10.00', quantity: 1 }] });

  /** Rows written anywhere that a delivery could touch. */
  const footprint = async () => {
    await app.settle();
    return app.store.read(async (repos) => ({
      deliveries: await repos.deliveries.count(SHOP),
      entries: (await repos.ledger.allEntries(SHOP)).length,
    }));
  };

  const post = (headers: Record<string, string>, body: string) =>
    send(`${app.url}/api/webhooks`, { method: 'POST', headers, body });

  it('rejects a wrong HMAC with 401 and writes nothing', async () => {
    const before = await footprint();
    const signed = signWebhook({
      secret: 'not-the-secret',
      topic: 'orders/paid',
      shop: SHOP,
      body: order(1),
    });
    const reply = await post(signed.headers, signed.body);
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ code: 'invalid_hmac', message: expect.any(String) });
    expect(await footprint()).toEqual(before);
  });

  it('rejects a body changed after signing with 401 and writes nothing', async () => {
    const before = await footprint();
    const signed = signWebhook({ secret: API_SECRET, topic: 'orders/paid', shop: SHOP, body: order(2) });
    const reply = await post(signed.headers, signed.body.replace('"10.00"', '"99.00"'));
    expect(reply.status).toBe(401);
    expect(await footprint()).toEqual(before);
  });

  it('rejects a missing HMAC header with 401 and writes nothing', async () => {
    const before = await footprint();
    const signed = signWebhook({ secret: API_SECRET, topic: 'orders/paid', shop: SHOP, body: order(3) });
    const { ['X-Shopify-Hmac-Sha256']: _removed, ...headers } = signed.headers;
    const reply = await post(headers, signed.body);
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('invalid_hmac');
    expect(await footprint()).toEqual(before);
  });

  it('answers malformed JSON with a valid signature with 400 and writes nothing', async () => {
    const before = await footprint();
    const signed = signWebhook({
      secret: API_SECRET,
      topic: 'orders/paid',
      shop: SHOP,
      body: '{"id": 4, oops',
    });
    const reply = await post(signed.headers, signed.body);
    expect(reply).toEqual({ status: 400, body: { code: 'invalid_json', message: expect.any(String) } });
    expect(await footprint()).toEqual(before);
  });

  it('answers a well-formed JSON that is not an order with 400 and writes nothing', async () => {
    const before = await footprint();
    const signed = signWebhook({
      secret: API_SECRET,
      topic: 'orders/paid',
      shop: SHOP,
      body: { id: 5, line_items: 'x' },
    });
    const reply = await post(signed.headers, signed.body);
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('invalid_payload');
    expect(await footprint()).toEqual(before);
  });

  it.each(['X-Shopify-Topic', 'X-Shopify-Shop-Domain', 'X-Shopify-Webhook-Id', 'X-Shopify-API-Version'])(
    'answers a delivery without %s with 400 and writes nothing',
    async (header) => {
      const before = await footprint();
      const signed = signWebhook({ secret: API_SECRET, topic: 'orders/paid', shop: SHOP, body: order(6) });
      const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== header));
      const reply = await post(headers, signed.body);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ code: 'missing_headers', message: expect.stringContaining(header) });
      expect(await footprint()).toEqual(before);
    },
  );

  it('answers a body over 1 MB with 413 and writes nothing', async () => {
    const before = await footprint();
    const huge = JSON.stringify({ ...order(7), note: 'x'.repeat(1024 * 1024) });
    const signed = signWebhook({ secret: API_SECRET, topic: 'orders/paid', shop: SHOP, body: huge });
    const reply = await post(signed.headers, signed.body);
    expect(reply).toEqual({ status: 413, body: { code: 'payload_too_large', message: expect.any(String) } });
    expect(await footprint()).toEqual(before);
  });

  it('acknowledges an unknown topic with 200 and ignores it', async () => {
    const before = await footprint();
    const reply = await app.deliver('products/update', { id: 8, title: 'Mug' });
    expect(reply).toMatchObject({ status: 200, body: { status: 'ignored' } });
    expect(await footprint()).toEqual(before);
  });

  it('accepts a delivery signed exactly as Shopify signs it (raw bytes, base64)', async () => {
    const body = JSON.stringify(order(9));
    const headers = {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': 'orders/paid',
      'X-Shopify-Shop-Domain': SHOP,
      'X-Shopify-API-Version': '2026-07',
      'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
      'X-Shopify-Event-Id': '98880550-7158-44d4-b7cd-2c97c8a091b5',
      'X-Shopify-Hmac-Sha256': createHmac('sha256', API_SECRET).update(Buffer.from(body)).digest('base64'),
    };
    const reply = await post(headers, body);
    expect(reply).toEqual({ status: 200, body: { status: 'accepted' } });
  });

  // A real 500 (database broken under the running server) is in test/internal-errors.test.ts.
  it('answers an unsigned garbage request with the bare 401 JSON error, nothing else', async () => {
    const reply = await post({ 'X-Shopify-Hmac-Sha256': 'abc' }, 'garbage');
    expect(reply).toEqual({ status: 401, body: { code: 'invalid_hmac', message: expect.any(String) } });
    expect(JSON.stringify(reply.body)).not.toMatch(/\bat .*[:(]\d+|\.(ts|js)\b/);
  });
});
