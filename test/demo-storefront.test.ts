import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoStorefront, startDemoStorefront } from '../web/demo/demo-storefront.js';
import { launchChromium } from './support/browser.js';
import { startStorefrontApp, type StorefrontApp } from './support/storefront-fixture.js';
import { API_KEY, API_SECRET, SHOP } from './support/test-app.js';

// One customer per test, so each starts from a balance of its own.
const CANCELLER = 41;
const POOR = 42;
const RETRIER = 43;
const BUYER = 44;

/**
 * The demo's simulated storefront page in a real browser, against the real app: the page's own origin calls the
 * app's storefront API cross-origin with the extension tokens its server signs, as the extensions will.
 */
describe('simulated storefront page (demo mode, chromium)', () => {
  let app: StorefrontApp;
  let storefront: DemoStorefront;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await startStorefrontApp('sqlite');
    await app.earn(CANCELLER, 1200);
    await app.earn(POOR, 120);
    await app.earn(RETRIER, 900);
    await app.earn(BUYER, 600);
    storefront = await startDemoStorefront({
      appUrl: app.url,
      shop: SHOP,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      simulated: app.shopify,
      customers: [CANCELLER, POOR, RETRIER, BUYER],
      port: 0,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await storefront?.close();
    await app?.close();
  });

  // Generous bounds on the waits: they only fail a hung page, never a slow one.
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

  async function openAs(customer: number, available: number): Promise<Page> {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000); // below the test's timeout, so a wait that fails names its locator
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${storefront.url}/`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.selectOption('#customer', String(customer));
    await poll(() => text(page.locator('#available'))).toBe(String(available));
    return page;
  }
  const text = async (locator: Locator) => (await locator.textContent())?.trim() ?? '';
  /** Waits for the outcome of a click that redeems (a new code, or an error) and returns the error text or ''. */
  async function outcome(page: Page): Promise<string> {
    await page.locator('#result:not([hidden]), #error:not([hidden])').first().waitFor();
    return (await page.locator('#error').isVisible()) ? text(page.locator('#error')) : '';
  }
  const option = (page: Page, id: string) => page.locator(`li[data-option-id="${id}"]`);
  const codesOf = (customer: number) =>
    app.shopify.admin
      .discountCodes(SHOP)
      .filter((d) => d.buyers.includes(`gid://shopify/Customer/${customer}`));

  it('says loudly that it is a simulation', async () => {
    const page = await openAs(POOR, 120);
    expect(await text(page.locator('.banner'))).toBe('SIMULATED STOREFRONT — demo only, not Shopify');
    expect(await text(page.locator('#app-url'))).toBe(app.url);
    await page.close();
  });

  it('redeems 5 EUR off: the code on the page and in the simulated Admin, then cancels it and the points return', async () => {
    const page = await openAs(CANCELLER, 1200);
    expect(await text(page.locator('#value'))).toBe('12.00 EUR');
    await option(page, 'five-off').getByRole('button', { name: 'Redeem' }).click();

    expect(await outcome(page)).toBe('');
    const code = await text(page.locator('#new-code'));
    expect(code).toMatch(/^LOYAL-/);
    await poll(() => text(page.locator('#available'))).toBe('700');
    await page.locator(`#codes tr[data-code="${code}"]`).waitFor();
    expect(codesOf(CANCELLER)).toEqual([
      expect.objectContaining({
        code,
        usageLimit: 1,
        buyers: [`gid://shopify/Customer/${CANCELLER}`],
        value: { amount: '5.00', appliesOnEachItem: false },
        endsAt: expect.any(String),
      }),
    ]);
    // the page shows the Admin's record, not only the app's answer
    await poll(() => text(page.locator('#admin-code'))).toContain(`gid://shopify/Customer/${CANCELLER}`);
    expect(await text(page.locator('#admin-code'))).toContain('Usage limit1');

    await page.locator(`#codes tr[data-code="${code}"]`).getByRole('button', { name: 'Cancel' }).click();
    await poll(() => text(page.locator('#available'))).toBe('1200');
    await page.locator(`#codes tr[data-code="${code}"]`).waitFor({ state: 'detached' });
    expect(await text(page.locator('#notice'))).toContain(`Code ${code} cancelled`);
    const [deactivated] = codesOf(CANCELLER);
    expect(Date.parse(deactivated!.endsAt!)).toBeLessThanOrEqual(Date.now()); // deactivated in "Shopify"
    await page.close();
  });

  it('shows what a customer without enough points still needs, with the button disabled; a 409 is shown as such', async () => {
    const page = await openAs(POOR, 120);
    const fiveOff = option(page, 'five-off');
    expect(await text(fiveOff.locator('.needed'))).toBe('380 more points needed');
    expect(await fiveOff.getByRole('button', { name: 'Redeem' }).isDisabled()).toBe(true);
    expect(await option(page, 'free-shipping').getByRole('button', { name: 'Redeem' }).isDisabled()).toBe(
      true,
    );

    // pay with points is affordable for one step; asking for more than the balance is the app's 409
    const pay = option(page, 'pay');
    expect(await pay.locator('.needed').count()).toBe(0);
    await pay.locator('input[type="number"]').fill('500');
    await pay.getByRole('button', { name: 'Redeem' }).click();
    await page.locator('#error:not([hidden])').waitFor();
    expect(await text(page.locator('#error'))).toMatch(/^Not enough points/);
    expect(await text(page.locator('#available'))).toBe('120');
    expect(codesOf(POOR)).toEqual([]);
    await page.close();
  });

  it('retries a redemption whose answer was lost, and one Shopify refused (502), with the same Idempotency-Key', async () => {
    const page = await openAs(RETRIER, 900);
    const keys: string[] = [];
    let dropOne = true;
    await page.route(`${app.url}/api/storefront/redemptions`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      keys.push((await route.request().headerValue('idempotency-key')) ?? '');
      if (!dropOne) return route.continue();
      dropOne = false;
      await route.fetch(); // the app redeems, and its answer never reaches the page
      await route.abort('connectionreset');
    });
    const redeemButton = option(page, 'five-off').getByRole('button', { name: 'Redeem' });
    await redeemButton.click();
    await page.locator('#error:not([hidden])').waitFor();
    expect(await text(page.locator('#error'))).toContain('same Idempotency-Key');

    await redeemButton.click();
    expect(await outcome(page)).toBe('');
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    await poll(() => text(page.locator('#available'))).toBe('400'); // debited once
    expect(codesOf(RETRIER).map((d) => d.code)).toEqual([await text(page.locator('#new-code'))]);

    app.shopify.admin.failNext(1, 'userErrors', { operation: 'discountCodeBasicCreate' });
    const pay = option(page, 'pay');
    await pay.locator('input[type="number"]').fill('200');
    await pay.getByRole('button', { name: 'Redeem' }).click();
    await page.locator('#error:not([hidden])').waitFor();
    expect(await text(page.locator('#error'))).toMatch(/^Shopify is unavailable \(502\)/);
    expect(await text(page.locator('#available'))).toBe('400'); // points given back
    await pay.getByRole('button', { name: 'Redeem' }).click();
    await poll(() => text(page.locator('#available'))).toBe('200');
    expect(keys).toHaveLength(4);
    expect(keys[3]).toBe(keys[2]);
    expect(keys[2]).not.toBe(keys[0]);
    await page.close();
  });

  it('orders with a code: the app marks it used and credits the order', async () => {
    const page = await openAs(BUYER, 600);
    await option(page, 'five-off').getByRole('button', { name: 'Redeem' }).click();
    expect(await outcome(page)).toBe('');
    const code = await text(page.locator('#new-code'));
    await page
      .locator(`#codes tr[data-code="${code}"]`)
      .getByRole('button', { name: 'Order with this code' })
      .click();
    await poll(() => text(page.locator('#notice'))).toContain(`code ${code} is used`);
    await page.locator(`#codes tr[data-code="${code}"]`).waitFor({ state: 'detached' });
    // one grinder (89.00) minus the 5.00 code, VAT included and taken out: 70 points
    const customer = await app.customer(BUYER);
    expect(customer.balance.available).toBe(600 - 500 + 70);
    expect(await text(page.locator('#available'))).toBe(String(customer.balance.available));
    await page.close();
  });

  it('signs tokens and shows Admin codes only for the customers it was given', async () => {
    for (const path of ['/token?customer=999', '/simulated-admin/codes?customer=999', '/token']) {
      const response = await fetch(`${storefront.url}${path}`);
      expect(response.status, path).toBe(404);
    }
    const order = await fetch(`${storefront.url}/order`, {
      method: 'POST',
      body: JSON.stringify({ customer: POOR, code: 'NOT-OURS' }),
    });
    expect(order.status).toBe(404);
  });

  it('raised no script errors on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
