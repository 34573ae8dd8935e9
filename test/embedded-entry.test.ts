import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installSimulatedShopify, type SimulatedShopify } from '../web/demo/simulated-shopify.js';
import { signSessionToken } from '../web/demo/session-token.js';
import { databaseKinds } from './support/databases.js';
import { API_KEY, API_SECRET, startTestApp, type TestApp } from './support/test-app.js';

const SCOPES = ['read_orders', 'read_customers', 'write_customers', 'write_discounts', 'read_products'];

describe.each(databaseKinds)('embedded entry (GET /) on %s', (kind) => {
  let app: TestApp;
  let shopify: SimulatedShopify;
  beforeAll(async () => {
    shopify = installSimulatedShopify({ apiKey: API_KEY, apiSecret: API_SECRET, scopes: SCOPES });
    app = await startTestApp(kind);
  });
  afterAll(() => app?.close());

  // A browser user agent: Shopify's OAuth begin answers bots (like Node's fetch) with 410.
  const open = (query: string) =>
    fetch(`${app.url}/?${query}`, {
      redirect: 'manual',
      headers: {
        'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
      },
    });

  it('installs a new shop by token exchange and serves the page inside the admin only', async () => {
    const shop = `fresh-${kind}.myshopify.com`;
    const idToken = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop });
    const response = await open(`shop=${shop}&host=aG9zdA&id_token=${idToken}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`content="${API_KEY}"`);
    expect(response.headers.get('content-security-policy')).toContain(
      `frame-ancestors https://${shop} https://admin.shopify.com`,
    );

    const granted = shopify.grants.get(shop);
    expect(granted).toMatch(/^shpat_simulated_/);
    expect(await app.store.read((repos) => repos.shops.find(shop))).toMatchObject({
      domain: shop,
      uninstalledAt: null,
    });
    const session = await app.sessions.loadSession(`offline_${shop}`);
    expect(session).toMatchObject({ shop, isOnline: false, accessToken: granted, scope: SCOPES.join(',') });
  });

  it('does not exchange again while the stored offline token is valid', async () => {
    const shop = `again-${kind}.myshopify.com`;
    const first = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop });
    await open(`shop=${shop}&id_token=${first}`);
    const token = shopify.grants.get(shop);
    const second = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop });
    expect((await open(`shop=${shop}&id_token=${second}`)).status).toBe(200);
    expect(shopify.grants.get(shop)).toBe(token);
  });

  it('refuses a forged id_token with 401 and stores nothing', async () => {
    const shop = `forged-${kind}.myshopify.com`;
    const forged = signSessionToken({ secret: 'attacker', apiKey: API_KEY, shop });
    const response = await open(`shop=${shop}&id_token=${forged}`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 'invalid_session_token', message: expect.any(String) });
    expect(shopify.grants.has(shop)).toBe(false);
    expect(await app.store.read((repos) => repos.shops.find(shop))).toBeNull();
  });

  it('sends a shop without id_token through OAuth', async () => {
    const response = await open(`shop=legacy-${kind}.myshopify.com`);
    expect(response.status).toBe(302);
    // straight to the shop's OAuth grant screen, asking for the app's scopes
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin).toBe(`https://legacy-${kind}.myshopify.com`);
    expect(location.pathname).toBe('/admin/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe(API_KEY);
    // write_customers implies read_customers, so the library asks for the shorter list
    expect(location.searchParams.get('scope')?.split(',').sort()).toEqual([
      'read_orders',
      'read_products',
      'write_customers',
      'write_discounts',
    ]);
  });
});
