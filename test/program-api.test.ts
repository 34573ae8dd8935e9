import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { FALLBACK_CURRENCY } from '../web/loyalty/money.js';
import { DEFAULT_RETURN_VISIT } from '../web/loyalty/return-visit.js';
import { installShop } from '../web/use-cases/install-shop.js';
import { databaseKinds } from './support/databases.js';
import { API_KEY, API_SECRET, send, SHOP, startTestApp, type TestApp } from './support/test-app.js';

const FIVE_OFF = {
  title: '5 off',
  kind: 'fixed_amount',
  pointsCost: 500,
  amount: '5.00',
  minimumSubtotal: null,
  combinesWithOtherDiscounts: false,
};

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

  it('answers one 422 that names each of three wrong fields by its path, the message as before', async () => {
    const reply = await put({
      earnRate: 'one',
      redemptionOptions: [
        { ...FIVE_OFF, id: 'ok' },
        { ...FIVE_OFF, id: 'bad', pointsCost: 0 },
      ],
      returnVisit: { ...DEFAULT_RETURN_VISIT, percentage: 0 },
    });
    expect(reply).toEqual({
      status: 422,
      body: {
        code: 'invalid_program',
        message:
          'earnRate must be a non-negative decimal; ' +
          'redemptionOptions[1].pointsCost must be a whole number from 1 to 1000000000; ' +
          'returnVisit.percentage must be a whole number from 1 to 100',
        problems: [
          { field: 'earnRate', message: 'must be a non-negative decimal' },
          { field: 'redemptionOptions.1.pointsCost', message: 'must be a whole number from 1 to 1000000000' },
          { field: 'returnVisit.percentage', message: 'must be a whole number from 1 to 100' },
        ],
      },
    });
    expect((await app.admin('/api/program')).body.version).toBe(2);
  });

  it('saves the breakage assumption, and reads a version stored before the setting existed as 20', async () => {
    expect((await put({ breakageAssumption: 101 })).body.problems).toEqual([
      { field: 'breakageAssumption', message: 'must be a whole percent from 0 to 100' },
    ]);
    const saved = await put({ breakageAssumption: 35 });
    expect(saved.body).toMatchObject({ version: 3, breakageAssumption: 35 });
    // a row as written before the column existed: the migration's default fills it
    const [shop, effectiveFrom] = kind === 'sqlite' ? ['?', '?'] : ['$1', '$2'];
    await app.db.$executeRawUnsafe(
      `INSERT INTO "Program" ("shop", "version", "effectiveFrom", "earnRate", "pointValue")
       VALUES (${shop}, 4, ${effectiveFrom}, '1', '0.01')`,
      SHOP,
      new Date(),
    );
    expect((await app.admin('/api/program')).body).toMatchObject({ version: 4, breakageAssumption: 20 });
  });

  it("answers with the shop's currency (the fallback until the shop's is known) on GET and on PUT", async () => {
    const before = await app.admin('/api/program');
    expect(before.body.currencyCode).toBe(FALLBACK_CURRENCY);
    await app.store.transaction((repos) => repos.shops.ensure(SHOP, 'EUR'));
    expect((await app.admin('/api/program')).body).toMatchObject({
      version: before.body.version,
      currencyCode: 'EUR',
    });
    const saved = await put({ signupBonus: 50, currencyCode: 'JPY' });
    expect(saved.body).toMatchObject({
      version: before.body.version + 1,
      signupBonus: 50,
      currencyCode: 'EUR',
    });
    expect((await app.admin('/api/program')).body).toEqual(saved.body);
  });
});
