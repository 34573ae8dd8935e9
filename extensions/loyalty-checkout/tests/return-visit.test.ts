import { describe, expect, test } from 'vitest';
import { formatCalendarDate, formatPercent } from '../src/shared/format';
import {
  isCalendarDate,
  localToday,
  offerToShow,
  returnVisitFromAccount,
  returnVisitFromMetafield,
} from '../src/shared/return-visit';
import { account, customerMetafield, returnVisit } from './helpers';

const TODAY = '2026-12-01';
const entry = (value: string) => [customerMetafield('return_visit', value)];
const visit = (eligibleUntil: string) => entry(JSON.stringify({ eligibleUntil, tier: null }));

describe('the return_visit metafield', () => {
  test('its last day counts, the day after does not', () => {
    expect(returnVisitFromMetafield(visit('2026-12-01'), TODAY)).toEqual({ eligibleUntil: '2026-12-01' });
    expect(returnVisitFromMetafield(visit('2026-11-30'), TODAY)).toBeNull();
  });

  test('has the shape the Function accepts: a tier name or null, and the key present', () => {
    const of = (json: unknown) => returnVisitFromMetafield(entry(JSON.stringify(json)), TODAY);
    expect(of({ eligibleUntil: '2026-12-31', tier: 'Gold' })).toEqual({ eligibleUntil: '2026-12-31' });
    expect(of({ eligibleUntil: '2026-12-31' })).toBeNull();
    expect(of({ eligibleUntil: '2026-12-31', tier: 1 })).toBeNull();
    expect(of({ eligibleUntil: 20261231, tier: null })).toBeNull();
    expect(of('2026-12-31')).toBeNull();
  });

  test('only the customer’s own, in the app namespace', () => {
    const value = JSON.stringify({ eligibleUntil: '2026-12-31', tier: null });
    const other = (namespace: string, type: string) => [
      { target: { type }, metafield: { namespace, key: 'return_visit', value } },
    ];
    expect(returnVisitFromMetafield(other('custom', 'customer'), TODAY)).toBeNull();
    expect(returnVisitFromMetafield(other('$app', 'shop'), TODAY)).toBeNull();
    expect(returnVisitFromMetafield(undefined, TODAY)).toBeNull();
    expect(
      returnVisitFromMetafield(
        [{ target: { type: 'customer' }, metafield: { namespace: '$app', key: 'return_visit', value: 5 } }],
        TODAY,
      ),
    ).toBeNull();
  });

  test('calendar days are real days', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-12-00')).toBe(false);
    expect(isCalendarDate('2026-12-1')).toBe(false);
  });

  test('today is the device’s local date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(localToday(new Date(2026, 11, 31, 0, 1))).toBe('2026-12-31');
  });
});

describe('the balance answer', () => {
  test('an open offer, with its percentage, minimum and price rule', () => {
    expect(returnVisitFromAccount(account({ returnVisit }), TODAY)).toEqual({
      percentage: 15,
      eligibleUntil: '2099-12-31',
      minimumSubtotal: { amount: '30.00', currencyCode: 'EUR' },
      regularPriceOnly: true,
    });
  });

  test('null or past is "none"; missing or malformed is "does not say"', () => {
    expect(returnVisitFromAccount(account({ returnVisit: null }), TODAY)).toBeNull();
    expect(
      returnVisitFromAccount(
        account({ returnVisit: { ...returnVisit, eligibleUntil: '2026-11-30' } }),
        TODAY,
      ),
    ).toBeNull();
    expect(returnVisitFromAccount(account(), TODAY)).toBeUndefined();
    expect(returnVisitFromAccount(null, TODAY)).toBeUndefined();
    const bad = (change: object) =>
      returnVisitFromAccount(account({ returnVisit: { ...returnVisit, ...change } }), TODAY);
    expect(bad({ percentage: 0 })).toBeUndefined();
    expect(bad({ percentage: 101 })).toBeUndefined();
    expect(bad({ percentage: Number.NaN })).toBeUndefined();
    expect(bad({ eligibleUntil: '31.12.2099' })).toBeUndefined();
  });

  test('an unreadable minimum is left out, and only an explicit false widens the claim', () => {
    const of = (change: object) =>
      returnVisitFromAccount(account({ returnVisit: { ...returnVisit, ...change } }), TODAY);
    expect(of({ minimumSubtotal: { amount: 30, currencyCode: 'EUR' } })?.minimumSubtotal).toBeNull();
    expect(of({ regularPriceOnly: undefined })?.regularPriceOnly).toBe(true);
    expect(of({ regularPriceOnly: false })?.regularPriceOnly).toBe(false);
  });
});

describe('what is shown', () => {
  const fromAccount = returnVisitFromAccount(account({ returnVisit }), TODAY);
  const fromMetafield = { eligibleUntil: '2026-12-31' };

  test('the backend’s offer when it has one, else the metafield without a number', () => {
    expect(offerToShow(fromMetafield, fromAccount, true)).toBe(fromAccount);
    expect(offerToShow(fromMetafield, undefined, true)).toEqual({
      eligibleUntil: '2026-12-31',
      percentage: null,
      minimumSubtotal: null,
      regularPriceOnly: true,
    });
  });

  test('the backend’s "none" wins; checkout also needs the metafield, the thank-you page does not', () => {
    expect(offerToShow(fromMetafield, null, false)).toBeNull();
    expect(offerToShow(null, fromAccount, true)).toBeNull();
    expect(offerToShow(null, fromAccount, false)).toBe(fromAccount);
    expect(offerToShow(null, undefined, false)).toBeNull();
  });
});

describe('formatting', () => {
  const intl = (locale: string) => ({
    formatNumber: (n: number | bigint, o?: Intl.NumberFormatOptions) =>
      new Intl.NumberFormat(locale, o).format(n),
    formatCurrency: String,
    // A shopper west of Greenwich, where midnight UTC is still the day before unless the code says UTC.
    formatDate: (d: Date, o?: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat(locale, { timeZone: 'America/Los_Angeles', ...o }).format(d),
  });

  test('the percentage as the locale writes it', () => {
    expect(formatPercent(intl('en-US'), 15)).toBe('15%');
    expect(formatPercent(intl('de-DE'), 15)).toBe('15\u00a0%');
    expect(formatPercent(intl('en-US'), 12.5)).toBe('12.5%');
  });

  test('the last day is the same calendar day in every time zone', () => {
    expect(formatCalendarDate(intl('en-US'), '2026-12-31')).toBe('December 31, 2026');
    expect(formatCalendarDate(intl('de-DE'), '2026-01-01')).toBe('1. Januar 2026');
  });
});
