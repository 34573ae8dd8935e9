import { describe, expect, it } from 'vitest';
import type { ReturnVisitRecord } from '../web/db/repositories/return-visit-repository.js';
import { databaseKinds } from './support/databases.js';
import { migratedStore } from './support/store-fixture.js';

const SHOP = 'batch-visits.myshopify.com';

const visit = (customerId: string, changes: Partial<ReturnVisitRecord> = {}): ReturnVisitRecord => ({
  shop: SHOP,
  customerId,
  firstOrderId: `order-${customerId}`,
  eligibleUntil: '2026-12-31',
  tier: null,
  status: 'grant_due',
  usedOrderId: null,
  detail: null,
  ...changes,
});

describe.each(databaseKinds)("a batch's return-visit rows, one statement (%s)", (kind) => {
  const db = migratedStore(kind);

  it('creates the new rows, updates the existing ones in full, and leaves the others alone', async () => {
    await db.store.transaction(async (repos) => {
      await repos.shops.ensure(SHOP, 'EUR');
      await repos.returnVisits.save(visit('1', { status: 'granted', detail: 'old note' }));
      await repos.returnVisits.save(visit('2'));
    });
    const [before] = await db.connection.db.returnVisit.findMany({ where: { shop: SHOP, customerId: '1' } });
    const now = new Date(before!.updatedAt.getTime() + 60_000);

    const used = visit('1', { status: 'revoke_due', usedOrderId: 'order-9', tier: 'gold', detail: null });
    await db.store.transaction((repos) => repos.batch.saveReturnVisits([used, visit('3')], now));

    const rows = await db.connection.db.returnVisit.findMany({
      where: { shop: SHOP },
      orderBy: { customerId: 'asc' },
    });
    expect(rows.map(({ updatedAt: _at, ...row }) => row)).toEqual([used, visit('2'), visit('3')]);
    expect(rows.map((row) => row.updatedAt.getTime() === now.getTime())).toEqual([true, false, true]);
  });

  it('writes nothing for an empty batch', async () => {
    const count = () => db.connection.db.returnVisit.count({ where: { shop: SHOP } });
    const before = await count();
    await db.store.transaction((repos) => repos.batch.saveReturnVisits([], new Date()));
    expect(await count()).toBe(before);
  });
});
