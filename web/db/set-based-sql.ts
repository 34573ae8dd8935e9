import type { DbKind, Tx } from './repositories/index.js';

/**
 * Set-based statements the model API cannot express in one round trip: many rows updated with different
 * values. Prisma's per-statement cost (query compiler and driver-adapter hop, ~0.3-1 ms) dominated crediting at
 * one statement per row; one statement per table per batch removes it. The SQL runs unchanged on SQLite (3.33+,
 * UPDATE ... FROM) and PostgreSQL; only placeholders and the boolean type differ.
 */
export type SqlType = 'int' | 'bigint' | 'bool' | 'text';

const CHUNK_ROWS = 500; // well under SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement

export class SqlParams {
  readonly values: unknown[] = [];
  constructor(private readonly kind: DbKind) {}

  /** Adds a value and returns its placeholder, cast to `type` (VALUES rows carry no column types). */
  add(value: unknown, type?: SqlType): string {
    this.values.push(this.kind === 'sqlite' && typeof value === 'boolean' ? Number(value) : value);
    const placeholder = this.kind === 'sqlite' ? '?' : `$${this.values.length}`;
    return type ? `CAST(${placeholder} AS ${sqlType(this.kind, type)})` : placeholder;
  }

  list(values: readonly unknown[], type?: SqlType): string {
    return values.map((value) => this.add(value, type)).join(', ');
  }
}

function sqlType(kind: DbKind, type: SqlType): string {
  if (type === 'bool') return kind === 'sqlite' ? 'INTEGER' : 'BOOLEAN';
  return { int: 'INTEGER', bigint: 'BIGINT', text: 'TEXT' }[type];
}

export interface RowUpdate {
  table: string;
  /** Columns that identify a row, with their types. */
  keys: Array<[column: string, type: SqlType]>;
  /** Columns set from each row, with their types; each row lists keys first, then these. */
  columns: Array<[column: string, type: SqlType]>;
  /** Columns set to the same value in every row (a timestamp, a NULL). */
  constants?: Record<string, unknown>;
}

/** UPDATE table SET each row's values, matched on its keys, in one statement per CHUNK_ROWS rows. */
export async function updateRows(
  tx: Tx,
  kind: DbKind,
  spec: RowUpdate,
  rows: ReadonlyArray<readonly unknown[]>,
): Promise<void> {
  const all = [...spec.keys, ...spec.columns];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const params = new SqlParams(kind);
    const values = rows
      .slice(start, start + CHUNK_ROWS)
      .map((row) => `(${row.map((value, i) => params.add(value, all[i]![1])).join(', ')})`)
      .join(', ');
    const sets = [
      ...spec.columns.map(([column]) => `"${column}" = v."${column}"`),
      ...Object.entries(spec.constants ?? {}).map(([column, value]) => `"${column}" = ${params.add(value)}`),
    ];
    const match = spec.keys.map(([column]) => `"${spec.table}"."${column}" = v."${column}"`).join(' AND ');
    await tx.$executeRawUnsafe(
      `WITH v(${all.map(([column]) => `"${column}"`).join(', ')}) AS (VALUES ${values})
       UPDATE "${spec.table}" SET ${sets.join(', ')} FROM v WHERE ${match}`,
      ...params.values,
    );
  }
}

/**
 * INSERT many rows in one statement per CHUNK_ROWS rows; `returning` columns come back for every row inserted.
 * (Prisma's createMany costs ~0.2-0.4 ms per row through the driver adapter; this, a few microseconds.)
 */
export async function insertRows<R = never>(
  tx: Tx,
  kind: DbKind,
  spec: { table: string; columns: readonly string[]; returning?: readonly string[] },
  rows: ReadonlyArray<readonly unknown[]>,
): Promise<R[]> {
  const returned: R[] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const params = new SqlParams(kind);
    const values = rows
      .slice(start, start + CHUNK_ROWS)
      .map((row) => `(${params.list(row)})`)
      .join(', ');
    const sql = `INSERT INTO "${spec.table}" (${spec.columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`;
    if (spec.returning) {
      const columns = spec.returning.map((c) => `"${c}"`).join(', ');
      returned.push(...(await tx.$queryRawUnsafe<R[]>(`${sql} RETURNING ${columns}`, ...params.values)));
    } else {
      await tx.$executeRawUnsafe(sql, ...params.values);
    }
  }
  return returned;
}
