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

export async function connect(target: DatabaseTarget): Promise<Connection> {
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
  return { db, kind: 'sqlite', close: () => db.$disconnect() };
}
