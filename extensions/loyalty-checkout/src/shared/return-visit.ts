/**
 * The return-visit discount as the shopper is told about it. Two sources, checked by hand because both hold
 * whatever was written (a bad value shows nothing and never throws):
 * - the customer metafield `$app` / `return_visit`, `{ eligibleUntil, tier }` (docs/design.md §4.5), which
 *   checkout and thank-you targets get without a network call; it has no percentage;
 * - `returnVisit` in GET /api/storefront/balance, with the percentage, the minimum and the price rule.
 * The metafield is what the Discount Function reads, so its shape is checked exactly as the Function checks it
 * (extensions/return-visit-discount/src/return-visit.ts): a value the Function refuses is not advertised.
 *
 * Kept identical in every extension folder (a test compares the copies).
 */
import type { Money, ReturnVisitOffer } from './loyalty-api';

export const RETURN_VISIT_KEY = 'return_visit';

/** What the shopper is shown; `percentage` is null while only the metafield is known. */
export interface OfferOnScreen {
  eligibleUntil: string;
  percentage: number | null;
  minimumSubtotal: Money | null;
  /** True unless the backend says every item counts: the narrower claim is the safe one. */
  regularPriceOnly: boolean;
}

export interface MetafieldEntryLike {
  target: { type: string };
  metafield: { namespace: string; key: string; value: string | number };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** "YYYY-MM-DD" naming a real calendar day ("2026-02-30" is refused). */
export function isCalendarDate(value: unknown): value is string {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const last = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day >= 1 && day <= last;
}

/**
 * Today on the shopper's device. The window's last day is inclusive and the Function judges it by the shop's
 * clock; the device is usually in the same time zone, and at worst the line shows or hides a few hours early.
 */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The metafield's last day, or null when it is absent, malformed or past (the app removes it days late). */
export function returnVisitFromMetafield(
  entries: readonly MetafieldEntryLike[] | undefined,
  today: string,
): { eligibleUntil: string } | null {
  const raw = entries?.find(
    (e) =>
      e.target.type === 'customer' &&
      e.metafield.namespace === '$app' &&
      e.metafield.key === RETURN_VISIT_KEY,
  )?.metafield.value;
  if (typeof raw !== 'string') return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(json) || !isCalendarDate(json.eligibleUntil) || json.eligibleUntil < today) return null;
  const tier = Object.prototype.hasOwnProperty.call(json, 'tier') ? json.tier : undefined;
  return tier === null || typeof tier === 'string' ? { eligibleUntil: json.eligibleUntil } : null;
}

const isMoney = (value: unknown): value is Money =>
  isObject(value) &&
  typeof value.amount === 'string' &&
  /^\d+(\.\d+)?$/.test(value.amount) &&
  typeof value.currencyCode === 'string';

/**
 * The balance response's offer. `undefined`: the response does not say (no field, as from an older backend, or
 * a malformed one); `null`: the app says there is none now (used, withdrawn, switched off, or past).
 */
export function returnVisitFromAccount(
  account: { returnVisit?: ReturnVisitOffer | null } | null,
  today: string,
): OfferOnScreen | null | undefined {
  const offer: unknown = account?.returnVisit;
  if (offer === null) return null;
  if (!isObject(offer)) return undefined;
  const { percentage, eligibleUntil, minimumSubtotal, regularPriceOnly } = offer;
  if (
    typeof percentage !== 'number' ||
    !(percentage > 0 && percentage <= 100) ||
    !isCalendarDate(eligibleUntil)
  )
    return undefined;
  if (eligibleUntil < today) return null;
  return {
    percentage,
    eligibleUntil,
    minimumSubtotal: isMoney(minimumSubtotal) ? minimumSubtotal : null,
    regularPriceOnly: regularPriceOnly !== false,
  };
}

/**
 * What to show from both sources. The app's "none" wins over a metafield it has not removed yet; without the
 * app's answer the metafield alone gives the line without a percentage. `metafieldRequired` is for checkout,
 * where the Function gives the discount only if the metafield is there.
 */
export function offerToShow(
  fromMetafield: { eligibleUntil: string } | null,
  fromAccount: OfferOnScreen | null | undefined,
  metafieldRequired: boolean,
): OfferOnScreen | null {
  if (fromAccount === null || (metafieldRequired && !fromMetafield)) return null;
  if (fromAccount) return fromAccount;
  return (
    fromMetafield && { ...fromMetafield, percentage: null, minimumSubtotal: null, regularPriceOnly: true }
  );
}
