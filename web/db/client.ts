import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseTarget } from '../config/database-url.js';
import type { PrismaClient } from './generated/sqlite/index.js';
import { createPgPool } from './pg-pool.js';

/**
 * Both generated clients have the same model API (one model definition, see prisma/schema.prisma); the SQLite
 * client's types describe either.
 */
export type Database = PrismaClient;
export type { Prisma } from './generated/sqlite/index.js';

export interface Connection {
  db: Database;
  kind: DatabaseTarget['kind'];
  close(): Promise<void>;
}

export interface ConnectOptions {
  /**
   * SQLite: the WAL is checkpointed by another connection (the inbox writer thread, web/db/inbox-writer.ts), not
   * by this one. A checkpoint copies the WAL into the database and syncs it, tens of milliseconds that would block
   * the event loop on this synchronous driver; past WAL_SAFETY_PAGES this connection still checkpoints itself.
   */
  checkpointElsewhere?: boolean;
}

/**
 * About 40 MB of WAL: reached only when the writer thread has not checkpointed for a long time, or has not started
 * (it starts with the first webhook; a process that gets none checkpoints here, at this size).
 */
const WAL_SAFETY_PAGES = 10_000;

export async function connect(target: DatabaseTarget, options: ConnectOptions = {}): Promise<Connection> {
  // Only the client in use is loaded: each brings its own query compiler (tens of MB of memory).
  if (target.kind === 'postgresql') {
    const [postgresqlClient, { PrismaPg }] = await Promise.all([
      import('./generated/postgresql/index.js'),
      import('@prisma/adapter-pg'),
    ]);
    const pool = createPgPool(target.url, 10);
    const db = new postgresqlClient.PrismaClient({ adapter: new PrismaPg(pool) }) as unknown as Database;
    await db.$connect();
    return {
      db,
      kind: 'postgresql',
      async close() {
        await db.$disconnect();
        await pool.end();
      },
    };
  }
  if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
  const [sqliteClient, { PrismaBetterSQLite3 }] = await Promise.all([
    import('./generated/sqlite/index.js'),
    import('@prisma/adapter-better-sqlite3'),
  ]);
  const db = new sqliteClient.PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: target.url, timeout: 5000 }),
  });
  // WAL lets readers run beside the writer; synchronous=FULL makes every commit durable before we answer 2xx.
  // https://www.sqlite.org/wal.html
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$executeRawUnsafe('PRAGMA synchronous = FULL');
  if (options.checkpointElsewhere)
    await db.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${WAL_SAFETY_PAGES}`);
  return { db, kind: 'sqlite', close: () => db.$disconnect() };
}
