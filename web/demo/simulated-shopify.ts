/**
 * Shopify's side of the OAuth token exchange and of each shop's Admin GraphQL API, simulated for tests and demo mode
 * (never imported by production code). It plugs into @shopify/shopify-api's fetch, so the app's real token-exchange
 * and Admin client code runs unchanged, and it is strict the way Shopify is: the client id and secret must match,
 * and the subject token must be an unexpired HS256 session token signed with the app secret, for this app, naming
 * the shop the request goes to; Admin requests need a token granted for their shop (simulated-admin/).
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange
 */
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN } from './demo-shop.js';
import { createSimulatedAdmin, type SimulatedAdmin } from './simulated-admin/simulated-admin.js';

type AbstractFetch = Parameters<typeof setAbstractFetchFunc>[0];
// @shopify/shopify-app-express has no "exports" map, so Node loads its CommonJS build, which uses the CommonJS
// build of @shopify/shopify-api: a second module instance with its own fetch hook. Both are replaced.
const setCommonJsFetch = (
  createRequire(import.meta.url)('@shopify/shopify-api/runtime') as {
    setAbstractFetchFunc: (f: AbstractFetch) => void;
  }
).setAbstractFetchFunc;

export interface SimulatedShopify {
  /** Offline access tokens granted so far, by shop: the Admin API accepts exactly these. */
  grants: Map<string, string>;
  /** Grants `token` for `shop`, as if it came from a token exchange (for sessions a test or the demo stores). */
  grant(shop: string, token: string): void;
  /** The shops' Admin GraphQL API: state, recorded calls and rejections, failures on demand. */
  admin: SimulatedAdmin;
}

const EXCHANGE = /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)\/admin\/oauth\/access_token$/;
const ADMIN_GRAPHQL = /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)\/admin\/api\/([^/]+)\/graphql\.json$/;

export function installSimulatedShopify(app: {
  apiKey: string;
  apiSecret: string;
  scopes: string[];
}): SimulatedShopify {
  // The demo seeds its shop's offline session with this token (web/demo/start-demo.ts).
  const grants = new Map<string, string>([[DEMO_SHOP_DOMAIN, DEMO_ACCESS_TOKEN]]);
  const admin = createSimulatedAdmin({
    isGranted: (shop, token) => token !== null && grants.get(shop) === token,
  });
  const realFetch = globalThis.fetch;
  const simulated: AbstractFetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const graphql = ADMIN_GRAPHQL.exec(url);
    if (graphql) return admin.serve(graphql[1]!, graphql[2]!, new Request(input, init));
    const exchange = EXCHANGE.exec(url);
    if (!exchange) {
      if (/\.myshopify\.com/.test(url)) return json(404, { errors: 'Not simulated' });
      return realFetch(input, init);
    }
    const shop = exchange[1]!;
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, string>;
    if (body.client_id !== app.apiKey || body.client_secret !== app.apiSecret) {
      return json(401, { error: 'invalid_client', error_description: 'Client credentials are invalid' });
    }
    if (
      body.grant_type !== 'urn:ietf:params:oauth:grant-type:token-exchange' ||
      body.subject_token_type !== 'urn:ietf:params:oauth:token-type:id_token' ||
      !verifySessionToken(body.subject_token ?? '', app, shop)
    ) {
      return json(400, { error: 'invalid_subject_token', error_description: 'Session token is invalid' });
    }
    const token = `shpat_simulated_${randomBytes(12).toString('hex')}`;
    grants.set(shop, token);
    return json(200, { access_token: token, scope: app.scopes.join(',') });
  };
  setAbstractFetchFunc(simulated);
  setCommonJsFetch(simulated);
  return { grants, grant: (shop, token) => void grants.set(shop, token), admin };
}

function verifySessionToken(
  token: string,
  app: { apiKey: string; apiSecret: string },
  shop: string,
): boolean {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  const expected = createHmac('sha256', app.apiSecret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const now = Date.now() / 1000;
  return (
    JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg === 'HS256' &&
    claims.aud === app.apiKey &&
    claims.dest === `https://${shop}` &&
    typeof claims.exp === 'number' &&
    claims.exp > now
  );
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
