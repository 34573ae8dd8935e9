import type { Balance, Lot, LotUpdate } from '../../loyalty/lots.js';
import type { Tx } from './index.js';

export type EntryKind =
  | 'earn'
  | 'signup'
  | 'birthday'
  | 'reverse_refund'
  | 'reverse_cancel'
  | 'redeem'
  | 'redeem_refund'
  | 'expire'
  | 'adjust'
  | 'import';

export interface NewEntry {
  shop: string;
  customerId: number;
  kind: EntryKind;
  points: number;
  idempotencyKey: string;
  occurredAt: Date;
  orderId?: string;
  refundId?: string;
  redemptionId?: string;
  adjustmentId?: string;
  programVersion?: number;
}

export interface EntryRecord extends NewEntry {
  id: number;
  createdAt: Date;
}

export interface NewLot {
  points: number;
  remaining: number;
  matured: boolean;
  availableAt: Date;
  expiresAt: Date | null;
}

export interface StoredLot extends Lot {
  entryId: number;
  expiresAt: Date | null;
}

export function createLedgerRepository(tx: Tx) {
  return {
    async hasEntry(shop: string, idempotencyKey: string): Promise<boolean> {
      const row = await tx.ledgerEntry.findUnique({
        where: { shop_idempotencyKey: { shop, idempotencyKey } },
        select: { id: true },
      });
      return row !== null;
    },

    /**
     * Appends one entry and, in the same transaction, the lot changes and the new balance it causes. Entries are
     * never updated; the idempotency key is unique per shop, so a replay cannot post twice.
     */
    async post(change: {
      entry: NewEntry;
      balance: Balance;
      lots: LotUpdate[];
      newLot?: NewLot;
    }): Promise<number> {
      const { entry } = change;
      const created = await tx.ledgerEntry.create({ data: entry, select: { id: true } });
      await updateLots(tx, change.lots);
      if (change.newLot) {
        await tx.earningLot.create({
          data: { shop: entry.shop, customerId: entry.customerId, entryId: created.id, ...change.newLot },
        });
      }
      await tx.customer.update({
        where: { id: entry.customerId },
        data: { available: change.balance.available, pending: change.balance.pending, balanceSyncDue: true },
      });
      await touchActivity(tx, entry);
      return created.id;
    },

    /**
     * Appends an entry whose balance change the caller made itself (the redemption guard's conditional update),
     * with its lot changes and, for a credit, its new lot.
     */
    async append(entry: NewEntry, lots: LotUpdate[], newLot?: NewLot): Promise<number> {
      const created = await tx.ledgerEntry.create({ data: entry, select: { id: true } });
      await updateLots(tx, lots);
      if (newLot)
        await tx.earningLot.create({
          data: { shop: entry.shop, customerId: entry.customerId, entryId: created.id, ...newLot },
        });
      await touchActivity(tx, entry);
      return created.id;
    },

    /** Lots that still matter: pending ones, and matured ones with points left. */
    async openLots(customerId: number): Promise<StoredLot[]> {
      return tx.earningLot.findMany({
        where: { customerId, OR: [{ matured: false }, { remaining: { gt: 0 } }] },
        orderBy: [{ availableAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          entryId: true,
          remaining: true,
          matured: true,
          availableAt: true,
          expiresAt: true,
        },
      });
    },

    updateLots: (lots: LotUpdate[]) => updateLots(tx, lots),

    /** Which of these customers have pending lots that are due by `now`. */
    async customersWithDueLots(customerIds: number[], now: Date): Promise<Set<number>> {
      if (customerIds.length === 0) return new Set();
      const rows = await tx.earningLot.findMany({
        where: { customerId: { in: customerIds }, matured: false, availableAt: { lte: now } },
        select: { customerId: true },
        distinct: ['customerId'],
      });
      return new Set(rows.map((row) => row.customerId));
    },

    async entries(customerId: number, limit: number): Promise<EntryRecord[]> {
      const rows = await tx.ledgerEntry.findMany({
        where: { customerId },
        orderBy: { id: 'desc' },
        take: limit,
      });
      return rows.map(toEntry);
    },

    async allEntries(shop: string): Promise<EntryRecord[]> {
      const rows = await tx.ledgerEntry.findMany({ where: { shop }, orderBy: { id: 'asc' } });
      return rows.map(toEntry);
    },
  };
}

/**
 * Customer.lastActivityAt is the latest entry's time: moved forward only, so an older entry written later (a
 * webhook delivered late) leaves it alone. The batch path does the same in batch-repository.ts (updateBalances).
 */
async function touchActivity(tx: Tx, entry: NewEntry): Promise<void> {
  await tx.customer.updateMany({
    where: {
      id: entry.customerId,
      OR: [{ lastActivityAt: null }, { lastActivityAt: { lt: entry.occurredAt } }],
    },
    data: { lastActivityAt: entry.occurredAt },
  });
}

async function updateLots(tx: Tx, lots: LotUpdate[]): Promise<void> {
  for (const lot of lots) {
    await tx.earningLot.update({
      where: { id: lot.id },
      data: { remaining: lot.remaining, matured: lot.matured },
    });
  }
}

function toEntry(row: {
  id: number;
  shop: string;
  customerId: number;
  kind: string;
  points: number;
  idempotencyKey: string;
  occurredAt: Date;
  createdAt: Date;
  orderId: string | null;
  refundId: string | null;
  redemptionId: string | null;
  adjustmentId: string | null;
  programVersion: number | null;
}): EntryRecord {
  return {
    id: row.id,
    shop: row.shop,
    customerId: row.customerId,
    kind: row.kind as EntryKind,
    points: row.points,
    idempotencyKey: row.idempotencyKey,
    occurredAt: row.occurredAt,
    createdAt: row.createdAt,
    ...(row.orderId !== null && { orderId: row.orderId }),
    ...(row.refundId !== null && { refundId: row.refundId }),
    ...(row.redemptionId !== null && { redemptionId: row.redemptionId }),
    ...(row.adjustmentId !== null && { adjustmentId: row.adjustmentId }),
    ...(row.programVersion !== null && { programVersion: row.programVersion }),
  };
}
