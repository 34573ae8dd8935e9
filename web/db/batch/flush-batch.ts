import type { BatchRepository } from '../repositories/batch-repository.js';
import { shopKey as key } from '../shop-key.js';
import type { BatchLedger } from './batch-ledger.js';

/**
 * Writes what a batch of flows changed, one statement per table: new ledger entries first (their ids are what
 * new lots and awards point to), then lots, balances (with lastActivityAt), changed profiles, awards, waiting
 * reversals, currencies and return-visit rows.
 */
export async function flushBatch(ledger: BatchLedger, rows: BatchRepository, now: Date): Promise<void> {
  const activity = newestEntries(ledger);
  const changed = (id: number) => ({
    ...ledger.customers.get(id)!,
    lastActivityAt: activity.get(id) ?? null,
  });
  const created = [...ledger.dirtyCustomers].filter(ledger.isTemp).map(changed);
  const customerIds = await rows.insertCustomers(created, now);
  const customerId = (id: number) => {
    const real = ledger.isTemp(id) ? customerIds.get(key(...shopAndShopifyId(ledger, id))) : id;
    if (real === undefined) throw new Error(`customer ${id} was not written`);
    return real;
  };
  const ids = await rows.insertEntries(
    ledger.entries.map(({ tempId: _temp, ...entry }) => ({
      ...entry,
      customerId: customerId(entry.customerId),
    })),
    now,
  );
  const realIds = new Map(ledger.entries.map((e) => [e.tempId, ids.get(key(e.shop, e.idempotencyKey))]));
  const entryId = (id: number) => {
    const real = ledger.isTemp(id) ? realIds.get(id) : id;
    if (real === undefined) throw new Error(`ledger entry ${id} was not written`);
    return real;
  };

  const lots = [...ledger.lots.values()].flat();
  await rows.insertLots(
    lots.flatMap((lot) => {
      const facts = ledger.newLots.get(lot.id);
      return facts
        ? [
            {
              ...facts,
              customerId: customerId(facts.customerId),
              entryId: entryId(lot.entryId),
              remaining: lot.remaining,
              matured: lot.matured,
              availableAt: lot.availableAt,
              expiresAt: lot.expiresAt,
            },
          ]
        : [];
    }),
  );
  await rows.updateLots(lots.filter((lot) => ledger.dirtyLots.has(lot.id)));
  await rows.updateBalances([...ledger.dirtyCustomers].filter((id) => !ledger.isTemp(id)).map(changed), now);
  await rows.saveProfiles(
    [...ledger.dirtyProfiles].map((id) => ({ id: customerId(id), profile: ledger.profiles.get(id)! })),
  );

  const awards = (keys: Set<string>) => [...keys].map((k) => ledger.awards.get(k)!);
  await rows.insertAwards(
    awards(ledger.newAwards).map((award) => ({
      ...award,
      customerId: award.customerId === null ? null : customerId(award.customerId),
      earnEntryId: award.earnEntryId === null ? null : entryId(award.earnEntryId),
    })),
    now,
  );
  await rows.updateAwards(awards(ledger.dirtyAwards));

  const reversals = [...ledger.reversals.values()].flat();
  await rows.insertReversals(
    reversals.filter((row) => ledger.isTemp(row.id)).map(({ id: _temp, ...row }) => row),
  );
  await rows.markReversalsApplied([...ledger.appliedReversals], now);
  for (const [domain, currency] of ledger.currencyChanges) await rows.setCurrency(domain, currency);
  await rows.saveReturnVisits([...ledger.returnVisitChanges.values()], now);
  for (const [id, change] of ledger.redemptionChanges) {
    // the row is locked since it was read, so this can only fail on a bug; failing the batch re-runs it row by row
    if (!(await rows.transitionRedemption(id, change)))
      throw new Error(`redemption ${id} is no longer ${change.from}`);
  }
}

/** The newest `occurredAt` among each customer's new entries (Customer.lastActivityAt moves forward to it). */
function newestEntries(ledger: BatchLedger): Map<number, Date> {
  const newest = new Map<number, Date>();
  for (const { customerId, occurredAt } of ledger.entries) {
    const known = newest.get(customerId);
    if (!known || occurredAt > known) newest.set(customerId, occurredAt);
  }
  return newest;
}

function shopAndShopifyId(ledger: BatchLedger, id: number): [string, string] {
  const customer = ledger.customers.get(id)!;
  return [customer.shop, customer.shopifyId];
}
