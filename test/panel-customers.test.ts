import type { Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  type PanelBrowser,
  pageTitled,
  screenshot,
  seedCustomers,
  startPanelBrowser,
} from './support/panel-browser.js';

// Names by personFor (id % 10): 601 Lukas Müller, 602 Sophie Weber, 603 Jonas Fischer, 604 Marie Wagner.
const SOPHIE = 602;
const MARIE = 604;

// The built panel in a real chromium against the real server in demo mode, SQLite only (see panel-browser.ts).
describe('merchant panel customers and customer pages (chromium)', { timeout: 60_000 }, () => {
  let pb: PanelBrowser;
  beforeAll(async () => {
    pb = await startPanelBrowser();
    await seedCustomers(pb.app, [
      { id: 601, orders: [{ orderId: 96_011, amount: '30.00', daysAgo: 3 }] },
      { id: SOPHIE, orders: [{ orderId: 96_021, amount: '65.00', daysAgo: 2 }] },
      { id: 603 },
      { id: MARIE, orders: [{ orderId: 96_041, amount: '40.00', daysAgo: 1 }] },
    ]);
  });
  afterAll(() => pb?.close());
  afterEach(() => {
    const problems = pb.problems.splice(0);
    expect(problems, 'page errors and console errors').toEqual([]);
  });

  const texts = async (locator: Locator) => (await locator.allTextContents()).map((text) => text.trim());

  it("finds a customer by part of the name and opens the customer's page from the list", async () => {
    const page = await pb.open('/customers');
    await pageTitled(page, 'Customers');
    const names = page.getByRole('table').getByRole('link');
    // all four (their order among each other is the order the parallel webhooks created them in)
    await expect
      .poll(async () => (await texts(names)).sort(), { timeout: 20_000 })
      .toEqual(['Jonas Fischer', 'Lukas Müller', 'Marie Wagner', 'Sophie Weber']);
    await expectAccessible(page, 'customers');
    await screenshot(page, 'customers');

    await page.getByRole('textbox', { name: 'Search customers' }).fill('weber');
    await expect.poll(() => texts(names), { timeout: 20_000 }).toEqual(['Sophie Weber']);
    await names.first().click();

    await pageTitled(page, 'Sophie Weber');
    expect(new URL(page.url()).pathname).toBe(`/customers/${SOPHIE}`);
    await page.getByText(`sophie.weber.${SOPHIE}@example.com`).waitFor();
    await page.getByText('65 points').first().waitFor();
    await page.getByRole('cell', { name: 'Earned with an order' }).waitFor();
    await expectAccessible(page, 'customer');
    await screenshot(page, 'customer');
    await page.close();
  });

  it('adjusts points in the modal: a reason is required, then the ledger gains an adjust row with it', async () => {
    const before = await pb.app.customer(MARIE);
    const reason = 'Goodwill for a late parcel';
    const page = await pb.open(`/customers/${MARIE}`);
    await pageTitled(page, 'Marie Wagner');
    await page.getByRole('button', { name: 'Adjust points' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjust points of Marie Wagner' });
    await dialog.getByRole('spinbutton', { name: 'Points' }).fill('150');

    // without a reason the modal stays where it is and says what is missing
    await dialog.getByRole('button', { name: 'Review' }).click();
    const reasonField = dialog.getByRole('textbox', { name: 'Reason' });
    await expect.poll(() => reasonField.getAttribute('aria-invalid'), { timeout: 20_000 }).toBe('true');
    await dialog.getByText('A reason is required: it is kept with the adjustment.').waitFor();
    await expectAccessible(page, 'adjust points modal with a missing reason');

    await reasonField.fill(reason);
    await expect.poll(() => reasonField.getAttribute('aria-invalid'), { timeout: 20_000 }).not.toBe('true');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByText(`Add 150 points (€1.50) to Marie Wagner? Reason: ${reason}`).waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached' });

    const available = before.balance.available + 150;
    const row = page.getByRole('row').filter({ hasText: 'Manual adjustment' });
    await row.waitFor();
    const after = await pb.app.customer(MARIE);
    const [adjusted] = after.entries;
    expect(adjusted).toMatchObject({ kind: 'adjust', points: 150, reason, programVersion: 1 });
    expect(await texts(row.locator('th, td'))).toEqual([
      expect.any(String), // when
      'Manual adjustment',
      '+150',
      String(available), // the balance it left
      '1', // the program version in force
      '—', // no order
      reason,
    ]);
    await page.getByText(`${available} points`).first().waitFor();
    expect(after.balance.available).toBe(available);
    expect(after.entries.filter((entry) => entry.kind === 'adjust')).toHaveLength(1); // the missing reason sent nothing
    await page.close();
  });
});
