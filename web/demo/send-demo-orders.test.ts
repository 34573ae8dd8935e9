import { describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS, demoDeliveries, FIRST_TIME_BUYER } from './send-demo-orders.js';

/** Distinct paid orders per customer, read from the signed bodies (not from `placed`, which is under test). */
function paidOrders(count: number) {
  const deliveries = demoDeliveries({ secret: 's', shop: 'loyalty-demo.myshopify.com', count, runId: 42 });
  const orders = new Map<number, Set<string>>();
  for (const d of deliveries.filter((d) => d.topic === 'orders/paid')) {
    const body = JSON.parse(d.body) as { id: number; customer: { id: number } | null };
    if (body.customer === null) continue;
    expect(d.placed).toEqual({ customer: body.customer.id, orderId: String(body.id) });
    orders.set(body.customer.id, (orders.get(body.customer.id) ?? new Set()).add(String(body.id)));
  }
  return (customer: number) => orders.get(customer)?.size ?? 0;
}

describe('demoDeliveries (npm run demo:orders)', () => {
  it.each([13, 20, 40, 80])('gives the first-time buyer exactly one paid order with --count %i', (count) => {
    expect(paidOrders(count)(FIRST_TIME_BUYER)).toBe(1);
  });

  it('gives every other customer several orders in the default stream, so only one is a first-time buyer', () => {
    const orders = paidOrders(40);
    for (const customer of DEMO_CUSTOMERS.filter((c) => c !== FIRST_TIME_BUYER))
      expect(orders(customer), `customer ${customer}`).toBeGreaterThanOrEqual(3);
  });
});
