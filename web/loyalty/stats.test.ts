import { describe, expect, it } from 'vitest';
import { dailySeries, dashboardFigures, repeatRate, statsRange, sumDays } from './stats.js';

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

  it('takes a range of up to 400 days, both ends included', () => {
    expect(statsRange('2025-01-01', '2026-02-04', NOW)).toMatchObject({
      start: new Date('2025-01-01T00:00:00Z'),
      end: new Date('2026-02-05T00:00:00Z'),
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
    ['a range of 401 days', '2025-01-01', '2026-02-05'],
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

describe('dailySeries and sumDays', () => {
  const range = statsRange('2026-02-27', '2026-03-02', NOW);
  const day = (
    date: string,
    sums: Partial<Record<'issued' | 'redeem' | 'redeemRefund' | 'expire', number>>,
  ) => ({
    day: date,
    issued: 0,
    redeem: 0,
    redeemRefund: 0,
    expire: 0,
    ...sums,
  });

  it('has one point per UTC day of the range, across a month end, with zeros for days without entries', () => {
    const days = [day('2026-02-28', { issued: 100, redeem: -50 }), day('2026-03-02', { expire: -7 })];
    expect(dailySeries(range, days)).toEqual([
      { date: '2026-02-27', issued: 0, redeemed: 0, expired: 0 },
      { date: '2026-02-28', issued: 100, redeemed: 50, expired: 0 },
      { date: '2026-03-01', issued: 0, redeemed: 0, expired: 0 },
      { date: '2026-03-02', issued: 0, redeemed: 0, expired: 7 },
    ]);
  });

  it("nets a day's refunded codes like the totals, never below 0, and adds the days up for the totals", () => {
    const days = [day('2026-02-27', { redeem: -500 }), day('2026-03-01', { redeemRefund: 500, issued: 3 })];
    expect(dailySeries(range, days).map((point) => point.redeemed)).toEqual([500, 0, 0, 0]);
    expect(sumDays(days)).toEqual({ issued: 3, redeem: -500, redeemRefund: 500, expire: 0 });
  });

  it('has 400 points for the longest range', () => {
    expect(dailySeries(statsRange('2025-01-01', '2026-02-04', NOW), [])).toHaveLength(400);
  });
});

describe('repeatRate', () => {
  it('is the share of buyers with two or more orders, to 4 decimals', () => {
    expect(repeatRate({ buyers: 3, repeat: 1 })).toBe(0.3333);
    expect(repeatRate({ buyers: 4, repeat: 0 })).toBe(0);
    expect(repeatRate({ buyers: 2, repeat: 2 })).toBe(1);
  });

  it('is null, not 0, when nobody bought in the range', () => {
    expect(repeatRate({ buyers: 0, repeat: 0 })).toBeNull();
  });
});
