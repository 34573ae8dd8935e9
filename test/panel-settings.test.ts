import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  adminRequest,
  expectAccessible,
  type PanelBrowser,
  pageTitled,
  screenshot,
  startPanelBrowser,
} from './support/panel-browser.js';

// The built panel in a real chromium against the real server in demo mode, SQLite only (see panel-browser.ts).
describe('merchant panel settings page (chromium)', { timeout: 60_000 }, () => {
  let pb: PanelBrowser;
  beforeAll(async () => {
    pb = await startPanelBrowser();
  });
  afterAll(() => pb?.close());
  afterEach(() => {
    const problems = pb.problems.splice(0);
    expect(problems, 'page errors and console errors').toEqual([]);
  });

  const program = async () => {
    const reply = await pb.app.admin('/api/program');
    expect(reply.status).toBe(200);
    return reply.body as {
      version: number;
      earnRate: string;
      pointValue: string;
      signupBonus: number;
      codeLifetimeDays: number;
    };
  };
  const field = (page: Page, label: string) => page.getByRole('textbox', { name: label });
  /** The text of the error Polaris ties to a field (aria-describedby names it), or null when it shows none. */
  const fieldError = async (input: Locator) => {
    if ((await input.getAttribute('aria-invalid')) !== 'true') return null;
    const ids = (await input.getAttribute('aria-describedby'))?.split(' ') ?? [];
    const errorId = ids.find((id) => id.endsWith('Error'));
    return errorId ? (await input.page().locator(`[id="${errorId}"]`).textContent())?.trim() : null;
  };
  const openSettings = async () => {
    const page = await pb.open('/settings');
    await pageTitled(page, 'Settings');
    await field(page, 'Points per unit of currency').waitFor();
    return page;
  };

  it('saves a changed sign-up bonus through the contextual save bar; a reload and GET /api/program show it', async () => {
    const before = await program();
    const page = await openSettings();
    await expectAccessible(page, 'settings');
    await screenshot(page, 'settings');

    await field(page, 'Sign-up bonus').fill(String(before.signupBonus + 25));
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // saved: the form equals what the server answered (no save bar) and the history names the new version
    // (the toast says so too, but it goes away on its own: nothing to wait for on a busy machine)
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
    await page.getByText(`Version ${before.version + 1}`, { exact: true }).waitFor();

    await page.reload();
    await pageTitled(page, 'Settings');
    await expect
      .poll(() => field(page, 'Sign-up bonus').inputValue(), { timeout: 20_000 })
      .toBe(String(before.signupBonus + 25));
    const after = await program();
    expect(after).toMatchObject({ version: before.version + 1, signupBonus: before.signupBonus + 25 });
    const versions = await pb.app.admin('/api/program/versions');
    expect(versions.body.versions[0].changes).toEqual([
      { setting: 'signupBonus', from: before.signupBonus, to: before.signupBonus + 25 },
    ]);
    await page.close();
  });

  it("shows the server's 422 messages on the fields they name (aria-invalid, described by the error) and saves nothing", async () => {
    const before = await program();
    // what the server says about these two values, asked directly (a refused PUT writes nothing)
    const refused = await adminRequest(pb.app, 'PUT', '/api/program', {
      earnRate: 'abc',
      codeLifetimeDays: -3,
    });
    expect(refused.status).toBe(422);
    const message = (name: string) =>
      (refused.body.problems as Array<{ field: string; message: string }>).find((p) => p.field === name)
        ?.message;
    expect(message('earnRate')).toEqual(expect.any(String));
    expect(message('codeLifetimeDays')).toEqual(expect.any(String));

    const page = await openSettings();
    const earnRate = field(page, 'Points per unit of currency');
    const lifetime = field(page, 'Discount codes valid for');
    expect(await fieldError(earnRate)).toBeNull();
    await earnRate.fill('abc');
    await lifetime.fill('-3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    await page.getByText('The settings were not saved: please fix the marked fields').waitFor();
    await expect.poll(() => fieldError(earnRate), { timeout: 20_000 }).toBe(message('earnRate'));
    expect(await fieldError(lifetime)).toBe(message('codeLifetimeDays'));
    expect(await fieldError(field(page, 'Sign-up bonus'))).toBeNull();
    await page.getByText('Unsaved changes').waitFor(); // the typed values stay for fixing
    await expectAccessible(page, 'settings with field errors');

    expect(await program()).toEqual(before);
    // the panel asks for a preview before it saves: that is the request the server refused
    expect(pb.take(/^HTTP 422 /)).toEqual(['HTTP 422 POST /api/program/preview']);
    await page.close();
  });

  it('asks before saving a lower point value, saying from and to; Cancel saves nothing, "Save anyway" saves', async () => {
    const before = await program();
    const lower = String(Number(before.pointValue) / 2);
    const page = await openSettings();
    await field(page, 'Value of one point').fill(lower);
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'Points will be worth less' });
    const sentence = new RegExp(
      `^1 point was worth \\D*${before.pointValue.replace('.', '\\.')}, now \\D*${lower.replace('.', '\\.')}: ` +
        'points already earned lose value too\\.$',
    );
    await dialog.getByText(sentence).waitFor();
    await expectAccessible(page, 'settings devaluation confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await program()).toEqual(before);
    await page.getByText('Unsaved changes').waitFor(); // the lower value stays, to save or discard

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await dialog.getByText(sentence).waitFor();
    await dialog.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });
    await dialog.waitFor({ state: 'detached' });
    const after = await program();
    expect(after.version).toBe(before.version + 1);
    expect(Number(after.pointValue)).toBe(Number(lower));
    await page.close();
  });

  it('names a removed redemption option in the confirmation, without a point-value sentence when that is unchanged', async () => {
    const option = {
      id: 'ten-off',
      title: '10 off',
      kind: 'fixed_amount',
      pointsCost: 1000,
      amount: '10.00',
    };
    const saved = await adminRequest(pb.app, 'PUT', '/api/program', {
      redemptionOptions: [{ ...option, minimumSubtotal: null, combinesWithOtherDiscounts: false }],
    });
    expect(saved.status).toBe(200);
    const before = await program();
    const page = await openSettings();
    await page.getByRole('button', { name: `Remove ${option.title}`, exact: true }).click();
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: 'Points will be worth less' });
    await dialog.getByText(`${option.title}: Removed`, { exact: true }).waitFor();
    expect(await dialog.getByText(/1 point was worth/).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await program()).toEqual(before);
    await page.close();
  });

  it('saves nothing and shows an error when the preview fails with anything but a 422 (here a 404)', async () => {
    const before = await program();
    const page = await openSettings();
    await page.route('**/api/program/preview', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: '{"code":"not_found","message":"gone"}',
      }),
    );
    await field(page, 'Sign-up bonus').fill(String(before.signupBonus + 1));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The settings were not saved', { exact: true }).waitFor();
    expect(await program()).toEqual(before);
    await page.getByText('Unsaved changes').waitFor();
    pb.take(/^HTTP 404 POST \/api\/program\/preview$/);
    await page.close();
  });
});
