/**
 * A seeded stream of signed `orders/paid` deliveries (customers repeated, some exact redeliveries), sent several
 * at a time the way Shopify does, and the check that what the server acknowledged was credited exactly once.
 * Shared by the tests that crash or disconnect the server under such a stream.
 */
import type { Database } from '../../web/db/client.js';
import { orderPayload, signWebhook } from '../../web/demo/shopify-payloads.js';
import { API_SECRET } from './test-app.js';

/** mulberry32: small, seedable, good enough to pick test data reproducibly. */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

export interface StreamDelivery {
  /** Position in the stream. */
  index: number;
  eventId: string;
  orderId: number;
  body: string;
  headers: Record<string, string>;
}

export interface OrderStream {
  shop: string;
  /** Every delivery in sending order; a redelivery repeats an earlier one byte for byte (same event id). */
  deliveries: StreamDelivery[];
  /** Per order id: its customer and the points it must earn (1 point per whole euro, the default program). */
  orders: Map<number, { customerId: number; points: number }>;
}

export function orderStream(opts: {
  seed: number;
  shop: string;
  orders: number;
  customers: number;
  redeliveries: number;
  firstOrderId: number;
}): OrderStream {
  const random = seededRandom(opts.seed);
  const orders = new Map<number, { customerId: number; points: number }>();
  const deliveries: Array<Omit<StreamDelivery, 'index'>> = [];
  for (let i = 0; i < opts.orders; i++) {
    const orderId = opts.firstOrderId + i;
    const customerId = 700_000 + random(opts.customers);
    const cents = 100 + random(20_000);
    orders.set(orderId, { customerId, points: Math.floor(cents / 100) });
    const price = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const eventId = `paid-${opts.seed}-${orderId}`;
    const signed = signWebhook({
      secret: API_SECRET,
      topic: 'orders/paid',
      shop: opts.shop,
      eventId,
      webhookId: `wh-${eventId}`,
      body: orderPayload({ orderId, customerId, lines: [{ price, quantity: 1 }], shopDomain: opts.shop }),
    });
    deliveries.push({ eventId, orderId, ...signed });
  }
  // Shopify redelivers an event it saw no answer for: the same bytes and headers, somewhere later in the stream.
  for (let r = 0; r < opts.redeliveries; r++) {
    const original = random(deliveries.length);
    const at = original + 1 + random(deliveries.length - original);
    deliveries.splice(at, 0, deliveries[original]!);
  }
  return {
    shop: opts.shop,
    deliveries: deliveries.map((delivery, index) => ({ ...delivery, index })),
    orders,
  };
}

export interface Answer {
  index: number;
  /** HTTP status, or 0 when the request failed (connection refused or reset, no answer within 10 s). */
  status: number;
  body: string;
}

/**
 * Sends `deliveries` to `url()`, `concurrency` at a time, and records every answer. `after` runs after each
 * answer; once `stop()` holds no further delivery is started (those in flight finish or fail).
 */
export async function sendStream(
  url: () => string,
  deliveries: readonly StreamDelivery[],
  opts: { concurrency: number; after?: (answer: Answer) => void; stop?: () => boolean },
): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length && !opts.stop?.()) {
      const delivery = deliveries[next++]!;
      const answer = await post(`${url()}/api/webhooks`, delivery);
      answers.push(answer);
      opts.after?.(answer);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return answers;
}

async function post(url: string, delivery: StreamDelivery): Promise<Answer> {
  try {
    // Shopify gives up on a delivery after 5 s and retries it later; so does this sender (after 10 s).
    const response = await fetch(url, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
      signal: AbortSignal.timeout(10_000),
    });
    return { index: delivery.index, status: response.status, body: await response.text() };
  } catch (error) {
    return { index: delivery.index, status: 0, body: String((error as Error).cause ?? error) };
  }
}

export const acknowledged = (answer: Answer) => answer.status >= 200 && answer.status < 300;

/**
 * Resends, as Shopify retries, every delivery of the stream that has no 2xx among `answers` yet, until each has
 * one (at most `rounds` rounds). Returns all answers, the earlier ones included.
 */
export async function retryUntilAcknowledged(
  url: () => string,
  stream: OrderStream,
  answers: Answer[],
  opts: { concurrency: number; rounds?: number },
): Promise<Answer[]> {
  const all = [...answers];
  for (let round = 0; round < (opts.rounds ?? 20); round++) {
    const acked = new Set(all.filter(acknowledged).map((a) => a.index));
    const missing = stream.deliveries.filter((d) => !acked.has(d.index));
    if (missing.length === 0) return all;
    // Shopify backs off between retries; so does this, a little (pacing, not waiting for anything)
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, 100 * round));
    all.push(...(await sendStream(url, missing, { concurrency: opts.concurrency })));
  }
  return all;
}

/** What creditProblems answers when every acknowledged order was credited exactly once. */
export const CREDITED_EXACTLY_ONCE = {
  notCreditedOnce: [],
  wrongPoints: [],
  duplicateKeys: [],
  strayEntries: [],
  balanceMismatches: [],
  unfinished: [],
};

/** Everything that is wrong with the stream's shop in `db`, by kind; all lists empty = credited exactly once. */
export async function creditProblems(db: Database, stream: OrderStream, acknowledgedIndices: Set<number>) {
  const { shop } = stream;
  const entries = await db.ledgerEntry.findMany({
    where: { shop },
    select: { idempotencyKey: true, points: true, customerId: true, kind: true },
  });
  const customers = await db.customer.findMany({
    where: { shop },
    select: { id: true, shopifyId: true, available: true, pending: true },
  });
  const deliveries = await db.webhookDelivery.findMany({
    where: { shop },
    select: { dedupeKey: true, status: true },
  });

  const ackedOrders = new Set(
    stream.deliveries.filter((d) => acknowledgedIndices.has(d.index)).map((d) => d.orderId),
  );
  const byKey = new Map<string, typeof entries>();
  for (const entry of entries)
    byKey.set(entry.idempotencyKey, [...(byKey.get(entry.idempotencyKey) ?? []), entry]);
  const shopifyIdOf = new Map(customers.map((c) => [c.id, c.shopifyId]));

  const notCreditedOnce: Array<{ orderId: number; entries: number }> = [];
  const wrongPoints: Array<{ orderId: number; points: number; expected: number; customer?: string }> = [];
  for (const orderId of ackedOrders) {
    const found = byKey.get(`earn:order:${orderId}`) ?? [];
    if (found.length !== 1) notCreditedOnce.push({ orderId, entries: found.length });
    const expected = stream.orders.get(orderId)!;
    for (const entry of found) {
      const customer = shopifyIdOf.get(entry.customerId);
      if (entry.points !== expected.points || customer !== String(expected.customerId))
        wrongPoints.push({ orderId, points: entry.points, expected: expected.points, customer });
    }
  }
  const expectedBalance = new Map<string, number>();
  for (const orderId of ackedOrders) {
    const { customerId, points } = stream.orders.get(orderId)!;
    expectedBalance.set(String(customerId), (expectedBalance.get(String(customerId)) ?? 0) + points);
  }
  const balanceMismatches = customers.flatMap((customer) => {
    const ledgerSum = entries.filter((e) => e.customerId === customer.id).reduce((s, e) => s + e.points, 0);
    const expected = expectedBalance.get(customer.shopifyId) ?? 0;
    return customer.available === ledgerSum && customer.pending === 0 && ledgerSum === expected
      ? []
      : [{ customer: customer.shopifyId, ...customer, ledgerSum, expected }];
  });
  return {
    /** acknowledged orders without exactly one earn entry */
    notCreditedOnce,
    /** earn entries with other points or another customer than the order's */
    wrongPoints,
    /** idempotency keys present more than once (the unique index should make this impossible) */
    duplicateKeys: [...byKey].filter(([, list]) => list.length > 1).map(([key]) => key),
    /** entries that are not the earn of an acknowledged order of the stream */
    strayEntries: entries.filter(
      (e) => !ackedOrders.has(Number(e.idempotencyKey.replace('earn:order:', ''))),
    ),
    /** customers whose available balance is not the sum of their ledger entries, or not what they earned */
    balanceMismatches,
    /** inbox rows that did not end processed */
    unfinished: deliveries.filter((d) => d.status !== 'processed'),
  };
}
