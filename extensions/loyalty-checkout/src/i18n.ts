/**
 * Every visible string goes through the host's translate, with the texts in locales/*.json:
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/apis/localization
 */
import { formatCalendarDate, formatMoney, formatPercent, formatPoints } from './shared/format';
import type { Money } from './shared/loyalty-api';

export function t(key: string, replacements?: Record<string, string | number>): string {
  return shopify.i18n.translate(key, replacements);
}

export const money = (value: Money) => formatMoney(shopify.i18n, value);

/** "1,200 points": `count` picks the plural form, `points` is the number as the locale writes it. */
export const points = (count: number) => t('points', { count, points: formatPoints(shopify.i18n, count) });

export const percent = (percentage: number) => formatPercent(shopify.i18n, percentage);

/** A calendar day such as a discount's last day ("2026-12-31"), the same date in every time zone. */
export const calendarDate = (day: string) => formatCalendarDate(shopify.i18n, day);
