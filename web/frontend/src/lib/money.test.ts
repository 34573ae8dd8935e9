import { describe, expect, it } from 'vitest';
import { formatMoney, formatPercent, microsToDecimal, parseMicros, pointsValue } from './money';

describe('pointsValue', () => {
  it('multiplies exactly, without float drift', () => {
    expect(pointsValue(50, '0.01')).toBe('0.5');
    expect(pointsValue(3, '0.1')).toBe('0.3'); // 3 * 0.1 is 0.30000000000000004 in floats
    expect(pointsValue(1_234_567, '0.005')).toBe('6172.835');
    expect(pointsValue(-40, '0.025')).toBe('-1');
  });

  it('is null for a point value that is not a decimal or points that are not whole', () => {
    expect(pointsValue(10, 'abc')).toBeNull();
    expect(pointsValue(1.5, '0.01')).toBeNull();
  });
});

describe('parseMicros / microsToDecimal', () => {
  it('round-trips decimals of up to 6 places', () => {
    for (const value of ['0', '0.000001', '19.9', '-3.25', '1000000']) {
      expect(microsToDecimal(parseMicros(value)!)).toBe(value);
    }
    expect(parseMicros('1.2345678')).toBeNull();
  });
});

describe('formatMoney', () => {
  it("formats in the panel's language with the currency's usual decimals", () => {
    expect(formatMoney('1234.5', 'EUR', 'en')).toBe('€1,234.50');
    expect(formatMoney('1234.5', 'EUR', 'de')).toBe('1.234,50\u00a0€');
    expect(formatMoney('0.005', 'EUR', 'en')).toBe('€0.01');
  });

  it('keeps up to 6 decimals when precise, never fewer than the currency has', () => {
    expect(formatMoney('0.005', 'EUR', 'en', { precise: true })).toBe('€0.005');
    expect(formatMoney('0.01', 'EUR', 'de', { precise: true })).toBe('0,01\u00a0€');
    expect(formatMoney('5', 'JPY', 'en', { precise: true })).toBe('¥5');
  });

  it('formats large amounts from their decimal string exactly', () => {
    expect(formatMoney('12345678901234.56', 'USD', 'en')).toBe('$12,345,678,901,234.56');
  });
});

describe('formatPercent', () => {
  it('formats shares 0..1 and keeps missing data missing', () => {
    expect(formatPercent(0.125, 'en')).toBe('12.5%');
    expect(formatPercent(0.125, 'de')).toBe('12,5\u00a0%');
    expect(formatPercent(null, 'en')).toBeNull();
  });
});
