import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adminRequest,
  expectAccessible,
  type PanelBrowser,
  pageTitled,
  screenshot,
  seedCustomers,
  startPanelBrowser,
} from './support/panel-browser.js';

const KNOWN = 701; // has points from an order
const NEW = 703; // known by id only once imported

// Line 3 (the header is line 1) cannot be imported: an import brings balances, never negative points.
const CSV = ['customer_id,points', `${KNOWN},120`, '702,-5', `${NEW},80`, ''].join('\n');

// The built panel in a real chromium against the real server in demo mode, SQLite only (see panel-browser.ts).
describe('merchant panel import and export page (chromium)', { timeout: 60_000 }, () => {
  let pb: PanelBrowser;
  beforeAll(async () => {
    pb = await startPanelBrowser();
    await seedCustomers(pb.app, [{ id: KNOWN, orders: [{ orderId: 97_011, amount: '50.00', daysAgo: 2 }] }]);
  });
  afterAll(() => pb?.close());
  afterEach(() => {
    const problems = pb.problems.splice(0);
    expect(problems, 'page errors and console errors').toEqual([]);
  });

  it("checks a CSV first (the report names the bad row's line and reason), then imports it with progress until done", async () => {
    const dryRun = await adminRequest(pb.app, 'POST', '/api/imports?dryRun=true', CSV);
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.problems).toEqual([{ row: 3, message: expect.any(String) }]);
    const reason = dryRun.body.problems[0].message as string;
    const before = (await pb.app.customer(KNOWN)).balance.available;

    const page = await pb.open('/import-export');
    await pageTitled(page, 'Import & export');
    await page.getByText('No imports yet').or(page.getByRole('table')).first().waitFor();
    await expectAccessible(page, 'import and export');
    await screenshot(page, 'import-export');

    await page.locator('input[type="file"]').setInputFiles({
      name: 'smile-export.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await page.getByText('smile-export.csv').waitFor();
    await page.getByRole('button', { name: 'Check file' }).click();
    await page.getByText('2 of 3 rows can be imported').waitFor();
    const problems = page.getByRole('list', { name: 'Rows that cannot be imported' });
    expect(
      (await problems.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' ')),
    ).toEqual([`Row 3${reason}`]);
    expect((await pb.app.admin('/api/imports')).body.imports).toEqual([]); // a dry run stages nothing

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const progress = page.getByTestId('import-progress');
    // the job is not running yet (tests run jobs themselves): the panel shows the staged import waiting
    await progress.and(page.locator('[data-status="ready"]')).waitFor();
    expect(await progress.getByText('Waiting').count()).toBe(1);
    await pb.app.running.jobs.runOnce('import-balances');

    // the panel polls every second until the import is done
    await progress.and(page.locator('[data-status="done"]')).waitFor();
    expect(await progress.locator('progress').getAttribute('value')).toBe('100');
    await progress.getByText('2 of 2 rows processed').waitFor();
    await progress.getByText('2 imported, 0 skipped, of 3 rows').waitFor();
    await page
      .getByRole('table')
      .getByRole('row')
      .filter({ hasText: 'smile-export.csv' })
      .getByText('Done')
      .waitFor();

    expect((await pb.app.customer(KNOWN)).balance.available).toBe(before + 120);
    expect((await pb.app.customer(NEW)).balance.available).toBe(80);
    expect((await pb.app.admin('/api/customers/702')).status).toBe(404);
    await page.close();
  });

  it('downloads the balances export through the session token, as a CSV file', async () => {
    const page = await pb.open('/import-export');
    await pageTitled(page, 'Import & export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export balances' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const [header, ...rows] = text.trim().split(/\r?\n/);
    expect(header).toBe('customer_id,email,name,available,pending,tier,last_activity_at');
    const expected = await pb.app.customer(KNOWN);
    expect(rows.find((row) => row.startsWith(`${KNOWN},`))).toContain(`,${expected.balance.available},`);
    await page.close();
  });
});
