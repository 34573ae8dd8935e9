// The customer's entitlement: metafield `$app` / `return_visit` on the customer, read through
// `cart.buyerIdentity.customer.metafield`. JSON: { "eligibleUntil": "YYYY-MM-DD", "tier": "<tier name>" |
// null }. The app writes it after the first purchase and removes it when the window ends (docs/design.md
// §4.5); the date check below still holds when the removal is late. Both keys are required: `"tier": null` is
// "no tier", a missing `tier` (like any other wrong shape) is no discount.
import { hasOwn, isCalendarDate, isJsonObject } from './json-shape.js';

export interface ReturnVisit {
  /** Last day (inclusive) in the shop's time zone. */
  readonly eligibleUntil: string;
  readonly tier: string | null;
}

export function parseReturnVisit(json: unknown): ReturnVisit | null {
  if (!isJsonObject(json)) return null;
  const { eligibleUntil, tier } = json;
  if (!isCalendarDate(eligibleUntil)) return null;
  if (!hasOwn(json, 'tier') || (tier !== null && typeof tier !== 'string')) return null;
  return { eligibleUntil, tier };
}

/**
 * `shopLocalDate` is `shop.localTime.date`: "The current date relative to the parent object", the parent
 * being the shop and its time zone setting (schema.graphql, `LocalTime.date`). ISO dates compare as strings.
 */
export function isWithinWindow(visit: ReturnVisit, shopLocalDate: unknown): boolean {
  return isCalendarDate(shopLocalDate) && shopLocalDate <= visit.eligibleUntil;
}
