import { describe, expect, it } from 'vitest';
import { type CatalogItem, DEMO_CATALOG } from './demo-catalog.js';
import { cartLines, functionInput, shopLocalDate } from './return-visit-input.js';
import { previewReturnVisit } from './return-visit-preview.js';

const item = (sku: string): CatalogItem => {
  const found = DEMO_CATALOG.find((i) => i.sku === sku);
  if (!found) throw new Error(`no ${sku} in the catalog`);
  return found;
};

describe('the function input the simulated storefront assembles', () => {
  it('gives each line its price, compare-at price, exact subtotal and gift-card flag', () => {
    const lines = cartLines([
      { item: item('espresso-1kg'), quantity: 3 }, // 3 × 24.90: 74.70 exactly, not 74.69999…
      { item: item('dripper'), quantity: 1 },
      { item: item('mug'), quantity: 2 },
      { item: item('gift-card-25'), quantity: 1 },
    ]).map((l) => l.line);
    expect(lines.map((l) => l.id)).toEqual([1, 2, 3, 4].map((n) => `gid://shopify/CartLine/${n}`));
    expect(lines[0]).toEqual({
      id: 'gid://shopify/CartLine/1',
      quantity: 3,
      cost: {
        amountPerQuantity: { amount: '24.90', currencyCode: 'EUR' },
        compareAtAmountPerQuantity: null,
        subtotalAmount: { amount: '74.70' },
      },
      merchandise: {
        __typename: 'ProductVariant',
        id: 'gid://shopify/ProductVariant/801',
        product: { isGiftCard: false },
      },
    });
    expect(lines[1]!.cost.compareAtAmountPerQuantity).toEqual({ amount: '19.90' }); // on sale: 14.90
    expect(lines[1]!.cost.amountPerQuantity.amount).toBe('14.90');
    // a compare-at price equal to the price is passed on as it is: deciding "on sale" is the function's job
    expect(lines[2]!.cost).toMatchObject({
      compareAtAmountPerQuantity: { amount: '12.50' },
      subtotalAmount: { amount: '25.00' },
    });
    expect(lines[3]!.merchandise).toMatchObject({ product: { isGiftCard: true } });
  });

  it('fills the discount, the logged-in buyer, the date, the language and the rate; a missing metafield is null', () => {
    const base = {
      discountClasses: ['PRODUCT'],
      configuration: { percentage: 15, minimumSubtotal: '30.00', regularPriceOnly: true, tierUplift: {} },
      customerGid: 'gid://shopify/Customer/7',
      returnVisit: { eligibleUntil: '2026-09-01', tier: null },
      lines: [],
      shopDate: '2026-08-02',
      language: 'DE' as const,
    };
    expect(functionInput(base)).toEqual({
      discount: { discountClasses: ['PRODUCT'], metafield: { jsonValue: base.configuration } },
      cart: {
        buyerIdentity: {
          isAuthenticated: true,
          customer: { id: 'gid://shopify/Customer/7', metafield: { jsonValue: base.returnVisit } },
        },
        lines: [],
      },
      shop: { localTime: { date: '2026-08-02' } },
      localization: { language: { isoCode: 'DE' } },
      presentmentCurrencyRate: '1.0',
    });
    const bare = functionInput({ ...base, configuration: undefined, returnVisit: undefined });
    expect(bare.discount.metafield).toBeNull();
    expect(bare.cart.buyerIdentity?.customer?.metafield).toBeNull();
  });

  it("takes the shop's date in Europe/Berlin, not UTC's", () => {
    expect(shopLocalDate(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
    expect(shopLocalDate(new Date('2026-03-28T22:30:00Z'))).toBe('2026-03-28');
  });
});

describe('previewReturnVisit (the real function on that input)', () => {
  const DISCOUNT = 'gid://shopify/DiscountAutomaticNode/1';
  const stub = (returnVisit: unknown, configuration: unknown = CONFIG) => ({
    automaticDiscounts: () => [
      {
        id: DISCOUNT,
        functionHandle: 'return-visit-discount',
        discountClasses: ['PRODUCT'],
        startsAt: '2020-01-01T00:00:00Z',
        endsAt: null,
      } as never,
    ],
    metafield: (_shop: string, owner: string) => {
      const json = owner === DISCOUNT ? configuration : returnVisit;
      return json === undefined ? undefined : ({ value: JSON.stringify(json) } as never);
    },
  });
  const CONFIG = { percentage: 15, minimumSubtotal: '30.00', regularPriceOnly: true, tierUplift: {} };
  const OPEN = { eligibleUntil: '2099-12-31', tier: null };
  const run = (admin: ReturnType<typeof stub>, skus: Array<[string, number]>) =>
    previewReturnVisit(
      admin,
      'shop',
      {
        customerId: 7,
        items: skus.map(([sku, quantity]) => ({ item: item(sku), quantity })),
        language: 'EN',
      },
      new Date(),
    );

  it('discounts the regular lines only and computes the saving per line, to the cent', () => {
    const preview = run(stub(OPEN), [
      ['espresso-1kg', 1],
      ['dripper', 2],
      ['mug', 1],
      ['gift-card-25', 1],
    ]);
    expect(preview.targets.map((t) => t.sku)).toEqual(['espresso-1kg', 'mug']);
    expect(preview).toMatchObject({ percentage: 15, message: 'Welcome back: 15% off', reason: null });
    expect(preview.saving).toEqual({ amount: '5.62', currencyCode: 'EUR' }); // 3.735 → 3.74, 1.875 → 1.88
  });

  it('says why it gives nothing: not eligible, window over, only sale items, below the minimum', () => {
    const reason = (admin: ReturnType<typeof stub>, skus: Array<[string, number]>) => {
      const preview = run(admin, skus);
      expect(preview.output).toEqual({ operations: [] });
      expect(preview.saving.amount).toBe('0.00');
      return preview.reason?.code;
    };
    expect(reason(stub(undefined), [['grinder', 1]])).toBe('not_eligible');
    expect(reason(stub({ eligibleUntil: '2020-01-01', tier: null }), [['grinder', 1]])).toBe('window_over');
    expect(
      reason(stub(OPEN), [
        ['dripper', 3],
        ['gift-card-25', 2],
      ]),
    ).toBe('only_sale_items');
    expect(
      reason(stub(OPEN), [
        ['espresso-1kg', 1],
        ['dripper', 3],
      ]),
    ).toBe('below_minimum');
    expect(run(stub(OPEN), [['espresso-1kg', 1]]).reason?.message).toContain(
      '24.90 EUR, below the minimum of 30.00',
    );
  });

  it('runs nothing when the shop has no active discount, as Shopify would not', () => {
    const preview = run({ ...stub(OPEN), automaticDiscounts: () => [] }, [['grinder', 1]]);
    expect(preview).toMatchObject({ input: null, output: null, reason: { code: 'no_discount' } });
  });
});
