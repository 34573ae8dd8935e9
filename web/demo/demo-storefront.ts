/**
 * The simulated storefront of demo mode (`npm run demo`): one page, served from its own origin, that plays the part
 * of Shopify's checkout and customer account, where the real extensions run and call the app cross-origin. The page
 * calls the app's real storefront API with real signed extension tokens; this server only does what Shopify would
 * do for it: sign the session token, show the codes as they exist in the (simulated) Admin, and send the
 * orders/paid webhook of a checkout that used a code, run the return-visit Discount Function on a cart built on the
 * page, and keep the simulated Admin's order counts (demo-storefront-return-visit.ts). Demo only: it hands out tokens
 * to anyone who asks.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CodeDiscount, orderUsingCode } from './code-orders.js';
import { DEMO_CATALOG, onSale } from './demo-catalog.js';
import { json, problem, readJson } from './demo-http.js';
import { returnVisitRoutes } from './demo-storefront-return-visit.js';
import { DEMO_CUSTOMERS } from './send-demo-orders.js';
import { signSessionToken } from './session-token.js';
import { personFor, signWebhook, toCents } from './shopify-payloads.js';
import { discountStatus, type SimulatedCodeDiscount } from './simulated-admin/shop-state.js';
import { createOrderCounts } from './simulated-order-counts.js';
import type { SimulatedShopify } from './simulated-shopify.js';

export interface DemoStorefrontOptions {
  /** The app's base URL, e.g. http://127.0.0.1:3000 (its storefront API and webhook endpoint). */
  appUrl: string;
  shop: string;
  apiKey: string;
  apiSecret: string;
  simulated: Pick<SimulatedShopify, 'admin'>;
  /** Shopify customer ids the picker offers; default the demo's (DEMO_CUSTOMERS). */
  customers?: readonly number[];
  port: number;
  /** Default 127.0.0.1: the token route signs for anyone who can reach it. */
  host?: string;
}

export interface DemoStorefront {
  url: string;
  close(): Promise<void>;
}

const TOKEN_SECONDS = 5 * 60;
// The page: static files, no build step (plain browser JavaScript modules).
const PAGE_FILES = [
  ['/', './demo-storefront.html', 'text/html'],
  ['/demo-storefront-page.js', './demo-storefront-page.js', 'text/javascript'],
  ['/demo-storefront-client.js', './demo-storefront-client.js', 'text/javascript'],
  ['/demo-storefront-cart.js', './demo-storefront-cart.js', 'text/javascript'],
] as const;

export async function startDemoStorefront(opts: DemoStorefrontOptions): Promise<DemoStorefront> {
  const files = new Map<string, { type: string; body: string }>();
  for (const [path, file, type] of PAGE_FILES)
    files.set(path, { type, body: await readFile(new URL(file, import.meta.url), 'utf8') });
  const customers = opts.customers ?? DEMO_CUSTOMERS;
  const appUrl = opts.appUrl.replace(/\/+$/, '');
  // The page may run only its own scripts and talk only to its own server and to the app.
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'unsafe-inline'",
    `connect-src 'self' ${new URL(appUrl).origin}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  let nextOrderId = Date.now() * 100; // unique across restarts unless 100 demo orders a millisecond
  const counts = createOrderCounts(opts.simulated.admin, opts.shop);
  const returnVisit = returnVisitRoutes({ shop: opts.shop, admin: opts.simulated.admin, customers, counts });

  const customerOf = (url: URL): number | null => {
    const id = Number(url.searchParams.get('customer'));
    return customers.includes(id) ? id : null;
  };
  const codesOf = (customerId: number) =>
    opts.simulated.admin
      .discountCodes(opts.shop)
      .filter((d) => d.buyers !== 'all' && d.buyers.includes(`gid://shopify/Customer/${customerId}`));

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const key = `${req.method} ${url.pathname}`;
    const file = req.method === 'GET' && files.get(url.pathname);
    if (file) {
      res.writeHead(200, {
        'Content-Type': `${file.type}; charset=utf-8`,
        'Content-Security-Policy': csp,
        'Cache-Control': 'no-store',
      });
      res.end(file.body);
      return;
    }
    if (key === 'GET /demo-config') {
      const list = customers.map((id) => ({
        id,
        name: `${personFor(id).first_name} ${personFor(id).last_name}`,
      }));
      const catalog = DEMO_CATALOG.map((item) => ({ ...item, onSale: onSale(item) }));
      return json(res, 200, { appUrl, shop: opts.shop, customers: list, catalog });
    }
    if (key === 'GET /token') {
      const customerId = customerOf(url);
      if (customerId === null) return json(res, 404, problem('unknown_customer', 'Not a demo customer.'));
      // What Shopify gives an extension running for a logged-in customer (web/shopify/authenticate-extension.ts).
      const token = signSessionToken({
        secret: opts.apiSecret,
        apiKey: opts.apiKey,
        shop: opts.shop,
        kind: 'extension',
        sub: `gid://shopify/Customer/${customerId}`,
        expiresInSeconds: TOKEN_SECONDS,
      });
      return json(res, 200, { token, expiresAt: new Date(Date.now() + TOKEN_SECONDS * 1000).toISOString() });
    }
    if (key === 'GET /simulated-admin/codes') {
      const customerId = customerOf(url);
      if (customerId === null) return json(res, 404, problem('unknown_customer', 'Not a demo customer.'));
      const now = new Date();
      const codes = codesOf(customerId).map((d) => ({ ...d, status: discountStatus(d, now) }));
      return json(res, 200, { shop: opts.shop, customerGid: `gid://shopify/Customer/${customerId}`, codes });
    }
    if (key === 'POST /order') {
      const body = await readJson(req);
      const customerId = customers.find((id) => id === body?.customer) ?? null;
      const found = customerId === null ? undefined : codesOf(customerId).find((d) => d.code === body?.code);
      if (customerId === null || !found)
        return json(
          res,
          404,
          problem('unknown_code', 'No such code for this customer in the simulated Admin.'),
        );
      return json(res, 200, await sendOrder(customerId, found));
    }
    if (await returnVisit(key, req, res)) return;
    json(res, 404, problem('not_found', 'Not a route of the simulated storefront.'));
  }

  /** The orders/paid Shopify would send after this customer checked out with the code. */
  async function sendOrder(customerId: number, code: SimulatedCodeDiscount) {
    const orderId = nextOrderId++;
    counts.placed(customerId, String(orderId)); // Shopify counts the order when it is placed, before the webhook
    const order = orderUsingCode({
      orderId,
      customerId,
      shop: opts.shop,
      code: code.code,
      discount: discountOf(code),
      ...(code.minimumRequirement &&
        'subtotal' in code.minimumRequirement && {
          minimumSubtotalCents: toCents(Number(code.minimumRequirement.subtotal)),
        }),
    });
    const signed = signWebhook({
      secret: opts.apiSecret,
      topic: 'orders/paid',
      shop: opts.shop,
      body: order,
    });
    const response = await fetch(`${appUrl}/api/webhooks`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    return {
      orderId: String(order.id),
      name: order.name,
      total: order.total_price,
      discount: order.total_discounts,
      webhookStatus: response.status,
      webhookAnswer: await response.text(),
    };
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://storefront.invalid');
    route(req, res, url).catch((error: unknown) => {
      // The app being down is the likely cause; the page shows this message as it is.
      if (!res.headersSent) json(res, 502, problem('storefront_server_error', String(error)));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function discountOf(code: SimulatedCodeDiscount): CodeDiscount {
  if (code.kind === 'freeShipping' || code.value === null) return { kind: 'free_shipping' };
  if ('percentage' in code.value) return { kind: 'percentage', fraction: code.value.percentage };
  return { kind: 'amount', cents: toCents(Number(code.value.amount)) };
}
