/**
 * The demo shop's year of history, planned in memory (demo-history.ts sends it): about 300 customers, 1,500 orders
 * (some by guests), refunds, cancellations and 150 redemptions. Everything is drawn from one seeded generator and
 * timed as an age before `now`, so the plan (ids, who buys what, who redeems) is the same on every start and only
 * its dates move with the clock. Node built-ins only, like the other demo scripts.
 */
import { type BasketItem, CATALOG, earnedPoints, itemsWorth } from './demo-history-basket.js';
import { type Person, personAt } from './demo-history-people.js';
import { random } from './demo-history-random.js';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const YEAR_DAYS = 365;

/** Id ranges of their own, clear of `npm run demo:orders` (customers 7001-7008, orders from 5.1e12). */
const CUSTOMER_BASE = 8_100_000;
const ORDER_BASE = 6_200_000_000_000;
const CODE_ORDER_BASE = 6_200_000_500_000;
const REFUND_BASE = 9_600_000_000;
/** Later than any code's lifetime (30 days in the demo program): a code left unused this long has expired. */
const EXPIRED_AGE_MS = 32 * DAY_MS;
/** The demo program's (demo-program.ts); a shop without it may refuse a redemption, which is then left out. */
const DEMO_SIGNUP_BONUS = 50;

export type PlannedCustomer = Person & { id: number; ageMs: number };

export interface PlannedOrder {
  id: number;
  /** null: a guest checkout. */
  customerId: number | null;
  person: Person;
  ageMs: number;
  items: BasketItem[];
  /** The merchant's own 10 % code (not a loyalty code). */
  merchantCode: boolean;
}

export interface PlannedRefund {
  id: number;
  order: PlannedOrder;
  ageMs: number;
  full: boolean;
}

export interface PlannedRedemption {
  /** The Idempotency-Key: the same redemption on every run. */
  key: string;
  customerId: number;
  ageMs: number;
  optionId: 'five-off' | 'pay-with-points' | 'free-shipping';
  /** pay-with-points: how many points. */
  points?: number;
  /** The later order that uses the code, or null: the code is left to expire. */
  codeOrder: PlannedOrder | null;
}

export interface HistoryPlan {
  customers: PlannedCustomer[];
  /** Oldest first, without the orders that use a loyalty code (those are in `redemptions`). */
  orders: PlannedOrder[];
  refunds: PlannedRefund[];
  cancellations: Array<{ order: PlannedOrder; ageMs: number }>;
  /** Oldest first. */
  redemptions: PlannedRedemption[];
}

export function planHistory(seed = 2026): HistoryPlan {
  const rand = random(seed);
  const between = (low: number, high: number) => low + rand() * (high - low);
  const days = (low: number, high: number) => Math.round(between(low * DAY_MS, high * DAY_MS));
  const basket = (): BasketItem[] =>
    Array.from({ length: rand() < 0.5 ? 1 : rand() < 0.7 ? 2 : 3 }, () => ({
      item: Math.floor(rand() * CATALOG.length),
      quantity: rand() < 0.75 ? 1 : rand() < 0.8 ? 2 : 3,
    }));
  const order = (customerId: number | null, person: Person, ageMs: number): PlannedOrder => ({
    id: 0, // numbered below, oldest first
    customerId,
    person,
    ageMs: Math.max(HOUR_MS, ageMs),
    items: basket(),
    merchantCode: rand() < 0.08,
  });

  // Customers: a tenth never buy, 35 % buy once, 35 % 2-6 times, a fifth are regulars (7-16 orders) who signed up
  // early in the year; shuffled, so the kinds mix in the customer list. A first order mostly follows the sign-up.
  const kinds = [...Array<number>(30).fill(0), ...Array<number>(105).fill(1), ...Array<number>(105).fill(2)];
  kinds.push(...Array<number>(300 - kinds.length).fill(3));
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  const customers: PlannedCustomer[] = [];
  const orders: PlannedOrder[] = [];
  for (let i = 1; i <= kinds.length; i++) {
    const kind = kinds[i - 1];
    const count =
      kind === 0 ? 0 : kind === 1 ? 1 : kind === 2 ? 2 + Math.floor(rand() * 5) : 7 + Math.floor(rand() * 10);
    const ageMs = count >= 7 ? days(200, YEAR_DAYS) : days(2, YEAR_DAYS);
    const customer = { id: CUSTOMER_BASE + i, ageMs, ...personAt(rand, CUSTOMER_BASE + i) };
    customers.push(customer);
    const first = ageMs - days(0, 3);
    for (let k = 0; k < count; k++)
      orders.push(order(customer.id, customer, k === 0 ? first : between(HOUR_MS, first)));
  }
  // Guests: 15 % of the orders, a fifth of the guests come back once with the same e-mail.
  for (let g = 1; g <= 190; g++) {
    const guest = personAt(rand, 900_000 + g, 'guest');
    const first = days(1, YEAR_DAYS);
    orders.push(order(null, guest, first));
    if (g <= 38) orders.push(order(null, guest, between(HOUR_MS, first)));
  }
  orders.sort((a, b) => b.ageMs - a.ageMs);
  orders.forEach((o, index) => (o.id = ORDER_BASE + index + 1));

  // About 5 % refunded (two in five in full), a few cancelled the same day; only orders older than three weeks.
  const refunds: PlannedRefund[] = [];
  const cancellations: HistoryPlan['cancellations'] = [];
  for (const o of orders) {
    if (o.ageMs < 21 * DAY_MS) continue;
    const r = rand();
    if (r < 0.055)
      refunds.push({
        id: REFUND_BASE + refunds.length + 1,
        order: o,
        ageMs: o.ageMs - days(2, 18),
        full: r < 0.022,
      });
    else if (r < 0.062) cancellations.push({ order: o, ageMs: o.ageMs - 2 * HOUR_MS });
  }
  const reversed = new Set([...refunds, ...cancellations].map((x) => x.order.id));

  return { customers, orders, refunds, cancellations, redemptions: planRedemptions(orders, reversed, rand) };
}

/**
 * A customer may redeem a few days after an order, with points counted conservatively: the sign-up bonus and their
 * earlier orders that are never refunded or cancelled, at one point per euro, less what they spent before. The real
 * balance at the time of the call (every order of the year credited) is at least that.
 */
function planRedemptions(
  orders: PlannedOrder[],
  reversed: Set<number>,
  rand: () => number,
): PlannedRedemption[] {
  const byCustomer = new Map<number, PlannedOrder[]>();
  for (const o of orders)
    if (o.customerId !== null && !reversed.has(o.id))
      byCustomer.set(o.customerId, [...(byCustomer.get(o.customerId) ?? []), o]);
  const redemptions: PlannedRedemption[] = [];
  for (const [customerId, own] of byCustomer) {
    let earned = DEMO_SIGNUP_BONUS;
    let spent = 0;
    // regulars mostly save up for the 5 € off, occasional buyers spend on free shipping or a euro or two
    const r = rand();
    const style =
      own.length >= 7 && r < 0.6
        ? ({ optionId: 'five-off', threshold: 500 } as const)
        : own.length >= 3 && r < 0.7
          ? ({ optionId: 'free-shipping', threshold: 300 } as const)
          : ({ optionId: 'pay-with-points', threshold: 100 } as const);
    for (const o of own) {
      earned += earnedPoints(o.items, o.merchantCode);
      const ageMs = o.ageMs - Math.round((1 + rand() * 11) * DAY_MS);
      const available = earned - spent;
      if (ageMs < DAY_MS || available < style.threshold || rand() >= 0.6) continue;
      const choice =
        style.optionId === 'pay-with-points'
          ? ({ optionId: style.optionId, cost: available >= 300 ? 200 : 100 } as const)
          : ({ optionId: style.optionId, cost: style.threshold } as const);
      spent += choice.cost;
      // most codes are used within 25 days; one in eight old enough to have expired is never used
      const useAgeMs = ageMs - Math.round((1 + rand() * 24) * DAY_MS);
      const unused = ageMs > EXPIRED_AGE_MS && rand() < 0.125;
      // goods worth twice the code at least (pay with points covers at most half), and 20 € at least
      const valueCents =
        choice.optionId === 'free-shipping' ? 0 : choice.optionId === 'five-off' ? 500 : choice.cost;
      const items = itemsWorth(rand, Math.max(2 * valueCents, 2000));
      const codeOrder = unused
        ? null
        : { ...o, id: 0, ageMs: Math.max(HOUR_MS, useAgeMs), items, merchantCode: false };
      redemptions.push({
        key: '',
        customerId,
        ageMs,
        optionId: choice.optionId,
        ...(choice.optionId === 'pay-with-points' && { points: choice.cost }),
        codeOrder,
      });
    }
  }
  redemptions.sort((a, b) => b.ageMs - a.ageMs || a.customerId - b.customerId);
  redemptions.forEach((r, index) => {
    r.key = `demo-history-${index + 1}`;
    if (r.codeOrder) r.codeOrder.id = CODE_ORDER_BASE + index + 1;
  });
  return redemptions;
}

/** Orders per customer as Shopify counts them (the code orders included), for the simulated Admin. */
export function ordersPerCustomer(plan: HistoryPlan): Map<number, number> {
  const counts = new Map<number, number>();
  const count = (o: PlannedOrder | null) =>
    o?.customerId != null && counts.set(o.customerId, (counts.get(o.customerId) ?? 0) + 1);
  plan.orders.forEach(count);
  plan.redemptions.forEach((r) => count(r.codeOrder));
  return counts;
}
