/**
 * Every visible string goes through the host's translate, with the texts in locales/*.json. The page and the
 * thank-you block share these helpers, so they use only what both APIs have (i18n):
 * https://shopify.dev/docs/api/customer-account-ui-extensions/latest/target-apis/platform-apis/localization-api
 */
import { formatCalendarDate, formatMoney, formatPercent, formatPoints } from './shared/format';
import type { Money } from './shared/loyalty-api';

export function t(key: string, replacements?: Record<string, string | number>): string {
  return shopify.i18n.translate(key, replacements);
}

export const money = (value: Money) => formatMoney(shopify.i18n, value);

/** "1,200 points": `count` picks the plural form, `points` is the number as the locale writes it. */
export const points = (count: number) => t('points', { count, points: formatPoints(shopify.i18n, count) });

/** "+120 points" / "−500 points" for the history. */
export const signedPoints = (count: number) =>
  t('points', {
    count: Math.abs(count),
    points: shopify.i18n.formatNumber(count, { signDisplay: 'exceptZero' }),
  });

export const date = (iso: string) => shopify.i18n.formatDate(new Date(iso), { dateStyle: 'medium' });

export const percent = (percentage: number) => formatPercent(shopify.i18n, percentage);

/** A calendar day such as a discount's last day ("2026-12-31"), the same date in every time zone. */
export const calendarDate = (day: string) => formatCalendarDate(shopify.i18n, day);
