// Builds function inputs in the shape of the input query, with a valid default for everything, so each test
// states only what it is about.
import {
  type CartLinesDiscountsGenerateRunInput,
  CurrencyCode,
  DiscountClass,
  LanguageCode,
} from '../generated/api.js';
import type { CartLine } from '../src/eligible-lines.js';

export type Input = CartLinesDiscountsGenerateRunInput;

export const CONFIGURATION = {
  percentage: 15,
  minimumSubtotal: '50.00',
  regularPriceOnly: true,
  tierUplift: { gold: 5 },
};

export const RETURN_VISIT = { eligibleUntil: '2026-12-15', tier: null };

export const TODAY = '2026-12-01';

interface LineOptions {
  compareAt?: string | null;
  quantity?: number;
  /** Defaults to price × quantity. */
  subtotal?: string;
  giftCard?: boolean;
}

export function line(id: number, price: string, options: LineOptions = {}): CartLine {
  const quantity = options.quantity ?? 1;
  return {
    id: `gid://shopify/CartLine/${id}`,
    quantity,
    cost: {
      amountPerQuantity: { amount: price, currencyCode: CurrencyCode.Eur },
      compareAtAmountPerQuantity:
        options.compareAt === undefined || options.compareAt === null ? null : { amount: options.compareAt },
      subtotalAmount: { amount: options.subtotal ?? (Number(price) * quantity).toFixed(2) },
    },
    merchandise: {
      __typename: 'ProductVariant',
      id: `gid://shopify/ProductVariant/${id}`,
      product: { isGiftCard: options.giftCard ?? false },
    },
  };
}

export function customProductLine(id: number, price: string): CartLine {
  return { ...line(id, price), merchandise: { __typename: 'CustomProduct' } };
}

interface InputOptions {
  lines?: CartLine[];
  /** `undefined` means the default; `null` means no metafield. */
  configuration?: unknown;
  returnVisit?: unknown;
  discountClasses?: DiscountClass[];
  isAuthenticated?: boolean;
  /** false: no customer on the buyer identity; 'no-buyer': no buyer identity at all. */
  customer?: boolean | 'no-buyer';
  today?: unknown;
  language?: LanguageCode;
  rate?: unknown;
}

export function cartInput(options: InputOptions = {}): Input {
  const configuration = options.configuration === undefined ? CONFIGURATION : options.configuration;
  const returnVisit = options.returnVisit === undefined ? RETURN_VISIT : options.returnVisit;
  const customer =
    options.customer === false
      ? null
      : {
          id: 'gid://shopify/Customer/1',
          metafield: returnVisit === null ? null : { jsonValue: returnVisit },
        };
  return {
    discount: {
      discountClasses: options.discountClasses ?? [DiscountClass.Product],
      metafield: configuration === null ? null : { jsonValue: configuration },
    },
    cart: {
      buyerIdentity:
        options.customer === 'no-buyer'
          ? null
          : { isAuthenticated: options.isAuthenticated ?? true, customer },
      lines: options.lines ?? [line(1, '30.00'), line(2, '25.00')],
    },
    shop: { localTime: { date: options.today === undefined ? TODAY : options.today } },
    localization: { language: { isoCode: options.language ?? LanguageCode.En } },
    presentmentCurrencyRate: options.rate === undefined ? '1.0' : options.rate,
  };
}

/** The line ids the single candidate targets, or null when there is no discount. */
export function discountedLineIds(result: {
  operations: { productDiscountsAdd?: unknown }[];
}): string[] | null {
  const operation = result.operations[0]?.productDiscountsAdd as
    { candidates: { targets: { cartLine?: { id: string } }[] }[] } | undefined;
  if (!operation) return null;
  return operation.candidates.flatMap((candidate) =>
    candidate.targets.map((target) => target.cartLine?.id ?? ''),
  );
}

export function discountValue(result: { operations: { productDiscountsAdd?: unknown }[] }): unknown {
  const operation = result.operations[0]?.productDiscountsAdd as
    { candidates: { value: { percentage?: { value: unknown } } }[] } | undefined;
  return operation?.candidates[0]?.value.percentage?.value ?? null;
}
