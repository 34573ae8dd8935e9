import { describe, expect, it } from 'vitest';
import { orderPayload, refundPayload } from '../demo/shopify-payloads.js';
import { eligibleAmount } from '../loyalty/eligible-amount.js';
import ordersCancelled from './orders-cancelled.js';
import { MAX_AMOUNT, parseOrder, parseRefund } from './payloads.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- payloads are edited as plain JSON

const REFUSED = { name: 'LoyaltyError', code: 'invalid_payload', status: 400 };
const refusal = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    return error;
  }
  return undefined;
};

const order = (lines = [{ price: '19.90', quantity: 2, discount: '4.00', tax: '6.00' }]): Json =>
  structuredClone(
    orderPayload({
      orderId: 5_100_000_000_001,
      customerId: 7001,
      lines,
      shipping: { price: '4.90', tax: '0.78' },
    }),
  );
const setAmount = (set: Json, amount: string | number) => {
  set.shop_money.amount = amount;
  return set;
};

describe('parseOrder accepts what Shopify sends', () => {
  it.each([
    ['a plain order', order()],
    [
      'a tax-inclusive, multi-currency order with a gift card and a discounted shipping line',
      orderPayload({
        orderId: 5_100_000_000_002,
        customerId: 7002,
        lines: [
          { price: '19.90', quantity: 3, discount: '5.00', tax: '8.73' },
          { price: '25.00', quantity: 1, giftCard: true },
        ],
        shipping: { price: '4.90', tax: '0.78', discount: '4.90' },
        taxesIncluded: true,
        presentmentCurrency: 'USD',
        presentmentRate: 1.08,
        lineTotalDiscount: 'allocated',
        tip: '2.00',
      }),
    ],
    ['a line discounted to zero', order([{ price: '10.00', quantity: 2, discount: '20.00', tax: '0.00' }])],
    ['100,000 units', order([{ price: '0.01', quantity: 100_000, discount: '0.00', tax: '0.00' }])],
    [
      'an order of exactly 1,000,000,000.00',
      orderPayload({
        orderId: 5_100_000_000_004,
        customerId: 7004,
        lines: [{ price: '1000000000.00', quantity: 1 }],
      }),
    ],
  ])('%s', (_name, payload) => {
    expect(() => parseOrder(payload)).not.toThrow();
  });

  it('keeps ids beyond 2^53 exact when they come as strings, and passes every id on as a string', () => {
    const payload = order();
    payload.id = '82098291194615450899';
    payload.customer.id = 9_007_199_254_740_991;
    expect(parseOrder(payload)).toMatchObject({
      orderId: '82098291194615450899',
      customerId: '9007199254740991',
    });
  });
});

describe('parseOrder takes the order total from the first source present', () => {
  it('a null total_price_set falls back to current_total_price_set, then total_price, then 0', () => {
    const payload = order();
    payload.total_price_set = null;
    payload.current_total_price_set = setAmount(payload.current_total_price_set, '12.50');
    expect(parseOrder(payload).totalMicros).toBe(12_500_000n);
    payload.current_total_price_set = null;
    payload.total_price = '11.25';
    expect(parseOrder(payload).totalMicros).toBe(11_250_000n);
    payload.total_price = null;
    expect(parseOrder(payload)).toMatchObject({ totalMicros: 0n, orderId: '5100000000001' });
  });
});

describe('parseOrder refuses, with 400 invalid_payload', () => {
  it.each<[string, (payload: Json) => void]>([
    ['a price of 99999999999.99', (p) => setAmount(p.line_items[0].price_set, '99999999999.99')],
    [
      'a price of 99999999999.99 as a JSON number',
      (p) => setAmount(p.line_items[0].price_set, 99999999999.99),
    ],
    ['a price of 1,000,000,000.01', (p) => setAmount(p.line_items[0].price_set, '1000000000.01')],
    ['a negative price', (p) => setAmount(p.line_items[0].price_set, '-19.90')],
    ['a negative discount', (p) => setAmount(p.line_items[0].discount_allocations[0].amount_set, '-50.00')],
    ['a negative tax', (p) => setAmount(p.line_items[0].tax_lines[0].price_set, '-6.00')],
    ['a negative shipping price', (p) => setAmount(p.shipping_lines[0].price_set, '-4.90')],
    [
      'discounts above the line total',
      (p) => setAmount(p.line_items[0].discount_allocations[0].amount_set, '39.81'),
    ],
    [
      'shipping discounts above the shipping price',
      (p) => {
        const allocation = structuredClone(p.line_items[0].discount_allocations[0]);
        setAmount(allocation.amount_set, '4.91'); // the shipping line costs 4.90
        p.shipping_lines[0].discount_allocations = [allocation];
      },
    ],
    [
      'an amount string of 33 characters',
      (p) => setAmount(p.line_items[0].price_set, `${'0'.repeat(29)}1.00`),
    ],
    ['a quantity of 100,001', (p) => (p.line_items[0].quantity = 100_001)],
    ['a fractional quantity', (p) => (p.line_items[0].quantity = 1.5)],
    [
      'an order total above 1,000,000,000.00 from lines in bounds',
      (p) => {
        setAmount(p.line_items[0].price_set, '600000000.00');
        p.line_items[0].quantity = 2;
      },
    ],
    ['order id 0', (p) => (p.id = 0)],
    ['a negative order id', (p) => (p.id = -5)],
    ['an order id beyond 2^53 as a JSON number (digits already lost)', (p) => (p.id = 2 ** 53)],
    ['a fractional order id', (p) => (p.id = 1.5)],
    ['an order id string with a leading zero', (p) => (p.id = '0123')],
    ['an order id string of 21 digits', (p) => (p.id = '1'.repeat(21))],
    ['an order id string that is not digits', (p) => (p.id = '12a')],
    ['a customer id of 0', (p) => (p.customer.id = 0)],
  ])('%s', (_name, edit) => {
    const payload = order();
    edit(payload);
    expect(refusal(() => parseOrder(payload))).toMatchObject(REFUSED);
  });

  it('a payload broken in several places at once: 400, never a crash in the cross-field checks', () => {
    const payload = order();
    payload.line_items[0].quantity = 'two';
    setAmount(payload.line_items[0].price_set, 'abc');
    setAmount(payload.shipping_lines[0].price_set, '-1');
    expect(refusal(() => parseOrder(payload))).toMatchObject(REFUSED);
  });

  it('so a negative discount cannot earn extra points: eligible never exceeds the undiscounted goods', () => {
    const payload = order([{ price: '10.00', quantity: 1, discount: '0.00', tax: '0.00' }]);
    expect(eligibleAmount(parseOrder(payload), false)).toBe(10_000_000n);
    payload.line_items[0].discount_allocations = [
      { amount_set: { shop_money: { amount: '-1000.00', currency_code: 'EUR' } } },
    ];
    expect(refusal(() => parseOrder(payload))).toMatchObject(REFUSED);
  });

  it('MAX_AMOUNT is 1,000,000,000.00 in micros', () => {
    expect(MAX_AMOUNT).toBe(1_000_000_000_000_000n);
  });
});

describe('parseRefund', () => {
  const paid = orderPayload({
    orderId: 5_100_000_000_003,
    customerId: 7003,
    lines: [{ price: '19.90', quantity: 2, discount: '4.00', tax: '6.00' }],
    shipping: { price: '4.90', tax: '0.78' },
  });
  const refund = (): Json =>
    structuredClone(
      refundPayload({
        refundId: 9_000_000_003,
        order: paid,
        lines: [{ lineIndex: 0, quantity: 2 }],
        shipping: { amount: '4.90', tax: '0.78' },
      }),
    );

  it('accepts a full refund with shipping, as the factory builds it', () => {
    expect(parseRefund(refund())).toMatchObject({ refundId: '9000000003', orderId: '5100000000003' });
  });

  it.each<[string, (payload: Json) => void]>([
    ['a negative refunded subtotal', (r) => setAmount(r.refund_line_items[0].subtotal_set, '-35.80')],
    ['a negative refunded tax', (r) => setAmount(r.refund_line_items[0].total_tax_set, '-6.00')],
    [
      'a refunded subtotal of 99999999999.99',
      (r) => setAmount(r.refund_line_items[0].subtotal_set, '99999999999.99'),
    ],
    ['a positive shipping refund adjustment', (r) => setAmount(r.order_adjustments[0].amount_set, '4.90')],
    [
      'an adjustment beyond -1,000,000,000.00',
      (r) => setAmount(r.order_adjustments[0].amount_set, '-1000000000.01'),
    ],
    ['an order_id of 0', (r) => (r.order_id = 0)],
    ['a refund id with a sign', (r) => (r.id = '-9000000003')],
  ])('refuses %s with 400', (_name, edit) => {
    const payload = refund();
    edit(payload);
    expect(refusal(() => parseRefund(payload))).toMatchObject(REFUSED);
  });
});

describe('orders/cancelled parse', () => {
  it('refuses an order without cancelled_at (a signed orders/paid body replayed under this topic)', () => {
    const payload = order();
    expect(payload.cancelled_at).toBeNull();
    expect(refusal(() => ordersCancelled.parse(payload))).toMatchObject(REFUSED);
    delete payload.cancelled_at;
    expect(refusal(() => ordersCancelled.parse(payload))).toMatchObject(REFUSED);
  });

  it('takes the cancellation time from cancelled_at', () => {
    const payload = { ...order(), cancelled_at: '2026-11-22T20:15:03+01:00' };
    expect(ordersCancelled.parse(payload)).toEqual({
      orderId: '5100000000001',
      occurredAt: new Date('2026-11-22T19:15:03Z'),
    });
  });
});
