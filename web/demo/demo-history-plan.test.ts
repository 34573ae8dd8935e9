import { describe, expect, it } from 'vitest';
import { historyDeliveries } from './demo-history-deliveries.js';
import { DAY_MS, type PlannedOrder, planHistory } from './demo-history-plan.js';

const plan = planHistory();
const codeOrders = plan.redemptions.flatMap((r) => (r.codeOrder ? [r.codeOrder] : []));
const allOrders: PlannedOrder[] = [...plan.orders, ...codeOrders];
const CODE_LIFETIME_MS = 30 * DAY_MS; // the demo program's codeLifetimeDays

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

describe('planHistory (the demo shop year)', () => {
  it('plans the same year on every call: one seed, no Math.random', () => {
    expect(planHistory()).toEqual(plan);
    expect(planHistory(7)).not.toEqual(plan);
  });

  it('has the size the panel needs: 300 customers, ~1,500 orders, 15 % by guests, some guests twice', () => {
    expect(plan.customers).toHaveLength(300);
    expect(new Set(plan.customers.map((c) => c.email)).size).toBe(300);
    expect(allOrders.length).toBeGreaterThan(1400);
    expect(allOrders.length).toBeLessThan(1700);
    const guests = allOrders.filter((o) => o.customerId === null);
    expect(guests.length / allOrders.length).toBeGreaterThan(0.12);
    expect(guests.length / allOrders.length).toBeLessThan(0.18);
    const byEmail = groupBy(guests, (o) => o.person.email);
    expect([...byEmail.values()].filter((orders) => orders.length === 2).length).toBeGreaterThan(20);
    const perCustomer = groupBy(
      allOrders.filter((o) => o.customerId !== null),
      (o) => o.customerId,
    );
    const once = [...perCustomer.values()].filter((orders) => orders.length === 1).length;
    expect(once).toBeGreaterThan(80); // many order once
    expect(perCustomer.size).toBeLessThan(300); // and some never
  });

  it('refunds about 5 % (partly and fully), cancels a few, redeems ~150 times, most codes used', () => {
    expect(plan.refunds.length / plan.orders.length).toBeGreaterThan(0.03);
    expect(plan.refunds.length / plan.orders.length).toBeLessThan(0.07);
    expect(plan.refunds.some((r) => r.full) && plan.refunds.some((r) => !r.full)).toBe(true);
    expect(plan.cancellations.length).toBeGreaterThanOrEqual(3);
    expect(plan.redemptions.length).toBeGreaterThanOrEqual(120);
    expect(plan.redemptions.length).toBeLessThanOrEqual(180);
    expect(codeOrders.length / plan.redemptions.length).toBeGreaterThan(0.8);
    expect(new Set(plan.redemptions.map((r) => r.optionId))).toEqual(
      new Set(['five-off', 'pay-with-points', 'free-shipping']),
    );
  });

  it('keeps time in order: orders after sign-up, reversals after the order, codes used before they end', () => {
    const signedUp = new Map(plan.customers.map((c) => [c.id, c.ageMs]));
    const year = 366 * DAY_MS;
    for (const o of allOrders) {
      expect(o.ageMs).toBeGreaterThan(0);
      expect(o.ageMs).toBeLessThan(year);
      if (o.customerId !== null) expect(o.ageMs).toBeLessThanOrEqual(signedUp.get(o.customerId)!);
    }
    for (const r of [...plan.refunds, ...plan.cancellations]) {
      expect(r.ageMs).toBeGreaterThan(0);
      expect(r.ageMs).toBeLessThan(r.order.ageMs);
    }
    for (const r of plan.redemptions) {
      if (r.codeOrder) {
        expect(r.codeOrder.ageMs).toBeLessThan(r.ageMs);
        expect(r.ageMs - r.codeOrder.ageMs).toBeLessThan(CODE_LIFETIME_MS);
      } else expect(r.ageMs).toBeGreaterThan(CODE_LIFETIME_MS); // left unused: it has expired by now
    }
  });

  it('ends with a used code of the newest redemption, the marker of a finished run, still valid at the end', () => {
    const last = plan.redemptions.at(-1)!;
    expect(last.codeOrder).not.toBeNull();
    expect(last.ageMs).toBeLessThan(CODE_LIFETIME_MS);
    expect(Math.max(...plan.redemptions.map((r) => r.codeOrder?.id ?? 0))).toBe(last.codeOrder!.id);
  });

  it('uses unique ids that leave room for the payloads derived ids', () => {
    const ids = (items: Array<{ id: number }>) => new Set(items.map((x) => x.id)).size;
    expect(ids(allOrders)).toBe(allOrders.length);
    expect(ids(plan.refunds)).toBe(plan.refunds.length);
    for (const o of allOrders) expect(Number.isSafeInteger(o.id * 1000 + 999)).toBe(true);
    expect(new Set(plan.redemptions.map((r) => r.key)).size).toBe(plan.redemptions.length);
  });

  it('builds the same webhooks whatever the day, only dated from it', () => {
    const now = new Date('2026-06-30T12:00:00Z');
    const later = new Date(now.getTime() + 10 * DAY_MS);
    const first = historyDeliveries(plan, now);
    const second = historyDeliveries(plan, later);
    expect(second.map((d) => d.eventId)).toEqual(first.map((d) => d.eventId));
    expect(new Set(first.map((d) => `${d.topic} ${d.eventId}`)).size).toBe(first.length);
    first.forEach((d, i) => expect(second[i]!.at.getTime() - d.at.getTime()).toBe(10 * DAY_MS));
    expect(first.every((d) => d.at < now)).toBe(true);
  });
});
