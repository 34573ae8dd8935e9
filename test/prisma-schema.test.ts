import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { derivePostgresqlSchema } from '../scripts/derive-postgresql-schema.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const MIGRATIONS = { sqlite: 'prisma/migrations', postgresql: 'prisma/postgresql/migrations' } as const;

const migrationNames = (dir: string) =>
  readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/** Tables with their columns and primary key, and the indexes, as Prisma Migrate writes them for either provider. */
function schemaOf(sql: string) {
  const tables = new Map<string, { columns: string[]; primaryKey: string[] }>();
  for (const match of sql.matchAll(/CREATE TABLE "(\w+)" \(\n([\s\S]*?)\n\);/g)) {
    const body = match[2]!.split('\n').map((line) => line.trim());
    const columns = body.flatMap((line) => /^"(\w+)" /.exec(line)?.[1] ?? []);
    // SQLite: `"id" INTEGER NOT NULL PRIMARY KEY` or `PRIMARY KEY ("a", "b")`; PostgreSQL: `CONSTRAINT .. PRIMARY KEY (..)`
    const inline = body.flatMap((line) => /^"(\w+)" .*\bPRIMARY KEY\b/.exec(line)?.[1] ?? []);
    const separate = body
      .map((line) => /PRIMARY KEY \(([^)]*)\)/.exec(line)?.[1])
      .find((list) => list !== undefined);
    const primaryKey = separate ? columnList(separate) : inline;
    tables.set(match[1]!, { columns: columns.sort(), primaryKey });
  }
  const indexes = (unique: boolean) =>
    [...sql.matchAll(/CREATE (UNIQUE )?INDEX "(\w+)" ON "(\w+)"\(([^)]*)\);/g)]
      .filter((match) => Boolean(match[1]) === unique)
      .map((match) => `${match[2]} ON ${match[3]}(${columnList(match[4]!).join(', ')})`)
      .sort();
  return { tables, uniqueIndexes: indexes(true), indexes: indexes(false) };
}

const columnList = (list: string) => list.split(',').map((column) => column.trim().replace(/^"|"$/g, ''));

describe('Prisma schema and migrations', () => {
  it('keeps prisma/postgresql/schema.prisma derived from prisma/schema.prisma, byte for byte', () => {
    const derived = derivePostgresqlSchema(read('prisma/schema.prisma'));
    const committed = read('prisma/postgresql/schema.prisma');
    // on a mismatch: npm run db:generate
    expect(Buffer.from(committed).equals(Buffer.from(derived))).toBe(true);
    expect(committed).toBe(derived);
  });

  it('has the same migrations for SQLite and PostgreSQL', () => {
    const sqlite = migrationNames(MIGRATIONS.sqlite);
    const postgresql = migrationNames(MIGRATIONS.postgresql);
    expect(sqlite.length).toBeGreaterThan(0);
    expect(postgresql).toEqual(sqlite);
    for (const name of sqlite) {
      expect(existsSync(join(root, MIGRATIONS.sqlite, name, 'migration.sql')), name).toBe(true);
      expect(existsSync(join(root, MIGRATIONS.postgresql, name, 'migration.sql')), name).toBe(true);
    }
    expect(read(`${MIGRATIONS.sqlite}/migration_lock.toml`)).toMatch(/^provider = "sqlite"$/m);
    expect(read(`${MIGRATIONS.postgresql}/migration_lock.toml`)).toMatch(/^provider = "postgresql"$/m);
  });

  it('creates the same tables, columns, keys and indexes in both init migrations', () => {
    const [init] = migrationNames(MIGRATIONS.sqlite);
    expect(init).toMatch(/_init$/);
    const sqlite = schemaOf(read(`${MIGRATIONS.sqlite}/${init}/migration.sql`));
    const postgresql = schemaOf(read(`${MIGRATIONS.postgresql}/${init}/migration.sql`));

    const models = [...read('prisma/schema.prisma').matchAll(/^model (\w+) \{/gm)].map((match) => match[1]!);
    expect(sqlite.tables.size).toBeGreaterThan(0);
    for (const table of sqlite.tables.keys()) expect(models, `model ${table}`).toContain(table);
    expect([...postgresql.tables.keys()].sort()).toEqual([...sqlite.tables.keys()].sort());
    for (const [table, shape] of sqlite.tables) {
      expect(shape.columns.length, table).toBeGreaterThan(0);
      expect(shape.primaryKey.length, `${table} has a primary key`).toBeGreaterThan(0);
      expect(postgresql.tables.get(table), table).toEqual(shape);
    }

    expect(sqlite.uniqueIndexes.length).toBeGreaterThan(0);
    expect(postgresql.uniqueIndexes).toEqual(sqlite.uniqueIndexes);
    expect(postgresql.indexes).toEqual(sqlite.indexes);
    // the keys the ledger's guarantees rest on
    expect(sqlite.uniqueIndexes).toEqual(
      expect.arrayContaining([
        'LedgerEntry_shop_idempotencyKey_key ON LedgerEntry(shop, idempotencyKey)',
        'WebhookDelivery_shop_dedupeKey_key ON WebhookDelivery(shop, dedupeKey)',
        'Customer_shop_shopifyId_key ON Customer(shop, shopifyId)',
      ]),
    );
  });
});
