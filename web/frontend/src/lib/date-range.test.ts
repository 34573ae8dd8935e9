import { describe, expect, it } from 'vitest';
import { lastDays, weekly } from './date-range';

describe('lastDays', () => {
  it('counts today as the last of the days, in UTC', () => {
    expect(lastDays(30, new Date('2026-03-31T23:30:00Z'))).toEqual({ from: '2026-03-02', to: '2026-03-31' });
    expect(lastDays(1, new Date('2026-01-01T00:00:00Z'))).toEqual({ from: '2026-01-01', to: '2026-01-01' });
  });
});

describe('weekly', () => {
  it('sums days into Monday-based weeks named by their Monday', () => {
    const day = (date: string, issued: number) => ({ date, issued, redeemed: 1, expired: 0 });
    // 2026-03-01 is a Sunday, 03-02 a Monday
    expect(
      weekly([day('2026-03-01', 5), day('2026-03-02', 7), day('2026-03-08', 1), day('2026-03-09', 2)]),
    ).toEqual([
      { date: '2026-02-23', issued: 5, redeemed: 1, expired: 0 },
      { date: '2026-03-02', issued: 8, redeemed: 2, expired: 0 },
      { date: '2026-03-09', issued: 2, redeemed: 1, expired: 0 },
    ]);
  });
});
