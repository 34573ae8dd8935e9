/**
 * `npm run demo:orders`: sends a realistic stream of signed Shopify webhooks to a running demo server (`npm run demo`)
 * then lets a few customers redeem points through the storefront API and order with the code (demo-redemptions.ts),
 * and prints each customer's balance afterwards. Before sending, it reports the orders it places to the demo's
 * simulated storefront server, which keeps the simulated Admin's order counts (report-orders.ts). Node built-ins
 * only, so it also runs against a deployed app.
 *
 *   DEMO_URL (http://127.0.0.1:$PORT, PORT 3000 as for the demo)  SHOPIFY_API_SECRET  SHOPIFY_API_KEY  DEMO_SHOP
 *   DEMO_STOREFRONT_URL (the app's port + 1, where `npm run demo` serves it)  --count N (40)
 */
import { argv, env, exit } from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { redeemAndOrder } from './demo-redemptions.js';
import { type PlacedOrder, reportPlacedOrders } from './report-orders.js';
import { signSessionToken } from './session-token.js';
import {
  type LineSpec,
  type OrderPayload,
  customerPayload,
  formatCents,
  orderPayload,
  personFor,
  refundPayload,
  shopTime,
  signWebhook,
  toCents,
} from './shopify-payloads.js';

export type DemoConfig = {
  url: string;
  /** The demo's simulated storefront server, which keeps the simulated Admin's order counts. */
  storefrontUrl: string;
  secret: string;
  apiKey: string;
  shop: string;
  count: number;
  pauseMs: number;
};

export function demoConfig(
  vars: Record<string, string | undefined>,
  args: readonly string[] = [],
): DemoConfig {
  const countAt = args.indexOf('--count');
  const count = countAt >= 0 ? Number(args[countAt + 1]) : 40;
  if (!Number.isInteger(count) || count < 1) throw new Error('--count needs a positive whole number');
  // 127.0.0.1, not localhost: the demo binds IPv4 loopback, and localhost may resolve to ::1 first.
  const url = (vars.DEMO_URL || `http://127.0.0.1:${vars.PORT || 3000}`).replace(/\/+$/, '');
  const storefront = new URL(url);
  storefront.port = String(Number(storefront.port || (storefront.protocol === 'https:' ? 443 : 80)) + 1);
  return {
    url,
    storefrontUrl: (vars.DEMO_STOREFRONT_URL || storefront.origin).replace(/\/+$/, ''),
    secret: vars.SHOPIFY_API_SECRET || 'demo-secret-not-for-production',
    apiKey: vars.SHOPIFY_API_KEY || 'demo-api-key',
    shop: vars.DEMO_SHOP || 'loyalty-demo.myshopify.com',
    count,
    pauseMs: 100,
  };
}

export type Delivery = {
  topic: string;
  label: string;
  body: string;
  headers: Record<string, string>;
  /** orders/paid of a customer: the order Shopify counts for them. */
  placed?: PlacedOrder;
};

export const DEMO_CUSTOMERS = [7001, 7002, 7003, 7004, 7005, 7006, 7007, 7008] as const;
/**
 * Orders exactly once per stream (its 5th order), so after `npm run demo:orders` there is always a customer with
 * one paid order, whom the app grants the return-visit discount; the others order several times (with --count 40,
 * at least three each) and are not granted it. Also kept out of the redemptions, whose orders would count too.
 */
export const FIRST_TIME_BUYER = 7008;
const REGULARS = DEMO_CUSTOMERS.filter((id) => id !== FIRST_TIME_BUYER);

// A small coffee shop: German VAT, 7 % on food, 19 % on everything else.
const CATALOG = [
  { title: 'Espresso Bohnen 1 kg', price: '24.90', vat: 0.07 },
  { title: 'Filterkaffee Hausmischung 500 g', price: '12.90', vat: 0.07 },
  { title: 'Teeprobe Set', price: '9.90', vat: 0.07 },
  { title: 'Keramiktasse', price: '12.50', vat: 0.19 },
  { title: 'Handfilter Porzellan', price: '19.90', vat: 0.19 },
  { title: 'Milchkännchen', price: '14.90', vat: 0.19 },
  { title: 'Handmühle', price: '89.00', vat: 0.19 },
] as const;

/** Deterministic pseudo-random numbers, so every run sends the same kind of stream (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A line with its total discount and the VAT Shopify would compute on what is left. */
function line(
  product: (typeof CATALOG)[number],
  quantity: number,
  discountRate: number,
  taxesIncluded: boolean,
): LineSpec {
  const gross = toCents(product.price) * quantity;
  const discount = Math.round(gross * discountRate);
  const base = gross - discount;
  const tax = Math.round(taxesIncluded ? (base * product.vat) / (1 + product.vat) : base * product.vat);
  return {
    title: product.title,
    price: product.price,
    quantity,
    ...(discount > 0 ? { discount: formatCents(discount) } : {}),
    tax: formatCents(tax),
    taxRate: product.vat,
  };
}

type PlannedOrder = { order: OrderPayload; customerId: number | null };

/**
 * The stream: sign-ups, paid orders (discounts, VAT included and excluded, a gift card, a guest, a USD order), partial
 * refunds, a cancellation and one redelivery. Order ids are unique per run, so running it twice earns twice.
 */
export function demoDeliveries(opts: {
  secret: string;
  shop: string;
  count: number;
  runId?: number;
}): Delivery[] {
  const runId = opts.runId ?? Math.floor(Date.now() / 1000) % 10_000_000;
  const rand = random(runId);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const orderBase = 5_100_000_000_000 + runId * 10_000;
  const sign = (topic: string, label: string, body: unknown): Delivery => ({
    topic,
    label,
    ...signWebhook({ secret: opts.secret, topic, shop: opts.shop, body }),
  });

  const deliveries: Delivery[] = DEMO_CUSTOMERS.map((customerId) =>
    sign('customers/create', `customer ${customerId}`, customerPayload({ customerId })),
  );

  const fixedTail = 6; // refunds (4), cancellation, redelivery
  const orderCount = Math.max(26, opts.count - deliveries.length - fixedTail);
  const orders: PlannedOrder[] = [];
  let regularTurn = 0;
  for (let i = 0; i < orderCount; i++) {
    const guest = i === 5;
    const customerId = guest
      ? null
      : i === 4
        ? FIRST_TIME_BUYER
        : (REGULARS[regularTurn++ % REGULARS.length] ?? 7001);
    const taxesIncluded = i % 3 !== 1;
    const discountRate = i % 4 === 2 ? 0.1 : 0;
    const lines = Array.from({ length: 1 + Math.floor(rand() * 3) }, () =>
      line(pick(CATALOG), 1 + Math.floor(rand() * 3), discountRate, taxesIncluded),
    );
    if (i === 3) lines.push({ title: 'Geschenkgutschein 25 €', price: '25.00', quantity: 1, giftCard: true });
    const goods = lines.reduce((s, l) => s + toCents(l.price) * l.quantity, 0);
    const shippingFree = goods >= 5000;
    const order = orderPayload({
      orderId: orderBase + i + 1,
      customerId,
      lines,
      taxesIncluded,
      ...(shippingFree ? {} : { shipping: { price: '4.90', tax: taxesIncluded ? '0.78' : '0.93' } }),
      ...(i === 7 ? { presentmentCurrency: 'USD', presentmentRate: 1.0842 } : {}),
      ...(discountRate > 0 ? { discountCode: 'SOMMER10' } : {}),
      shopDomain: opts.shop,
    });
    orders.push({ order, customerId });
    const who = customerId === null ? 'guest' : `customer ${customerId}`;
    const extra =
      i === 7
        ? ' (paid in USD)'
        : i === 3
          ? ' (incl. gift card)'
          : i === 4
            ? ' (first and only order)'
            : discountRate
              ? ' (SOMMER10)'
              : '';
    const delivery = sign('orders/paid', `order ${order.name} ${who} €${order.total_price}${extra}`, order);
    if (customerId !== null) delivery.placed = { customer: customerId, orderId: String(order.id) };
    deliveries.push(delivery);
  }

  // Partial refunds: one unit of the first line of a few earlier orders; the first one also refunds shipping.
  const refundable = orders.filter((o) => o.customerId !== null).slice(0, 4);
  refundable.forEach(({ order, customerId }, k) => {
    const withShipping = k === 0 && order.shipping_lines.length > 0;
    const refund = refundPayload({
      refundId: 9_100_000_000 + runId * 10 + k,
      order,
      lines: [{ lineIndex: 0, quantity: 1 }],
      ...(withShipping ? { shipping: { amount: '4.90', tax: order.taxes_included ? '0.78' : '0.93' } } : {}),
    });
    const amount = refund.transactions[0]?.amount ?? '0.00';
    deliveries.push(
      sign('refunds/create', `refund of ${order.name} customer ${customerId} ${amount}`, refund),
    );
  });

  const cancelled = orders[orders.length - 2];
  if (cancelled) {
    const now = shopTime();
    const body = {
      ...cancelled.order,
      cancelled_at: now,
      updated_at: now,
      cancel_reason: 'customer',
      financial_status: 'refunded',
    };
    deliveries.push(
      sign('orders/cancelled', `order ${cancelled.order.name} customer ${cancelled.customerId}`, body),
    );
  }

  // Shopify retries with the same event id when it saw no 2xx in time: the app must not award twice.
  const original = deliveries[DEMO_CUSTOMERS.length + 2];
  if (original) deliveries.push({ ...original, label: `${original.label} (redelivery, same event id)` });

  return deliveries.slice(0, opts.count);
}

type CustomerView = {
  id: string | number;
  balance: { available: number; pending: number };
  tier: string | null;
};

const notReachable = (url: string) =>
  `Cannot reach the app at ${url}. Start it first with \`npm run demo\` (or set DEMO_URL), then run this again.`;

export async function sendDemoOrders(
  config: DemoConfig,
  log: (line: string) => void = console.log,
): Promise<number> {
  try {
    await fetch(`${config.url}/healthz`, { signal: AbortSignal.timeout(3000) });
  } catch {
    log(notReachable(config.url));
    return 1;
  }

  const deliveries = demoDeliveries(config);
  // All of the stream's orders count as placed before the first webhook, so the job's grant does not depend on
  // whether it runs between a customer's first and second webhook.
  const placed = deliveries.flatMap((d) => (d.placed ? [d.placed] : []));
  const counts = await reportPlacedOrders(config.storefrontUrl, placed, log);
  if (counts)
    log(
      `Reported ${placed.length} orders to the simulated Shopify (${config.storefrontUrl}); numberOfOrders: ` +
        Object.entries(counts)
          .map(([id, n]) => `${id}=${n}`)
          .join(' '),
    );
  log(`Sending ${deliveries.length} signed webhooks to ${config.url}/api/webhooks (shop ${config.shop})`);
  let failed = 0;
  for (const [index, delivery] of deliveries.entries()) {
    let status: number;
    try {
      const response = await fetch(`${config.url}/api/webhooks`, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
      status = response.status;
      await response.arrayBuffer(); // drain, so the connection is reused
    } catch {
      log(notReachable(config.url));
      return 1;
    }
    if (status < 200 || status > 299) failed++;
    const position = `${index + 1}/${deliveries.length}`.padStart(7);
    log(`${position}  ${delivery.topic.padEnd(17)} ${delivery.label.padEnd(58)} ${status}`);
    if (status === 401 && failed === 1)
      log('         401: the server uses another SHOPIFY_API_SECRET than this script.');
    await sleep(config.pauseMs);
  }

  try {
    failed += await redeemAndOrder(config, REGULARS, log, (customer, orderId) =>
      reportPlacedOrders(config.storefrontUrl, [{ customer, orderId }], log),
    );
  } catch {
    log(notReachable(config.url));
    return 1;
  }

  log('\nBalances');
  for (const customerId of DEMO_CUSTOMERS) {
    const token = signSessionToken({ secret: config.secret, apiKey: config.apiKey, shop: config.shop });
    const response = await fetch(`${config.url}/api/customers/${customerId}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    const person = personFor(customerId);
    const name = `${customerId} ${person.first_name} ${person.last_name}`.padEnd(22);
    if (!response.ok) {
      log(`  ${name} HTTP ${response.status} ${(await response.text()).slice(0, 120)}`);
      failed++;
      continue;
    }
    const view = (await response.json()) as CustomerView;
    log(
      `  ${name} ${String(view.balance.available).padStart(6)} available ${String(view.balance.pending).padStart(6)} pending   tier ${view.tier ?? '-'}`,
    );
  }
  if (failed) log(`\n${failed} request(s) did not succeed.`);
  return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  exit(await sendDemoOrders(demoConfig(env, argv.slice(2))));
}
