import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  eligibleAmount,
  type OrderFacts,
  type OrderLineFacts,
  refundedEligibleAmount,
  type RefundFacts,
  type ShippingFacts,
} from './eligible-amount.js';
import { type Micros, parseDecimal } from './money.js';

const m = (value: string): Micros => parseDecimal(value);

const line = (
  unitPrice: string,
  quantity: number,
  discount = '0',
  tax = '0',
  giftCard = false,
): OrderLineFacts => ({ unitPrice: m(unitPrice), quantity, discount: m(discount), tax: m(tax), giftCard });

const shipping = (price: string, discount = '0', tax = '0'): ShippingFacts => ({
  price: m(price),
  discount: m(discount),
  tax: m(tax),
});

const order = (overrides: Partial<OrderFacts>): OrderFacts => ({
  orderId: '1001',
  customerId: '42',
  currency: 'EUR',
  taxesIncluded: false,
  occurredAt: new Date('2025-05-01T10:00:00Z'),
  lines: [],
  shipping: [],
  ...overrides,
});

const refund = (overrides: Partial<RefundFacts>): RefundFacts => ({
  refundId: 'r1',
  orderId: '1001',
  occurredAt: new Date('2025-05-03T10:00:00Z'),
  lines: [],
  shipping: [],
  ...overrides,
});

/** Order lines whose net amount (after discount and, if inclusive, tax) is never negative. */
const lineArb = fc
  .record({
    unit: fc.bigInt({ min: 0n, max: 500_000_000n }),
    quantity: fc.integer({ min: 0, max: 20 }),
    discountShare: fc.integer({ min: 0, max: 100 }),
    taxShare: fc.integer({ min: 0, max: 30 }),
    giftCard: fc.boolean(),
  })
  .map(({ unit, quantity, discountShare, taxShare, giftCard }): OrderLineFacts => {
    const gross = unit * BigInt(quantity);
    const discount = (gross * BigInt(discountShare)) / 100n;
    const tax = ((gross - discount) * BigInt(taxShare)) / 100n;
    return { unitPrice: unit, quantity, discount, tax, giftCard };
  });

const shippingArb = fc
  .record({
    price: fc.bigInt({ min: 0n, max: 50_000_000n }),
    discountShare: fc.integer({ min: 0, max: 100 }),
    taxShare: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ price, discountShare, taxShare }): ShippingFacts => {
    const discount = (price * BigInt(discountShare)) / 100n;
    const tax = ((price - discount) * BigInt(taxShare)) / 100n;
    return { price, discount, tax };
  });

describe('eligibleAmount', () => {
  describe('tax-exclusive prices (taxes are added on top and never part of the line amounts)', () => {
    const taxExclusive = order({
      taxesIncluded: false,
      lines: [
        line('19.90', 2, '3.80', '6.84'), // 39.80 - 3.80 = 36.00; the tax is not in the price, nothing to take out
        line('5.00', 1, '0', '0.95'), // 5.00
        line('50.00', 1, '0', '0', true), // gift card: earns when spent, not when bought
      ],
      shipping: [shipping('4.90', '0', '0.93')],
    });

    it('is the goods after discounts, without gift cards and shipping', () => {
      // 36.00 + 5.00 = 41.00
      expect(eligibleAmount(taxExclusive, false)).toBe(m('41.00'));
    });

    it('adds shipping (after its discount, without tax) when the merchant includes it', () => {
      // 41.00 + 4.90 = 45.90
      expect(eligibleAmount(taxExclusive, true)).toBe(m('45.90'));
    });
  });

  describe('tax-inclusive prices (line taxes are taken out again)', () => {
    const taxInclusive = order({
      taxesIncluded: true,
      lines: [
        line('23.80', 2, '4.76', '6.84'), // 47.60 - 4.76 = 42.84 gross, minus 6.84 tax = 36.00 net
        line('100.00', 1, '0', '0', true), // gift card
      ],
      shipping: [shipping('5.95', '0', '0.95')], // 5.95 - 0.95 = 5.00
    });

    it('takes the taxes out of the discounted line totals', () => {
      expect(eligibleAmount(taxInclusive, false)).toBe(m('36.00'));
    });

    it('takes the tax out of shipping too when shipping is included', () => {
      // 36.00 + 5.00
      expect(eligibleAmount(taxInclusive, true)).toBe(m('41.00'));
    });

    it('gives the gross amount when the same figures are marked tax-exclusive', () => {
      // Same lines, but the tax is on top: 42.84 and 5.95 stay whole.
      expect(eligibleAmount({ ...taxInclusive, taxesIncluded: false }, false)).toBe(m('42.84'));
      expect(eligibleAmount({ ...taxInclusive, taxesIncluded: false }, true)).toBe(m('48.79'));
    });
  });

  it('is zero for an order of gift cards only, even with shipping included', () => {
    const giftCards = order({
      lines: [line('25.00', 2, '0', '0', true)],
      shipping: [],
    });
    expect(eligibleAmount(giftCards, false)).toBe(0n);
    expect(eligibleAmount(giftCards, true)).toBe(0n);
  });

  it('is zero for an order without lines', () => {
    expect(eligibleAmount(order({}), true)).toBe(0n);
  });

  it('multiplies the unit price by the quantity before subtracting the line discount', () => {
    // 3 x 9.99 = 29.97, minus 2.97 allocated discount = 27.00 (not 9.99 - 2.97 = 7.02)
    expect(eligibleAmount(order({ lines: [line('9.99', 3, '2.97')] }), false)).toBe(m('27.00'));
  });

  it('clamps at zero when the discount is larger than the price', () => {
    // 1 x 10.00 - 15.00 = -5.00 -> 0
    expect(eligibleAmount(order({ lines: [line('10.00', 1, '15.00')] }), false)).toBe(0n);
    // tax-inclusive: 1.00 - 1.00 discount - 0.16 tax = -0.16 -> 0
    expect(
      eligibleAmount(order({ taxesIncluded: true, lines: [line('1.00', 1, '1.00', '0.16')] }), false),
    ).toBe(0n);
  });

  it('counts nothing for shipping that is discounted to zero', () => {
    const freeShipping = order({
      lines: [line('30.00', 1)],
      shipping: [shipping('4.90', '4.90')],
    });
    expect(eligibleAmount(freeShipping, true)).toBe(m('30.00'));
  });

  it('sums several shipping lines, each after its own discount', () => {
    const split = order({
      lines: [line('10.00', 1)],
      shipping: [shipping('4.90', '1.00'), shipping('2.50')], // 3.90 + 2.50 = 6.40
    });
    expect(eligibleAmount(split, true)).toBe(m('16.40'));
    expect(eligibleAmount(split, false)).toBe(m('10.00'));
  });

  it('keeps sub-cent amounts exact', () => {
    // 3 x 0.333333 = 0.999999
    expect(eligibleAmount(order({ lines: [line('0.333333', 3)] }), false)).toBe(999_999n);
  });

  it('does not depend on gift-card lines, whatever they cost', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 5 }),
        fc.array(lineArb, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        (goods, giftCards, taxesIncluded, includeShipping) => {
          const base = order({ taxesIncluded, lines: goods });
          const withGiftCards = order({
            taxesIncluded,
            lines: [...goods, ...giftCards.map((l) => ({ ...l, giftCard: true }))],
          });
          expect(eligibleAmount(withGiftCards, includeShipping)).toBe(eligibleAmount(base, includeShipping));
        },
      ),
    );
  });

  it('excluding shipping ignores the shipping lines entirely; including them never lowers the amount', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 5 }),
        fc.array(shippingArb, { maxLength: 3 }),
        fc.boolean(),
        (lines, shippingLines, taxesIncluded) => {
          const withShipping = order({ taxesIncluded, lines, shipping: shippingLines });
          const without = order({ taxesIncluded, lines });
          expect(eligibleAmount(withShipping, false)).toBe(eligibleAmount(without, false));
          // shippingArb keeps every shipping line's net amount >= 0
          expect(eligibleAmount(withShipping, true) >= eligibleAmount(withShipping, false)).toBe(true);
          expect(eligibleAmount(withShipping, true) >= 0n).toBe(true);
        },
      ),
    );
  });
});

describe('refundedEligibleAmount', () => {
  const partial = refund({
    lines: [
      { subtotal: m('10.00'), tax: m('1.90'), giftCard: false },
      { subtotal: m('25.00'), tax: m('0'), giftCard: true }, // a refunded gift card never earned anything
    ],
    shipping: [{ amount: m('4.90'), tax: m('0.78') }],
  });

  it('counts the refunded goods, not gift cards, not shipping when the award excluded shipping', () => {
    expect(refundedEligibleAmount(partial, { taxesIncluded: false, includesShipping: false })).toBe(
      m('10.00'),
    );
  });

  it('counts refunded shipping only when the award included shipping', () => {
    // 10.00 + 4.90
    expect(refundedEligibleAmount(partial, { taxesIncluded: false, includesShipping: true })).toBe(
      m('14.90'),
    );
  });

  it('takes the taxes out on a tax-inclusive basis', () => {
    // (10.00 - 1.90) + (4.90 - 0.78) = 8.10 + 4.12 = 12.22
    expect(refundedEligibleAmount(partial, { taxesIncluded: true, includesShipping: true })).toBe(m('12.22'));
    // without shipping: 8.10
    expect(refundedEligibleAmount(partial, { taxesIncluded: true, includesShipping: false })).toBe(m('8.10'));
  });

  it('is zero for a shipping-only refund when shipping did not earn', () => {
    const shippingOnly = refund({ shipping: [{ amount: m('4.90'), tax: m('0') }] });
    expect(refundedEligibleAmount(shippingOnly, { taxesIncluded: false, includesShipping: false })).toBe(0n);
    expect(refundedEligibleAmount(shippingOnly, { taxesIncluded: false, includesShipping: true })).toBe(
      m('4.90'),
    );
  });

  it('never goes below zero', () => {
    const odd = refund({ lines: [{ subtotal: m('0'), tax: m('1.00'), giftCard: false }] });
    // 0 - 1.00 = -1.00 -> 0
    expect(refundedEligibleAmount(odd, { taxesIncluded: true, includesShipping: false })).toBe(0n);
  });

  it('measures a full refund of an order exactly as the order was measured', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 6 }),
        fc.array(shippingArb, { maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        (lines, shippingLines, taxesIncluded, includeShipping) => {
          const paid = order({ taxesIncluded, lines, shipping: shippingLines });
          // Shopify reports a refunded line's subtotal after its discounts, taxes as in the order's prices.
          const everything = refund({
            lines: lines.map((l) => ({
              subtotal: l.unitPrice * BigInt(l.quantity) - l.discount,
              tax: l.tax,
              giftCard: l.giftCard,
            })),
            shipping: shippingLines.map((s) => ({ amount: s.price - s.discount, tax: s.tax })),
          });
          expect(
            refundedEligibleAmount(everything, { taxesIncluded, includesShipping: includeShipping }),
          ).toBe(eligibleAmount(paid, includeShipping));
        },
      ),
    );
  });
});
