import { describe, expect, it } from 'vitest';
import { breakageRate, MIN_HISTORY_POINTS, provisionAmount } from './breakage.js';
import { parseDecimal } from './money.js';

describe('breakageRate', () => {
  it('uses the merchant assumption until expired lots have issued enough points to measure', () => {
    expect(breakageRate({ issued: 0, unspent: 0 }, 20)).toEqual({ rate: 0.2, basis: 'assumption' });
    expect(breakageRate({ issued: MIN_HISTORY_POINTS - 1, unspent: 999 }, 35)).toEqual({
      rate: 0.35,
      basis: 'assumption',
    });
  });

  it('measures unspent / issued points of expired lots once there is enough history, to 4 decimals', () => {
    expect(breakageRate({ issued: MIN_HISTORY_POINTS, unspent: 250 }, 20)).toEqual({
      rate: 0.25,
      basis: 'history',
    });
    expect(breakageRate({ issued: 3000, unspent: 1000 }, 20)).toEqual({ rate: 0.3333, basis: 'history' });
    expect(breakageRate({ issued: 5000, unspent: 0 }, 20)).toEqual({ rate: 0, basis: 'history' });
  });

  it('never measures more than 100 % (refunded redemptions can leave more unspent than issued)', () => {
    expect(breakageRate({ issued: 1000, unspent: 1500 }, 20)).toEqual({ rate: 1, basis: 'history' });
  });
});

describe('provisionAmount', () => {
  it('is liability × (1 − rate), rounded half up to cents once, from the exact liability', () => {
    expect(provisionAmount(parseDecimal('100'), { rate: 0.2, basis: 'assumption' })).toBe('80.00');
    // 0.125 × 0.5 = 0.0625: rounded once to 0.06 (rounding the liability to 0.13 first would give 0.07)
    expect(provisionAmount(parseDecimal('0.125'), { rate: 0.5, basis: 'history' })).toBe('0.06');
    // 10.005 × 0.6667 = 6.6703335
    expect(provisionAmount(parseDecimal('10.005'), { rate: 0.3333, basis: 'history' })).toBe('6.67');
    expect(provisionAmount(parseDecimal('0.01'), { rate: 0.5, basis: 'history' })).toBe('0.01'); // 0.005 up
  });

  it('keeps a negative liability (customers in debt) negative, and is 0 at 100 % breakage', () => {
    expect(provisionAmount(parseDecimal('-2.50'), { rate: 0.2, basis: 'assumption' })).toBe('-2.00');
    expect(provisionAmount(parseDecimal('15.30'), { rate: 1, basis: 'history' })).toBe('0.00');
  });

  it('has no float drift on large amounts', () => {
    expect(provisionAmount(parseDecimal('123456789.99'), { rate: 0.0001, basis: 'history' })).toBe(
      '123444444.31',
    );
  });
});
