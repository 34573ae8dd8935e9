/**
 * Numbers and money in the shopper's locale through the host's i18n (Intl underneath):
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/apis/localization
 *
 * Kept identical in every extension folder (a test compares the copies).
 */
import type { Money } from './loyalty-api';

export interface NumberFormatter {
  formatNumber(number: number | bigint, options?: Intl.NumberFormatOptions): string;
  formatCurrency(number: number | bigint, options?: Intl.NumberFormatOptions): string;
}

/** Amounts travel as decimal strings in the shop's currency; Number() is exact enough for display. */
export function formatMoney(i18n: NumberFormatter, money: Money): string {
  return i18n.formatCurrency(Number(money.amount), { currency: money.currencyCode });
}

export function formatPoints(i18n: NumberFormatter, points: number): string {
  return i18n.formatNumber(points);
}

/** "15 %" in German, "15%" in English: the locale places the sign. */
export function formatPercent(i18n: NumberFormatter, percentage: number): string {
  return i18n.formatNumber(percentage / 100, { style: 'percent', maximumFractionDigits: 2 });
}

export interface DateFormatter {
  formatDate(date: Date, options?: Intl.DateTimeFormatOptions): string;
}

/**
 * A calendar day ("2026-12-31") as the locale writes it. It is formatted as midnight UTC in UTC, so no time
 * zone west of Greenwich turns it into the day before.
 */
export function formatCalendarDate(i18n: DateFormatter, day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return i18n.formatDate(new Date(Date.UTC(year, month - 1, date)), { dateStyle: 'long', timeZone: 'UTC' });
}
