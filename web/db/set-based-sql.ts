import type { DbKind, Tx } from './repositories/index.js';

/**
 * Set-based statements: many rows inserted or updated (each with its own values) in one round trip. Prisma's
 * per-statement cost (query compiler and driver-adapter hop, ~0.3-2 ms) dominated crediting at one statement
 * per row, and its per-parameter cost dominates a multi-row VALUES list: so on PostgreSQL the rows travel as
 * one typed array per column (`unnest`), a 256-row insert taking ~11 ms instead of ~27 ms. SQLite has no arrays
 * and a cheap parameter path: there, a VALUES list (UPDATE ... FROM needs SQLite 3.33+).
 */
export type SqlType = 'int' | 'bigint' | 'bool' | 'text' | 'timestamp';
export type Column = readonly [name: string, type: SqlType];

const CHUNK_ROWS = 500; // SQLite: well under its 32,766 parameters per statement

const PG_TYPES: Record<SqlType, string> = {
  int: 'integer',
  bigint: 'bigint',
  bool: 'boolean',
  text: 'text',
  timestamp: 'timestamp(3)',
};
const SQLITE_TYPES: Record<SqlType, string> = {
  int: 'INTEGER',
  bigint: 'INTEGER',
  bool: 'INTEGER',
  text: 'TEXT',
  timestamp: 'TEXT',
};

export class SqlParams {
  readonly values: unknown[] = [];
  constructor(private readonly kind: DbKind) {}

  /** Adds a value and returns its placeholder (cast to `type` when given: VALUES rows carry no types). */
  add(value: unknown, type?: SqlType): string {
    this.values.push(this.kind === 'sqlite' && typeof value === 'boolean' ? Number(value) : value);
    const placeholder = this.kind === 'sqlite' ? '?' : `$${this.values.length}`;
    if (!type || (this.kind === 'sqlite' && type === 'timestamp')) return placeholder;
    return `CAST(${placeholder} AS ${(this.kind === 'sqlite' ? SQLITE_TYPES : PG_TYPES)[type]})`;
  }

  list(values: readonly unknown[], type?: SqlType): string {
    return values.map((value) => this.add(value, type)).join(', ');
  }

  /** `column IN (...)`: one array parameter on PostgreSQL, one placeholder per value on SQLite. */
  in(column: string, values: readonly unknown[], type: SqlType): string {
    if (this.kind === 'sqlite') return `${column} IN (${this.list(values)})`;
    this.values.push([...values]);
    return `${column} = ANY($${this.values.length}::${PG_TYPES[type]}[])`;
  }
}

/**
 * The rows as a relation `v(columns)`: `unnest` of one array per column on PostgreSQL, a VALUES list on SQLite.
 */
function rowsRelation(
  kind: DbKind,
  params: SqlParams,
  columns: readonly Column[],
  rows: readonly (readonly unknown[])[],
) {
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  if (kind === 'postgresql') {
    const arrays = columns.map(([, type], i) => {
      params.values.push(rows.map((row) => row[i] ?? null));
      return `$${params.values.length}::${PG_TYPES[type]}[]`;
    });
    return { names, select: `SELECT * FROM unnest(${arrays.join(', ')}) AS v(${names})` };
  }
  const values = rows.map(
    (row) => `(${row.map((value, i) => params.add(value, columns[i]![1])).join(', ')})`,
  );
  return { names, select: `VALUES ${values.join(', ')}` };
}

function* chunks<T>(kind: DbKind, rows: readonly T[]): Generator<readonly T[]> {
  const size = kind === 'postgresql' ? Number.POSITIVE_INFINITY : CHUNK_ROWS;
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

export interface RowUpdate {
  table: string;
  /** Columns that identify a row; each row lists these first, then `columns`. */
  keys: readonly Column[];
  columns: readonly Column[];
  /** Columns set to the same value in every row (a timestamp, a NULL). */
  constants?: Record<string, unknown>;
  /**
   * SET expressions to use instead of `v."column"`, by column: they may read the row's values before the update
   * as `"Table"."column"` (both databases evaluate every SET expression against the old row).
   */
  assign?: Record<string, string>;
}

/** UPDATE table SET each row's values, matched on its keys. */
export async function updateRows(
  tx: Tx,
  kind: DbKind,
  spec: RowUpdate,
  rows: ReadonlyArray<readonly unknown[]>,
): Promise<void> {
  for (const chunk of chunks(kind, rows)) {
    if (chunk.length === 0) continue;
    const params = new SqlParams(kind);
    const relation = rowsRelation(kind, params, [...spec.keys, ...spec.columns], chunk);
    const sets = [
      ...spec.columns.map(([column]) => `"${column}" = ${spec.assign?.[column] ?? `v."${column}"`}`),
      ...Object.entries(spec.constants ?? {}).map(([column, value]) => `"${column}" = ${params.add(value)}`),
    ];
    const match = spec.keys.map(([column]) => `"${spec.table}"."${column}" = v."${column}"`).join(' AND ');
    await tx.$executeRawUnsafe(
      `WITH v(${relation.names}) AS (${relation.select})
       UPDATE "${spec.table}" SET ${sets.join(', ')} FROM v WHERE ${match}`,
      ...params.values,
    );
  }
}

export interface RowInsert {
  table: string;
  columns: readonly Column[];
  returning?: readonly string[];
  /**
   * Upsert on these key columns (a unique key): a row whose key exists already gets the other columns' new values
   * instead. The rows must not repeat a key (PostgreSQL refuses to update one row twice in one statement).
   */
  upsertOn?: readonly string[];
}

/** INSERT many rows; `returning` columns come back for every row inserted. */
export async function insertRows<R = never>(
  tx: Tx,
  kind: DbKind,
  spec: RowInsert,
  rows: ReadonlyArray<readonly unknown[]>,
): Promise<R[]> {
  const returned: R[] = [];
  for (const chunk of chunks(kind, rows)) {
    if (chunk.length === 0) continue;
    const params = new SqlParams(kind);
    const relation = rowsRelation(kind, params, spec.columns, chunk);
    const sql = `INSERT INTO "${spec.table}" (${relation.names}) ${relation.select}${upsert(spec)}`;
    if (spec.returning) {
      const columns = spec.returning.map((c) => `"${c}"`).join(', ');
      returned.push(...(await tx.$queryRawUnsafe<R[]>(`${sql} RETURNING ${columns}`, ...params.values)));
    } else {
      await tx.$executeRawUnsafe(sql, ...params.values);
    }
  }
  return returned;
}

/** `ON CONFLICT (keys) DO UPDATE SET` every other column (SQLite 3.24+ reads `excluded` as PostgreSQL does). */
function upsert(spec: RowInsert): string {
  if (!spec.upsertOn) return '';
  const keys = new Set(spec.upsertOn);
  const sets = spec.columns
    .filter(([name]) => !keys.has(name))
    .map(([name]) => `"${name}" = excluded."${name}"`);
  return ` ON CONFLICT (${spec.upsertOn.map((k) => `"${k}"`).join(', ')}) DO UPDATE SET ${sets.join(', ')}`;
}
