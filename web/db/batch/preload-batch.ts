import type { BatchHints } from '../../webhooks/handler.js';
import type { BatchRepository, ShopKeys, StoredReversal } from '../repositories/batch-repository.js';
import type { StoredLot } from '../repositories/ledger-repository.js';
import { shopKey as key } from '../shop-key.js';
import type { BatchLedger } from './batch-ledger.js';

/**
 * Loads what a batch of ledger flows will read, a handful of statements for the whole batch: the order locks
 * first (PostgreSQL), so every read after them sees the other processes' committed work; then shops and their
 * programs, awards, waiting reversals, ledger keys, the known customers (locked), their return-visit rows and
 * their open lots.
 */
export async function preloadBatch(
  ledger: BatchLedger,
  rows: BatchRepository,
  work: ReadonlyArray<{ shop: string; hints: BatchHints }>,
): Promise<void> {
  const orders = keysByShop(work, (hints) => hints.orders);
  const customers = keysByShop(work, (hints) => hints.customers);
  const ledgerKeys = keysByShop(work, (hints) => hints.ledgerKeys);

  await rows.lockOrders(orders);
  forEachKey(orders, (k) => ledger.lockedOrders.add(k));

  for (const shop of await rows.shops([...new Set(work.map((item) => item.shop))]))
    ledger.shops.set(shop.domain, { currency: shop.currency, versions: shop.versions });

  const awards = new Map((await rows.awards(orders)).map((award) => [key(award.shop, award.orderId), award]));
  forEachKey(orders, (k) => ledger.awards.set(k, awards.get(k) ?? null));

  const reversals = groupBy(await rows.reversals(orders), (row: StoredReversal) =>
    key(row.shop, row.orderId),
  );
  forEachKey(orders, (k) => ledger.reversals.set(k, reversals.get(k) ?? []));

  const taken = await rows.existingKeys(ledgerKeys);
  forEachKey(ledgerKeys, (k) => ledger.keys.set(k, taken.has(k)));

  const awardCustomers = [...awards.values()].flatMap((award) => award.customerId ?? []);
  const locked = await rows.lockCustomers(customers, awardCustomers);
  for (const { profile, ...customer } of locked) {
    ledger.cacheCustomer(customer);
    ledger.profiles.set(customer.id, profile);
  }
  forEachKey(customers, (k) => {
    if (!ledger.customerIds.has(k)) ledger.absentCustomers.add(k);
  });

  const visits = new Map(
    (await rows.returnVisits(customers)).map((row) => [key(row.shop, row.customerId), row]),
  );
  forEachKey(customers, (k) => ledger.returnVisits.set(k, visits.get(k) ?? null));

  const lots = groupBy(await rows.openLots(locked.map((c) => c.id)), (lot) => lot.customerId);
  for (const customer of locked) {
    const own = lots.get(customer.id) ?? [];
    ledger.lots.set(
      customer.id,
      own.map(({ customerId: _owner, ...lot }): StoredLot => lot),
    );
  }
}

function keysByShop(
  work: ReadonlyArray<{ shop: string; hints: BatchHints }>,
  pick: (hints: BatchHints) => readonly string[],
): ShopKeys {
  const result = new Map<string, Set<string>>();
  for (const { shop, hints } of work) {
    const set = result.get(shop) ?? new Set<string>();
    for (const value of pick(hints)) set.add(value);
    result.set(shop, set);
  }
  return new Map([...result].map(([shop, set]) => [shop, [...set]]));
}

function forEachKey(keys: ShopKeys, visit: (k: string) => void): void {
  for (const [shop, values] of keys) for (const value of values) visit(key(shop, value));
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}
