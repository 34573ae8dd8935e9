/**
 * What the bench sends: realistic orders/paid payloads (orderPayload) for ~500 customers, signed as Shopify signs
 * them, each request a new order with its own X-Shopify-Event-Id, and the autocannon wiring that records which
 * event ids got a 2xx (so durability is checked per delivery, not by counts).
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { type LineSpec, orderPayload, signWebhook } from '../web/demo/shopify-payloads.js';

export const SECRET = 'bench-secret';
export const API_KEY = 'bench-key';
export const SHOP = 'bench-shop.myshopify.com';
export const OTHER_SHOP = 'bench-other-shop.myshopify.com';
export const CUSTOMERS = 500;
export const TOPIC = 'orders/paid';

// autocannon ships no types; this is the part of its API used here.
export type Histogram = { average: number; p50: number; p99: number; max: number };
export type AutocannonResult = {
  requests: Histogram;
  latency: Histogram;
  duration: number;
  non2xx: number;
  '2xx': number;
  errors: number;
  timeouts: number;
  warmup?: AutocannonResult;
};
type Context = { key?: string };
export type AutocannonRequest = {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest, context: Context) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Context) => void;
};
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: {
  url: string;
  connections: number;
  duration: number;
  timeout?: number;
  warmup?: { connections: number; duration: number };
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

export type Template = { shop: string; body: string };

const PRODUCTS = ['12.90', '24.90', '9.90', '19.90', '89.00', '14.90', '4.50'] as const;
// orderPayload derives every id of an order from the order id (line items are id*1000+n, so "<id>001"...):
// replacing the placeholder digits in the JSON gives each request the ids of a new order (name and token repeat),
// at the cost of a string split instead of building and serializing a 10 kB object per request.
const PLACEHOLDER_ORDER_ID = 4_444_444_444_444;
const PLACEHOLDER = String(PLACEHOLDER_ORDER_ID);

/** One template per customer; customer c buys in shops[c % shops.length]. */
export function orderTemplates(shops: readonly string[], customers = CUSTOMERS): Template[] {
  return Array.from({ length: customers }, (_, c) => {
    const lines: LineSpec[] = Array.from({ length: 2 + (c % 3) }, (_, i) => {
      const price = PRODUCTS[(c + i) % PRODUCTS.length] ?? '10.00';
      const quantity = 1 + ((c + i) % 3);
      const gross = Math.round(Number(price) * 100) * quantity;
      const discount = c % 4 === 0 ? Math.round(gross * 0.1) : 0;
      const tax = Math.round(((gross - discount) * 0.19) / 1.19);
      return {
        price,
        quantity,
        tax: (tax / 100).toFixed(2),
        ...(discount ? { discount: (discount / 100).toFixed(2) } : {}),
      };
    });
    const shop = shops[c % shops.length] ?? SHOP;
    const order = orderPayload({
      orderId: PLACEHOLDER_ORDER_ID,
      customerId: 8_000_000_000 + c,
      lines,
      taxesIncluded: true,
      shipping: { price: '4.90', tax: '0.78' },
      shopDomain: shop,
    });
    return { shop, body: JSON.stringify(order) };
  });
}

/** The n-th order of a stream: a new order id, a new event id. */
export function nthOrder(templates: Template[], firstOrderId: number, n: number) {
  const template = templates[n % templates.length] ?? { shop: SHOP, body: '{}' };
  const body = template.body.split(PLACEHOLDER).join(String(firstOrderId + n));
  return { shop: template.shop, body, eventId: randomUUID(), webhookId: randomUUID() };
}

export const signedOrder = (order: ReturnType<typeof nthOrder>) =>
  signWebhook({ secret: SECRET, topic: TOPIC, shop: order.shop, body: order.body, eventId: order.eventId });

/** The inbox's dedupe key for an event (webhooks-route.ts): `<topic>:<X-Shopify-Event-Id>`. */
export const dedupeKey = (eventId: string) => `${TOPIC}:${eventId}`;

/**
 * Hammers POST /api/webhooks with new orders. `acknowledged` receives "<shop> <event id>" for every 2xx: autocannon
 * keeps one context per connection, set when a request is built and read when its response arrives (one request
 * in flight per connection, no pipelining), so the pairing is exact.
 */
export async function hammer(opts: {
  url: string;
  templates: Template[];
  firstOrderId: number;
  connections: number;
  duration: number;
  warmup?: number;
  acknowledged?: string[];
}): Promise<AutocannonResult> {
  let next = 0;
  const request: AutocannonRequest = {
    method: 'POST',
    path: '/api/webhooks',
    setupRequest: (req, context) => {
      const order = nthOrder(opts.templates, opts.firstOrderId, next++);
      const signed = signedOrder(order);
      context.key = `${order.shop} ${order.eventId}`;
      return { ...req, body: signed.body, headers: signed.headers };
    },
    onResponse: (status, _body, context) => {
      if (status >= 200 && status < 300 && context.key) opts.acknowledged?.push(context.key);
    },
  };
  return autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.duration,
    timeout: 10,
    ...(opts.warmup ? { warmup: { connections: opts.connections, duration: opts.warmup } } : {}),
    requests: [request],
  });
}

/** 2xx responses of a run including its warm-up. */
export const total2xx = (r: AutocannonResult) => r['2xx'] + (r.warmup?.['2xx'] ?? 0);
