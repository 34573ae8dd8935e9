import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../web/demo/session-token.js';
import { installShop } from '../web/use-cases/install-shop.js';
import { databaseKinds } from './support/databases.js';
import { API_KEY, API_SECRET, send, SHOP, startTestApp, type TestApp } from './support/test-app.js';

describe.each(databaseKinds)('GET /api/program/versions (%s)', (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
    await app.store.transaction((repos) => installShop(repos, SHOP, new Date()));
  });
  afterAll(() => app?.close());

  const put = (body: unknown, staff: string) =>
    send(`${app.url}/api/program`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${signSessionToken({ secret: API_SECRET, apiKey: API_KEY, shop: SHOP, sub: staff })}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });

  it('lists the versions newest first with who changed which settings from what to what', async () => {
    const option = {
      id: 'five-off',
      title: '5 off',
      kind: 'fixed_amount',
      pointsCost: 500,
      amount: '5.00',
      minimumSubtotal: null,
      combinesWithOtherDiscounts: false,
    };
    const second = await put({ earnRate: '2', redemptionOptions: [option] }, '1001');
    expect(second.status).toBe(200);
    // the same settings sent again, the return-visit percentage changed inside its nested object
    const returnVisit = { ...second.body.returnVisit, percentage: 20 };
    const third = await put({ earnRate: '2', redemptionOptions: [option], returnVisit }, '1002');
    expect(third.status).toBe(200);

    const reply = await app.admin('/api/program/versions');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      versions: [
        {
          version: 3,
          effectiveFrom: third.body.effectiveFrom,
          changedBy: '1002',
          changedAt: third.body.effectiveFrom,
          changes: [{ setting: 'returnVisit', from: second.body.returnVisit, to: third.body.returnVisit }],
        },
        {
          version: 2,
          effectiveFrom: second.body.effectiveFrom,
          changedBy: '1001',
          changedAt: second.body.effectiveFrom,
          changes: [
            { setting: 'earnRate', from: '1', to: '2' },
            { setting: 'redemptionOptions', from: [], to: [option] },
          ],
        },
        {
          version: 1,
          effectiveFrom: new Date(0).toISOString(),
          changedBy: null,
          changedAt: expect.any(String),
          changes: [],
        },
      ],
    });
    expect(third.body.returnVisit.percentage).toBe(20);
  });

  it("shows only the token's shop", async () => {
    const reply = await app.admin('/api/program/versions', 'another-shop.myshopify.com');
    expect(reply).toEqual({ status: 200, body: { versions: [] } });
  });
});
