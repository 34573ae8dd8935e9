import { type Micros, sumMicros } from './money.js';

/** An order as the points rules see it: shop-currency amounts only (presentment currency never counts). */
export interface OrderFacts {
  orderId: string;
  customerId: string | null; // null = guest checkout
  currency: string; // the shop's currency
  taxesIncluded: boolean;
  occurredAt: Date; // processed_at: the rate in force then applies
  lines: OrderLineFacts[];
  shipping: ShippingFacts[];
}

export interface OrderLineFacts {
  unitPrice: Micros;
  quantity: number;
  discount: Micros; // total allocated to the line, order-level discounts included
  tax: Micros; // total tax of the line
  giftCard: boolean;
}

export interface ShippingFacts {
  price: Micros;
  discount: Micros;
  tax: Micros;
}

export interface RefundFacts {
  refundId: string;
  orderId: string;
  occurredAt: Date;
  lines: Array<{ subtotal: Micros; tax: Micros; giftCard: boolean }>;
  shipping: Array<{ amount: Micros; tax: Micros }>;
}

/** How an order's eligible amount was computed, kept with the award so refunds are measured the same way. */
export interface EligibilityBasis {
  taxesIncluded: boolean;
  includesShipping: boolean;
}

/**
 * Eligible amount = what the customer paid for goods: line totals after every discount, without taxes, tips and
 * gift-card purchases (those earn when the card is spent); shipping only when the merchant opts in.
 * With tax-inclusive prices the line taxes are taken out again.
 */
export function eligibleAmount(order: OrderFacts, includeShipping: boolean): Micros {
  const goods = sumMicros(
    order.lines
      .filter((line) => !line.giftCard)
      .map((line) =>
        netOfTax(line.unitPrice * BigInt(line.quantity) - line.discount, line.tax, order.taxesIncluded),
      ),
  );
  const shipping = includeShipping
    ? sumMicros(order.shipping.map((s) => netOfTax(s.price - s.discount, s.tax, order.taxesIncluded)))
    : 0n;
  return nonNegative(goods + shipping);
}

/** The part of a refund that counts against the original eligible amount, measured on the same basis. */
export function refundedEligibleAmount(refund: RefundFacts, basis: EligibilityBasis): Micros {
  const goods = sumMicros(
    refund.lines
      .filter((line) => !line.giftCard)
      .map((line) => netOfTax(line.subtotal, line.tax, basis.taxesIncluded)),
  );
  const shipping = basis.includesShipping
    ? sumMicros(refund.shipping.map((s) => netOfTax(s.amount, s.tax, basis.taxesIncluded)))
    : 0n;
  return nonNegative(goods + shipping);
}

function netOfTax(amount: Micros, tax: Micros, taxesIncluded: boolean): Micros {
  return taxesIncluded ? amount - tax : amount;
}

function nonNegative(value: Micros): Micros {
  return value < 0n ? 0n : value;
}
