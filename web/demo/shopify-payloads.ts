/**
 * Shopify webhook payloads as Shopify sends them (REST format, API 2026-07), for tests, the demo and the benchmark.
 * Node built-ins only: the benchmark and the demo scripts import this without the app's dependencies.
 *
 * Realism notes, because parsers trip over exactly these:
 * - Money is a string in shop currency ("19.90") next to a `*_set` with shop and presentment money.
 * - `line_items[].total_discount` is "0.00" for discounts applied in the online store checkout: the discount lives
 *   in `discount_allocations` only (Shopify keeps `total_discount` for discounts "shown on the line"). Pass
 *   `lineTotalDiscount: 'allocated'` to fill it too, as orders created by some apps do.
 * - `refund_line_items[].subtotal` and `.total_tax` are JSON numbers, not strings; `subtotal_set` / `total_tax_set`
 *   carry strings as everywhere else.
 */
import { createHmac, randomUUID } from 'node:crypto';

export const DEFAULT_API_VERSION = '2026-07';
export const DEMO_SHOP = 'loyalty-demo.myshopify.com';

export type LineSpec = {
  price: string;
  quantity: number;
  /** Total discount allocated to the line (not per unit), shop money. */
  discount?: string;
  /** Total tax of the line (not per unit), shop money. */
  tax?: string;
  giftCard?: boolean;
  title?: string;
  /** Tax rate shown on the tax line; derived from tax and the taxable amount when omitted. */
  taxRate?: number;
  /** Line item id; derived from the order id when omitted. */
  id?: number;
};

export type MoneySet = {
  shop_money: { amount: string; currency_code: string };
  presentment_money: { amount: string; currency_code: string };
};

export type OrderOptions = {
  orderId: number;
  customerId: number | null;
  lines: LineSpec[];
  shipping?: { price: string; tax?: string; discount?: string };
  taxesIncluded?: boolean;
  /** Default 'EUR'. */
  shopCurrency?: string;
  /** Default: the shop currency. */
  presentmentCurrency?: string;
  /** presentment = shop * rate; default 1. */
  presentmentRate?: number;
  /** ISO timestamp; default now. */
  processedAt?: string;
  cancelledAt?: string | null;
  tip?: string;
  /** Default 'paid' ('refunded' when cancelledAt is set). */
  financialStatus?: string;
  /** Default 'zero' (online store behaviour), see the note at the top. */
  lineTotalDiscount?: 'zero' | 'allocated';
  /** Default 'DE MwSt'. */
  taxTitle?: string;
  discountCode?: string;
  email?: string;
  shopDomain?: string;
};

// ---------- money in integer cents, so totals add up exactly ----------

export function toCents(amount: string | number): number {
  const text = typeof amount === 'number' ? amount.toFixed(2) : amount.trim();
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not a money amount: "${text}"`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A money pair in cents: what Shopify reports in shop and in presentment currency. */
type Pair = { shop: number; presentment: number };

type Currencies = { shop: string; presentment: string; rate: number };

const pair = (shopCents: number, cur: Currencies): Pair => ({
  shop: shopCents,
  presentment: Math.round(shopCents * cur.rate),
});

function moneySet(p: Pair, cur: Currencies): MoneySet {
  return {
    shop_money: { amount: formatCents(p.shop), currency_code: cur.shop },
    presentment_money: { amount: formatCents(p.presentment), currency_code: cur.presentment },
  };
}

// ---------- ids, names, timestamps ----------

/** Child ids (line items, shipping lines, transactions) derived from the parent, so payloads are deterministic. */
export function childId(parentId: number, slot: number): number {
  const id = parentId * 1000 + slot;
  return Number.isSafeInteger(id) ? id : (parentId % 1_000_000_000_000) * 1000 + slot;
}

const PEOPLE = [
  ['Anna', 'Schmidt'],
  ['Lukas', 'Müller'],
  ['Sophie', 'Weber'],
  ['Jonas', 'Fischer'],
  ['Marie', 'Wagner'],
  ['Felix', 'Becker'],
  ['Lea', 'Hoffmann'],
  ['Paul', 'Schulz'],
  ['Emma', 'Koch'],
  ['Ben', 'Richter'],
] as const;

const STREETS = ['Hauptstraße', 'Gartenweg', 'Bahnhofstraße', 'Lindenallee', 'Schillerstraße'] as const;
const CITIES = [
  ['Berlin', '10115', 'BE'],
  ['Hamburg', '20095', 'HH'],
  ['München', '80331', 'BY'],
  ['Köln', '50667', 'NW'],
  ['Leipzig', '04109', 'SN'],
] as const;

const ascii = (s: string) => s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue');

export function personFor(customerId: number) {
  const [first, last] = PEOPLE[customerId % PEOPLE.length] ?? PEOPLE[0];
  return {
    first_name: first,
    last_name: last,
    email: `${ascii(first)}.${ascii(last)}.${customerId}@example.com`,
  };
}

function address(customerId: number, first: string, last: string) {
  const [city, zip, province] = CITIES[customerId % CITIES.length] ?? CITIES[0];
  return {
    first_name: first,
    last_name: last,
    name: `${first} ${last}`,
    company: null,
    address1: `${STREETS[customerId % STREETS.length] ?? STREETS[0]} ${(customerId % 90) + 1}`,
    address2: null,
    city,
    zip,
    province: null,
    province_code: province,
    country: 'Germany',
    country_code: 'DE',
    country_name: 'Germany',
    phone: null,
    latitude: null,
    longitude: null,
  };
}

// Creating an Intl formatter costs ~100 µs: keep one per time zone (the benchmark builds thousands of orders).
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Shopify's REST timestamps carry the shop's offset ("2026-11-22T20:15:03+01:00"), not "Z". */
export function shopTime(date: Date = new Date(), timeZone = 'Europe/Berlin'): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = get('timeZoneName').replace('GMT', '') || '+00:00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${offset}`;
}

const shiftSeconds = (iso: string, seconds: number) => shopTime(new Date(Date.parse(iso) + seconds * 1000));

// ---------- orders ----------

function customerObject(customerId: number, createdAt: string, currency: string, email?: string) {
  const person = personFor(customerId);
  return {
    id: customerId,
    email: email ?? person.email,
    created_at: createdAt,
    updated_at: createdAt,
    first_name: person.first_name,
    last_name: person.last_name,
    state: 'enabled',
    note: null,
    verified_email: true,
    multipass_identifier: null,
    tax_exempt: false,
    phone: null,
    email_marketing_consent: {
      state: 'subscribed',
      opt_in_level: 'single_opt_in',
      consent_updated_at: createdAt,
    },
    sms_marketing_consent: null,
    tags: '',
    currency,
    tax_exemptions: [] as string[],
    admin_graphql_api_id: `gid://shopify/Customer/${customerId}`,
    default_address: {
      id: childId(customerId, 1),
      customer_id: customerId,
      ...address(customerId, person.first_name, person.last_name),
      default: true,
    },
  };
}

function taxLine(amount: Pair, rate: number, title: string, cur: Currencies) {
  return {
    channel_liable: false,
    price: formatCents(amount.shop),
    price_set: moneySet(amount, cur),
    rate,
    title,
  };
}

function discountAllocation(amount: Pair, applicationIndex: number, cur: Currencies) {
  return {
    amount: formatCents(amount.shop),
    amount_set: moneySet(amount, cur),
    discount_application_index: applicationIndex,
  };
}

/** The rate that turns the net amount into the given tax, rounded as Shopify shows rates (0.19, 0.07). */
function impliedRate(taxCents: number, grossAfterDiscount: number, taxesIncluded: boolean): number {
  const net = taxesIncluded ? grossAfterDiscount - taxCents : grossAfterDiscount;
  return net > 0 ? Math.round((taxCents / net) * 1000) / 1000 : 0;
}

export function orderPayload(opts: OrderOptions) {
  const cur: Currencies = {
    shop: opts.shopCurrency ?? 'EUR',
    presentment: opts.presentmentCurrency ?? opts.shopCurrency ?? 'EUR',
    rate: opts.presentmentRate ?? 1,
  };
  const taxesIncluded = opts.taxesIncluded ?? false;
  const taxTitle = opts.taxTitle ?? 'DE MwSt';
  const processedAt = opts.processedAt ?? shopTime();
  const cancelledAt = opts.cancelledAt ?? null;
  const shopDomain = opts.shopDomain ?? DEMO_SHOP;
  const discountCode = opts.discountCode ?? 'WILLKOMMEN10';
  const orderNumber = 1000 + (opts.orderId % 9000);
  const token = opts.orderId.toString(16).padStart(32, '0').slice(-32);
  const person = opts.customerId === null ? null : personFor(opts.customerId);
  const email = opts.email ?? person?.email ?? `guest.${opts.orderId}@example.com`;
  const buyer = person ?? { first_name: 'Gast', last_name: 'Käufer' };
  const buyerAddress = address(opts.customerId ?? opts.orderId, buyer.first_name, buyer.last_name);

  // Tax lines aggregate by title and rate at the order level, as on Shopify's invoice.
  const orderTaxes = new Map<number, number>(); // rate -> shop cents
  const addOrderTax = (rate: number, amount: Pair) =>
    orderTaxes.set(rate, (orderTaxes.get(rate) ?? 0) + amount.shop);

  let hasLineDiscount = false;
  const line_items = opts.lines.map((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1)
      throw new Error(`bad quantity in line ${index}`);
    const id = line.id ?? childId(opts.orderId, index + 1);
    const unit = pair(toCents(line.price), cur);
    const discount = line.discount ? pair(toCents(line.discount), cur) : null;
    const tax = line.tax ? pair(toCents(line.tax), cur) : null;
    if (discount && discount.shop > 0) hasLineDiscount = true;
    const gross = unit.shop * line.quantity;
    const rate = tax
      ? (line.taxRate ?? impliedRate(tax.shop, gross - (discount?.shop ?? 0), taxesIncluded))
      : 0;
    if (tax) addOrderTax(rate, tax);
    const title = line.title ?? (line.giftCard ? 'Geschenkgutschein' : `Artikel ${index + 1}`);
    const shownDiscount = opts.lineTotalDiscount === 'allocated' && discount ? discount : pair(0, cur);
    const productId = 8_000_000_000_000 + (id % 1_000_000);
    return {
      id,
      admin_graphql_api_id: `gid://shopify/LineItem/${id}`,
      attributed_staffs: [] as unknown[],
      current_quantity: line.quantity,
      fulfillable_quantity: line.quantity,
      fulfillment_service: line.giftCard ? 'gift_card' : 'manual',
      fulfillment_status: null,
      gift_card: line.giftCard ?? false,
      grams: line.giftCard ? 0 : 350,
      name: title,
      price: formatCents(unit.shop),
      price_set: moneySet(unit, cur),
      product_exists: true,
      product_id: productId,
      properties: [] as unknown[],
      quantity: line.quantity,
      requires_shipping: !line.giftCard,
      sales_line_item_group_id: null,
      sku: `SKU-${id % 100_000}`,
      taxable: !line.giftCard,
      title,
      total_discount: formatCents(shownDiscount.shop),
      total_discount_set: moneySet(shownDiscount, cur),
      variant_id: productId + 1,
      variant_inventory_management: line.giftCard ? null : 'shopify',
      variant_title: null,
      vendor: 'Loyalty Demo',
      tax_lines: tax ? [taxLine(tax, rate, taxTitle, cur)] : [],
      duties: [] as unknown[],
      discount_allocations: discount ? [discountAllocation(discount, 0, cur)] : [],
    };
  });

  const shippingApplicationIndex = hasLineDiscount ? 1 : 0;
  const shipping_lines = opts.shipping
    ? [opts.shipping].map((s) => {
        const price = pair(toCents(s.price), cur);
        const discount = s.discount ? pair(toCents(s.discount), cur) : null;
        const tax = s.tax ? pair(toCents(s.tax), cur) : null;
        const discounted = pair(price.shop - (discount?.shop ?? 0), cur);
        const rate = tax ? impliedRate(tax.shop, discounted.shop, taxesIncluded) : 0;
        if (tax) addOrderTax(rate, tax);
        return {
          id: childId(opts.orderId, 901),
          carrier_identifier: null,
          code: 'Standard',
          current_discounted_price_set: moneySet(discounted, cur),
          discounted_price: formatCents(discounted.shop),
          discounted_price_set: moneySet(discounted, cur),
          is_removed: false,
          phone: null,
          price: formatCents(price.shop),
          price_set: moneySet(price, cur),
          requested_fulfillment_service_id: null,
          source: 'shopify',
          title: 'Standardversand',
          tax_lines: tax ? [taxLine(tax, rate, taxTitle, cur)] : [],
          discount_allocations: discount ? [discountAllocation(discount, shippingApplicationIndex, cur)] : [],
        };
      })
    : [];

  // Totals in shop cents from the same inputs as the lines, so they always agree; presentment = shop * rate.
  const sumCents = (amounts: Array<string | undefined>) =>
    amounts.reduce((s, a) => s + (a ? toCents(a) : 0), 0);
  const lineItemsTotal = opts.lines.reduce((s, l) => s + toCents(l.price) * l.quantity, 0);
  const lineDiscounts = sumCents(opts.lines.map((l) => l.discount));
  const shippingPrice = sumCents([opts.shipping?.price]);
  const shippingDiscounts = sumCents([opts.shipping?.discount]);
  const totalTax = [...orderTaxes.values()].reduce((s, cents) => s + cents, 0);
  const tip = sumCents([opts.tip]);
  const subtotal = lineItemsTotal - lineDiscounts;
  const totalDiscounts = lineDiscounts + shippingDiscounts;
  const total = subtotal + shippingPrice - shippingDiscounts + (taxesIncluded ? 0 : totalTax) + tip;
  const money = (cents: number) => moneySet(pair(cents, cur), cur);

  const discountApplications = [
    ...(hasLineDiscount
      ? [
          {
            target_type: 'line_item',
            type: 'discount_code',
            value: formatCents(lineDiscounts),
            value_type: 'fixed_amount',
            allocation_method: 'across',
            target_selection: 'entitled',
            code: discountCode,
          },
        ]
      : []),
    ...(shippingDiscounts > 0
      ? [
          {
            target_type: 'shipping_line',
            type: 'automatic',
            value: formatCents(shippingDiscounts),
            value_type: 'fixed_amount',
            allocation_method: 'each',
            target_selection: 'all',
            title: 'Versandrabatt',
          },
        ]
      : []),
  ];

  return {
    id: opts.orderId,
    admin_graphql_api_id: `gid://shopify/Order/${opts.orderId}`,
    app_id: 580111,
    browser_ip: '203.0.113.42',
    buyer_accepts_marketing: person !== null,
    cancel_reason: cancelledAt ? 'customer' : null,
    cancelled_at: cancelledAt,
    cart_token: null,
    checkout_id: childId(opts.orderId, 990),
    checkout_token: `c1-${token}`,
    client_details: {
      accept_language: 'de-DE',
      browser_height: null,
      browser_ip: '203.0.113.42',
      browser_width: null,
      session_hash: null,
      user_agent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
    },
    closed_at: null,
    confirmation_number: `X${token.slice(-8).toUpperCase()}`,
    confirmed: true,
    contact_email: email,
    created_at: processedAt,
    currency: cur.shop,
    current_subtotal_price: formatCents(subtotal),
    current_subtotal_price_set: money(subtotal),
    current_total_additional_fees_set: null,
    current_total_discounts: formatCents(totalDiscounts),
    current_total_discounts_set: money(totalDiscounts),
    current_total_duties_set: null,
    current_total_price: formatCents(total),
    current_total_price_set: money(total),
    current_total_tax: formatCents(totalTax),
    current_total_tax_set: money(totalTax),
    customer_locale: 'de-DE',
    device_id: null,
    discount_codes: hasLineDiscount
      ? [{ code: discountCode, amount: formatCents(lineDiscounts), type: 'fixed_amount' }]
      : [],
    duties_included: false,
    email,
    estimated_taxes: false,
    financial_status: opts.financialStatus ?? (cancelledAt ? 'refunded' : 'paid'),
    fulfillment_status: null,
    landing_site: '/',
    landing_site_ref: null,
    location_id: null,
    merchant_of_record_app_id: null,
    name: `#${orderNumber}`,
    note: null,
    note_attributes: [] as unknown[],
    number: orderNumber - 1000,
    order_number: orderNumber,
    order_status_url: `https://${shopDomain}/70012345678/orders/${token}/authenticate?key=${token.slice(0, 16)}`,
    original_total_additional_fees_set: null,
    original_total_duties_set: null,
    payment_gateway_names: ['shopify_payments'],
    phone: null,
    po_number: null,
    presentment_currency: cur.presentment,
    processed_at: processedAt,
    reference: null,
    referring_site: null,
    source_identifier: null,
    source_name: 'web',
    source_url: null,
    subtotal_price: formatCents(subtotal),
    subtotal_price_set: money(subtotal),
    tags: '',
    tax_exempt: false,
    tax_lines: [...orderTaxes].map(([rate, cents]) => taxLine(pair(cents, cur), rate, taxTitle, cur)),
    taxes_included: taxesIncluded,
    test: false,
    token,
    total_cash_rounding_payment_adjustment_set: money(0),
    total_cash_rounding_refund_adjustment_set: money(0),
    total_discounts: formatCents(totalDiscounts),
    total_discounts_set: money(totalDiscounts),
    total_line_items_price: formatCents(lineItemsTotal),
    total_line_items_price_set: money(lineItemsTotal),
    total_outstanding: '0.00',
    total_price: formatCents(total),
    total_price_set: money(total),
    total_shipping_price_set: money(shippingPrice),
    total_tax: formatCents(totalTax),
    total_tax_set: money(totalTax),
    total_tip_received: formatCents(tip),
    total_weight: line_items.reduce((s, l) => s + l.grams * l.quantity, 0),
    updated_at: cancelledAt ?? shiftSeconds(processedAt, 2),
    user_id: null,
    billing_address: buyerAddress,
    customer:
      opts.customerId === null
        ? null
        : customerObject(opts.customerId, shiftSeconds(processedAt, -86_400 * 30), cur.shop, opts.email),
    discount_applications: discountApplications,
    fulfillments: [] as unknown[],
    line_items,
    payment_terms: null,
    refunds: [] as unknown[],
    shipping_address: line_items.some((l) => l.requires_shipping) ? buyerAddress : null,
    shipping_lines,
    returns: [] as unknown[],
  };
}

export type OrderPayload = ReturnType<typeof orderPayload>;

// ---------- refunds ----------

export type RefundOptions = {
  refundId: number;
  order: OrderPayload;
  /** lineIndex: index into order.line_items. */
  lines: Array<{ lineIndex: number; quantity: number }>;
  /** Shipping refunded, shop money. */
  shipping?: { amount: string; tax?: string };
  /** ISO timestamp; default now. */
  createdAt?: string;
  note?: string;
};

/** Currencies of an order, with the rate recovered from its totals (used for amounts the order does not list). */
function orderCurrencies(order: OrderPayload): Currencies {
  const shop = toCents(order.total_line_items_price_set.shop_money.amount);
  const presentment = toCents(order.total_line_items_price_set.presentment_money.amount);
  return {
    shop: order.currency,
    presentment: order.presentment_currency,
    rate: shop > 0 ? presentment / shop : 1,
  };
}

/** Proportional share of a line total for a refunded quantity, rounded to cents, in both currencies. */
function share(set: MoneySet | undefined, quantity: number, lineQuantity: number): Pair {
  if (!set) return { shop: 0, presentment: 0 };
  return {
    shop: Math.round((toCents(set.shop_money.amount) * quantity) / lineQuantity),
    presentment: Math.round((toCents(set.presentment_money.amount) * quantity) / lineQuantity),
  };
}

export function refundPayload(opts: RefundOptions) {
  const { order } = opts;
  const cur = orderCurrencies(order);
  const createdAt = opts.createdAt ?? shopTime();
  const restockLocation = 70_123_456_789;

  let refundedTotal: Pair = { shop: 0, presentment: 0 };
  const add = (p: Pair) =>
    (refundedTotal = {
      shop: refundedTotal.shop + p.shop,
      presentment: refundedTotal.presentment + p.presentment,
    });

  const refund_line_items = opts.lines.map((spec, index) => {
    const line = order.line_items[spec.lineIndex];
    if (!line) throw new Error(`order ${order.id} has no line ${spec.lineIndex}`);
    if (!Number.isInteger(spec.quantity) || spec.quantity < 1 || spec.quantity > line.quantity) {
      throw new Error(`cannot refund ${spec.quantity} of line ${spec.lineIndex} (quantity ${line.quantity})`);
    }
    const q = spec.quantity;
    const discount = share(line.discount_allocations[0]?.amount_set, q, line.quantity);
    const subtotal: Pair = {
      shop: toCents(line.price_set.shop_money.amount) * q - discount.shop,
      presentment: toCents(line.price_set.presentment_money.amount) * q - discount.presentment,
    };
    const tax = share(line.tax_lines[0]?.price_set, q, line.quantity);
    add(subtotal);
    if (!order.taxes_included) add(tax);
    return {
      id: childId(opts.refundId, index + 1),
      line_item_id: line.id,
      location_id: restockLocation,
      quantity: q,
      restock_type: 'return',
      // Numbers here, strings in the sets: this is what Shopify sends.
      subtotal: subtotal.shop / 100,
      subtotal_set: moneySet(subtotal, cur),
      total_tax: tax.shop / 100,
      total_tax_set: moneySet(tax, cur),
      line_item: structuredClone(line),
    };
  });

  const order_adjustments = opts.shipping
    ? [opts.shipping].map((s) => {
        const shippingLine = order.shipping_lines[0];
        const amountCents = toCents(s.amount);
        // The whole shipping price keeps the order's own presentment amount; a part is converted at the order rate.
        const amount: Pair =
          shippingLine && toCents(shippingLine.price) === amountCents
            ? { shop: amountCents, presentment: toCents(shippingLine.price_set.presentment_money.amount) }
            : pair(amountCents, cur);
        const tax = pair(s.tax ? toCents(s.tax) : 0, cur);
        add(amount);
        if (!order.taxes_included) add(tax);
        const negative = (p: Pair): Pair => ({ shop: -p.shop, presentment: -p.presentment });
        return {
          id: childId(opts.refundId, 700),
          order_id: order.id,
          refund_id: opts.refundId,
          kind: 'shipping_refund',
          reason: 'Shipping refund',
          amount: formatCents(-amount.shop),
          amount_set: moneySet(negative(amount), cur),
          tax_amount: formatCents(tax.shop === 0 ? 0 : -tax.shop),
          tax_amount_set: moneySet(negative(tax), cur),
        };
      })
    : [];

  const transactionId = childId(opts.refundId, 500);
  return {
    id: opts.refundId,
    admin_graphql_api_id: `gid://shopify/Refund/${opts.refundId}`,
    created_at: createdAt,
    duties: [] as unknown[],
    note: opts.note ?? null,
    order_id: order.id,
    processed_at: createdAt,
    restock: true,
    return: null,
    total_duties_set: moneySet({ shop: 0, presentment: 0 }, cur),
    user_id: 110_000_000_001,
    order_adjustments,
    transactions: [
      {
        id: transactionId,
        admin_graphql_api_id: `gid://shopify/OrderTransaction/${transactionId}`,
        amount: formatCents(refundedTotal.presentment),
        authorization: null,
        created_at: createdAt,
        currency: order.presentment_currency,
        device_id: null,
        error_code: null,
        gateway: 'shopify_payments',
        kind: 'refund',
        location_id: null,
        message: 'Transaction approved',
        order_id: order.id,
        parent_id: childId(order.id, 800),
        payment_id: `r${transactionId}`,
        processed_at: createdAt,
        receipt: {},
        source_name: 'web',
        status: 'success',
        test: false,
        user_id: null,
      },
    ],
    refund_line_items,
    refund_shipping_lines: [] as unknown[],
  };
}

export type RefundPayload = ReturnType<typeof refundPayload>;

// ---------- customers, compliance, uninstall ----------

export function customerPayload(opts: {
  customerId: number;
  createdAt?: string;
  email?: string;
  currency?: string;
}) {
  const customer = customerObject(
    opts.customerId,
    opts.createdAt ?? shopTime(),
    opts.currency ?? 'EUR',
    opts.email,
  );
  return { ...customer, addresses: [customer.default_address] };
}

export type ComplianceCustomer = { customerId: number; email?: string; phone?: string | null };

const shopIdFor = (domain: string) =>
  [...domain].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 90_000_000_000, 7) + 10_000_000_000;

function complianceCustomer(c: ComplianceCustomer) {
  return { id: c.customerId, email: c.email ?? personFor(c.customerId).email, phone: c.phone ?? null };
}

/** customers/data_request, as documented in Shopify's privacy law compliance guide. */
export function dataRequestPayload(
  opts: ComplianceCustomer & {
    shop?: string;
    shopId?: number;
    ordersRequested?: number[];
    dataRequestId?: number;
  },
) {
  const shop = opts.shop ?? DEMO_SHOP;
  return {
    shop_id: opts.shopId ?? shopIdFor(shop),
    shop_domain: shop,
    orders_requested: opts.ordersRequested ?? [],
    customer: complianceCustomer(opts),
    data_request: { id: opts.dataRequestId ?? 9999 },
  };
}

/** customers/redact. */
export function customerRedactPayload(
  opts: ComplianceCustomer & { shop?: string; shopId?: number; ordersToRedact?: number[] },
) {
  const shop = opts.shop ?? DEMO_SHOP;
  return {
    shop_id: opts.shopId ?? shopIdFor(shop),
    shop_domain: shop,
    customer: complianceCustomer(opts),
    orders_to_redact: opts.ordersToRedact ?? [],
  };
}

/** shop/redact: sent 48 hours after uninstall. */
export function shopRedactPayload(opts: { shop?: string; shopId?: number } = {}) {
  const shop = opts.shop ?? DEMO_SHOP;
  return { shop_id: opts.shopId ?? shopIdFor(shop), shop_domain: shop };
}

/** app/uninstalled: the shop resource. */
export function appUninstalledPayload(
  opts: { shop?: string; shopId?: number; currency?: string; name?: string } = {},
) {
  const shop = opts.shop ?? DEMO_SHOP;
  const handle = shop.replace(/\.myshopify\.com$/, '');
  const now = shopTime();
  return {
    id: opts.shopId ?? shopIdFor(shop),
    name: opts.name ?? handle,
    email: `owner@${handle}.example`,
    domain: shop,
    province: 'Berlin',
    country: 'DE',
    address1: 'Hauptstraße 1',
    zip: '10115',
    city: 'Berlin',
    source: null,
    phone: '',
    latitude: 52.532,
    longitude: 13.384,
    primary_locale: 'de',
    address2: '',
    created_at: now,
    updated_at: now,
    country_code: 'DE',
    country_name: 'Germany',
    currency: opts.currency ?? 'EUR',
    customer_email: `shop@${handle}.example`,
    timezone: '(GMT+01:00) Europe/Berlin',
    iana_timezone: 'Europe/Berlin',
    shop_owner: 'Demo Owner',
    money_format: '€{{amount_with_comma_separator}}',
    money_with_currency_format: '€{{amount_with_comma_separator}} EUR',
    weight_unit: 'kg',
    province_code: 'BE',
    taxes_included: true,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: 'Basic',
    plan_name: 'basic',
    has_discounts: true,
    has_gift_cards: true,
    myshopify_domain: shop,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: '€{{amount_with_comma_separator}}',
    money_with_currency_in_emails_format: '€{{amount_with_comma_separator}} EUR',
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: false,
    has_storefront: true,
    finances: true,
    primary_location_id: 70_123_456_789,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: ['EUR'],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}

// ---------- signing ----------

export type SignedWebhook = { body: string; headers: Record<string, string> };

/** A delivery as Shopify sends it: HMAC-SHA256 (base64) of the exact body bytes, keyed with the app secret. */
export function signWebhook(opts: {
  secret: string;
  topic: string;
  shop: string;
  body: unknown;
  eventId?: string;
  webhookId?: string;
  apiVersion?: string;
  triggeredAt?: string;
}): SignedWebhook {
  const body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'X-Shopify-Topic': opts.topic,
      'X-Shopify-Hmac-Sha256': createHmac('sha256', opts.secret).update(body, 'utf8').digest('base64'),
      'X-Shopify-Shop-Domain': opts.shop,
      'X-Shopify-API-Version': opts.apiVersion ?? DEFAULT_API_VERSION,
      'X-Shopify-Webhook-Id': opts.webhookId ?? randomUUID(),
      'X-Shopify-Event-Id': opts.eventId ?? randomUUID(),
      'X-Shopify-Triggered-At': opts.triggeredAt ?? new Date().toISOString(),
    },
  };
}
