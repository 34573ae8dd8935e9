import Sqlite from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DatabaseTarget } from '../config/database-url.js';

/**
 * Applies the committed migrations (prisma/migrations for SQLite, prisma/postgresql/migrations for PostgreSQL) and
 * records them in Prisma's own `_prisma_migrations` table, so `prisma migrate status|deploy` agree with it.
 * Why not `prisma migrate deploy`: with @prisma/adapter-pg its JS schema engine fails on PostgreSQL's `name`
 * column type (https://github.com/prisma/prisma/issues/27403); this runner has no such dependency and is also what
 * tests use to set up each fresh database quickly. PostgreSQL runs hold an advisory lock, so several app processes
 * starting together apply each migration once.
 */
export interface MigrationResult {
  applied: string[];
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function migrate(target: DatabaseTarget): Promise<MigrationResult> {
  const migrations = readMigrations(target.kind);
  return target.kind === 'postgresql'
    ? migratePostgresql(target.url, migrations)
    : migrateSqlite(target.file, migrations);
}

function migrationsDir(kind: DatabaseTarget['kind']): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'prisma', kind === 'postgresql' ? 'postgresql/migrations' : 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('prisma migrations folder not found');
    dir = parent;
  }
}

function readMigrations(kind: DatabaseTarget['kind']): Migration[] {
  const dir = migrationsDir(kind);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME, "migration_name" TEXT NOT NULL,
  "logs" TEXT, "rolled_back_at" DATETIME, "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;

function migrateSqlite(file: string, migrations: Migration[]): MigrationResult {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Sqlite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(SQLITE_TABLE);
    const done = new Set(
      db
        .prepare('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL')
        .all()
        .map((row) => (row as { migration_name: string }).migration_name),
    );
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.name))) {
      db.transaction(() => {
        db.exec(migration.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES (?, ?, datetime('now'), ?, 1)`,
        ).run(randomUUID(), migration.checksum, migration.name);
      })();
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    db.close();
  }
}

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

const MIGRATION_LOCK = 72707369; // the key Prisma Migrate itself locks with

async function migratePostgresql(url: string, migrations: Migration[]): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(POSTGRES_TABLE);
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL',
    );
    const done = new Set(rows.map((row) => row.migration_name));
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.name))) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(migration.name);
    }
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
