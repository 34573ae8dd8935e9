import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN_PATH, demoPanelHost } from '../web/demo/demo-panel-host.js';
import { signSessionToken } from '../web/demo/session-token.js';
import { installSimulatedShopify } from '../web/demo/simulated-shopify.js';
import type { PanelOptions } from '../web/routes/panel-page.js';
import { startServer } from '../web/server.js';
import { createTestDatabase, databaseKinds, type DatabaseKind } from './support/databases.js';
import { API_KEY, API_SECRET, testConfig } from './support/test-app.js';

const SCOPES = ['read_orders', 'read_customers', 'write_customers', 'write_discounts', 'read_products'];
const APP_BRIDGE = '<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>';

/** The real server on a fresh database, with the panel options a host would pass (none in production). */
async function serve(kind: DatabaseKind, panel?: PanelOptions) {
  const database = await createTestDatabase(kind);
  const running = await startServer(testConfig(database.target), () => undefined, undefined, panel);
  return {
    url: running.url,
    close: async () => {
      await running.close();
      await database.drop();
    },
  };
}

const idToken = (shop: string) => signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop });

describe.each(databaseKinds)('merchant panel serving on %s', (kind) => {
  beforeAll(() => {
    installSimulatedShopify({ apiKey: API_KEY, apiSecret: API_SECRET, scopes: SCOPES });
  });

  describe('production server', () => {
    let app: Awaited<ReturnType<typeof serve>>;
    beforeAll(async () => {
      app = await serve(kind);
    });
    afterAll(() => app?.close());
    const shop = `panel-${kind}.myshopify.com`;

    it('serves the built page with the API key, App Bridge as its first script and the admin-only CSP', async () => {
      const response = await fetch(`${app.url}/?shop=${shop}&id_token=${idToken(shop)}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toBe(
        `frame-ancestors https://${shop} https://admin.shopify.com;`,
      );
      const html = await response.text();
      expect(html).toContain(`<meta name="shopify-api-key" content="${API_KEY}" />`);
      expect(html).not.toContain('%SHOPIFY_API_KEY%');
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts[0]).toBe(APP_BRIDGE.replace('</script>', ''));
      expect(scripts[1]).toMatch(/type="module".*src="\/assets\/index-[\w-]+\.js"/);
      expect(html).not.toContain('loyaltyDemo');
    });

    it("serves the page on the panel's own paths too, so a reload inside the panel works", async () => {
      for (const path of ['/customers', '/customers/42', '/settings', '/import-export']) {
        const response = await fetch(`${app.url}${path}?shop=${shop}&id_token=${idToken(shop)}`);
        expect(response.status, path).toBe(200);
        expect(await response.text(), path).toContain('<div id="root"></div>');
      }
    });

    it('serves the hashed assets with a year-long immutable cache, and 404 JSON for unknown ones', async () => {
      const html = await (await fetch(`${app.url}/?shop=${shop}&id_token=${idToken(shop)}`)).text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
      expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
      for (const asset of assets) {
        const response = await fetch(`${app.url}${asset}`);
        expect(response.status, asset).toBe(200);
        expect(response.headers.get('cache-control'), asset).toBe('public, max-age=31536000, immutable');
        await response.arrayBuffer();
      }
      const missing = await fetch(`${app.url}/assets/index-nothere.js`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ code: 'not_found', message: expect.any(String) });
    });

    it('has no demo token route', async () => {
      const response = await fetch(`${app.url}${DEMO_TOKEN_PATH}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/eyJ/); // no JWT in whatever answers
    });
  });

  it('answers 503 panel_not_built when the panel has not been built, and keeps serving the API', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'panel-missing-'));
    const app = await serve(kind, { distDir: empty });
    try {
      const shop = `unbuilt-${kind}.myshopify.com`;
      const response = await fetch(`${app.url}/?shop=${shop}&id_token=${idToken(shop)}`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe('panel_not_built');
      expect(body.message).toContain('npm run build:panel');
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  describe('demo host', () => {
    const shop = `demo-${kind}.myshopify.com`;
    let app: Awaited<ReturnType<typeof serve>>;
    beforeAll(async () => {
      app = await serve(kind, { host: demoPanelHost({ apiKey: API_KEY, apiSecret: API_SECRET, shop }) });
    });
    afterAll(() => app?.close());

    it('serves the page without id_token, without App Bridge, with its token source injected', async () => {
      const response = await fetch(`${app.url}/`, { redirect: 'manual' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none';");
      const html = await response.text();
      expect(html).not.toContain('cdn.shopify.com');
      expect(html).toContain(`window.loyaltyDemo = {"tokenUrl":"${DEMO_TOKEN_PATH}","shop":"${shop}"};`);
      expect(html).toContain(`content="${API_KEY}"`);
    });

    it('hands out a session token for its shop that the admin API accepts', async () => {
      const response = await fetch(`${app.url}${DEMO_TOKEN_PATH}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const { token } = (await response.json()) as { token: string };
      const customers = await fetch(`${app.url}/api/customers`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(customers.status).toBe(200);
      expect(await customers.json()).toMatchObject({ customers: [] });
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
        string,
        unknown
      >;
      expect(claims).toMatchObject({ dest: `https://${shop}`, aud: API_KEY });
    });

    it('refuses a token to a loopback request naming another host or relayed by a proxy: 403 loopback_only', async () => {
      const tokenRequest = (headers: Record<string, string>) =>
        new Promise<{ status: number; body: unknown }>((resolve, reject) => {
          // node:http, not fetch: fetch does not let a test set the Host header
          const req = request(`${app.url}${DEMO_TOKEN_PATH}`, { headers }, (res) => {
            let body = '';
            res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(body) }));
          });
          req.on('error', reject).end();
        });
      const refused = { status: 403, body: { code: 'loopback_only', message: expect.any(String) } };
      expect(await tokenRequest({ Host: 'rebound.example.com' })).toEqual(refused);
      expect(await tokenRequest({ Host: 'localhost.example.com:3000' })).toEqual(refused);
      expect(await tokenRequest({ 'X-Forwarded-For': '203.0.113.9' })).toEqual(refused);
      expect(await tokenRequest({ Forwarded: 'for=203.0.113.9' })).toEqual(refused);
      const port = new URL(app.url).port;
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST'])
        expect(await tokenRequest({ Host: host })).toMatchObject({
          status: 200,
          body: { token: expect.any(String) },
        });
    });
  });
});
