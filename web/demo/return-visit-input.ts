/**
 * The return-visit Discount Function's input for a cart of the simulated storefront, filled in the way Shopify fills
 * the function's input query (extensions/return-visit-discount/src/cart_lines_discounts_generate_run.graphql): the
 * automatic discount's classes and configuration metafield, the logged-in customer and their `return_visit`
 * metafield, the cart lines with their costs, the shop's local date, the buyer's language and the presentment rate.
 * Pure, so the assembly is unit-tested on its own (return-visit-input.test.ts); return-visit-preview.ts reads the
 * facts from the simulated Admin.
 */
import {
  type CartLinesDiscountsGenerateRunInput,
  CurrencyCode,
  type DiscountClass,
  LanguageCode,
} from '../../extensions/return-visit-discount/generated/api.js';
import type { CatalogItem } from './demo-catalog.js';
import { formatCents, toCents } from './shopify-payloads.js';

export type FunctionInput = CartLinesDiscountsGenerateRunInput;
type CartLineInput = FunctionInput['cart']['lines'][number];

/** A line of the cart and the catalog item it is for. */
export interface CartItemLine {
  line: CartLineInput;
  item: CatalogItem;
}

export const PREVIEW_LANGUAGES = { EN: LanguageCode.En, DE: LanguageCode.De } as const;
export type PreviewLanguage = keyof typeof PREVIEW_LANGUAGES;

/**
 * The shop sells in euros and the simulated buyer pays in euros, so presentment and shop currency are the same and
 * the rate is 1 (the function multiplies the minimum by it).
 */
export const PRESENTMENT_CURRENCY_RATE = '1.0';

/** The simulated shop's time zone: the simulated Admin's default (simulated-admin/shop-state.ts). */
export const SHOP_TIME_ZONE = 'Europe/Berlin';

/** `shop.localTime.date`: today in the shop's time zone, YYYY-MM-DD (en-CA formats dates that way). */
export function shopLocalDate(now: Date, timeZone = SHOP_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

/**
 * Cart lines as the input query reads them, in the order asked for: the price per unit, the compare-at price when
 * the item has one (whether or not it is above the price: deciding "on sale" is the function's job), the subtotal
 * before discounts (price × quantity, exact in cents), and whether the product is a gift card.
 */
export function cartLines(items: ReadonlyArray<{ item: CatalogItem; quantity: number }>): CartItemLine[] {
  return items.map(({ item, quantity }, index) => ({
    item,
    line: {
      id: `gid://shopify/CartLine/${index + 1}`,
      quantity,
      cost: {
        amountPerQuantity: { amount: item.price, currencyCode: CurrencyCode.Eur },
        compareAtAmountPerQuantity: item.compareAt === null ? null : { amount: item.compareAt },
        subtotalAmount: { amount: formatCents(toCents(item.price) * quantity) },
      },
      merchandise: {
        __typename: 'ProductVariant',
        id: `gid://shopify/ProductVariant/${item.variantId}`,
        product: { isGiftCard: item.giftCard },
      },
    },
  }));
}

export interface InputFacts {
  /** The automatic discount's classes as the simulated Admin holds them ("PRODUCT", ...). */
  discountClasses: readonly string[];
  /** The discount's `$app`/`function-configuration` JSON, or undefined when it has none. */
  configuration: unknown;
  customerGid: string;
  /** The customer's `$app`/`return_visit` JSON, or undefined when the metafield is not set. */
  returnVisit: unknown;
  lines: readonly CartItemLine[];
  shopDate: string;
  language: PreviewLanguage;
}

/**
 * The whole input. The buyer is a logged-in customer (the page's customer picker stands for a customer account
 * login); a metafield that does not exist is `null`, as Shopify answers it, and a JSON metafield's `jsonValue` is
 * the parsed JSON.
 */
export function functionInput(facts: InputFacts): FunctionInput {
  const metafield = (json: unknown) => (json === undefined ? null : { jsonValue: json });
  return {
    // the Admin's enum values are the function API's DiscountClass values (PRODUCT, ORDER, SHIPPING)
    discount: {
      discountClasses: [...facts.discountClasses] as DiscountClass[],
      metafield: metafield(facts.configuration),
    },
    cart: {
      buyerIdentity: {
        isAuthenticated: true,
        customer: { id: facts.customerGid, metafield: metafield(facts.returnVisit) },
      },
      lines: facts.lines.map((l) => l.line),
    },
    shop: { localTime: { date: facts.shopDate } },
    localization: { language: { isoCode: PREVIEW_LANGUAGES[facts.language] } },
    presentmentCurrencyRate: PRESENTMENT_CURRENCY_RATE,
  };
}
