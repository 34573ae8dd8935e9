import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStorefront, startDemoStorefront } from '../web/demo/demo-storefront.js';
import { launchChromium } from './support/browser.js';
import { startStorefrontApp, type StorefrontApp } from './support/storefront-fixture.js';
import { API_KEY, API_SECRET, send, SHOP } from './support/test-app.js';

const FIRST = 61; // one paid order: eligible
const REPEAT = 62; // the storefront heard of two orders: Shopify counts 2, not eligible
const NEVER = 63; // no order at all
const gid = (id: number) => `gid://shopify/Customer/${id}`;

// espresso ×2 (49.80) and the mug (12.50, compare-at equal to its price: regular) are regular-priced; the
// dripper is on sale and the gift card is never discounted. 15 % of 49.80 is 7.47, of 12.50 1.875 → 1.88.
const MIXED = [
  { sku: 'espresso-1kg', quantity: 2 },
  { sku: 'dripper', quantity: 1 },
  { sku: 'mug', quantity: 1 },
  { sku: 'gift-card-25', quantity: 1 },
];
const MIXED_SAVING = '9.35';

/**
 * The demo's return-visit discount end to end: the app grants it through its job against the simulated Admin, and
 * the simulated storefront runs the real Discount Function on a cart with the data the simulated Admin then holds.
 */
describe('return-visit discount on the simulated storefront (demo mode)', () => {
  let app: StorefrontApp;
  let storefront: DemoStorefront;
  let browser: Browser | undefined;

  beforeAll(async () => {
    app = await startStorefrontApp('sqlite');
    storefront = await startDemoStorefront({
      appUrl: app.url,
      shop: SHOP,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      simulated: app.shopify,
      customers: [FIRST, REPEAT, NEVER],
      port: 0,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await storefront?.close();
    expect(app?.shopify.admin.rejected).toEqual([]);
    await app?.close();
  });

  const post = (path: string, body: unknown) =>
    send(`${storefront.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
  const preview = (customer: number, lines: unknown, language = 'EN') =>
    post('/return-visit/preview', { customer, lines, language });
  const metafield = (owner: string, key: string) => {
    const found = app.shopify.admin.metafield(SHOP, owner, '$app', key);
    return found && (JSON.parse(found.value) as Record<string, unknown>);
  };

  it('grants a customer with one paid order after the job runs; one with two reported orders is skipped', async () => {
    const report = await post('/simulated-shopify/orders', {
      orders: [
        { customer: FIRST, orderId: '71001' },
        { customer: REPEAT, orderId: '72001' },
        { customer: REPEAT, orderId: '72002' },
        { customer: REPEAT, orderId: '72001' }, // reported again: still one order
      ],
    });
    expect(report).toMatchObject({ status: 200, body: { counts: { [FIRST]: 1, [REPEAT]: 2 } } });
    await app.earn(FIRST, 40, 71001);
    await app.earn(REPEAT, 40, 72001);
    await app.earn(REPEAT, 40, 72002);
    expect(metafield(gid(FIRST), 'return_visit')).toBeUndefined(); // the job writes it, not the webhook

    await app.running.jobs.runOnce('sync-return-visits');
    expect(metafield(gid(FIRST), 'return_visit')).toEqual({ eligibleUntil: expect.any(String), tier: null });
    expect(metafield(gid(REPEAT), 'return_visit')).toBeUndefined();
    const balance = await app.storefront('/balance', { customer: FIRST });
    expect(balance.body.returnVisit).toMatchObject({ percentage: 15, regularPriceOnly: true });
  });

  it('runs the function on the demo data: a mixed cart gets the configured percentage on its regular lines only', async () => {
    const [discount] = app.shopify.admin.automaticDiscounts(SHOP);
    const configuration = metafield(discount!.id, 'function-configuration');
    const { status, body } = await preview(FIRST, MIXED);
    expect(status).toBe(200);
    // the input carries what the simulated Admin holds, as Shopify would fill the input query
    expect(body.input.discount).toEqual({
      discountClasses: discount!.discountClasses,
      metafield: { jsonValue: configuration },
    });
    expect(body.input.cart.buyerIdentity.customer).toEqual({
      id: gid(FIRST),
      metafield: { jsonValue: metafield(gid(FIRST), 'return_visit') },
    });
    const [operation] = body.output.operations;
    const [candidate] = operation.productDiscountsAdd.candidates;
    expect(candidate.value).toEqual({ percentage: { value: configuration!.percentage } });
    const lineOf = (sku: string) => body.input.cart.lines[MIXED.findIndex((l) => l.sku === sku)].id;
    expect(candidate.targets).toEqual([
      { cartLine: { id: lineOf('espresso-1kg') } },
      { cartLine: { id: lineOf('mug') } },
    ]);
    expect(body).toMatchObject({
      percentage: 15,
      message: 'Welcome back: 15% off',
      saving: { amount: MIXED_SAVING, currencyCode: 'EUR' },
      reason: null,
    });
    const german = await preview(FIRST, MIXED, 'DE');
    expect(german.body.message).toBe('Willkommen zurück: 15 % Rabatt');
  });

  it('gives nothing for a cart of sale items only, or below the minimum, and says why', async () => {
    const sale = await preview(FIRST, [
      { sku: 'dripper', quantity: 3 },
      { sku: 'milk-jug', quantity: 2 },
    ]);
    expect(sale.body.output).toEqual({ operations: [] });
    expect(sale.body).toMatchObject({ saving: { amount: '0.00' }, reason: { code: 'only_sale_items' } });
    const small = await preview(FIRST, [{ sku: 'filter-500g', quantity: 2 }]); // 25.80 < 30.00
    expect(small.body.output).toEqual({ operations: [] });
    expect(small.body.reason.code).toBe('below_minimum');
  });

  it('gives nothing to customers without the metafield', async () => {
    for (const customer of [NEVER, REPEAT]) {
      const { body } = await preview(customer, MIXED);
      expect(body.input.cart.buyerIdentity.customer.metafield).toBeNull();
      expect(body.output).toEqual({ operations: [] });
      expect(body.reason.code).toBe('not_eligible');
    }
  });

  it('refuses customers it was not given and carts it cannot read', async () => {
    expect((await preview(999, MIXED)).status).toBe(404);
    expect((await preview(FIRST, [{ sku: 'caviar', quantity: 1 }])).status).toBe(422);
    expect((await preview(FIRST, [{ sku: 'mug', quantity: 1.5 }])).status).toBe(422);
    expect((await preview(FIRST, MIXED, 'FR')).status).toBe(422);
    const report = await post('/simulated-shopify/orders', { orders: [{ customer: 999, orderId: '1' }] });
    expect(report.status).toBe(422);
  });

  it('shows the eligibility, the discounted lines and the saving of a mixed cart on the page (chromium)', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${storefront.url}/`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.selectOption('#customer', String(FIRST));
    const until = metafield(gid(FIRST), 'return_visit')!.eligibleUntil as string;
    await page.locator('#rv-eligibility', { hasText: `Eligible until ${until}` }).waitFor();
    for (const { sku, quantity } of MIXED)
      await page.locator(`#catalog tr[data-sku="${sku}"] input`).fill(String(quantity));
    await page.getByRole('button', { name: 'What would the return-visit discount give?' }).click();
    await page.locator('#rv-result:not([hidden])').waitFor();
    expect(await page.locator('#rv-saving').textContent()).toBe(`${MIXED_SAVING} EUR`);
    expect(await page.locator('#rv-message').textContent()).toBe('Welcome back: 15% off');
    expect(
      await page.locator('#rv-targets li').evaluateAll((items) => items.map((li) => li.dataset.sku)),
    ).toEqual(['espresso-1kg', 'mug']);

    await page.selectOption('#customer', String(NEVER));
    await page.locator('#rv-eligibility', { hasText: 'Not eligible' }).waitFor();
    await page.getByRole('button', { name: 'What would the return-visit discount give?' }).click();
    await page.locator('#rv-outcome[data-reason="not_eligible"]').waitFor();
    expect(await page.locator('#rv-saving').textContent()).toBe('0.00 EUR');
    expect(errors).toEqual([]);
  });
});
