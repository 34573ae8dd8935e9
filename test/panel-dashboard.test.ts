import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectAccessible,
  type PanelBrowser,
  pageTitled,
  screenshot,
  seedCustomers,
  startPanelBrowser,
} from './support/panel-browser.js';

/**
 * What a dashboard chart (`[data-chart]`) has drawn: its paths with their drawn height (lines; a bar is the path of
 * the mask its gradient shows through), legend icons left out, and how many elements carry a negative size. A
 * series of zeros draws flat lines and no bar: nothing of height above 0.
 */
function drawn(page: Page, chart: 'points' | 'repeat-rate') {
  return page.locator(`[data-chart="${chart}"]`).evaluate((figure) => ({
    svgs: figure.querySelectorAll('svg:not(button svg)').length,
    marks: [...figure.querySelectorAll('svg path')]
      .filter((path) => !path.closest('button, defs, clipPath'))
      .map((path) => ({
        d: path.getAttribute('d')?.trim() ?? '',
        height: (path as unknown as { getBBox(): { height: number } }).getBBox().height,
      })),
    negative: figure.querySelectorAll('[height^="-"], [width^="-"], svg[viewBox*="-"]').length,
  }));
}
const withHeight = (chart: Awaited<ReturnType<typeof drawn>>) =>
  chart.marks.filter((mark) => mark.d !== '' && mark.height > 0).length;

// The built panel in a real chromium against the real server in demo mode, SQLite only (see panel-browser.ts).
describe('merchant panel dashboard (chromium)', { timeout: 60_000 }, () => {
  let pb: PanelBrowser;
  beforeAll(async () => {
    pb = await startPanelBrowser();
    // orders spread over the last 30 days (the dashboard's default range); 801 buys twice (repeat purchase)
    await seedCustomers(pb.app, [
      {
        id: 801,
        orders: [
          { orderId: 98_011, amount: '40.00', daysAgo: 20 },
          { orderId: 98_012, amount: '25.00', daysAgo: 5 },
        ],
      },
      { id: 802, orders: [{ orderId: 98_021, amount: '60.00', daysAgo: 14 }] },
      { id: 803, orders: [{ orderId: 98_031, amount: '35.00', daysAgo: 9 }] },
      { id: 804, orders: [{ orderId: 98_041, amount: '80.00', daysAgo: 2 }] },
    ]);
  });
  afterAll(() => pb?.close());
  afterEach(() => {
    const problems = pb.problems.splice(0);
    expect(problems, 'page errors and console errors').toEqual([]);
  });

  it('draws the points and repeat purchase charts with marks from the seeded orders, not empty frames', async () => {
    const stats = (await pb.app.admin('/api/stats')).body;
    expect(stats).toMatchObject({ members: 4, points: { issued: 240 } });

    const page = await pb.open('/');
    await pageTitled(page, 'Dashboard');
    await page.getByTestId('stat-members').getByText('4', { exact: true }).waitFor();
    await page.getByTestId('stat-issued').getByText('240', { exact: true }).waitFor();
    // polaris-viz draws once it has measured its container: wait for the drawing, however long a busy machine takes
    await expect
      .poll(async () => withHeight(await drawn(page, 'points')), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => withHeight(await drawn(page, 'repeat-rate')), { timeout: 20_000 })
      .toBeGreaterThan(0);
    for (const chart of ['points', 'repeat-rate'] as const)
      expect(await drawn(page, chart), chart).toMatchObject({ svgs: 1, negative: 0 });

    await expectAccessible(page, 'dashboard');
    await screenshot(page, 'dashboard');
    await page.close();
  });

  it('speaks German with ?locale=de: titles, navigation and figures', async () => {
    const page = await pb.open('/?locale=de');
    await pageTitled(page, 'Übersicht');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.title()).toBe('Treueprogramm');
    for (const tab of ['Übersicht', 'Kunden', 'Einstellungen', 'Import & Export'])
      await page.getByRole('tab', { name: tab, exact: true }).waitFor();
    await page.getByText('Demo-Shop', { exact: true }).waitFor();
    await page.getByTestId('stat-members').getByText('Mitglieder').waitFor();
    await page.getByText('Vergebene und eingelöste Punkte pro Tag').waitFor();
    await expect
      .poll(async () => withHeight(await drawn(page, 'points')), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await screenshot(page, 'dashboard-de');

    await page.getByRole('tab', { name: 'Einstellungen' }).click();
    await pageTitled(page, 'Einstellungen');
    await page.getByRole('textbox', { name: 'Anmeldebonus' }).waitFor();
    await page.close();
  });
});
