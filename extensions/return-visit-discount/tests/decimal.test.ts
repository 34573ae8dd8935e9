// Exact decimal money math: parsing refuses what Shopify's Decimal never is, and add/compare/multiply agree
// with integer arithmetic on cents.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, compare, multiply, parseDecimal } from '../src/decimal.js';

function decimal(text: string) {
  const value = parseDecimal(text);
  if (value === null) throw new Error(`not a decimal: ${text}`);
  return value;
}

const cents = (n: bigint) =>
  `${n < 0n ? '-' : ''}${(n < 0n ? -n : n) / 100n}.${String((n < 0n ? -n : n) % 100n).padStart(2, '0')}`;

describe('parseDecimal', () => {
  it('reads decimal strings and plain JSON numbers', () => {
    expect(parseDecimal('29.99')).toEqual({ coefficient: 2999n, scale: 2 });
    expect(parseDecimal('-1.5')).toEqual({ coefficient: -15n, scale: 1 });
    expect(parseDecimal('10')).toEqual({ coefficient: 10n, scale: 0 });
    expect(parseDecimal(12.5)).toEqual({ coefficient: 125n, scale: 1 });
  });

  it('refuses everything else', () => {
    for (const value of [
      '',
      ' 1',
      '1.',
      '.5',
      '1e3',
      '1,5',
      '+1',
      'NaN',
      '١٢',
      null,
      undefined,
      {},
      [],
      NaN,
      1e21,
    ]) {
      expect(parseDecimal(value)).toBeNull();
    }
    expect(parseDecimal('9'.repeat(41))).toBeNull();
  });
});

describe('arithmetic', () => {
  it('compares across scales', () => {
    expect(compare(decimal('50'), decimal('50.000'))).toBe(0);
    expect(compare(decimal('49.999'), decimal('50'))).toBe(-1);
    expect(compare(decimal('0.30000000000000001'), decimal('0.3'))).toBe(1);
  });

  it('multiplies exactly', () => {
    expect(compare(multiply(decimal('30.00'), decimal('1.1')), decimal('33'))).toBe(0);
  });

  it('agrees with integer cents (property)', () => {
    const amount = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        const sum = add(decimal(cents(a)), decimal(cents(b)));
        expect(compare(sum, decimal(cents(a + b)))).toBe(0);
        expect(compare(decimal(cents(a)), decimal(cents(b)))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});
