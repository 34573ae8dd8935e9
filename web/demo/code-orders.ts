/**
 * An orders/paid as Shopify sends it after a checkout that used one of the app's discount codes: the demo's way of
 * showing a code become used (the simulated storefront's "order with this code", and `npm run demo:orders`).
 * Node built-ins only, like the other demo scripts.
 */
import { formatCents, orderPayload, type OrderPayload } from './shopify-payloads.js';

/** What the code takes off, in shop money. */
export type CodeDiscount =
  | { kind: 'amount'; cents: number }
  | { kind: 'percentage'; fraction: number } // 0 < fraction <= 1, as the Admin API stores it
  | { kind: 'free_shipping' };

const GRINDER = { title: 'Handmühle', cents: 8900, vat: 0.19 };
const SHIPPING = { price: '4.90', tax: '0.78' }; // 19 % VAT included

/**
 * Enough hand grinders that the cart reaches the code's minimum subtotal and is worth at least twice the code
 * (pay with points may cover at most half of an order), with the code's discount on that line, VAT included.
 */
export function orderUsingCode(opts: {
  orderId: number;
  customerId: number;
  shop: string;
  code: string;
  discount: CodeDiscount;
  minimumSubtotalCents?: number;
}): OrderPayload {
  const { discount } = opts;
  const needed = Math.max(
    opts.minimumSubtotalCents ?? 0,
    discount.kind === 'amount' ? 2 * discount.cents : 0,
  );
  const quantity = Math.max(1, Math.ceil(needed / GRINDER.cents));
  const gross = GRINDER.cents * quantity;
  const lineDiscount =
    discount.kind === 'amount'
      ? Math.min(discount.cents, gross)
      : discount.kind === 'percentage'
        ? Math.round(gross * discount.fraction)
        : 0;
  const base = gross - lineDiscount;
  const order = orderPayload({
    orderId: opts.orderId,
    customerId: opts.customerId,
    shopDomain: opts.shop,
    taxesIncluded: true,
    discountCode: opts.code,
    lines: [
      {
        title: GRINDER.title,
        price: formatCents(GRINDER.cents),
        quantity,
        ...(lineDiscount > 0 && { discount: formatCents(lineDiscount) }),
        tax: formatCents(Math.round((base * GRINDER.vat) / (1 + GRINDER.vat))),
        taxRate: GRINDER.vat,
      },
    ],
    ...(discount.kind === 'free_shipping' && { shipping: { ...SHIPPING, discount: SHIPPING.price } }),
  });
  // orderPayload names a code only for line discounts; a shipping code is listed the way Shopify lists it.
  if (discount.kind === 'free_shipping')
    order.discount_codes = [{ code: opts.code, amount: SHIPPING.price, type: 'shipping' }];
  return order;
}
