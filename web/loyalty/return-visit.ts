import { isDecimal, MICROS_PER_UNIT, parseDecimal } from './money.js';
import type { SettingProblem } from './setting-problems.js';

/**
 * The return-visit discount: after a customer's first paid order, a discount on their next one, for a window of
 * days, only on regular-priced items and above a minimum subtotal. A Shopify Discount Function applies it
 * (extensions/return-visit-discount); the app grants it per customer (the `return_visit` customer metafield) and
 * keeps the automatic app discount's configuration in step with these settings.
 */
export interface ReturnVisitSettings {
  enabled: boolean;
  percentage: number; // whole percent, 1-100 (the seed articles ask for more than 10 by default)
  minimumSubtotal: string; // decimal in shop currency: the regular-priced subtotal must reach it
  windowDays: number; // the discount can be used this many days after the first order
  regularPriceOnly: boolean; // lines with a compare-at price above their price are never discounted
  tierUplift: Record<string, number>; // extra percent by tier name
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}

export const DEFAULT_RETURN_VISIT: ReturnVisitSettings = {
  enabled: true,
  percentage: 15,
  minimumSubtotal: '30.00',
  windowDays: 30,
  regularPriceOnly: true,
  tierUplift: {},
  combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
};

/** The automatic discount's title: shoppers see it, and orders name it in their discount applications. */
export const RETURN_VISIT_TITLE = 'Welcome back';
/** The function's handle in shopify.extension.toml. */
export const RETURN_VISIT_FUNCTION_HANDLE = 'return-visit-discount';

const MAX_WINDOW_DAYS = 365;
const MAX_MINIMUM = 1_000_000n * MICROS_PER_UNIT;

/** Every problem of the settings as the merchant sent them, each on its field `returnVisit.<field>`. */
export function returnVisitProblems(input: unknown): SettingProblem[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return [{ field: 'returnVisit', message: 'must be an object' }];
  const value = input as Record<string, unknown>;
  const problems: SettingProblem[] = [];
  const problem = (key: string, message: string, label?: string) =>
    problems.push({ field: `returnVisit.${key}`, message, ...(label !== undefined && { label }) });
  const whole = (key: string, min: number, max: number) => {
    const n = value[key];
    if (!Number.isInteger(n) || (n as number) < min || (n as number) > max)
      problem(key, `must be a whole number from ${min} to ${max}`);
  };
  for (const key of ['enabled', 'regularPriceOnly'])
    if (typeof value[key] !== 'boolean') problem(key, 'must be true or false');
  whole('percentage', 1, 100);
  whole('windowDays', 1, MAX_WINDOW_DAYS);
  const minimum = value.minimumSubtotal;
  if (
    typeof minimum !== 'string' ||
    !isDecimal(minimum) ||
    parseDecimal(minimum) < 0n ||
    parseDecimal(minimum) > MAX_MINIMUM
  )
    problem('minimumSubtotal', 'must be a decimal amount >= 0');
  const uplift = value.tierUplift;
  if (typeof uplift !== 'object' || uplift === null || Array.isArray(uplift))
    problem('tierUplift', 'must be an object of tier name to whole percent');
  else
    for (const [tier, extra] of Object.entries(uplift))
      if (
        !tier.trim() ||
        tier.length > 40 ||
        !Number.isInteger(extra) ||
        (extra as number) < 0 ||
        (extra as number) > 100
      )
        // the field path ends in the tier name as sent (it may hold any character, dots included)
        problem(
          `tierUplift.${tier}`,
          'must be a whole percent from 0 to 100 for a tier name of 1-40 characters',
          `returnVisit.tierUplift["${tier}"]`,
        );
  const combines = value.combinesWith as Record<string, unknown> | null | undefined;
  if (
    typeof combines !== 'object' ||
    combines === null ||
    !['orderDiscounts', 'productDiscounts', 'shippingDiscounts'].every(
      (k) => typeof combines[k] === 'boolean',
    )
  )
    problem(
      'combinesWith',
      'must say true or false for orderDiscounts, productDiscounts and shippingDiscounts',
    );
  return problems;
}

/** Only the known fields, in a fixed order (so a stored version compares equal to what was sent). */
export function normalizeReturnVisit(value: ReturnVisitSettings): ReturnVisitSettings {
  return {
    enabled: value.enabled,
    percentage: value.percentage,
    minimumSubtotal: value.minimumSubtotal,
    windowDays: value.windowDays,
    regularPriceOnly: value.regularPriceOnly,
    tierUplift: { ...value.tierUplift },
    combinesWith: {
      orderDiscounts: value.combinesWith.orderDiscounts,
      productDiscounts: value.combinesWith.productDiscounts,
      shippingDiscounts: value.combinesWith.shippingDiscounts,
    },
  };
}

/** The automatic discount's `$app` / `function-configuration` metafield (docs/design.md 4.5). */
export function functionConfiguration(settings: ReturnVisitSettings) {
  return {
    percentage: settings.percentage,
    minimumSubtotal: settings.minimumSubtotal,
    regularPriceOnly: settings.regularPriceOnly,
    tierUplift: settings.tierUplift,
  };
}

/** The last day (shop-local, YYYY-MM-DD) a customer whose first order was on `orderDate` may use the discount. */
export function eligibleUntil(orderDate: string, windowDays: number): string {
  const [year, month, day] = orderDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + windowDays)).toISOString().slice(0, 10);
}

/** The messages the function gives its discount (extensions/return-visit-discount), in every language it speaks. */
const FUNCTION_MESSAGE_STARTS = [RETURN_VISIT_TITLE, 'Willkommen zurück'];

/**
 * Whether an order used the return-visit discount: one of its discount applications is automatic and carries our
 * discount's title or the function's message (which one Shopify puts in `title` for a function discount is not
 * something the offline docs settle, so both count).
 */
export function usedReturnVisit(
  applications: ReadonlyArray<{ type: string; title: string | null }>,
): boolean {
  return applications.some(
    (a) => a.type === 'automatic' && FUNCTION_MESSAGE_STARTS.some((start) => a.title?.startsWith(start)),
  );
}
