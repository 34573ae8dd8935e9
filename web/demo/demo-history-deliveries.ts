/**
 * The demo history's plan (demo-history-plan.ts) as the webhooks Shopify would have sent: customers/create,
 * orders/paid, refunds/create and orders/cancelled, built with the shared payload builders, dated in the past and
 * with event ids derived from the resource ids, so sending them again is a duplicate the inbox drops.
 */
import { basketOf } from './demo-history-basket.js';
import type { HistoryPlan, PlannedCustomer, PlannedOrder } from './demo-history-plan.js';
import type { Person } from './demo-history-people.js';
import {
  customerPayload,
  type OrderPayload,
  orderPayload,
  refundPayload,
  shopTime,
} from './shopify-payloads.js';

export type HistoryDelivery = { topic: string; eventId: string; at: Date; body: unknown };

/** The loyalty code an order used, with what it took off (shop money), as the redemption answered. */
export type UsedCode =
  { code: string; kind: 'amount'; cents: number } | { code: string; kind: 'free_shipping' };

const MERCHANT_CODE = 'SOMMER10';

const dated = (now: Date, ageMs: number) => new Date(now.getTime() - ageMs);

/** The shared builders name every customer after ten people: the plan's own names go in the same fields. */
function rename(target: { first_name: string; last_name: string; name?: string } | null, person: Person) {
  if (!target) return;
  Object.assign(target, { first_name: person.firstName, last_name: person.lastName });
  if ('name' in target) target.name = `${person.firstName} ${person.lastName}`;
}

export function customerDelivery(customer: PlannedCustomer, now: Date): HistoryDelivery {
  const at = dated(now, customer.ageMs);
  const body = customerPayload({ customerId: customer.id, createdAt: shopTime(at), email: customer.email });
  rename(body, customer);
  rename(body.default_address, customer); // also the one entry of `addresses`
  return { topic: 'customers/create', eventId: `demo-history-customer-${customer.id}`, at, body };
}

export function orderBody(order: PlannedOrder, now: Date, used?: UsedCode): OrderPayload {
  const basket = basketOf(order.items, {
    ...(order.merchantCode && { percentOff: 0.1 }),
    ...(used?.kind === 'amount' && { discountCents: used.cents }),
    ...(used?.kind === 'free_shipping' && { freeShipping: true }),
  });
  const body = orderPayload({
    orderId: order.id,
    customerId: order.customerId,
    email: order.person.email,
    lines: basket.lines,
    ...(basket.shipping && { shipping: basket.shipping }),
    taxesIncluded: true,
    processedAt: shopTime(dated(now, order.ageMs)),
    ...(order.merchantCode && { discountCode: MERCHANT_CODE }),
    ...(used && { discountCode: used.code }),
  });
  // orderPayload names a code only for line discounts; a shipping code is listed the way Shopify lists it
  if (used?.kind === 'free_shipping')
    body.discount_codes = [{ code: used.code, amount: basket.shipping?.price ?? '0.00', type: 'shipping' }];
  if (body.customer) {
    rename(body.customer, order.person);
    rename(body.customer.default_address, order.person);
  }
  rename(body.billing_address, order.person);
  rename(body.shipping_address, order.person);
  return body;
}

export function orderDelivery(order: PlannedOrder, now: Date, used?: UsedCode): HistoryDelivery {
  const body = orderBody(order, now, used);
  return {
    topic: 'orders/paid',
    eventId: `demo-history-order-${order.id}`,
    at: dated(now, order.ageMs),
    body,
  };
}

/** Everything but the redemptions and the orders that use their codes, in time order per kind. */
export function historyDeliveries(plan: HistoryPlan, now: Date): HistoryDelivery[] {
  const bodies = new Map<number, OrderPayload>();
  const orders = plan.orders.map((order) => {
    const delivery = orderDelivery(order, now);
    bodies.set(order.id, delivery.body as OrderPayload);
    return delivery;
  });
  const refunds = plan.refunds.map((refund): HistoryDelivery => {
    const order = bodies.get(refund.order.id)!;
    const at = dated(now, refund.ageMs);
    const shippingLine = order.shipping_lines[0];
    const body = refundPayload({
      refundId: refund.id,
      order,
      createdAt: shopTime(at),
      lines: refund.full
        ? order.line_items.map((line, lineIndex) => ({ lineIndex, quantity: line.quantity }))
        : [{ lineIndex: 0, quantity: 1 }],
      ...(refund.full &&
        shippingLine && {
          shipping: { amount: shippingLine.price, tax: shippingLine.tax_lines[0]?.price ?? '0.00' },
        }),
    });
    return { topic: 'refunds/create', eventId: `demo-history-refund-${refund.id}`, at, body };
  });
  const cancellations = plan.cancellations.map(({ order, ageMs }): HistoryDelivery => {
    const at = dated(now, ageMs);
    const cancelledAt = shopTime(at);
    const body = {
      ...bodies.get(order.id)!,
      cancelled_at: cancelledAt,
      updated_at: cancelledAt,
      cancel_reason: 'customer',
      financial_status: 'refunded',
    };
    return { topic: 'orders/cancelled', eventId: `demo-history-cancel-${order.id}`, at, body };
  });
  return [...plan.customers.map((c) => customerDelivery(c, now)), ...orders, ...refunds, ...cancellations];
}
