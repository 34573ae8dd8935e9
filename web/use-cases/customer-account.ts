import { type Balance, lotExpiry, matureLots, openLot } from '../loyalty/lots.js';
import type { CustomerRecord } from '../db/repositories/customer-repository.js';
import type { NewEntry, StoredLot } from '../db/repositories/ledger-repository.js';
import type { FlowRepositories } from '../db/store.js';

/** A customer locked for a write, with pending lots that have come due already moved to available. */
export interface OpenAccount {
  customer: CustomerRecord;
  balance: Balance;
  lots: StoredLot[];
}

export async function openAccount(
  repos: FlowRepositories,
  target: { shop: string; shopifyId: string } | { customerId: number },
  now: Date,
): Promise<OpenAccount> {
  const customer =
    'customerId' in target
      ? await repos.customers.lockById(target.customerId)
      : await repos.customers.lock(target.shop, target.shopifyId);
  const lots = await repos.ledger.openLots(customer.id);
  // only the balance: the customer record must not leak into balances handed back to callers
  const matured = matureLots({ available: customer.available, pending: customer.pending }, lots, now);
  if (matured.lots.length) {
    await repos.ledger.updateLots(matured.lots);
    await repos.customers.saveBalance(customer.id, matured.balance);
  }
  const updated = new Map(matured.lots.map((lot) => [lot.id, lot]));
  return {
    customer,
    balance: matured.balance,
    lots: lots.map((lot) => ({ ...lot, ...updated.get(lot.id) })),
  };
}

/** Posts a positive entry that opens an earning lot: pending until `availableAt`, expiring per the program. */
export async function creditPoints(
  repos: FlowRepositories,
  account: OpenAccount,
  entry: Omit<NewEntry, 'customerId'>,
  lotTiming: { availableAt: Date; expiryMonths: number; now: Date },
): Promise<number> {
  const lot = openLot(account.balance, entry.points, lotTiming.availableAt, lotTiming.now);
  return repos.ledger.post({
    entry: { ...entry, customerId: account.customer.id },
    balance: lot.balance,
    lots: [],
    newLot: {
      points: entry.points,
      remaining: lot.remaining,
      matured: lot.matured,
      availableAt: lotTiming.availableAt,
      expiresAt: lotExpiry(lotTiming.availableAt, lotTiming.expiryMonths),
    },
  });
}
