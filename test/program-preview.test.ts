import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { databaseKinds } from './support/databases.js';
import { OPTIONS, startStorefrontApp, type StorefrontApp } from './support/storefront-fixture.js';
import { API_KEY, API_SECRET, send, SHOP } from './support/test-app.js';

describe.each(databaseKinds)('POST /api/program/preview (%s)', (kind) => {
  let app: StorefrontApp;
  const CUSTOMER = 9001;
  beforeAll(async () => {
    app = await startStorefrontApp(kind); // EUR, 1 point per EUR worth 0.01, "five-off" costs 500 points
    await app.earn(CUSTOMER, 1000);
  });
  afterAll(() => app?.close());

  const call = (method: 'POST' | 'PUT', path: string, body: unknown) =>
    send(`${app.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP })}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const preview = (body: unknown) => call('POST', '/api/program/preview', body);
  const balance = async () => (await app.storefront('/balance', { customer: CUSTOMER })).body;

  it('says a new earn rate leaves points already held as they are, and saving it bears that out', async () => {
    const reply = await preview({ earnRate: '2' });
    expect(reply).toEqual({
      status: 200,
      body: {
        change: {
          devaluesPoints: false,
          pointValue: { from: '0.01', to: '0.01' },
          earnRate: { from: '1', to: '2' },
          existingPointsKeepValue: true,
          redemptionOptions: [],
        },
      },
    });
    expect((await call('PUT', '/api/program', { earnRate: '2' })).status).toBe(200);
    expect((await balance()).value).toEqual({ amount: '10.00', currencyCode: 'EUR' });
  });

  it('says a lower point value devalues points already held, and saving it does re-value them', async () => {
    const reply = await preview({ pointValue: '0.005' });
    expect(reply.body.change).toMatchObject({
      devaluesPoints: true,
      pointValue: { from: '0.01', to: '0.005' },
      existingPointsKeepValue: false,
    });
    expect((await call('PUT', '/api/program', { pointValue: '0.005' })).status).toBe(200);
    expect((await balance()).value).toEqual({ amount: '5.00', currencyCode: 'EUR' });
  });

  it('says a dearer option devalues points already held: it is priced for them at redemption time', async () => {
    const dearer = OPTIONS.map((option) =>
      option.id === 'five-off' ? { ...option, pointsCost: 1000 } : option,
    );
    const reply = await preview({ redemptionOptions: dearer });
    expect(reply.body.change).toMatchObject({
      devaluesPoints: true,
      existingPointsKeepValue: false,
      redemptionOptions: [{ id: 'five-off', change: 'worse' }],
    });
    expect((await call('PUT', '/api/program', { redemptionOptions: dearer })).status).toBe(200);
    const fiveOff = (await balance()).options.find((option: { id: string }) => option.id === 'five-off');
    expect(fiveOff).toMatchObject({ pointsCost: 1000 });
  });

  it('validates like PUT (the same 422, problems by field) and writes nothing', async () => {
    const before = await app.admin('/api/program/versions');
    const body = { earnRate: '-1', codeLifetimeDays: 0, breakageAssumption: 12.5 };
    const previewed = await preview(body);
    expect(previewed.status).toBe(422);
    expect(previewed.body.problems.map((problem: { field: string }) => problem.field)).toEqual([
      'earnRate',
      'codeLifetimeDays',
      'breakageAssumption',
    ]);
    expect(previewed.body).toEqual((await call('PUT', '/api/program', body)).body);
    expect((await preview([1])).body).toMatchObject({ code: 'invalid_program', problems: [] });
    expect((await preview({ pointValue: '1' })).status).toBe(200);
    expect(await app.admin('/api/program/versions')).toEqual(before);
  });
});
