/** Where the data lives: the embedded SQLite file unless DATABASE_URL names a PostgreSQL server. */
export type DatabaseTarget =
  { kind: 'sqlite'; url: string; file: string } | { kind: 'postgresql'; url: string };

export const DEFAULT_SQLITE_URL = 'file:./data/loyalty.sqlite';
/** Demo mode's own file (web/config/config.ts loadDemoConfig), so demo sessions never reach production. */
export const DEMO_SQLITE_URL = 'file:./data/demo.sqlite';

export function resolveDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url?.trim() || DEFAULT_SQLITE_URL;
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgresql', url: value };
  if (value.startsWith('file:')) return { kind: 'sqlite', url: value, file: value.slice('file:'.length) };
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL), got "${value.split(':')[0]}:..."`,
  );
}
