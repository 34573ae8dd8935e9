import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { installSimulatedShopify, type SimulatedShopify } from '../web/demo/simulated-shopify.js';
import { databaseKinds } from './support/databases.js';
import {
  API_KEY,
  API_SECRET,
  countShopRows,
  send,
  SHOP,
  startTestApp,
  type TestApp,
} from './support/test-app.js';

const SCOPES = ['read_orders', 'read_customers', 'write_customers', 'write_discounts', 'read_products'];

const token = (shop: string, extraClaims: Record<string, unknown> = {}) =>
  signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop, extraClaims });

/** Claims that used to pass, or to crash the request with a 500; each is now a 401 invalid_session_token. */
const malformed: Array<[string, Record<string, unknown>]> = [
  ['no exp (it would never expire)', { exp: undefined }],
  ['no nbf', { nbf: undefined }],
  ['no dest', { dest: undefined }],
  ['a dest that is no URL', { dest: 'not a url' }],
  [
    'a dest outside myshopify.com',
    { dest: 'https://evil.example.com', iss: 'https://evil.example.com/admin' },
  ],
  ['a dest as a number', { dest: 7 }],
  ['an iss of another shop', { iss: 'https://other-shop.myshopify.com/admin' }],
  ['no iss', { iss: undefined }],
];

describe.each(databaseKinds)('session tokens on %s', (kind) => {
  let app: TestApp;
  let shopify: SimulatedShopify;
  beforeAll(async () => {
    shopify = installSimulatedShopify({ apiKey: API_KEY, apiSecret: API_SECRET, scopes: SCOPES });
    app = await startTestApp(kind);
  });
  afterAll(() => app?.close());

  const adminGet = (bearer: string) =>
    send(`${app.url}/api/customers`, { headers: { Authorization: `Bearer ${bearer}` } });
  // A browser user agent: Shopify's OAuth begin answers bots (like Node's fetch) with 410.
  const open = (query: string) =>
    fetch(`${app.url}/?${query}`, {
      redirect: 'manual',
      headers: {
        'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
      },
    });

  describe('admin API', () => {
    it('accepts a token shaped like the admin sends it', async () => {
      expect((await adminGet(token(SHOP))).status).toBe(200);
    });

    it.each(malformed)('refuses a token with %s with 401 invalid_session_token', async (_name, claims) => {
      expect(await adminGet(token(SHOP, claims))).toEqual({
        status: 401,
        body: { code: 'invalid_session_token', message: expect.any(String) },
      });
    });

    it('refuses a checkout extension token (any shopper can get one) with 401', async () => {
      const extension = signSessionToken({
        secret: API_SECRET,
        apiKey: API_KEY,
        shop: SHOP,
        kind: 'extension',
        sub: 'gid://shopify/Customer/42',
      });
      expect((await adminGet(extension)).body).toEqual({
        code: 'invalid_session_token',
        message: expect.any(String),
      });
    });
  });

  describe('embedded entry (GET /)', () => {
    it.each(malformed)(
      'refuses an id_token with %s with 401, exchanges nothing and stores nothing',
      async (name, claims) => {
        const shop = `malformed-${kind}-${malformed.findIndex(([n]) => n === name)}.myshopify.com`;
        const before = await countShopRows(app.db, shop);
        const response = await open(`shop=${shop}&id_token=${token(shop, claims)}`);
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ code: 'invalid_session_token', message: expect.any(String) });
        expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none';");
        expect(shopify.grants.has(shop)).toBe(false);
        expect(await countShopRows(app.db, shop)).toEqual(before);
      },
    );

    it('takes frame-ancestors from the verified token, not from ?shop=', async () => {
      const shop = `framed-${kind}.myshopify.com`;
      const response = await open(`shop=evil-${kind}.myshopify.com&host=aG9zdA&id_token=${token(shop)}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(
        `frame-ancestors https://${shop} https://admin.shopify.com;`,
      );
      // and the install went to the token's shop only
      expect(shopify.grants.has(shop)).toBe(true);
      expect(shopify.grants.has(`evil-${kind}.myshopify.com`)).toBe(false);
    });

    it('lets nobody frame a refused request, whatever ?shop= says', async () => {
      const shop = `forged-csp-${kind}.myshopify.com`;
      const forged = signSessionToken({ secret: 'attacker', apiKey: API_KEY, shop });
      const response = await open(`shop=${shop}&id_token=${forged}`);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none';");
    });
  });
});
