import { applyProfile, NO_PROFILE, type StoredProfile } from '../../loyalty/customer-profile.js';
import type { RedemptionStatus } from '../repositories/redemption-repository.js';
import type { ReturnVisitRecord } from '../repositories/return-visit-repository.js';
import type { ProgramVersion } from '../../loyalty/program.js';
import type { BatchRepository, StoredReversal } from '../repositories/batch-repository.js';
import type { CustomerRecord } from '../repositories/customer-repository.js';
import type { FlowRepositories } from '../repositories/index.js';
import type { NewEntry, StoredLot } from '../repositories/ledger-repository.js';
import { type OrderAwardRecord, reversalRow, toPendingReversal } from '../repositories/order-repository.js';
import { shopKey as key } from '../shop-key.js';

/** Ids handed out before the rows exist: above every real id and in creation order, so FIFO ties sort as in SQL. */
export const TEMP_ID_BASE = 2 ** 40;

export interface RedemptionChange {
  from: RedemptionStatus;
  to: RedemptionStatus;
  at: Date;
  orderId?: string;
}

export interface NewLotFacts {
  shop: string;
  customerId: number;
  points: number;
}

/**
 * The state a batch of ledger flows reads and writes, in memory: loaded in a few set-based reads
 * (preload-batch.ts), changed by the flows through the same FlowRepositories interface the per-row repositories
 * offer, written back in a few set-based statements (flush-batch.ts). Whatever is not loaded is read through
 * `db` (the real repositories, in the same transaction) on first use. `attempt` undoes a failed flow's changes,
 * so one bad delivery never spoils the others; only what such a first use wrote itself stays (a shop created
 * with its default program, a customer row for an id no hint named), as harmless as a first contact.
 */
export class BatchLedger {
  readonly shops = new Map<string, { currency: string | null; versions: ProgramVersion[] }>();
  readonly currencyChanges = new Map<string, string>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly customerIds = new Map<string, number>();
  /** Shop+Shopify ids the preload found no customer for: a flow that opens one creates it (a temporary id). */
  readonly absentCustomers = new Set<string>();
  readonly lots = new Map<number, StoredLot[]>(); // by customer id
  readonly newLots = new Map<number, NewLotFacts>(); // by temporary lot id
  readonly awards = new Map<string, OrderAwardRecord | null>(); // null: known to have none
  readonly reversals = new Map<string, StoredReversal[]>(); // by shop+order, applied ones too
  readonly keys = new Map<string, boolean>(); // shop+idempotency key: taken?
  readonly lockedOrders = new Set<string>();
  readonly entries: Array<NewEntry & { tempId: number }> = [];
  readonly dirtyCustomers = new Set<number>();
  /** Stored profiles (preloaded with the customers), with the flows' changes applied; the changed ones are written. */
  readonly profiles = new Map<number, StoredProfile>();
  readonly dirtyProfiles = new Set<number>();
  readonly dirtyLots = new Set<number>();
  readonly newAwards = new Set<string>();
  readonly dirtyAwards = new Set<string>();
  readonly appliedReversals = new Set<number>();
  /** Redemption status changes (an order used a code), written at flush; by redemption id. */
  readonly redemptionChanges = new Map<number, RedemptionChange>();
  /** Return-visit rows the flows saved, written at flush; by shop + Shopify customer id. */
  readonly returnVisitChanges = new Map<string, ReturnVisitRecord>();
  /** Return-visit rows preloaded for the batch's customers (null: none); others are read on first use. */
  readonly returnVisits = new Map<string, ReturnVisitRecord | null>();
  private journal: Array<() => void> = [];
  private nextTempId = TEMP_ID_BASE;

  constructor(
    private readonly db: FlowRepositories,
    private readonly rows: BatchRepository,
  ) {}

  /** Runs one delivery's flow against the batch; if it throws, everything it changed here is undone. */
  async attempt<T>(work: (repos: FlowRepositories) => Promise<T>): Promise<T> {
    this.journal = [];
    try {
      return await work(this.repos);
    } catch (error) {
      for (const undo of this.journal.reverse()) undo();
      throw error;
    } finally {
      this.journal = [];
    }
  }

  cacheCustomer(customer: CustomerRecord): void {
    this.customers.set(customer.id, customer);
    this.customerIds.set(key(customer.shop, customer.shopifyId), customer.id);
  }

  readonly isTemp = (id: number) => id >= TEMP_ID_BASE;

  private tempId = () => this.nextTempId++;

  private set<K, V>(map: Map<K, V>, k: K, value: V): void {
    const had = map.has(k);
    const old = map.get(k);
    map.set(k, value);
    this.journal.push(() => (had ? map.set(k, old as V) : map.delete(k)));
  }

  private mark<T>(set: Set<T>, value: T): void {
    if (set.has(value)) return;
    set.add(value);
    this.journal.push(() => set.delete(value));
  }

  private async customer(id: number): Promise<CustomerRecord> {
    const known = this.customers.get(id);
    if (known) return known;
    const locked = await this.db.customers.lockById(id);
    this.cacheCustomer(locked);
    return locked;
  }

  private saveBalance(id: number, current: CustomerRecord, balance: { available: number; pending: number }) {
    this.set(this.customers, id, { ...current, available: balance.available, pending: balance.pending });
    this.mark(this.dirtyCustomers, id);
  }

  /** A customer the preload did not name: its profile read (and the row locked) on first use. */
  private async loadProfile(id: number): Promise<StoredProfile> {
    const [row] = await this.rows.lockCustomers(new Map(), [id]);
    if (!row) throw new Error(`customer ${id} is not in the database`);
    this.profiles.set(id, row.profile);
    return row.profile;
  }

  private async lotsOf(customerId: number): Promise<StoredLot[]> {
    const known = this.lots.get(customerId);
    if (known) return known;
    const loaded = await this.db.ledger.openLots(customerId);
    this.lots.set(customerId, loaded);
    return loaded;
  }

  private changeLots(
    customerId: number,
    updates: ReadonlyArray<{ id: number; remaining: number; matured: boolean }>,
  ) {
    const byId = new Map(updates.map((u) => [u.id, u]));
    const current = this.lots.get(customerId);
    if (!current || updates.some((u) => !current.some((lot) => lot.id === u.id)))
      throw new Error(`lot update for a lot not loaded for customer ${customerId}`);
    this.set(
      this.lots,
      customerId,
      current.map((lot) => ({ ...lot, ...byId.get(lot.id) })),
    );
    for (const u of updates) if (!this.isTemp(u.id)) this.mark(this.dirtyLots, u.id);
  }

  private async reversalsOf(shop: string, orderId: string): Promise<StoredReversal[]> {
    const k = key(shop, orderId);
    const known = this.reversals.get(k);
    if (known) return known;
    const loaded = await this.rows.reversals(new Map([[shop, [orderId]]]));
    this.reversals.set(k, loaded);
    return loaded;
  }

  private lotOwner(lotId: number): number {
    for (const [customerId, lots] of this.lots) if (lots.some((lot) => lot.id === lotId)) return customerId;
    throw new Error(`lot ${lotId} is not loaded`);
  }

  readonly repos: FlowRepositories = {
    shops: {
      ensure: async (domain, currency) => {
        const shop = this.shops.get(domain);
        if (!shop) {
          await this.db.shops.ensure(domain, currency);
          this.shops.set(domain, {
            currency: currency ?? null,
            versions: await this.db.shops.programVersions(domain),
          });
        } else if (currency && shop.currency !== currency) {
          this.set(this.shops, domain, { ...shop, currency });
          this.set(this.currencyChanges, domain, currency);
        }
      },
      programVersions: async (domain) => {
        const shop = this.shops.get(domain);
        return shop ? shop.versions : this.db.shops.programVersions(domain);
      },
    },

    customers: {
      lock: async (shop, shopifyId) => {
        const k = key(shop, shopifyId);
        let id = this.customerIds.get(k);
        if (id === undefined && this.absentCustomers.has(k)) {
          // first contact: created with the batch's writes, and only if this flow commits
          id = this.tempId();
          this.set(this.customers, id, { id, shop, shopifyId, available: 0, pending: 0, tier: null });
          this.set(this.customerIds, k, id);
          this.set(this.lots, id, []);
          this.set(this.profiles, id, NO_PROFILE);
        } else if (id === undefined) {
          const locked = await this.db.customers.lock(shop, shopifyId);
          this.cacheCustomer(locked);
          id = locked.id;
        }
        this.mark(this.dirtyCustomers, id); // a lock touches updatedAt, as the per-row repository does
        return { ...this.customers.get(id)! };
      },
      lockById: async (id) => {
        const found = await this.customer(id);
        this.mark(this.dirtyCustomers, id);
        return { ...found };
      },
      saveBalance: async (id, balance) => this.saveBalance(id, await this.customer(id), balance),
      saveProfile: async (id, change) => {
        const stored = this.profiles.get(id) ?? (await this.loadProfile(id));
        const next = applyProfile(stored, change);
        if (next === stored) return;
        this.set(this.profiles, id, next);
        this.mark(this.dirtyProfiles, id);
      },
    },

    ledger: {
      hasEntry: async (shop, idempotencyKey) => {
        const k = key(shop, idempotencyKey);
        const known = this.keys.get(k);
        if (known !== undefined) return known;
        const taken = await this.db.ledger.hasEntry(shop, idempotencyKey);
        this.keys.set(k, taken);
        return taken;
      },
      post: async ({ entry, balance, lots, newLot }) => {
        if (await this.repos.ledger.hasEntry(entry.shop, entry.idempotencyKey))
          throw new Error(`ledger entry ${entry.idempotencyKey} exists already`); // the unique key would refuse it
        const customer = await this.customer(entry.customerId);
        await this.lotsOf(entry.customerId);
        const tempId = this.tempId();
        this.entries.push({ ...entry, tempId });
        this.journal.push(() => this.entries.pop());
        this.set(this.keys, key(entry.shop, entry.idempotencyKey), true);
        if (lots.length) this.changeLots(entry.customerId, lots);
        if (newLot) {
          const lotId = this.tempId();
          const { points, ...state } = newLot;
          this.set(this.lots, entry.customerId, [
            ...this.lots.get(entry.customerId)!,
            { id: lotId, entryId: tempId, ...state },
          ]);
          this.set(this.newLots, lotId, { shop: entry.shop, customerId: entry.customerId, points });
        }
        this.saveBalance(entry.customerId, customer, balance);
        return tempId;
      },
      openLots: async (customerId) =>
        (await this.lotsOf(customerId))
          .filter((lot) => !lot.matured || lot.remaining > 0)
          .sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime() || a.id - b.id)
          .map((lot) => ({ ...lot })),
      updateLots: async (updates) => {
        const byOwner = new Map<number, typeof updates>();
        for (const u of updates) {
          const owner = this.lotOwner(u.id);
          byOwner.set(owner, [...(byOwner.get(owner) ?? []), u]);
        }
        for (const [customerId, list] of byOwner) this.changeLots(customerId, list);
      },
    },

    orders: {
      lock: async (shop, orderId) => {
        const k = key(shop, orderId);
        if (this.lockedOrders.has(k)) return;
        await this.db.orders.lock(shop, orderId);
        this.lockedOrders.add(k);
      },
      findAward: async (shop, orderId) => {
        const k = key(shop, orderId);
        if (!this.awards.has(k)) this.awards.set(k, await this.db.orders.findAward(shop, orderId));
        const award = this.awards.get(k);
        return award ? { ...award } : null;
      },
      createAward: async (award) => {
        const k = key(award.shop, award.orderId);
        if (await this.repos.orders.findAward(award.shop, award.orderId))
          throw new Error(`order ${award.orderId} has an award already`); // the primary key would refuse it
        this.set(this.awards, k, { ...award });
        this.mark(this.newAwards, k);
      },
      recordReversal: async (shop, orderId, change) => {
        const k = key(shop, orderId);
        const award = await this.repos.orders.findAward(shop, orderId);
        if (!award) throw new Error(`order ${orderId} has no award to reverse`);
        this.set(this.awards, k, {
          ...award,
          reversedPoints: award.reversedPoints + change.points,
          refundedMicros: award.refundedMicros + (change.refundedMicros ?? 0n),
          cancelled: award.cancelled || change.cancelled === true,
        });
        if (!this.newAwards.has(k)) this.mark(this.dirtyAwards, k);
      },
      deferReversal: async (shop, orderId, reversal) => {
        const rows = await this.reversalsOf(shop, orderId);
        const row = reversalRow(reversal);
        if (rows.some((r) => r.sourceKey === row.sourceKey)) return;
        this.set(this.reversals, key(shop, orderId), [
          ...rows,
          { id: this.tempId(), shop, orderId, ...row, appliedAt: null },
        ]);
      },
      pendingReversals: async (shop, orderId) =>
        (await this.reversalsOf(shop, orderId))
          .filter((row) => row.appliedAt === null)
          .sort(
            (a, b) =>
              a.occurredAt.getTime() - b.occurredAt.getTime() ||
              (a.sourceKey < b.sourceKey ? -1 : a.sourceKey > b.sourceKey ? 1 : 0),
          )
          .map(toPendingReversal),
      markReversalApplied: async (id, at) => {
        for (const [k, rows] of this.reversals) {
          if (!rows.some((row) => row.id === id)) continue;
          this.set(
            this.reversals,
            k,
            rows.map((row) => (row.id === id ? { ...row, appliedAt: at } : row)),
          );
          if (!this.isTemp(id)) this.mark(this.appliedReversals, id);
          return;
        }
        throw new Error(`waiting reversal ${id} is not loaded`);
      },
    },
    // Read through, with this batch's own changes on top; changes are written at flush, so a failed flow's
    // are undone with the rest of it.
    redemptions: {
      byCodes: async (shop, codes) =>
        (await this.db.redemptions.byCodes(shop, codes)).map((row) => {
          const change = this.redemptionChanges.get(row.id);
          return change ? { ...row, status: change.to, orderId: change.orderId ?? row.orderId } : row;
        }),
      transition: async (id, from, to, at, orderId) => {
        const change = this.redemptionChanges.get(id);
        if (change && change.to !== from) return false;
        // the row was read (and, on PostgreSQL, locked) as `from`; the flush checks it again
        this.set(this.redemptionChanges, id, {
          from: change?.from ?? from,
          to,
          at,
          ...(orderId !== undefined && { orderId }),
        });
        return true;
      },
    },
    returnVisits: {
      find: async (shop, customerId) => {
        const k = key(shop, customerId);
        const changed = this.returnVisitChanges.get(k);
        if (changed) return changed;
        return this.returnVisits.has(k)
          ? this.returnVisits.get(k)!
          : this.db.returnVisits.find(shop, customerId);
      },
      save: async (record) => this.set(this.returnVisitChanges, key(record.shop, record.customerId), record),
    },
  };
}
