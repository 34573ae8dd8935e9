import { useMemo } from 'react';
import { usePanel } from '../shell/panel-context';
import { useShop } from '../shell/shop-context';
import { formatMoney, formatNumber, formatPercent, pointsValue } from './money';

/** Formatting in the panel's language, with the shop's currency and point value. */
export function useFormat() {
  const { language } = usePanel();
  const { pointValue, currencyCode } = useShop();
  return useMemo(() => {
    const money = (amount: string | null | undefined, currency = currencyCode, precise = false) =>
      amount === null || amount === undefined || !currency
        ? null
        : formatMoney(amount, currency, language, { precise });
    return {
      language,
      number: (value: number) => formatNumber(value, language),
      percent: (share: number | null | undefined) => formatPercent(share, language),
      money,
      /** What `points` are worth at `perPoint` (default: the current point value), formatted; null if unknown. */
      worth: (points: number, perPoint: string | null = pointValue) =>
        perPoint === null ? null : money(pointsValue(points, perPoint)),
      date: (iso: string | null | undefined) =>
        iso ? new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(iso)) : null,
      dateTime: (iso: string | null | undefined) =>
        iso
          ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
              new Date(iso),
            )
          : null,
    };
  }, [language, pointValue, currencyCode]);
}
