import { afterEach, describe, expect, it } from 'vitest';
import { webhookHandlers } from '../web/webhooks/registry.js';
import { databaseKinds } from './support/databases.js';
import { closeAll, delivery, openInbox, paidOrder } from './support/inbox-fixture.js';
import { migratedStore } from './support/store-fixture.js';

describe.each(databaseKinds)('write turns of the store (%s)', (kind) => {
  const db = migratedStore(kind);

  /** Holds the store's write turn (an exclusive work waiting on a gate) and starts a write transaction. */
  function holdTurnAndWrite() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    let markStarted!: () => void;
    const startedSignal = new Promise<void>((resolve) => (markStarted = resolve));
    const held = db.store.exclusive(() => gate);
    const transaction = db.store.transaction(async (repos) => {
      started = true;
      markStarted();
      await repos.shops.ensure(`turns-${Math.random().toString(36).slice(2)}.myshopify.com`, 'EUR');
    });
    return { held, transaction, release, startedSignal, started: () => started };
  }

  if (kind === 'sqlite') {
    it('starts no write transaction while an exclusive work holds the turn, and runs it right after', async () => {
      const { held, transaction, release, started } = holdTurnAndWrite();
      // a read takes no turn: its round trip to the database gives the write every chance to start
      await db.store.read((repos) => repos.shops.find('turns.invalid'));
      expect(started()).toBe(false);
      release();
      await held;
      await transaction;
      expect(started()).toBe(true);
    });

    it('passes the turn on after a work that failed', async () => {
      await expect(db.store.exclusive(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
      await expect(db.store.exclusive(async () => 'next')).resolves.toBe('next');
    });
  } else {
    it('lets a write transaction run while an exclusive work is running (PostgreSQL locks rows)', async () => {
      const { held, transaction, release, startedSignal } = holdTurnAndWrite();
      // waited for while the turn is still held: were PostgreSQL's writes taking turns, this would never resolve
      await startedSignal;
      await transaction;
      release();
      await held;
    });
  }
});

describe('the inbox writer thread on SQLite', () => {
  afterEach(closeAll);

  it("commits an acknowledged delivery only in the store's turn, never beside a write transaction", async () => {
    const fixture = await openInbox('sqlite', webhookHandlers);
    // the writer thread starts with the first delivery: started here, so its boot is not what holds the next one
    expect(await fixture.inbox.accept(delivery('orders/paid', paidOrder(7_000, '10.00')))).toBe('accepted');
    let release!: () => void;
    const held = fixture.store.exclusive(() => new Promise<void>((resolve) => (release = resolve)));
    const incoming = delivery('orders/paid', paidOrder(7_001, '10.00'));
    const accepted = fixture.inbox.accept(incoming);
    // Fifty turns of the event loop (the synchronous driver's reads alone would never yield to the inbox's
    // setImmediate): without the turn, the writer thread's commit is visible at the first of them.
    try {
      for (let i = 0; i < 50; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        expect(await fixture.row(incoming.dedupeKey)).toBeNull();
      }
    } finally {
      release(); // also when an expectation failed: the inbox could not close with the turn held
    }
    await held;
    expect(await accepted).toBe('accepted');
    expect(await fixture.row(incoming.dedupeKey)).not.toBeNull();
  });
});
