import { describe, expect, it } from 'vitest';
import { dashboardFigures, statsRange } from './stats.js';

const NOW = new Date('2026-03-15T18:30:00Z');

describe('statsRange', () => {
  it('defaults to the last 30 days up to today (UTC), both ends included', () => {
    expect(statsRange(undefined, undefined, NOW)).toEqual({
      from: '2026-02-14',
      to: '2026-03-15',
      start: new Date('2026-02-14T00:00:00Z'),
      end: new Date('2026-03-16T00:00:00Z'),
    });
  });

  it('takes either end alone, and a one-day range', () => {
    expect(statsRange(undefined, '2026-01-31', NOW).from).toBe('2026-01-02');
    expect(statsRange('2026-03-01', undefined, NOW)).toMatchObject({ from: '2026-03-01', to: '2026-03-15' });
    expect(statsRange('2026-03-01', '2026-03-01', NOW)).toMatchObject({
      start: new Date('2026-03-01T00:00:00Z'),
      end: new Date('2026-03-02T00:00:00Z'),
    });
  });

  it.each([
    ['from after to', '2026-03-02', '2026-03-01'],
    ['a day that does not exist', '2026-02-30', '2026-03-01'],
    ['a timestamp', '2026-03-01T00:00:00Z', '2026-03-02'],
    ['not a string (repeated query parameter)', ['2026-03-01', '2026-03-02'], '2026-03-02'],
    ['an empty value', '', '2026-03-02'],
  ])('refuses %s with 400 invalid_range', (_name, from, to) => {
    expect(() => statsRange(from, to, NOW)).toThrow(
      expect.objectContaining({ code: 'invalid_range', status: 400 }),
    );
  });
});

describe('dashboardFigures', () => {
  it('nets refunded redemptions, values what is outstanding and rounds the rate', () => {
    const figures = dashboardFigures(
      { issued: 300, redeem: -150, redeemRefund: 50, expire: -20 },
      1234,
      '0.01',
      'EUR',
    );
    expect(figures).toEqual({
      points: { issued: 300, redeemed: 100, expired: 20, outstanding: 1234 },
      liability: { amount: '12.34', currencyCode: 'EUR' },
      redemptionRate: 0.3333,
    });
  });

  it('answers a rate of 0 when nothing was issued, and never a negative redeemed figure', () => {
    const figures = dashboardFigures({ issued: 0, redeem: 0, redeemRefund: 40, expire: 0 }, 0, '0.01', 'USD');
    expect(figures.points.redeemed).toBe(0);
    expect(figures.redemptionRate).toBe(0);
    expect(figures.liability.amount).toBe('0.00');
  });

  it('computes liability exactly (no float drift) and shows a debt as negative', () => {
    expect(
      dashboardFigures({ issued: 1, redeem: 0, redeemRefund: 0, expire: 0 }, 3, '0.1', 'USD').liability
        .amount,
    ).toBe('0.30');
    expect(
      dashboardFigures({ issued: 1, redeem: 0, redeemRefund: 0, expire: 0 }, -250, '0.01', 'USD').liability
        .amount,
    ).toBe('-2.50');
  });
});
