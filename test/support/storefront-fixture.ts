import { Session } from '@shopify/shopify-api';
import { signSessionToken } from '../../web/demo/session-token.js';
import { orderPayload } from '../../web/demo/shopify-payloads.js';
import { installSimulatedShopify, type SimulatedShopify } from '../../web/demo/simulated-shopify.js';
import type { RedemptionOption } from '../../web/loyalty/redemption-options.js';
import { installShop } from '../../web/use-cases/install-shop.js';
import type { DatabaseKind } from './databases.js';
import { API_KEY, API_SECRET, type Reply, send, SHOP, startTestApp, type TestApp } from './test-app.js';
import type { Config } from '../../web/config/config.js';

export const ACCESS_TOKEN = 'shpat_test_offline';

/** The options the redemption tests' shop offers: every kind, one with a minimum subtotal. */
export const OPTIONS: RedemptionOption[] = [
  {
    id: 'five-off',
    title: '5 EUR off',
    kind: 'fixed_amount',
    pointsCost: 500,
    amount: '5.00',
    minimumSubtotal: null,
    combinesWithOtherDiscounts: false,
  },
  {
    id: 'ten-percent',
    title: '10 % off',
    kind: 'percentage',
    pointsCost: 800,
    percentage: 10,
    maximumAmount: null,
    minimumSubtotal: '20.00',
    combinesWithOtherDiscounts: true,
  },
  {
    id: 'free-shipping',
    title: 'Free shipping',
    kind: 'free_shipping',
    pointsCost: 300,
    minimumSubtotal: null,
    combinesWithOtherDiscounts: true,
  },
  {
    id: 'pay',
    title: 'Pay with points',
    kind: 'pay_with_points',
    pointsStep: 100,
    stepValue: '1.00',
    maxShareOfSubtotal: 50,
    minimumSubtotal: null,
    combinesWithOtherDiscounts: false,
  },
];

export interface StorefrontApp extends TestApp {
  shopify: SimulatedShopify;
  /** A storefront API request as an extension sends it, for a logged-in customer (or none: `customer: null`). */
  storefront(
    path: string,
    opts?: { method?: string; body?: unknown; key?: string; customer?: number | null; shop?: string },
  ): Promise<Reply & { headers: Headers }>;
  /** Gives customer `id` exactly `points` available points, through a signed orders/paid (1 point per EUR). */
  earn(id: number, points: number, orderId?: number): Promise<void>;
}

let nextOrderId = 5_000;

/**
 * The real server with the simulated Shopify (token exchange and Admin GraphQL API) installed, the test shop
 * installed with an offline session the simulated Admin accepts, and a program with every redemption option.
 */
export async function startStorefrontApp(
  kind: DatabaseKind,
  configure?: (config: Config) => Config,
): Promise<StorefrontApp> {
  const shopify = installSimulatedShopify({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    scopes: ['write_discounts'],
  });
  const app = await startTestApp(kind, configure);
  shopify.grant(SHOP, ACCESS_TOKEN);
  await app.sessions.storeSession(
    new Session({
      id: app.running.shopify.api.session.getOfflineId(SHOP),
      shop: SHOP,
      state: 'test',
      isOnline: false,
      accessToken: ACCESS_TOKEN,
      scope: 'write_discounts',
    }),
  );
  await app.store.transaction(async (repos) => {
    await installShop(repos, SHOP, new Date());
    await repos.shops.ensure(SHOP, 'EUR');
  });
  const token = signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP });
  const saved = await send(`${app.url}/api/program`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ redemptionOptions: OPTIONS }),
  });
  if (saved.status !== 200)
    throw new Error(`PUT /api/program: ${saved.status} ${JSON.stringify(saved.body)}`);

  return {
    ...app,
    shopify,
    async storefront(path, opts = {}) {
      const customer = opts.customer === undefined ? 1 : opts.customer;
      const bearer = signSessionToken({
        secret: API_SECRET,
        apiKey: API_KEY,
        shop: opts.shop ?? SHOP,
        kind: 'extension',
        ...(customer !== null && { sub: `gid://shopify/Customer/${customer}` }),
      });
      const response = await fetch(`${app.url}/api/storefront${path}`, {
        method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
        headers: {
          Authorization: `Bearer ${bearer}`,
          'Content-Type': 'application/json',
          ...(opts.key !== undefined && { 'Idempotency-Key': opts.key }),
        },
        ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      return { status: response.status, body, headers: response.headers };
    },
    async earn(id, points, orderId = nextOrderId++) {
      const order = orderPayload({
        orderId,
        customerId: id,
        lines: [{ title: 'Points', price: String(points), quantity: 1 }],
        shopDomain: SHOP,
      });
      const reply = await app.deliver('orders/paid', order);
      if (reply.status !== 200) throw new Error(`orders/paid: ${reply.status}`);
      await app.settle();
    },
  };
}
