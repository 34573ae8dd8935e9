// The discount's configuration: metafield `$app` / `function-configuration` on the automatic app discount,
// read through `discount.metafield`
// (https://shopify.dev/docs/apps/build/functions/input-output/metafields-for-input-queries).
// JSON: { "percentage": number, "minimumSubtotal": "decimal in shop currency", "regularPriceOnly": boolean,
//         "tierUplift": { "<tier name>": number } }
//
// Decisions (a present but wrong configuration must not silently turn into some other discount):
// - No metafield, or anything that is not an object: null (no discount).
// - `percentage` absent: DEFAULT_PERCENTAGE (15). Present but not a finite number (a string, null): null.
//   A number outside 1..100 is clamped into it (Percentage.value is validated ">= 0 and <= 100").
// - `minimumSubtotal` must be a non-negative decimal string ("0" means no minimum), `regularPriceOnly` a
//   boolean, `tierUplift` an object of finite numbers >= 0 (`{}` when there are no tiers). A missing or
//   wrong one of these: null.
import { DEFAULT_PERCENTAGE } from './contract.js';
import { type Decimal, parseDecimal } from './decimal.js';
import { hasOwn, isFiniteNumber, isJsonObject } from './json-shape.js';

export interface DiscountConfiguration {
  /** Already clamped to 1..100. */
  readonly percentage: number;
  /** In the shop's currency. */
  readonly minimumSubtotal: Decimal;
  readonly regularPriceOnly: boolean;
  readonly tierUplift: ReadonlyMap<string, number>;
}

const MIN_PERCENTAGE = 1;
const MAX_PERCENTAGE = 100;

export function parseConfiguration(json: unknown): DiscountConfiguration | null {
  if (!isJsonObject(json)) return null;

  let percentage = DEFAULT_PERCENTAGE;
  if (hasOwn(json, 'percentage')) {
    const value = json.percentage;
    if (!isFiniteNumber(value)) return null;
    percentage = Math.min(MAX_PERCENTAGE, Math.max(MIN_PERCENTAGE, value));
  }

  // A string only: the contract says "decimal in shop currency", and a JSON number could already carry
  // float noise (0.1 + 0.2) from whoever wrote it.
  const minimumSubtotal =
    typeof json.minimumSubtotal === 'string' ? parseDecimal(json.minimumSubtotal) : null;
  if (minimumSubtotal === null || minimumSubtotal.coefficient < 0n) return null;

  if (typeof json.regularPriceOnly !== 'boolean') return null;

  const tierUplift = parseTierUplift(json.tierUplift);
  if (tierUplift === null) return null;

  return { percentage, minimumSubtotal, regularPriceOnly: json.regularPriceOnly, tierUplift };
}

function parseTierUplift(json: unknown): Map<string, number> | null {
  if (!isJsonObject(json)) return null;
  const uplift = new Map<string, number>();
  for (const [tier, value] of Object.entries(json)) {
    if (!isFiniteNumber(value) || value < 0) return null;
    uplift.set(tier, value);
  }
  return uplift;
}

/**
 * The configured percentage plus the tier's uplift (none for no tier or an unknown tier), capped at 100 and
 * rounded to two decimals so that 12.1 + 2.2 is 14.3 and not 14.299999999999999.
 */
export function discountPercentage(configuration: DiscountConfiguration, tier: string | null): number {
  const uplift = tier === null ? 0 : (configuration.tierUplift.get(tier) ?? 0);
  const total = Math.min(MAX_PERCENTAGE, configuration.percentage + uplift);
  return Math.round(total * 100) / 100;
}
