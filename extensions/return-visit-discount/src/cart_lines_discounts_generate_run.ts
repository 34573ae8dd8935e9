// Target cart.lines.discounts.generate.run of the Discount Function API
// (https://shopify.dev/docs/api/functions/reference/discount): the return-visit
// discount, a percentage off the regular-priced items of a returning customer's next order. File and export
// names are the ones Shopify's JavaScript discount template uses; the CLI calls the export that the toml's
// `export = "cart-lines-discounts-generate-run"` names, in camelCase.
//
// Pure: the result depends on the input only, so the app can also call it to show what the function would
// return for a cart. Every "no" is an empty `operations` list, never a throw.
import {
  type CartLinesDiscountsGenerateRunInput,
  type CartLinesDiscountsGenerateRunResult,
  DiscountClass,
  ProductDiscountSelectionStrategy,
} from '../generated/api.js';
import { discountPercentage, parseConfiguration } from './configuration.js';
import { eligibleLines } from './eligible-lines.js';
import { discountMessage } from './messages.js';
import { isWithinWindow, parseReturnVisit } from './return-visit.js';
import { reachesMinimum } from './shop-currency.js';

const NO_DISCOUNT: CartLinesDiscountsGenerateRunResult = { operations: [] };

export function cartLinesDiscountsGenerateRun(
  input: CartLinesDiscountsGenerateRunInput,
): CartLinesDiscountsGenerateRunResult {
  // The discount's classes decide which operations Shopify accepts from this target; a product discount
  // needs PRODUCT (https://shopify.dev/docs/apps/build/discounts/#discount-classes).
  if (!input.discount.discountClasses.includes(DiscountClass.Product)) return NO_DISCOUNT;

  const configuration = parseConfiguration(input.discount.metafield?.jsonValue);
  if (configuration === null) return NO_DISCOUNT;

  // Logged in, not merely recognised: `isAuthenticated` is "Whether the customer is authenticated through
  // their customer account" (BuyerIdentity), so typing someone else's e-mail address does not unlock it.
  const buyer = input.cart.buyerIdentity;
  if (!buyer?.isAuthenticated || !buyer.customer) return NO_DISCOUNT;

  const returnVisit = parseReturnVisit(buyer.customer.metafield?.jsonValue);
  if (returnVisit === null || !isWithinWindow(returnVisit, input.shop.localTime.date)) return NO_DISCOUNT;

  const eligible = eligibleLines(input.cart.lines, configuration.regularPriceOnly);
  if (eligible.lineIds.length === 0) return NO_DISCOUNT;

  const reached = reachesMinimum(
    eligible.subtotal,
    configuration.minimumSubtotal,
    input.presentmentCurrencyRate,
  );
  if (reached !== true) return NO_DISCOUNT;

  const percentage = discountPercentage(configuration, returnVisit.tier);
  return {
    operations: [
      {
        productDiscountsAdd: {
          candidates: [
            {
              message: discountMessage(percentage, input.localization.language.isoCode),
              targets: eligible.lineIds.map((id) => ({ cartLine: { id } })),
              // `Percentage.value` is a Decimal; a JSON number, as in Shopify's template, is accepted.
              value: { percentage: { value: percentage } },
            },
          ],
          // One candidate, so FIRST only says "apply it" (ProductDiscountSelectionStrategy).
          selectionStrategy: ProductDiscountSelectionStrategy.First,
        },
      },
    ],
  };
}
