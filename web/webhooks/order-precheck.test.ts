import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderPayload } from '../demo/shopify-payloads.js';
import { nthOrder, orderTemplates, SHOP } from '../../bench/load.js';
import ordersCancelled from './orders-cancelled.js';
import ordersPaid from './orders-paid.js';
import { surelyValidOrder } from './order-precheck.js';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- payloads are edited as plain JSON

const parses = (parse: () => unknown) => {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
};

/** Values a mutation puts anywhere in a payload: near the schema's edges, of every JSON type. */
const NASTY: unknown[] = [
  null,
  0,
  -1,
  1.5,
  2 ** 53,
  100_000,
  100_001,
  1e21,
  '',
  '0',
  '01',
  '-1.00',
  '12.3456789',
  '999999999.999999',
  '1000000000.00',
  '1000000000.01',
  '1e3',
  ' 1',
  'abc',
  'EUR',
  'eur',
  '\u{1F600}E', // three UTF-16 units, two code points (zod counts these)
  '\u{1F600}'.repeat(128), // 256 units, 128 code points: within a 255 limit for zod
  'x'.repeat(300),
  '12345678901234567890',
  '123456789012345678901',
  '2024-02-29T10:00:00Z',
  '2026-02-29T10:00:00Z',
  '2026-12-01T10:00+01:00',
  '2026-12-01T24:00:00+01:00',
  true,
  false,
  [],
  {},
  [{}],
  { shop_money: { amount: '5.00', currency_code: 'EUR' } },
  { shop_money: { amount: '-5.00', currency_code: 'EUR' } },
];

/** The fields parseOrder reads (the rest of a Shopify order is stripped unread). */
const READ = new Set(
  (
    'id customer email contact_email total_price_set current_total_price_set total_price currency taxes_included ' +
    'processed_at created_at cancelled_at discount_codes code discount_applications type title line_items quantity ' +
    'gift_card price_set shop_money amount currency_code discount_allocations amount_set tax_lines shipping_lines'
  ).split(' '),
);

/** Every path to a value parseOrder reads, or could read if it were there (array items, a read field's keys). */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  const read = entries.filter(([key]) => typeof key === 'number' || READ.has(key));
  return [prefix, ...read.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

/** Sets (or, for `drop`, deletes) the value at `path`; the root itself is replaced. */
function mutate(root: Json, path: Array<string | number>, value: unknown, drop: boolean): Json {
  if (path.length === 0) return value;
  const parent = path.slice(0, -1).reduce((node, key) => node[key], root);
  const key = path[path.length - 1]!;
  if (drop && !Array.isArray(parent)) delete parent[key];
  else parent[key] = value;
  return root;
}

// mostly everyday amounts, some at the cap's edges (sums beyond it, products beyond 2^53 micros)
const money = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 50_000 }).map((cents) => (cents / 100).toFixed(2)) },
  { weight: 1, arbitrary: fc.constantFrom('0.00', '999999999.99', '500000000.00', '123456.123456') },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 99_999_999_999 }).map((cents) => (cents / 100).toFixed(2)),
  },
);
const line = fc.record({
  price: money,
  quantity: fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 1, max: 5 }) },
    { weight: 1, arbitrary: fc.constant(100_000) },
  ),
  tax: fc.option(money, { nil: undefined }),
  discount: fc.option(fc.constantFrom('0.50', '1.00', '2.50'), { nil: undefined }),
  giftCard: fc.boolean(),
});
const order = fc
  .record({
    lines: fc.array(line, { minLength: 1, maxLength: 4 }),
    customerId: fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: null }),
    taxesIncluded: fc.boolean(),
    cancelled: fc.boolean(),
  })
  .map(({ cancelled, ...spec }) => {
    try {
      const payload = orderPayload({
        orderId: 5_200_000_000_001,
        ...spec,
        shipping: { price: '4.90', tax: '0.78' },
        ...(cancelled && { cancelledAt: '2026-12-02T09:00:00+01:00' }),
      });
      return JSON.parse(JSON.stringify(payload)) as Json;
    } catch {
      return { line_items: [] }; // a spec the demo builder itself refuses (a discount above its line)
    }
  });
const mutations = fc.array(
  fc.record({ at: fc.nat(), value: fc.constantFrom(...NASTY), drop: fc.boolean() }),
  { maxLength: 3 },
);

describe('surelyValidOrder: a sufficient check for parseOrder', () => {
  it.each([
    ['orders/paid', ordersPaid],
    ['orders/cancelled', ordersCancelled],
  ])('never answers true for a payload the %s schema refuses (5,000 runs)', (_topic, handler) => {
    let sure = 0;
    fc.assert(
      fc.property(order, mutations, (payload, changes) => {
        for (const { at, value, drop } of changes) {
          const all = paths(payload);
          payload = mutate(payload, all[at % all.length]!, structuredClone(value), drop);
        }
        if (!handler.surelyParses!(payload)) return;
        sure++;
        expect(parses(() => handler.parse(payload))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
    expect(sure).toBeGreaterThan(500); // the property was exercised, not vacuous
  });

  it("answers true for Shopify's orders as the demo and the bench send them", () => {
    const templates = orderTemplates([SHOP]);
    for (let n = 0; n < templates.length; n++)
      expect(surelyValidOrder(JSON.parse(nthOrder(templates, 6_000_000_000_000, n).body))).toBe(true);
    const guest = orderPayload({
      orderId: 5_200_000_000_002,
      customerId: null,
      lines: [{ price: '9.90', quantity: 1 }],
    });
    expect(surelyValidOrder(guest)).toBe(true);
  });

  const edited = (edit: (order: Json) => void) => {
    const payload: Json = JSON.parse(
      JSON.stringify(
        orderPayload({ orderId: 5_200_000_000_004, customerId: 7, lines: [{ price: '10.00', quantity: 2 }] }),
      ),
    );
    edit(payload);
    return payload;
  };
  it.each<[string, (order: Json) => void]>([
    ['taxes_included null', (o) => (o.taxes_included = null)],
    ['101 discount codes', (o) => (o.discount_codes = Array.from({ length: 101 }, () => ({ code: 'A' })))],
    ['a 256-character code', (o) => (o.discount_codes = [{ code: 'C'.repeat(256) }])],
    ['a 41-character application type', (o) => (o.discount_applications = [{ type: 'T'.repeat(41) }])],
    [
      'a 256-character application title',
      (o) => (o.discount_applications = [{ type: 'manual', title: 'T'.repeat(256) }]),
    ],
    ['a customer id 0', (o) => (o.customer.id = 0)],
    ['a two-letter currency', (o) => (o.currency = 'EU')],
    ['a currency of an emoji and a letter', (o) => (o.currency = '\u{1F600}E')],
    ['a quantity of 100,001', (o) => (o.line_items[0].quantity = 100_001)],
    ['shipping lines null', (o) => (o.shipping_lines = null)],
  ])('answers false, as the schema refuses, for %s', (_case, edit) => {
    const payload = edited(edit);
    expect(parses(() => ordersPaid.parse(payload))).toBe(false);
    expect(surelyValidOrder(payload)).toBe(false);
  });

  it('answers false for a line discount above the line, an order total above the cap, and a missing cancelled_at', () => {
    const base = (): Json =>
      JSON.parse(
        JSON.stringify(
          orderPayload({
            orderId: 5_200_000_000_003,
            customerId: 7,
            lines: [{ price: '10.00', quantity: 2 }],
          }),
        ),
      );
    const discounted = base();
    discounted.line_items[0].discount_allocations = [
      { amount_set: { shop_money: { amount: '20.01', currency_code: 'EUR' } } },
    ];
    expect(surelyValidOrder(discounted)).toBe(false);
    const huge = base();
    huge.line_items[0].price_set.shop_money.amount = '999999999.00';
    huge.line_items[0].quantity = 2;
    expect(surelyValidOrder(huge)).toBe(false);
    expect(ordersCancelled.surelyParses!(base())).toBe(false);
    expect(ordersPaid.surelyParses!(base())).toBe(true);
  });
});
