// The minimum subtotal is configured in the shop's currency; cart amounts are in the presentment currency.
//
// `Input.presentmentCurrencyRate` is "The exchange rate used to convert discounts between the shop's default
// currency and the currency that displays to the customer during checkout" (schema.graphql). Its direction
// is given by Shopify's guide: "You must multiply any merchant-configured amounts by the
// presentment_currency_rate when comparing monetary values with the cart" (section "Converting money values"
// of https://shopify.dev/docs/apps/build/functions/localization-practices-shopify-functions, formerly on
// https://shopify.dev/docs/apps/functions/development-practices), and Shopify's own bundle example
// (Shopify/function-examples, price-per-component-js) turns a shop price into a cart price with
// `price * presentmentCurrencyRate`.
// So presentment = shop × rate, shop = presentment / rate.
//
// The test "subtotal / rate >= minimum" is done as "subtotal >= minimum × rate" (same thing for rate > 0),
// which stays exact in integers: no division, no rounding, so a subtotal exactly at the minimum reaches it.
import { compare, type Decimal, isPositive, multiply, parseDecimal } from './decimal.js';

/** null when the rate is not a positive decimal (then nothing can be compared, so no discount). */
export function reachesMinimum(
  subtotalInPresentment: Decimal,
  minimumInShopCurrency: Decimal,
  presentmentCurrencyRate: unknown,
): boolean | null {
  const rate = parseDecimal(presentmentCurrencyRate);
  if (rate === null || !isPositive(rate)) return null;
  return compare(subtotalInPresentment, multiply(minimumInShopCurrency, rate)) >= 0;
}
