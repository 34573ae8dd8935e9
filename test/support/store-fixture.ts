import { afterAll, beforeAll } from 'vitest';
import { connect, type Connection } from '../../web/db/client.js';
import { migrate } from '../../web/db/migrate.js';
import { createStore, type Store } from '../../web/db/store.js';
import { createTestDatabase, type DatabaseKind } from './databases.js';

export interface StoreFixture {
  connection: Connection;
  store: Store;
}

/**
 * A store on a fresh, migrated database for the describe block that calls this (set up in its beforeAll, closed
 * and dropped in its afterAll); read the fields inside tests.
 */
export function migratedStore(kind: DatabaseKind): StoreFixture {
  const fixture = {} as StoreFixture;
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const database = await createTestDatabase(kind);
    drop = database.drop;
    await migrate(database.target);
    fixture.connection = await connect(database.target);
    fixture.store = createStore(fixture.connection);
  });
  afterAll(async () => {
    await fixture.connection?.close();
    await drop();
  });
  return fixture;
}
