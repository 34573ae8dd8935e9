import { z } from 'zod';
import type { OrderFacts, RefundFacts } from '../loyalty/eligible-amount.js';
import { type CustomerProfile, displayNameOf, normalizeEmail } from '../loyalty/customer-profile.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { MICROS_PER_UNIT, type Micros, parseDecimal } from '../loyalty/money.js';

/**
 * Shopify REST webhook payloads (API 2026-07), reduced to what the points rules need. Amounts are taken from
 * `shop_money`, never `presentment_money`: points are earned in the shop's currency.
 * https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/paid
 *
 * Everything is refused at the door (400, nothing stored) unless it is in bounds no real order comes near:
 * - every amount, and an order's or refund's total, at most MAX_AMOUNT (1,000,000,000.00 shop money); prices,
 *   discounts, taxes and refunded subtotals not negative (a negative discount would earn extra points);
 * - a line's discount allocations at most its line total (price x quantity), a shipping line's at most its price;
 * - quantities integers in 0..MAX_QUANTITY (100,000);
 * - ids positive: a JSON number a safe integer (above 2^53-1 JSON.parse has already lost digits), a string
 *   1-20 digits without a leading zero; ids go on as strings.
 * Points have their own cap elsewhere; these bounds only keep the amounts sane. Names and e-mails never refuse a
 * payload: Shopify sends null for missing ones, and anything that is not text is taken as missing.
 */
export const MAX_AMOUNT: Micros = 1_000_000_000n * MICROS_PER_UNIT;
export const MAX_QUANTITY = 100_000;

// 32 characters hold any amount in bounds; longer strings are refused before BigInt parses them.
const decimal = z.union([z.string().max(32), z.number()]).transform((value, ctx) => {
  try {
    return parseDecimal(String(value));
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a decimal amount: ${value}` });
    return z.NEVER;
  }
});
const bounded = (min: Micros) =>
  decimal.refine((amount) => amount >= min && amount <= MAX_AMOUNT, {
    message: min === 0n ? 'amount negative or above 1000000000' : 'amount beyond ±1000000000',
  });
const nonNegative = bounded(0n);
const signed = bounded(-MAX_AMOUNT);
const moneySet = (amount: typeof nonNegative) =>
  z.object({ shop_money: z.object({ amount, currency_code: z.string() }) });
const id = z
  .union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[1-9][0-9]{0,19}$/)])
  .transform(String);
const timestamp = z
  .string()
  .datetime({ offset: true })
  .transform((value) => new Date(value));
// what the panel shows; never a reason to refuse the delivery
const text = z.string().nullish().catch(null);
const person = { first_name: text, last_name: text, email: text };
const allocation = z.object({ amount_set: moneySet(nonNegative) });
const taxLine = z.object({ price_set: moneySet(nonNegative) });
const sumOf = (
  items: Array<{
    amount_set?: { shop_money: { amount: bigint } };
    price_set?: { shop_money: { amount: bigint } };
  }>,
) => items.reduce((total, item) => total + (item.amount_set ?? item.price_set)!.shop_money.amount, 0n);
const reporter = (ctx: z.RefinementCtx) => (path: Array<string | number>, message: string) =>
  ctx.addIssue({ code: 'custom', path, message });

// order-precheck.ts mirrors these rules, conservatively, for the acknowledgement path: a rule tightened here
// must be tightened there too (its property test finds only what its generator reaches). Mind zod's ways: string
// lengths count code points, and .datetime() is the regex z.regexes.datetime() returns.
const orderSchema = z
  .object({
    id,
    customer: z.object({ id, ...person }).nullish(),
    // a guest order's buyer (web/webhooks/buyer-key.ts)
    email: text,
    contact_email: text,
    // the order's total: total_price_set, else current_total_price_set, else total_price (shop money too)
    // (nullish: the total only feeds the dashboard, so a null must never refuse the order and its points)
    total_price_set: moneySet(nonNegative).nullish(),
    current_total_price_set: moneySet(nonNegative).nullish(),
    total_price: nonNegative.nullish(),
    currency: z.string().length(3),
    taxes_included: z.boolean().default(false),
    processed_at: timestamp.nullish(),
    created_at: timestamp,
    cancelled_at: timestamp.nullish(),
    // codes the order used: ours are marked used (web/use-cases/mark-codes-used.ts)
    discount_codes: z
      .array(z.object({ code: z.string().max(255) }))
      .max(100)
      .default([]),
    // which discounts applied: the return-visit discount is recognised by its title (web/loyalty/return-visit.ts)
    discount_applications: z
      .array(z.object({ type: z.string().max(40), title: z.string().max(255).nullish() }))
      .max(100)
      .default([]),
    line_items: z.array(
      z.object({
        quantity: z.number().int().nonnegative().max(MAX_QUANTITY),
        gift_card: z.boolean().default(false),
        price_set: moneySet(nonNegative),
        discount_allocations: z.array(allocation).default([]),
        tax_lines: z.array(taxLine).default([]),
      }),
    ),
    shipping_lines: z
      .array(
        z.object({
          price_set: moneySet(nonNegative),
          discount_allocations: z.array(allocation).default([]),
          tax_lines: z.array(taxLine).default([]),
        }),
      )
      .default([]),
  })
  // A transform, not superRefine: it runs only on a payload whose fields all parsed (so amounts are bigints).
  .transform((order, ctx) => {
    const issue = reporter(ctx);
    let total = 0n;
    order.line_items.forEach((line, index) => {
      const lineTotal = line.price_set.shop_money.amount * BigInt(line.quantity);
      if (sumOf(line.discount_allocations) > lineTotal)
        issue(['line_items', index, 'discount_allocations'], 'discounts above the line total');
      total += lineTotal + (order.taxes_included ? 0n : sumOf(line.tax_lines));
    });
    order.shipping_lines.forEach((line, index) => {
      if (sumOf(line.discount_allocations) > line.price_set.shop_money.amount)
        issue(['shipping_lines', index, 'discount_allocations'], 'discounts above the shipping price');
      total += line.price_set.shop_money.amount + (order.taxes_included ? 0n : sumOf(line.tax_lines));
    });
    if (total > MAX_AMOUNT) issue([], 'order total above 1000000000');
    return order;
  });

const refundSchema = z
  .object({
    id,
    order_id: id,
    created_at: timestamp,
    refund_line_items: z
      .array(
        z.object({
          subtotal_set: moneySet(nonNegative),
          total_tax_set: moneySet(nonNegative),
          line_item: z.object({ gift_card: z.boolean().default(false) }).optional(),
        }),
      )
      .default([]),
    order_adjustments: z
      .array(
        z.object({
          kind: z.string(),
          amount_set: moneySet(signed),
          tax_amount_set: moneySet(signed).optional(),
        }),
      )
      .default([]),
  })
  .transform((refund, ctx) => {
    const issue = reporter(ctx);
    let total = 0n;
    for (const line of refund.refund_line_items)
      total += line.subtotal_set.shop_money.amount + line.total_tax_set.shop_money.amount;
    refund.order_adjustments.forEach((adjustment, index) => {
      if (adjustment.kind !== 'shipping_refund') return;
      // A shipping refund is booked as a negative adjustment; a positive one would un-refund goods.
      const amount = adjustment.amount_set.shop_money.amount;
      const tax = adjustment.tax_amount_set?.shop_money.amount ?? 0n;
      if (amount > 0n || tax > 0n) issue(['order_adjustments', index], 'shipping refund not negative');
      total -= amount + tax;
    });
    if (total > MAX_AMOUNT) issue([], 'refund total above 1000000000');
    return refund;
  });

const customerSchema = z.object({ id, created_at: timestamp, ...person });
const complianceCustomerSchema = z.object({
  shop_domain: z.string(),
  customer: z.object({ id, email: text }),
  orders_requested: z.array(id).optional(),
  orders_to_redact: z.array(id).optional(),
  data_request: z.object({ id }).optional(),
});

export interface OrderRecordFacts {
  /** The order's total in shop money. */
  totalMicros: Micros;
  /** The ordering customer's name and e-mail as the order names them; null for a guest order. */
  customerProfile: CustomerProfile | null;
  /** A guest order's e-mail (normalized; `email`, else `contact_email`); null for a customer's order. */
  guestEmail: string | null;
}

export function parseOrder(
  payload: unknown,
): OrderFacts & ReturnVisitFacts & OrderRecordFacts & { cancelledAt: Date | null; discountCodes: string[] } {
  const order = parse(orderSchema, payload, 'order');
  const raw = payload as { processed_at?: unknown; created_at?: unknown };
  const total = order.total_price_set ?? order.current_total_price_set;
  return {
    orderId: order.id,
    totalMicros: total?.shop_money.amount ?? order.total_price ?? 0n,
    customerProfile: order.customer ? profileOf(order.customer) : null,
    guestEmail: order.customer ? null : (normalizeEmail(order.email) ?? normalizeEmail(order.contact_email)),
    // Shopify writes order times in the shop's time zone ("2026-12-01T10:00:00+01:00"): the date as written is
    // the shop-local day, which the return-visit window counts from
    localDate: String((order.processed_at ? raw.processed_at : raw.created_at) ?? '').slice(0, 10),
    discountApplications: order.discount_applications.map((a) => ({ type: a.type, title: a.title ?? null })),
    discountCodes: order.discount_codes.map((entry) => entry.code.trim().toUpperCase()),
    customerId: order.customer?.id ?? null,
    currency: order.currency,
    taxesIncluded: order.taxes_included,
    occurredAt: order.processed_at ?? order.created_at,
    cancelledAt: order.cancelled_at ?? null,
    lines: order.line_items.map((line) => ({
      unitPrice: line.price_set.shop_money.amount,
      quantity: line.quantity,
      discount: sumOf(line.discount_allocations),
      tax: sumOf(line.tax_lines),
      giftCard: line.gift_card,
    })),
    shipping: order.shipping_lines.map((line) => ({
      price: line.price_set.shop_money.amount,
      discount: sumOf(line.discount_allocations),
      tax: sumOf(line.tax_lines),
    })),
  };
}

export interface ReturnVisitFacts {
  localDate: string; // YYYY-MM-DD in the shop's time zone
  discountApplications: Array<{ type: string; title: string | null }>;
}

export function parseRefund(payload: unknown): RefundFacts {
  const refund = parse(refundSchema, payload, 'refund');
  return {
    refundId: refund.id,
    orderId: refund.order_id,
    occurredAt: refund.created_at,
    lines: refund.refund_line_items.map((line) => ({
      subtotal: line.subtotal_set.shop_money.amount,
      tax: line.total_tax_set.shop_money.amount,
      giftCard: line.line_item?.gift_card ?? false,
    })),
    // Shipping refunds come as negative order adjustments of kind shipping_refund.
    shipping: refund.order_adjustments
      .filter((adjustment) => adjustment.kind === 'shipping_refund')
      .map((adjustment) => ({
        amount: -adjustment.amount_set.shop_money.amount,
        tax: -(adjustment.tax_amount_set?.shop_money.amount ?? 0n),
      })),
  };
}

export function parseCustomer(payload: unknown): {
  customerId: string;
  occurredAt: Date;
  profile: CustomerProfile;
} {
  const customer = parse(customerSchema, payload, 'customer');
  return { customerId: customer.id, occurredAt: customer.created_at, profile: profileOf(customer) };
}

export function parseComplianceCustomer(payload: unknown) {
  const request = parse(complianceCustomerSchema, payload, 'compliance request');
  return {
    customerId: request.customer.id,
    requestId: request.data_request?.id ?? null,
    email: normalizeEmail(request.customer.email),
    ordersToRedact: request.orders_to_redact ?? [],
  };
}

function profileOf(person: { first_name?: string | null; last_name?: string | null; email?: string | null }) {
  return {
    displayName: displayNameOf(person.first_name, person.last_name),
    email: normalizeEmail(person.email),
  };
}

function parse<T extends z.ZodType>(schema: T, payload: unknown, what: string): z.output<T> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new LoyaltyError('invalid_payload', `The ${what} payload is not valid: ${issues.join('; ')}`, 400);
}
