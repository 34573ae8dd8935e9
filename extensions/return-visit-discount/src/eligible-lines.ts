// Which cart lines the discount may target, and their subtotal (in the cart's presentment currency: "Function
// input queries provide monetary values in the customer's displayed currency",
// https://shopify.dev/docs/apps/build/functions/localization-practices-shopify-functions).
import type { CartLinesDiscountsGenerateRunInput } from '../generated/api.js';
import { add, compare, type Decimal, parseDecimal, ZERO } from './decimal.js';

export type CartLine = CartLinesDiscountsGenerateRunInput['cart']['lines'][number];

export interface EligibleLines {
  readonly lineIds: readonly string[];
  /** Sum of the lines' `subtotalAmount` ("before applying any discounts"), presentment currency. */
  readonly subtotal: Decimal;
}

/**
 * A line is eligible when it is a product variant (a `CustomProduct` has no product to tell a gift card
 * from goods, so it is left out), not a gift card (`Product.isGiftCard`; gift cards are payment, not goods),
 * and, with `regularPriceOnly`, not on sale. A line whose amounts cannot be read is left out too.
 */
export function eligibleLines(lines: readonly CartLine[], regularPriceOnly: boolean): EligibleLines {
  const lineIds: string[] = [];
  let subtotal = ZERO;
  for (const line of lines) {
    if (line.merchandise.__typename !== 'ProductVariant' || line.merchandise.product.isGiftCard) continue;
    if (regularPriceOnly && !isRegularPriced(line)) continue;
    const lineSubtotal = parseDecimal(line.cost.subtotalAmount.amount);
    if (lineSubtotal === null || lineSubtotal.coefficient < 0n) continue;
    lineIds.push(line.id);
    subtotal = add(subtotal, lineSubtotal);
  }
  return { lineIds, subtotal };
}

/**
 * On sale means a compare-at price above the price: that is what Shopify shows as savings ("if a product's
 * `compareAtAmountPerQuantity` is $25 and its current price is $20, then the customer sees a $5 discount",
 * `CartLineCost`). No compare-at price (null, also "when the value is hidden from buyers") or one at or
 * below the price is regular.
 */
export function isRegularPriced(line: CartLine): boolean {
  const compareAt = line.cost.compareAtAmountPerQuantity;
  if (compareAt === null || compareAt === undefined) return true;
  const price = parseDecimal(line.cost.amountPerQuantity.amount);
  const compareAtPrice = parseDecimal(compareAt.amount);
  if (price === null || compareAtPrice === null) return false;
  return compare(compareAtPrice, price) <= 0;
}
