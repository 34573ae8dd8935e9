import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { installShop } from '../web/use-cases/install-shop.js';
import { databaseKinds } from './support/databases.js';
import { API_KEY, API_SECRET, send, SHOP, startTestApp, type TestApp } from './support/test-app.js';

describe.each(databaseKinds)('GET|PUT /api/program (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    await app.store.transaction((repos) => installShop(repos, SHOP, new Date()));
  });
  afterAll(async () => {
    await app.close();
  });

  const put = (body: unknown) =>
    send(`${app.url}/api/program`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP })}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });

  it('saves redemption options as a new program version and keeps the settings it was not sent', async () => {
    const first = await app.admin('/api/program');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      version: 1,
      redemptionOptions: [],
      codeLifetimeDays: 30,
      earnRate: '1',
    });
    const option = {
      id: 'five-off',
      title: '5 off',
      kind: 'fixed_amount',
      pointsCost: 500,
      amount: '5.00',
      minimumSubtotal: null,
      combinesWithOtherDiscounts: false,
    };
    const saved = await put({ redemptionOptions: [option], codeLifetimeDays: 14 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      version: 2,
      redemptionOptions: [option],
      codeLifetimeDays: 14,
      earnRate: '1',
    });
    expect((await app.admin('/api/program')).body).toEqual(saved.body);
  });

  it('refuses invalid options with one 422 that lists every problem, and saves nothing', async () => {
    const reply = await put({
      redemptionOptions: [
        {
          id: 'x',
          kind: 'percentage',
          title: 'p',
          pointsCost: 10,
          percentage: 0,
          maximumAmount: null,
          minimumSubtotal: null,
          combinesWithOtherDiscounts: 'yes',
        },
      ],
      codeLifetimeDays: 0,
    });
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe('invalid_program');
    expect(reply.body.message.split('; ')).toEqual([
      'codeLifetimeDays must be a whole number from 1 to 365',
      'redemptionOptions[0].combinesWithOtherDiscounts must be true or false',
      'redemptionOptions[0].percentage must be a whole number from 1 to 100',
    ]);
    expect((await app.admin('/api/program')).body.version).toBe(2);
  });

  it('answers 422, never 500, for a body that is not a settings object or has wrongly typed values', async () => {
    for (const body of [[1, 2], { earnRate: 1 }, { pointValue: null }]) {
      const reply = await put(body);
      expect({ body, status: reply.status, code: reply.body.code }).toEqual({
        body,
        status: 422,
        code: 'invalid_program',
      });
    }
    expect((await app.admin('/api/program')).body.version).toBe(2);
  });
});
