/**
 * What the return-visit discount gives a cart of the simulated storefront (POST /return-visit/preview): the real
 * Discount Function (extensions/return-visit-discount) run on the input Shopify would give it at checkout, filled
 * from the demo's data: the shop's automatic app discount and its configuration metafield, and the customer's
 * `return_visit` metafield, all as the simulated Admin holds them after the app's sync-return-visits job wrote them.
 * The function says only what it discounts; when it gives nothing, `reason` says why, derived here from the same
 * facts (the function itself never explains).
 */
import {
  cartLinesDiscountsGenerateRun,
  CONFIGURATION_METAFIELD_KEY,
  METAFIELD_NAMESPACE,
  parseConfiguration,
  parseReturnVisit,
  RETURN_VISIT_METAFIELD_KEY,
} from '../../extensions/return-visit-discount/src/index.js';
import { RETURN_VISIT_FUNCTION_HANDLE } from '../loyalty/return-visit.js';
import { type CatalogItem, onSale } from './demo-catalog.js';
import {
  cartLines,
  type CartItemLine,
  functionInput,
  type FunctionInput,
  type PreviewLanguage,
  shopLocalDate,
} from './return-visit-input.js';
import { formatCents, toCents } from './shopify-payloads.js';
import type { SimulatedAdmin } from './simulated-admin/simulated-admin.js';
import { discountStatus } from './simulated-admin/shop-state.js';

export interface PreviewRequest {
  customerId: number;
  items: Array<{ item: CatalogItem; quantity: number }>;
  language: PreviewLanguage;
}

type Output = ReturnType<typeof cartLinesDiscountsGenerateRun>;
type Money = { amount: string; currencyCode: 'EUR' };
export type ReasonCode =
  | 'no_discount'
  | 'not_eligible'
  | 'window_over'
  | 'empty_cart'
  | 'only_sale_items'
  | 'below_minimum'
  | 'unexplained';

export interface Preview {
  customerGid: string;
  /** null when the shop has no active return-visit discount: Shopify would not run the function at all. */
  input: FunctionInput | null;
  output: Output | null;
  targets: Array<{ lineId: string; sku: string; title: string; subtotal: Money }>;
  percentage: number | null;
  message: string | null;
  saving: Money;
  reason: { code: ReasonCode; message: string } | null;
}

export function previewReturnVisit(
  admin: Pick<SimulatedAdmin, 'automaticDiscounts' | 'metafield'>,
  shop: string,
  request: PreviewRequest,
  now: Date,
): Preview {
  const customerGid = `gid://shopify/Customer/${request.customerId}`;
  const discount = admin
    .automaticDiscounts(shop)
    .find((d) => d.functionHandle === RETURN_VISIT_FUNCTION_HANDLE && discountStatus(d, now) === 'ACTIVE');
  const lines = cartLines(request.items);
  if (!discount) {
    const message =
      'The shop has no active return-visit discount yet: the app creates it in its sync-return-visits job.';
    return { ...nothing(customerGid, null, null), reason: { code: 'no_discount', message } };
  }
  const json = (ownerId: string, key: string) => {
    const found = admin.metafield(shop, ownerId, METAFIELD_NAMESPACE, key);
    return found === undefined ? undefined : parseJson(found.value);
  };
  const input = functionInput({
    discountClasses: discount.discountClasses,
    configuration: json(discount.id, CONFIGURATION_METAFIELD_KEY),
    customerGid,
    returnVisit: json(customerGid, RETURN_VISIT_METAFIELD_KEY),
    lines,
    shopDate: shopLocalDate(now),
    language: request.language,
  });
  const output = cartLinesDiscountsGenerateRun(input);
  const candidates = output.operations.flatMap((o) => o.productDiscountsAdd?.candidates ?? []);
  if (candidates.length === 0)
    return { ...nothing(customerGid, input, output), reason: reasonFor(input, lines) };

  const targets = candidates.flatMap((c) =>
    c.targets.flatMap((t) => {
      const found = lines.find((l) => l.line.id === t.cartLine?.id);
      return found ? [{ found, percentage: Number(c.value.percentage?.value ?? 0) }] : [];
    }),
  );
  // Shopify rounds each line's discount to the cent; the demo does the same, which may differ by a cent from a
  // real checkout that spreads the discount over the line's units.
  const savingCents = targets.reduce(
    (sum, t) => sum + Math.round((lineCents(t.found) * t.percentage) / 100),
    0,
  );
  return {
    customerGid,
    input,
    output,
    targets: targets.map(({ found }) => ({
      lineId: found.line.id,
      sku: found.item.sku,
      title: found.item.title,
      subtotal: eur(lineCents(found)),
    })),
    percentage: Number(candidates[0]!.value.percentage?.value ?? 0),
    message: candidates[0]!.message ?? null,
    saving: eur(savingCents),
    reason: null,
  };
}

/**
 * Why the function gave nothing, from the facts it was given, in the order the function checks them. A simpler
 * reading than the function's (no malformed JSON, no currency conversion: the demo writes neither), so it cannot
 * explain everything; what it cannot explain says so.
 */
function reasonFor(input: FunctionInput, lines: readonly CartItemLine[]): Preview['reason'] {
  const configuration = parseConfiguration(input.discount.metafield?.jsonValue);
  const visit = parseReturnVisit(input.cart.buyerIdentity?.customer?.metafield?.jsonValue);
  const today = input.shop.localTime.date as string;
  if (visit === null)
    return {
      code: 'not_eligible',
      message:
        'Not eligible: the customer has no return_visit metafield (the app sets it after a first paid order, ' +
        'once Shopify counts exactly one order for the customer).',
    };
  if (today > visit.eligibleUntil)
    return { code: 'window_over', message: `The offer ended on ${visit.eligibleUntil} (today is ${today}).` };
  if (lines.length === 0) return { code: 'empty_cart', message: 'The cart is empty.' };
  const regularPriceOnly = configuration?.regularPriceOnly ?? true;
  const eligible = lines.filter((l) => !l.item.giftCard && !(regularPriceOnly && onSale(l.item)));
  if (eligible.length === 0)
    return {
      code: 'only_sale_items',
      message: regularPriceOnly
        ? 'Only sale items (a compare-at price above the price) and gift cards: the discount is for regular-priced items only.'
        : 'Only gift cards: they are never discounted.',
    };
  const subtotal = eligible.reduce((sum, l) => sum + lineCents(l), 0);
  const minimum = configuration ? decimalCents(configuration.minimumSubtotal) : 0;
  if (subtotal < minimum)
    return {
      code: 'below_minimum',
      message: `The regular-priced items come to ${formatCents(subtotal)} EUR, below the minimum of ${formatCents(minimum)} EUR.`,
    };
  return {
    code: 'unexplained',
    message: 'The function gave no discount, for a reason this demo does not derive.',
  };
}

function nothing(customerGid: string, input: FunctionInput | null, output: Output | null) {
  return { customerGid, input, output, targets: [], percentage: null, message: null, saving: eur(0) };
}

const lineCents = (l: CartItemLine) => toCents(l.line.cost.subtotalAmount.amount as string);
const eur = (cents: number): Money => ({ amount: formatCents(cents), currencyCode: 'EUR' });

/** A Decimal of the function (coefficient / 10^scale) in whole cents, rounded up: a minimum is reached or not. */
function decimalCents(value: { coefficient: bigint; scale: number }): number {
  const scaled = value.coefficient * 100n;
  const divisor = 10n ** BigInt(value.scale);
  return Number(scaled / divisor + (scaled % divisor > 0n ? 1n : 0n));
}

/** A json metafield's jsonValue; a value that is not JSON is handed on as the string it is (the function refuses it). */
function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
