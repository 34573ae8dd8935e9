// Who gets the discount at all: the discount's class, its configuration, the logged-in customer's
// return_visit metafield and the shop's local date against eligibleUntil.
import { describe, expect, it } from 'vitest';
import { DiscountClass } from '../generated/api.js';
import { cartLinesDiscountsGenerateRun } from '../src/index.js';
import { cartInput, CONFIGURATION, discountedLineIds, RETURN_VISIT } from './cart-input.js';

const BOTH_LINES = ['gid://shopify/CartLine/1', 'gid://shopify/CartLine/2'];

function run(options: Parameters<typeof cartInput>[0]) {
  return cartLinesDiscountsGenerateRun(cartInput(options));
}

describe('discount class', () => {
  it('discounts when the discount has the PRODUCT class, alone or with others', () => {
    expect(discountedLineIds(run({}))).toEqual(BOTH_LINES);
    const all = [DiscountClass.Order, DiscountClass.Product, DiscountClass.Shipping];
    expect(discountedLineIds(run({ discountClasses: all }))).toEqual(BOTH_LINES);
  });

  it('gives nothing without the PRODUCT class', () => {
    expect(run({ discountClasses: [DiscountClass.Order, DiscountClass.Shipping] })).toEqual({
      operations: [],
    });
    expect(run({ discountClasses: [] })).toEqual({ operations: [] });
  });
});

describe('configuration', () => {
  it('gives nothing when the discount has no configuration metafield', () => {
    expect(run({ configuration: null })).toEqual({ operations: [] });
  });

  it.each([
    ['a string', 'percentage=15'],
    ['an array', [CONFIGURATION]],
    ['a non-number percentage', { ...CONFIGURATION, percentage: '20' }],
    ['a null percentage', { ...CONFIGURATION, percentage: null }],
    ['no minimumSubtotal', { ...CONFIGURATION, minimumSubtotal: undefined }],
    ['a numeric minimumSubtotal', { ...CONFIGURATION, minimumSubtotal: 50 }],
    ['a negative minimumSubtotal', { ...CONFIGURATION, minimumSubtotal: '-1.00' }],
    ['a non-decimal minimumSubtotal', { ...CONFIGURATION, minimumSubtotal: '50,00' }],
    ['no regularPriceOnly', { ...CONFIGURATION, regularPriceOnly: undefined }],
    ['a string regularPriceOnly', { ...CONFIGURATION, regularPriceOnly: 'true' }],
    ['no tierUplift', { ...CONFIGURATION, tierUplift: undefined }],
    ['a tierUplift array', { ...CONFIGURATION, tierUplift: [5] }],
    ['a negative uplift', { ...CONFIGURATION, tierUplift: { gold: -5 } }],
    ['a string uplift', { ...CONFIGURATION, tierUplift: { gold: '5' } }],
  ])('gives nothing for a configuration with %s', (_case, configuration) => {
    // JSON has no undefined: drop those keys the way JSON.stringify would.
    const json: unknown = JSON.parse(JSON.stringify(configuration));
    expect(run({ configuration: json })).toEqual({ operations: [] });
  });

  it('accepts an empty tierUplift and a zero minimum', () => {
    const configuration = { ...CONFIGURATION, minimumSubtotal: '0', tierUplift: {} };
    expect(discountedLineIds(run({ configuration }))).toEqual(BOTH_LINES);
  });
});

describe('customer', () => {
  it('gives nothing without a buyer identity or without a customer', () => {
    expect(run({ customer: 'no-buyer' })).toEqual({ operations: [] });
    expect(run({ customer: false })).toEqual({ operations: [] });
  });

  it('gives nothing to a customer who is not logged in, even with the metafield', () => {
    expect(run({ isAuthenticated: false })).toEqual({ operations: [] });
  });

  it('gives nothing to a customer without the return_visit metafield', () => {
    expect(run({ returnVisit: null })).toEqual({ operations: [] });
  });

  it.each([
    ['a string', '2026-12-15'],
    ['no eligibleUntil', { tier: null }],
    ['a date that does not exist', { eligibleUntil: '2026-02-30', tier: null }],
    ['a date with a time', { eligibleUntil: '2026-12-15T23:59:59Z', tier: null }],
    ['no tier key', { eligibleUntil: '2026-12-15' }],
    ['a numeric tier', { eligibleUntil: '2026-12-15', tier: 1 }],
  ])('gives nothing for a return_visit metafield with %s', (_case, returnVisit) => {
    expect(run({ returnVisit })).toEqual({ operations: [] });
  });
});

describe('window', () => {
  it('discounts before and on the last day, in the shop’s local date', () => {
    expect(discountedLineIds(run({ today: '2026-01-01' }))).toEqual(BOTH_LINES);
    expect(discountedLineIds(run({ today: RETURN_VISIT.eligibleUntil }))).toEqual(BOTH_LINES);
  });

  it('gives nothing from the day after eligibleUntil', () => {
    expect(run({ today: '2026-12-16' })).toEqual({ operations: [] });
    expect(run({ today: '2027-01-01' })).toEqual({ operations: [] });
  });

  it('compares calendar dates, also across a leap day', () => {
    const returnVisit = { eligibleUntil: '2028-02-29', tier: null };
    expect(discountedLineIds(run({ returnVisit, today: '2028-02-29' }))).toEqual(BOTH_LINES);
    expect(run({ returnVisit, today: '2028-03-01' })).toEqual({ operations: [] });
  });

  it('gives nothing when the shop date cannot be read', () => {
    expect(run({ today: '01.12.2026' })).toEqual({ operations: [] });
    expect(run({ today: null })).toEqual({ operations: [] });
  });
});
