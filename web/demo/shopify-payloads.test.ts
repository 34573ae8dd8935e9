import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCents, orderPayload, refundPayload, signWebhook, toCents } from './shopify-payloads.js';

const verifies = (secret: string, body: string, hmac: string | undefined) => {
  const expected = createHmac('sha256', secret).update(body, 'utf8').digest();
  const given = Buffer.from(hmac ?? '', 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

describe('signWebhook', () => {
  it('signs the exact body bytes with the secret, as Shopify does', () => {
    const order = orderPayload({
      orderId: 5_100_000_000_001,
      customerId: 7001,
      lines: [{ price: '19.90', quantity: 1 }],
    });
    const { body, headers } = signWebhook({
      secret: 's3cret',
      topic: 'orders/paid',
      shop: 'a.myshopify.com',
      body: order,
    });

    expect(JSON.parse(body)).toEqual(order);
    expect(verifies('s3cret', body, headers['X-Shopify-Hmac-Sha256'])).toBe(true);
    expect(verifies('another-secret', body, headers['X-Shopify-Hmac-Sha256'])).toBe(false);
    expect(headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Shopify-Topic': 'orders/paid',
      'X-Shopify-Shop-Domain': 'a.myshopify.com',
      'X-Shopify-API-Version': '2026-07',
    });
    expect(headers['X-Shopify-Event-Id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps an already-serialized body byte for byte', () => {
    const raw = '{ "id": 1,\n "note": "Grüße" }';
    const { body, headers } = signWebhook({
      secret: 'k',
      topic: 'orders/paid',
      shop: 'a',
      body: raw,
      eventId: 'e1',
    });
    expect(body).toBe(raw);
    expect(verifies('k', raw, headers['X-Shopify-Hmac-Sha256'])).toBe(true);
    expect(headers['X-Shopify-Event-Id']).toBe('e1');
  });
});

describe('orderPayload and refundPayload', () => {
  const order = orderPayload({
    orderId: 5_100_000_000_002,
    customerId: 7002,
    lines: [
      { price: '19.90', quantity: 3, discount: '5.00', tax: '8.73' },
      { price: '7.35', quantity: 7, discount: '1.01', tax: '8.05' },
      { price: '25.00', quantity: 1, giftCard: true },
    ],
    shipping: { price: '4.90', tax: '0.78' },
    taxesIncluded: true,
    presentmentCurrency: 'USD',
    presentmentRate: 1.08,
  });

  it('keeps totals consistent with the lines', () => {
    expect(order.subtotal_price).toBe(formatCents(5970 + 5145 + 2500 - 500 - 101));
    expect(order.total_discounts).toBe('6.01');
    expect(order.total_tax).toBe('17.56');
    expect(order.line_items.map((l) => l.id)).toHaveLength(new Set(order.line_items.map((l) => l.id)).size);
    expect(order.line_items[0]?.price_set.presentment_money).toEqual({
      amount: '21.49',
      currency_code: 'USD',
    });
  });

  it('refunding every unit gives back the line totals after discount', () => {
    const refund = refundPayload({
      refundId: 9_000_000_001,
      order,
      lines: order.line_items.map((line, lineIndex) => ({ lineIndex, quantity: line.quantity })),
    });
    const lineTotals = order.line_items.reduce(
      (sum, l) => sum + toCents(l.price) * l.quantity - toCents(l.discount_allocations[0]?.amount ?? '0'),
      0,
    );
    const refunded = refund.refund_line_items.reduce(
      (sum, r) => sum + toCents(r.subtotal_set.shop_money.amount),
      0,
    );
    expect(refunded).toBe(lineTotals);
    expect(refunded).toBe(toCents(order.subtotal_price));
    const refundedTax = refund.refund_line_items.reduce(
      (sum, r) => sum + toCents(r.total_tax_set.shop_money.amount),
      0,
    );
    expect(refundedTax).toBe(873 + 805);
  });

  it('splits a partial refund proportionally and reports shipping as an order adjustment', () => {
    const refund = refundPayload({
      refundId: 9_000_000_002,
      order,
      lines: [{ lineIndex: 1, quantity: 3 }],
      shipping: { amount: '4.90', tax: '0.78' },
    });
    const [item] = refund.refund_line_items;
    // 7.35 * 3 - 1.01 * 3/7 = 22.05 - 0.43; tax 8.05 * 3/7 = 3.45
    expect(item?.subtotal_set.shop_money.amount).toBe('21.62');
    expect(item?.total_tax_set.shop_money.amount).toBe('3.45');
    expect(item?.line_item.gift_card).toBe(false);
    expect(refund.order_adjustments[0]).toMatchObject({
      kind: 'shipping_refund',
      amount: '-4.90',
      tax_amount: '-0.78',
    });
    expect(refund.transactions[0]).toMatchObject({ kind: 'refund', currency: 'USD' });
  });
});
