/**
 * What the demo history's orders contain: the demo coffee shop's goods (demo-catalog.ts) with German VAT included
 * in the prices, as order lines the way Shopify reports them, and the points such an order earns under the demo
 * program (one point per euro paid for goods, without VAT and shipping). Node built-ins only.
 */
import { DEMO_CATALOG } from './demo-catalog.js';
import { type LineSpec, formatCents, toCents } from './shopify-payloads.js';

/** 7 % VAT on coffee and tea, 19 % on everything else. */
const FOOD = new Set(['espresso-1kg', 'filter-500g', 'tea-set']);
export const CATALOG = DEMO_CATALOG.filter((item) => !item.giftCard).map((item) => ({
  title: item.title,
  cents: toCents(item.price),
  vat: FOOD.has(item.sku) ? 0.07 : 0.19,
}));

export type BasketItem = { item: number; quantity: number };

const SHIPPING_CENTS = 490;
const SHIPPING_TAX = '0.78'; // 19 % included
const FREE_SHIPPING_FROM = 5000;

export interface Basket {
  lines: LineSpec[];
  shipping?: { price: string; tax?: string; discount?: string };
  /** What the demo program earns on: line totals after discounts, without VAT. */
  eligibleCents: number;
}

const grossOf = (items: readonly BasketItem[]) =>
  items.reduce((sum, { item, quantity }) => sum + (CATALOG[item]?.cents ?? 0) * quantity, 0);

/**
 * The lines of an order: `discountCents` spread over the lines in turn (never more than the goods), with the VAT
 * that is left in each discounted line; shipping below 50 € of goods, or free-shipping-coded (then discounted).
 */
export function basketOf(
  items: readonly BasketItem[],
  opts: { discountCents?: number; percentOff?: number; freeShipping?: boolean } = {},
): Basket {
  const gross = grossOf(items);
  const totalDiscount = Math.min(opts.discountCents ?? Math.round(gross * (opts.percentOff ?? 0)), gross);
  let discountLeft = totalDiscount;
  let eligibleCents = 0;
  const lines = items.map(({ item, quantity }): LineSpec => {
    const product = CATALOG[item] ?? CATALOG[0]!;
    const lineGross = product.cents * quantity;
    const discount = Math.min(discountLeft, lineGross);
    discountLeft -= discount;
    const base = lineGross - discount;
    const tax = Math.round((base * product.vat) / (1 + product.vat));
    eligibleCents += base - tax;
    return {
      title: product.title,
      price: formatCents(product.cents),
      quantity,
      ...(discount > 0 && { discount: formatCents(discount) }),
      tax: formatCents(tax),
      taxRate: product.vat,
    };
  });
  const price = formatCents(SHIPPING_CENTS);
  const shipping = opts.freeShipping
    ? { price, discount: price }
    : gross - totalDiscount < FREE_SHIPPING_FROM
      ? { price, tax: SHIPPING_TAX }
      : undefined;
  return { lines, ...(shipping && { shipping }), eligibleCents };
}

/** Points under the demo program (earn rate 1, no shipping): whole euros of the eligible amount. */
export function earnedPoints(items: readonly BasketItem[], merchantCode: boolean): number {
  return Math.floor(basketOf(items, { percentOff: merchantCode ? 0.1 : 0 }).eligibleCents / 100);
}

/** Random goods worth at least `minCents`, for an order that must reach a code's minimum. */
export function itemsWorth(rand: () => number, minCents: number): BasketItem[] {
  const items: BasketItem[] = [];
  while (items.length === 0 || grossOf(items) < minCents)
    items.push({ item: Math.floor(rand() * CATALOG.length), quantity: 1 });
  return items;
}
