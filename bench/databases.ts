/**
 * Fresh databases for the bench, and the bench's own connection to them (counting, seeding, verifying): a temp
 * SQLite file, or a `bench_<random>` database on the PostgreSQL server, dropped afterwards. Queries use `?`
 * placeholders on both; they become $1, $2... for PostgreSQL.
 */
import Sqlite from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { DbKind } from './options.js';

export interface BenchDatabase {
  kind: DbKind;
  /** DATABASE_URL for the app. */
  url: string;
  /** The SQLite file (for the bare driver); undefined on PostgreSQL. */
  file?: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Many rows of one statement in one transaction per chunk (the inbox writer's shape). */
  insertMany(sql: string, rows: unknown[][]): Promise<void>;
  /** Closes the bench's connection (the database stays). */
  close(): Promise<void>;
  /** Closes, then removes the database. */
  drop(): Promise<void>;
}

/** Databases not dropped yet: dropped by dropAll() when the bench is interrupted. */
const live = new Set<BenchDatabase>();

export async function freshDatabase(kind: DbKind, opts: { dir: string; pgAdminUrl: string }) {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const db =
    kind === 'sqlite'
      ? sqliteDatabase(join(opts.dir, `${name}.sqlite`))
      : await postgresDatabase(opts.pgAdminUrl, name);
  const drop = db.drop.bind(db);
  db.drop = async () => {
    live.delete(db);
    await drop();
  };
  live.add(db);
  return db;
}

export async function dropAll(): Promise<void> {
  await Promise.allSettled([...live].map((db) => db.drop()));
}

function sqliteDatabase(file: string): BenchDatabase {
  // Opened on first use: the file is created by the app's migrations, not by the bench.
  let db: Sqlite.Database | null = null;
  const open = () => {
    if (!db) {
      db = new Sqlite(file, { fileMustExist: true, timeout: 10_000 });
      db.pragma('journal_mode = WAL');
    }
    return db;
  };
  const close = async () => {
    db?.close();
    db = null;
  };
  return {
    kind: 'sqlite',
    url: `file:${file}`,
    file,
    async query<T>(sql: string, params: unknown[] = []) {
      const statement = open().prepare(sql);
      return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
    },
    async insertMany(sql, rows) {
      const statement = open().prepare(sql);
      open().transaction(() => rows.forEach((row) => statement.run(...row)))();
    },
    close,
    async drop() {
      await close();
      // A drained database holds ~100 MB of payloads: do not keep several until the end of the run.
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}

const toPg = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

async function postgresDatabase(adminUrl: string, name: string): Promise<BenchDatabase> {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let pool: pg.Pool | null = null;
  const close = async () => {
    await pool?.end();
    pool = null;
  };
  const open = () =>
    (pool ??= new pg.Pool({
      connectionString: url.href,
      max: 2,
      connectionTimeoutMillis: 5000,
      statement_timeout: 60_000,
    }));
  return {
    kind: 'postgresql',
    url: url.href,
    async query<T>(sql: string, params: unknown[] = []) {
      return (await open().query(toPg(sql), params)).rows as T[];
    },
    async insertMany(sql, rows) {
      const client = await open().connect();
      try {
        await client.query('BEGIN');
        for (const row of rows) await client.query(toPg(sql), row);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close,
    async drop() {
      await close();
      // FORCE: an app that was killed may leave sessions behind for a moment.
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Number of rows `sql` counts (first column of the first row), as a number on both databases. */
export async function count(db: BenchDatabase, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<Record<string, unknown>>(sql, params);
  return Number(Object.values(row ?? {})[0] ?? 0);
}

export async function reachable(adminUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
