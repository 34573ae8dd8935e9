import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../web/db/client.js';
import { migrate } from '../web/db/migrate.js';
import { createStore, type Store } from '../web/db/store.js';
import { createTestDatabase, databaseKinds, type TestDatabase } from './support/databases.js';

describe.each(databaseKinds)('write turns of the store (%s)', (kind) => {
  let database: TestDatabase;
  let connection: Connection;
  let store: Store;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrate(database.target);
    connection = await connect(database.target);
    store = createStore(connection);
  });
  afterAll(async () => {
    await connection.close();
    await database.drop();
  });

  /** Holds the store's write turn until `release`; `transaction` is a write started meanwhile. */
  async function whileTurnHeld() {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const held = store.exclusive(() => gate);
    const transaction = store.transaction(async (repos) => {
      started = true;
      await repos.shops.ensure(`turns-${Math.random().toString(36).slice(2)}.myshopify.com`, 'EUR');
    });
    // a read takes no turn: its round trip to the database gives the write every chance to start
    await store.read((repos) => repos.shops.find('turns.invalid'));
    const startedWhileHeld = started;
    release();
    await held;
    await transaction;
    return { startedWhileHeld, startedAfter: started };
  }

  if (kind === 'sqlite') {
    it('starts no transaction while an exclusive work holds the turn (one writer: they never meet at the lock)', async () => {
      expect(await whileTurnHeld()).toEqual({ startedWhileHeld: false, startedAfter: true });
    });

    it('passes the turn on after a work that failed', async () => {
      await expect(store.exclusive(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
      await expect(store.exclusive(async () => 'next')).resolves.toBe('next');
    });
  } else {
    it('lets transactions run while an exclusive work is running (PostgreSQL locks rows)', async () => {
      expect(await whileTurnHeld()).toEqual({ startedWhileHeld: true, startedAfter: true });
    });
  }
});
