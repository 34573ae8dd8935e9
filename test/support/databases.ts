import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../web/config/database-url.js';

// The only test-side environment read: .ci/run sets it so every database test also runs on PostgreSQL.
// eslint-disable-next-line no-restricted-syntax
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export type DatabaseKind = DatabaseTarget['kind'];

/** SQLite always; PostgreSQL as well when TEST_DATABASE_URL is set. */
export const databaseKinds: DatabaseKind[] = TEST_DATABASE_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

export interface TestDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A fresh, empty database: a new SQLite file in a temp dir, or a new PostgreSQL database on the test server. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'loyalty-test-'));
    const file = join(dir, 'loyalty.sqlite');
    return {
      target: { kind, url: `file:${file}`, file },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `loyalty_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const target = { kind, url: url.toString() } as const;
  return { target, drop: () => dropWhenIdle(target.url, name) };
}

/**
 * Drops a test database once its connections are gone. A pg pool's end() resolves before its sockets close;
 * dropping WITH (FORCE) in that window would terminate a backend mid-close, an error in some unrelated test.
 */
async function dropWhenIdle(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let waited = 0; waited < 2000; waited += 20) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
