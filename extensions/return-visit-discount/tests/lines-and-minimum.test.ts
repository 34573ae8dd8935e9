// Which lines are targeted (regular price, no gift cards) and the minimum on their subtotal, converted to the
// shop's currency with presentmentCurrencyRate (shop = presentment / rate).
import { describe, expect, it } from 'vitest';
import { cartLinesDiscountsGenerateRun } from '../src/index.js';
import { cartInput, CONFIGURATION, customProductLine, discountedLineIds, line } from './cart-input.js';

const id = (n: number) => `gid://shopify/CartLine/${n}`;

function run(options: Parameters<typeof cartInput>[0]) {
  return cartLinesDiscountsGenerateRun(cartInput(options));
}

describe('regular-priced lines', () => {
  it('leaves out lines whose compare-at price is above their price', () => {
    const lines = [line(1, '40.00'), line(2, '20.00', { compareAt: '20.01' }), line(3, '30.00')];
    expect(discountedLineIds(run({ lines }))).toEqual([id(1), id(3)]);
  });

  it('counts a compare-at price at or below the price as regular', () => {
    const lines = [line(1, '30.00', { compareAt: '30.00' }), line(2, '30.00', { compareAt: '25.00' })];
    expect(discountedLineIds(run({ lines }))).toEqual([id(1), id(2)]);
  });

  it('gives nothing when only sale items are in the cart', () => {
    const lines = [line(1, '40.00', { compareAt: '50.00' }), line(2, '30.00', { compareAt: '45.00' })];
    expect(run({ lines })).toEqual({ operations: [] });
  });

  it('includes sale lines when regularPriceOnly is false', () => {
    const configuration = { ...CONFIGURATION, regularPriceOnly: false };
    const lines = [line(1, '40.00', { compareAt: '50.00' }), line(2, '30.00', { compareAt: '45.00' })];
    expect(discountedLineIds(run({ configuration, lines }))).toEqual([id(1), id(2)]);
  });

  it('never discounts gift cards, not even with regularPriceOnly false', () => {
    const lines = [line(1, '60.00'), line(2, '50.00', { giftCard: true })];
    expect(discountedLineIds(run({ lines }))).toEqual([id(1)]);
    const configuration = { ...CONFIGURATION, regularPriceOnly: false };
    expect(discountedLineIds(run({ configuration, lines }))).toEqual([id(1)]);
  });

  it('leaves out custom products (no product, so no gift-card flag to trust)', () => {
    const lines = [line(1, '60.00'), customProductLine(2, '10.00')];
    expect(discountedLineIds(run({ lines }))).toEqual([id(1)]);
  });

  it('leaves out a line whose amounts cannot be read', () => {
    const lines = [
      line(1, '60.00'),
      line(2, '10.00', { compareAt: 'n/a' }),
      line(3, '5.00', { subtotal: '' }),
    ];
    expect(discountedLineIds(run({ lines }))).toEqual([id(1)]);
  });
});

describe('minimum subtotal', () => {
  it('is reached exactly at the minimum and missed one cent below', () => {
    expect(discountedLineIds(run({ lines: [line(1, '30.00'), line(2, '20.00')] }))).toEqual([id(1), id(2)]);
    expect(run({ lines: [line(1, '30.00'), line(2, '19.99')] })).toEqual({ operations: [] });
  });

  it('counts only eligible lines: sale items and gift cards do not help reach it', () => {
    const lines = [
      line(1, '49.99'),
      line(2, '100.00', { compareAt: '120.00' }),
      line(3, '25.00', { giftCard: true }),
    ];
    expect(run({ lines })).toEqual({ operations: [] });
  });

  it('uses the line subtotal, so quantities count', () => {
    expect(discountedLineIds(run({ lines: [line(1, '12.50', { quantity: 4 })] }))).toEqual([id(1)]);
    expect(run({ lines: [line(1, '12.50', { quantity: 3 })] })).toEqual({ operations: [] });
  });

  it('adds amounts exactly where floats drift (0.1 + 0.2)', () => {
    const configuration = { ...CONFIGURATION, minimumSubtotal: '0.3' };
    const lines = [line(1, '0.1'), line(2, '0.2')];
    expect(0.1 + 0.2 >= 0.3).toBe(true); // float happens to pass here …
    expect(discountedLineIds(run({ configuration, lines }))).toEqual([id(1), id(2)]);
    const tight = { ...CONFIGURATION, minimumSubtotal: '0.30000000000000001' };
    expect(run({ configuration: tight, lines })).toEqual({ operations: [] }); // … and exact math says no
  });

  it('works with three-decimal currencies', () => {
    const configuration = { ...CONFIGURATION, minimumSubtotal: '20.000' };
    expect(
      discountedLineIds(run({ configuration, lines: [line(1, '20.000', { subtotal: '20.000' })] })),
    ).toEqual([id(1)]);
    expect(run({ configuration, lines: [line(1, '19.999', { subtotal: '19.999' })] })).toEqual({
      operations: [],
    });
  });
});

describe('presentment currency', () => {
  it('reaches the minimum in shop currency although the cart amount is below it (rate 0.9)', () => {
    // 45.00 presentment / 0.9 = 50.00 shop: exactly the minimum.
    expect(discountedLineIds(run({ rate: '0.9', lines: [line(1, '45.00')] }))).toEqual([id(1)]);
    expect(run({ rate: '0.9', lines: [line(1, '44.99')] })).toEqual({ operations: [] });
  });

  it('misses the minimum in shop currency although the cart amount is above it (rate 1.5)', () => {
    // 60.00 / 1.5 = 40.00 shop < 50.00; 75.00 / 1.5 = 50.00 reaches it.
    expect(run({ rate: '1.5', lines: [line(1, '60.00')] })).toEqual({ operations: [] });
    expect(discountedLineIds(run({ rate: '1.5', lines: [line(1, '75.00')] }))).toEqual([id(1)]);
  });

  it('is exact where float conversion is not (33.00 / 1.1 is 29.999999999999996 in floats)', () => {
    const configuration = { ...CONFIGURATION, minimumSubtotal: '30.00' };
    expect(33 / 1.1 < 30).toBe(true);
    expect(discountedLineIds(run({ configuration, rate: '1.1', lines: [line(1, '33.00')] }))).toEqual([
      id(1),
    ]);
  });

  it('gives nothing when the rate is not a positive decimal', () => {
    for (const rate of ['0', '-1.2', 'abc', null]) expect(run({ rate })).toEqual({ operations: [] });
  });
});
