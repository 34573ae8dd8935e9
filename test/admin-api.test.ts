import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { orderPayload } from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { API_KEY, API_SECRET, send, SHOP, startTestApp, type TestApp } from './support/test-app.js';

describe.each(databaseKinds)('admin API on %s', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    // 60 customers, so the list has a second page
    for (let i = 1; i <= 60; i++) {
      await app.deliver(
        'orders/paid',
        orderPayload({
          orderId: 90_000 + i,
          customerId: 4_000 + i,
          lines: [{ price: `${i}.00`, quantity: 1 }],
        }),
      );
    }
  });
  afterAll(() => app?.close());

  const get = (path: string, token?: string) =>
    send(`${app.url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

  it('answers /healthz', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('shows a customer with balance, tier and history', async () => {
    const reply = await app.admin('/api/customers/4007');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: 4007,
      balance: { available: 7, pending: 0 },
      tier: null,
      entries: [{ kind: 'earn', points: 7, orderId: '90007' }],
    });
  });

  it('pages through customers newest first and filters by id prefix', async () => {
    const first = await app.admin('/api/customers');
    expect(first.status).toBe(200);
    expect(first.body.customers).toHaveLength(50);
    expect(first.body.customers[0]).toEqual({
      id: 4060,
      displayName: 'Anna Schmidt',
      email: 'anna.schmidt.4060@example.com',
      balance: { available: 60, pending: 0 },
      tier: null,
      lastActivityAt: expect.any(String),
    });
    const second = await app.admin(`/api/customers?cursor=${first.body.nextCursor}`);
    expect(second.body.customers.map((c: { id: number }) => c.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => 4010 - i),
    );
    expect(second.body.nextCursor).toBeNull();
    const filtered = await app.admin('/api/customers?query=400');
    expect(filtered.body.customers.map((c: { id: number }) => c.id)).toEqual([
      4009, 4008, 4007, 4006, 4005, 4004, 4003, 4002, 4001,
    ]);
  });

  it('only shows the shop named in the session token', async () => {
    const reply = await app.admin('/api/customers/4007', 'someone-else.myshopify.com');
    expect(reply).toEqual({ status: 404, body: { code: 'customer_not_found', message: expect.any(String) } });
  });

  it.each([
    ['no token', undefined, 'missing_session_token'],
    [
      'a token signed with another secret',
      signSessionToken({ secret: 'other', apiKey: API_KEY, shop: SHOP }),
      'invalid_session_token',
    ],
    [
      'a token for another app',
      signSessionToken({ secret: API_SECRET, apiKey: 'other-app', shop: SHOP }),
      'invalid_session_token',
    ],
    [
      'an expired token',
      signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP, expiresInSeconds: -60 }),
      'invalid_session_token',
    ],
  ])('refuses %s with 401', async (_name, token, code) => {
    const reply = await get('/api/customers', token);
    expect(reply).toEqual({ status: 401, body: { code, message: expect.any(String) } });
  });

  it('answers bad input with 400 and unknown paths with 404, as JSON', async () => {
    expect((await app.admin('/api/customers/abc')).body.code).toBe('invalid_customer_id');
    expect((await app.admin(`/api/customers?query=${'x'.repeat(101)}`)).body.code).toBe('invalid_query');
    expect((await app.admin('/api/customers?cursor=abc')).body.code).toBe('invalid_cursor');
    expect(await app.admin('/api/nothing-here')).toEqual({
      status: 404,
      body: { code: 'not_found', message: expect.any(String) },
    });
  });
});
