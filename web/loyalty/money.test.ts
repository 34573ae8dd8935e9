import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divideRounded,
  formatDecimal,
  isDecimal,
  MICROS_PER_UNIT,
  minBigint,
  parseDecimal,
  sumMicros,
} from './money.js';

/** A decimal string as a merchant or Shopify writes it: optional sign, digits, up to six decimals. */
const decimalString = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^\d{1,15}$/),
    fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }),
  )
  .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`);

describe('parseDecimal', () => {
  it.each([
    ['0', 0n],
    ['1', 1_000_000n],
    ['19.90', 19_900_000n],
    ['19.9', 19_900_000n], // a missing trailing zero means the same amount
    ['0.000001', 1n], // the smallest unit: one micro
    ['0.5', 500_000n],
    ['007.25', 7_250_000n], // leading zeros are harmless
    ['123456789.123456', 123_456_789_123_456n],
    ['-2.5', -2_500_000n],
    ['  3.10  ', 3_100_000n], // surrounding whitespace is trimmed
  ])('parses %j as %s micros', (input, expected) => {
    expect(parseDecimal(input)).toBe(expected);
  });

  it('treats "-0" as zero', () => {
    expect(parseDecimal('-0')).toBe(0n);
    expect(parseDecimal('-0.000')).toBe(0n);
  });

  it('is exact for amounts far beyond Number.MAX_SAFE_INTEGER', () => {
    // 9007199254740993 units = 2^53 + 1, not representable as a double; x 1e6 micros.
    expect(parseDecimal('9007199254740993.000001')).toBe(9_007_199_254_740_993_000_001n);
  });

  it.each([
    '',
    '   ',
    'abc',
    '1.',
    '.5',
    '+1',
    '1,50', // decimal comma
    '1.5.0',
    '1e3',
    '0x10',
    '--1',
    '1 000',
    '1.1234567', // seven decimals: more precision than micros carry
    '0.0000001',
    'NaN',
    'Infinity',
  ])('rejects %j with a RangeError', (input) => {
    expect(() => parseDecimal(input)).toThrow(RangeError);
    expect(() => parseDecimal(input)).toThrow(/not a decimal amount/);
  });

  it('names the rejected input in the error', () => {
    expect(() => parseDecimal('12.3456789')).toThrow('not a decimal amount: "12.3456789"');
  });

  it('agrees with isDecimal on every input', () => {
    fc.assert(
      fc.property(fc.oneof(decimalString, fc.string({ maxLength: 12 })), (input) => {
        let parses = true;
        try {
          parseDecimal(input);
        } catch {
          parses = false;
        }
        expect(isDecimal(input)).toBe(parses);
      }),
    );
  });
});

describe('isDecimal', () => {
  it('accepts plain decimals with up to six places and rejects the rest', () => {
    expect(isDecimal('1')).toBe(true);
    expect(isDecimal('-1.123456')).toBe(true);
    expect(isDecimal(' 0.01 ')).toBe(true);
    expect(isDecimal('1.1234567')).toBe(false);
    expect(isDecimal('1.')).toBe(false);
    expect(isDecimal('')).toBe(false);
    expect(isDecimal('one')).toBe(false);
  });
});

describe('formatDecimal', () => {
  it.each([
    [0n, '0'],
    [1n, '0.000001'],
    [500_000n, '0.5'],
    [1_000_000n, '1'],
    [19_900_000n, '19.9'], // trailing zeros dropped
    [19_990_000n, '19.99'],
    [10_000_000n, '10'], // zeros of the whole part stay
    [123_456_789_123_456n, '123456789.123456'],
    [-1n, '-0.000001'],
    [-2_500_000n, '-2.5'],
    [-7_000_000n, '-7'],
  ])('formats %s micros as %j', (micros, expected) => {
    expect(formatDecimal(micros)).toBe(expected);
  });

  it('round-trips every micros value through parseDecimal', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), (micros) => {
        expect(parseDecimal(formatDecimal(micros))).toBe(micros);
      }),
    );
  });

  it('turns every decimal string into its canonical form, which parses to the same amount', () => {
    fc.assert(
      fc.property(decimalString, (input) => {
        const micros = parseDecimal(input);
        const canonical = formatDecimal(micros);
        expect(parseDecimal(canonical)).toBe(micros);
        // Canonical: no leading zeros in the whole part, no trailing zeros in the fraction, no "-0".
        expect(canonical).toMatch(/^(0|-?[1-9]\d*|-?(0|[1-9]\d*)\.\d*[1-9])$/);
        expect(formatDecimal(parseDecimal(canonical))).toBe(canonical);
      }),
    );
  });
});

describe('sumMicros', () => {
  it('adds any iterable of amounts, 0 for none', () => {
    expect(sumMicros([])).toBe(0n);
    expect(sumMicros([1_500_000n, -500_000n, 3n])).toBe(1_000_003n);
    function* amounts() {
      yield 2n;
      yield 40n;
    }
    expect(sumMicros(amounts())).toBe(42n);
  });
});

describe('divideRounded', () => {
  it.each([
    [0n, 5n, 0n],
    [10n, 5n, 2n], // exact
    [1n, 3n, 0n], // 0.333 -> 0
    [2n, 3n, 1n], // 0.667 -> 1
    [1n, 2n, 1n], // 0.5 -> 1: halves round up
    [5n, 2n, 3n], // 2.5 -> 3
    [7n, 2n, 4n], // 3.5 -> 4
    [9n, 2n, 5n], // 4.5 -> 5 (banker's rounding would give 4)
    [14n, 4n, 4n], // 3.5 -> 4
    [13n, 4n, 3n], // 3.25 -> 3
    [15n, 4n, 4n], // 3.75 -> 4
  ])('%s / %s rounds to %s', (numerator, denominator, expected) => {
    expect(divideRounded(numerator, denominator)).toBe(expected);
  });

  it('rejects a zero or negative denominator', () => {
    expect(() => divideRounded(1n, 0n)).toThrow(RangeError);
    expect(() => divideRounded(1n, -3n)).toThrow(RangeError);
  });

  it('is round-half-up of the exact quotient for non-negative values', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 18n }),
        (n, d) => {
          // Computed another way: quotient plus one when the remainder is at least half the denominator.
          const quotient = n / d;
          const remainder = n % d;
          const expected = 2n * remainder >= d ? quotient + 1n : quotient;
          expect(divideRounded(n, d)).toBe(expected);
          // And the result is within half a unit of the exact value: |r*d - n| <= d/2.
          const result = divideRounded(n, d);
          const error = result * d - n;
          expect(2n * (error < 0n ? -error : error) <= d).toBe(true);
        },
      ),
    );
  });
});

describe('minBigint', () => {
  it('returns the smaller of two bigints', () => {
    expect(minBigint(3n, 5n)).toBe(3n);
    expect(minBigint(5n, 3n)).toBe(3n);
    expect(minBigint(-1n, 0n)).toBe(-1n);
    expect(minBigint(4n, 4n)).toBe(4n);
  });
});

describe('MICROS_PER_UNIT', () => {
  it('is one million', () => {
    expect(MICROS_PER_UNIT).toBe(1_000_000n);
  });
});
