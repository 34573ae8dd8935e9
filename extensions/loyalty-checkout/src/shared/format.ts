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
