import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETURN_VISIT,
  eligibleUntil,
  functionConfiguration,
  returnVisitProblems,
  usedReturnVisit,
} from './return-visit.js';
import { problemText } from './setting-problems.js';

const problemTexts = (input: unknown) => returnVisitProblems(input).map(problemText);

describe('return-visit rules', () => {
  it('counts the window in calendar days from the shop-local order date, across months and leap days', () => {
    expect(eligibleUntil('2026-12-01', 30)).toBe('2026-12-31');
    expect(eligibleUntil('2026-12-15', 30)).toBe('2027-01-14');
    expect(eligibleUntil('2028-02-28', 1)).toBe('2028-02-29');
    expect(eligibleUntil('2027-02-28', 1)).toBe('2027-03-01');
  });

  it('gives more than 10 % by default, above a minimum, on regular-priced items only', () => {
    expect(DEFAULT_RETURN_VISIT.percentage).toBeGreaterThan(10);
    expect(DEFAULT_RETURN_VISIT.regularPriceOnly).toBe(true);
    expect(returnVisitProblems(DEFAULT_RETURN_VISIT)).toEqual([]);
    expect(functionConfiguration(DEFAULT_RETURN_VISIT)).toEqual({
      percentage: 15,
      minimumSubtotal: '30.00',
      regularPriceOnly: true,
      tierUplift: {},
    });
  });

  it('recognises an order that used the discount by an automatic application with our title or message', () => {
    expect(usedReturnVisit([{ type: 'automatic', title: 'Welcome back' }])).toBe(true);
    expect(usedReturnVisit([{ type: 'automatic', title: 'Willkommen zurück: 15 % Rabatt' }])).toBe(true);
    expect(usedReturnVisit([{ type: 'discount_code', title: 'Welcome back' }])).toBe(false);
    expect(
      usedReturnVisit([
        { type: 'automatic', title: 'Summer sale' },
        { type: 'manual', title: null },
      ]),
    ).toBe(false);
  });

  it('lists every problem of the settings', () => {
    expect(
      problemTexts({
        enabled: 'yes',
        percentage: 101,
        minimumSubtotal: '-1',
        windowDays: 0,
        regularPriceOnly: true,
        tierUplift: [],
        combinesWith: { orderDiscounts: true },
      }),
    ).toEqual([
      'returnVisit.enabled must be true or false',
      'returnVisit.percentage must be a whole number from 1 to 100',
      'returnVisit.windowDays must be a whole number from 1 to 365',
      'returnVisit.minimumSubtotal must be a decimal amount >= 0',
      'returnVisit.tierUplift must be an object of tier name to whole percent',
      'returnVisit.combinesWith must say true or false for orderDiscounts, productDiscounts and shippingDiscounts',
    ]);
    expect(problemTexts(null)).toEqual(['returnVisit must be an object']);
    expect(returnVisitProblems({ ...DEFAULT_RETURN_VISIT, windowDays: 400 })).toEqual([
      { field: 'returnVisit.windowDays', message: 'must be a whole number from 1 to 365' },
    ]);
  });
});
