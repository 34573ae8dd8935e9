import { z } from 'zod';
import type { OrderFacts, RefundFacts } from '../loyalty/eligible-amount.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { parseDecimal } from '../loyalty/money.js';

/**
 * Shopify REST webhook payloads (API 2026-07), reduced to what the points rules need. Amounts are taken from
 * `shop_money`, never `presentment_money`: points are earned in the shop's currency.
 * https://shopify.dev/docs/api/webhooks?reference=toml#list-of-topics-orders/paid
 */
const decimal = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return parseDecimal(String(value));
  } catch {
    ctx.addIssue({ code: 'custom', message: `not a decimal amount: ${value}` });
    return z.NEVER;
  }
});
const moneySet = z.object({ shop_money: z.object({ amount: decimal, currency_code: z.string() }) });
const id = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);
const timestamp = z
  .string()
  .datetime({ offset: true })
  .transform((value) => new Date(value));
const allocation = z.object({ amount_set: moneySet });
const taxLine = z.object({ price_set: moneySet });
const sumOf = (
  items: Array<{
    amount_set?: { shop_money: { amount: bigint } };
    price_set?: { shop_money: { amount: bigint } };
  }>,
) => items.reduce((total, item) => total + (item.amount_set ?? item.price_set)!.shop_money.amount, 0n);

const orderSchema = z.object({
  id,
  customer: z.object({ id }).nullish(),
  currency: z.string().length(3),
  taxes_included: z.boolean().default(false),
  processed_at: timestamp.nullish(),
  created_at: timestamp,
  cancelled_at: timestamp.nullish(),
  line_items: z.array(
    z.object({
      quantity: z.number().int().nonnegative(),
      gift_card: z.boolean().default(false),
      price_set: moneySet,
      discount_allocations: z.array(allocation).default([]),
      tax_lines: z.array(taxLine).default([]),
    }),
  ),
  shipping_lines: z
    .array(
      z.object({
        price_set: moneySet,
        discount_allocations: z.array(allocation).default([]),
        tax_lines: z.array(taxLine).default([]),
      }),
    )
    .default([]),
});

const refundSchema = z.object({
  id,
  order_id: id,
  created_at: timestamp,
  refund_line_items: z
    .array(
      z.object({
        subtotal_set: moneySet,
        total_tax_set: moneySet,
        line_item: z.object({ gift_card: z.boolean().default(false) }).optional(),
      }),
    )
    .default([]),
  order_adjustments: z
    .array(z.object({ kind: z.string(), amount_set: moneySet, tax_amount_set: moneySet.optional() }))
    .default([]),
});

const customerSchema = z.object({ id, created_at: timestamp });
const complianceCustomerSchema = z.object({
  shop_domain: z.string(),
  customer: z.object({ id }),
  orders_requested: z.array(id).optional(),
  orders_to_redact: z.array(id).optional(),
  data_request: z.object({ id }).optional(),
});

export function parseOrder(payload: unknown): OrderFacts & { cancelledAt: Date | null } {
  const order = parse(orderSchema, payload, 'order');
  return {
    orderId: order.id,
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

export function parseCustomer(payload: unknown): { customerId: string; occurredAt: Date } {
  const customer = parse(customerSchema, payload, 'customer');
  return { customerId: customer.id, occurredAt: customer.created_at };
}

export function parseComplianceCustomer(payload: unknown) {
  const request = parse(complianceCustomerSchema, payload, 'compliance request');
  return { customerId: request.customer.id, requestId: request.data_request?.id ?? null };
}

function parse<T extends z.ZodType>(schema: T, payload: unknown, what: string): z.output<T> {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new LoyaltyError('invalid_payload', `The ${what} payload is not valid: ${issues.join('; ')}`, 400);
}
