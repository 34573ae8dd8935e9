import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { appUninstalledPayload } from '../web/demo/shopify-payloads.js';
import { databaseKinds } from './support/databases.js';
import { type StorefrontApp, startStorefrontApp } from './support/storefront-fixture.js';
import { API_KEY, API_SECRET, send, SHOP } from './support/test-app.js';

describe.each(databaseKinds)('storefront API contract (%s)', (kind) => {
  let app: StorefrontApp;
  beforeAll(async () => {
    app = await startStorefrontApp(kind, (config) => ({
      ...config,
      storefrontRateLimit: { perMinute: 5, redisUrl: null },
    }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers a CORS preflight from a Shopify origin without a token', async () => {
    const response = await fetch(`${app.url}/api/storefront/redemptions`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://extensions.shopifycdn.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
  });

  it('answers 401 not_logged_in, with CORS headers, when the token names no customer', async () => {
    const reply = await app.storefront('/balance', { customer: null });
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ code: 'not_logged_in', message: expect.any(String) });
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses an admin session token and a token signed with another secret', async () => {
    const admin = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP });
    const forged = signSessionToken({
      secret: 'other',
      apiKey: API_KEY,
      shop: SHOP,
      kind: 'extension',
      sub: 'gid://shopify/Customer/1',
    });
    for (const token of [admin, forged]) {
      const reply = await send(`${app.url}/api/storefront/balance`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('invalid_session_token');
    }
  });

  it('takes the shop from a dest with https:// too, and never the customer from the body', async () => {
    await app.earn(41, 600);
    const reply = await app.storefront('/balance', { customer: 41, shop: `https://${SHOP}` });
    expect(reply.status).toBe(200);
    expect(reply.body.balance.available).toBe(600);
    // a body naming another customer changes nothing: the code is bound to the token's customer
    const redeemed = await app.storefront('/redemptions', {
      customer: 42,
      key: randomUUID(),
      body: { optionId: 'five-off', customerId: 41 },
    });
    expect(redeemed.status).toBe(409);
  });

  it('requires an Idempotency-Key and a known option, with clear errors', async () => {
    const noKey = await app.storefront('/redemptions', { customer: 41, body: { optionId: 'five-off' } });
    expect(noKey.status).toBe(400);
    expect(noKey.body.code).toBe('idempotency_key_required');
    const unknown = await app.storefront('/redemptions', {
      customer: 41,
      key: randomUUID(),
      body: { optionId: 'nope' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('unknown_option');
    const noOption = await app.storefront('/redemptions', {
      customer: 41,
      key: randomUUID(),
      body: { points: 100 },
    });
    expect([noOption.status, noOption.body.code]).toEqual([422, 'invalid_request']);
    const badPoints = await app.storefront('/redemptions', {
      customer: 41,
      key: randomUUID(),
      body: { optionId: 'pay', points: 'x' },
    });
    expect([badPoints.status, badPoints.body.code]).toEqual([422, 'invalid_points']);
  });

  it("tells the thank-you block an order's points, and 404 for an order not (yet) credited or someone else's", async () => {
    await app.earn(43, 120, 90_043);
    const mine = await app.storefront('/orders/90043/points', { customer: 43 });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      orderId: '90043',
      points: 120,
      pending: false,
      availableAt: null,
      value: { amount: '1.20', currencyCode: 'EUR' },
    });
    expect((await app.storefront('/orders/90043/points', { customer: 44 })).status).toBe(404);
    expect((await app.storefront('/orders/123456/points', { customer: 43 })).status).toBe(404);
  });

  it('limits each customer separately: 429 with Retry-After past the limit, another customer unaffected', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<StorefrontApp['storefront']>> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await app.storefront('/balance', { customer: 50 });
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(last?.body.code).toBe('rate_limited');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await app.storefront('/balance', { customer: 51 })).status).toBe(200);
  });

  it('answers 403 once the shop uninstalled the app', async () => {
    expect((await app.deliver('app/uninstalled', appUninstalledPayload({ shop: SHOP }))).status).toBe(200);
    await app.settle();
    const reply = await app.storefront('/balance', { customer: 60 });
    expect(reply.status).toBe(403);
    expect(reply.body.code).toBe('shop_not_installed');
  });
});
