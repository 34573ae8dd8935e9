/**
 * The simulated storefront's routes for the return-visit discount (demo only, like the rest of that server):
 * - POST /return-visit/preview { customer, lines: [{ sku, quantity }], language: "EN" | "DE" }: what the real
 *   Discount Function returns for that cart, with the input it was given (return-visit-preview.ts);
 * - POST /simulated-shopify/orders { orders: [{ customer, orderId }] }: orders placed in the demo shop, so the
 *   simulated Admin's order counts are right (simulated-order-counts.ts); `npm run demo:orders` calls it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CatalogItem, DEMO_CATALOG } from './demo-catalog.js';
import { json, problem, readJson } from './demo-http.js';
import { PREVIEW_LANGUAGES, type PreviewLanguage } from './return-visit-input.js';
import { type PreviewRequest, previewReturnVisit } from './return-visit-preview.js';
import type { SimulatedAdmin } from './simulated-admin/simulated-admin.js';
import type { OrderCounts } from './simulated-order-counts.js';

const MAX_LINES = 20;
const MAX_QUANTITY = 99;
const MAX_REPORTED = 1000;
const ORDER_ID = /^[1-9]\d{0,19}$/;

export function returnVisitRoutes(opts: {
  shop: string;
  admin: Pick<SimulatedAdmin, 'automaticDiscounts' | 'metafield'>;
  customers: readonly number[];
  counts: OrderCounts;
  catalog?: readonly CatalogItem[];
}) {
  const catalog = opts.catalog ?? DEMO_CATALOG;

  /** Answers the request if it is one of these routes; false if it is not. */
  return async function handle(key: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (key === 'POST /return-visit/preview') {
      const body = await readJson(req);
      if (!opts.customers.includes(body?.customer as number)) {
        json(res, 404, problem('unknown_customer', 'Not a demo customer.'));
        return true;
      }
      const request = previewRequest(body!, catalog);
      if (typeof request === 'string') json(res, 422, problem('invalid_cart', request));
      else json(res, 200, previewReturnVisit(opts.admin, opts.shop, request, new Date()));
      return true;
    }
    if (key === 'POST /simulated-shopify/orders') {
      const body = await readJson(req, 64 * 1024);
      const orders = reportedOrders(body?.orders, opts.customers);
      if (typeof orders === 'string') {
        json(res, 422, problem('invalid_orders', orders));
        return true;
      }
      const counts: Record<string, number> = {};
      for (const { customer, orderId } of orders) counts[customer] = opts.counts.placed(customer, orderId);
      json(res, 200, { counts });
      return true;
    }
    return false;
  };
}

/** The preview request, or what is wrong with it. Lines with quantity 0 (the page sends every row) are left out. */
function previewRequest(
  body: Record<string, unknown>,
  catalog: readonly CatalogItem[],
): PreviewRequest | string {
  const language = body.language ?? 'EN';
  if (typeof language !== 'string' || !Object.hasOwn(PREVIEW_LANGUAGES, language))
    return `language must be one of ${Object.keys(PREVIEW_LANGUAGES).join(', ')}`;
  if (!Array.isArray(body.lines) || body.lines.length > MAX_LINES)
    return `lines must be a list of at most ${MAX_LINES} { sku, quantity }`;
  const items: PreviewRequest['items'] = [];
  for (const line of body.lines as Array<{ sku?: unknown; quantity?: unknown } | null>) {
    const item = catalog.find((i) => i.sku === line?.sku);
    if (!item) return `unknown sku ${JSON.stringify(line?.sku)}`;
    const quantity = line?.quantity;
    if (!Number.isInteger(quantity) || (quantity as number) < 0 || (quantity as number) > MAX_QUANTITY)
      return `quantity of ${item.sku} must be a whole number from 0 to ${MAX_QUANTITY}`;
    if (quantity !== 0) items.push({ item, quantity: quantity as number });
  }
  return { customerId: body.customer as number, items, language: language as PreviewLanguage };
}

function reportedOrders(
  value: unknown,
  customers: readonly number[],
): Array<{ customer: number; orderId: string }> | string {
  if (!Array.isArray(value) || value.length > MAX_REPORTED)
    return `orders must be a list of at most ${MAX_REPORTED} { customer, orderId }`;
  const orders = [];
  for (const entry of value as Array<{ customer?: unknown; orderId?: unknown } | null>) {
    const orderId = String(entry?.orderId ?? '');
    if (!customers.includes(entry?.customer as number)) return `not a demo customer: ${entry?.customer}`;
    if (!ORDER_ID.test(orderId)) return `not an order id: ${JSON.stringify(entry?.orderId)}`;
    orders.push({ customer: entry!.customer as number, orderId });
  }
  return orders;
}
