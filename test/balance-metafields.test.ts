import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from './support/databases.js';
import { type StorefrontApp, startStorefrontApp } from './support/storefront-fixture.js';
import { SHOP } from './support/test-app.js';

const gid = (id: number) => `gid://shopify/Customer/${id}`;

describe.each(databaseKinds)('balance metafields in Shopify (%s)', (kind) => {
  let app: StorefrontApp;
  beforeAll(async () => {
    app = await startStorefrontApp(kind);
  });
  afterAll(async () => {
    expect(app.shopify.admin.rejected).toEqual([]);
    await app.close();
  });

  const sync = () => app.running.jobs.runOnce('sync-balance-metafields');
  const metafieldsSetCalls = () => app.shopify.admin.calls.filter((name) => name === 'metafieldsSet').length;

  it('writes points_balance and the loyalty JSON after points change, once per customer for a burst', async () => {
    for (let i = 0; i < 5; i++) await app.earn(200, 100);
    const before = metafieldsSetCalls();
    expect(await sync()).toBe(true);
    expect(metafieldsSetCalls() - before).toBe(1);
    expect(app.shopify.admin.metafield(SHOP, gid(200), '$app', 'points_balance')?.value).toBe('500');
    expect(JSON.parse(app.shopify.admin.metafield(SHOP, gid(200), '$app', 'loyalty')!.value)).toEqual({
      available: 500,
      pending: 0,
      value: { amount: '5.00', currencyCode: 'EUR' },
      tier: null,
    });
    // nothing changed since: nothing to write
    await sync();
    expect(metafieldsSetCalls() - before).toBe(1);
  });

  it('keeps a change that Shopify refused and writes it on a later run', async () => {
    await app.earn(201, 300);
    app.shopify.admin.failNext(1, 'userErrors', { operation: 'metafieldsSet' });
    await sync();
    expect(app.shopify.admin.metafield(SHOP, gid(201), '$app', 'points_balance')).toBeUndefined();
    app.advanceClock(10 * 60_000); // past the shop's backoff
    try {
      await sync();
    } finally {
      app.advanceClock(-10 * 60_000);
    }
    expect(app.shopify.admin.metafield(SHOP, gid(201), '$app', 'points_balance')?.value).toBe('300');
  });

  it('writes the balance after a redemption too', async () => {
    await app.earn(202, 700);
    await sync();
    const reply = await app.storefront('/redemptions', {
      customer: 202,
      key: 'k-202',
      body: { optionId: 'five-off' },
    });
    expect(reply.status).toBe(201);
    await sync();
    expect(app.shopify.admin.metafield(SHOP, gid(202), '$app', 'points_balance')?.value).toBe('200');
  });
});
