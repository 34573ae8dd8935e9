// prisma/schema.prisma holds the one model definition (SQLite). The PostgreSQL client needs its own generated
// client, because the query compiler is provider-specific; this writes prisma/postgresql/schema.prisma from it,
// changing only the datasource and the client output. A test checks that the committed copy is current.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPLACEMENTS: ReadonlyArray<readonly [string, string]> = [
  ['output     = "../web/db/generated/sqlite"', 'output     = "../../web/db/generated/postgresql"'],
  ['provider = "sqlite"', 'provider = "postgresql"'],
  ['url      = "file:./unused.sqlite"', 'url      = "postgresql://unused"'],
];

export function derivePostgresqlSchema(sqliteSchema: string): string {
  let out = sqliteSchema;
  for (const [from, to] of REPLACEMENTS) {
    if (!out.includes(from)) throw new Error(`prisma/schema.prisma no longer contains: ${from}`);
    out = out.replace(from, to);
  }
  return (
    '// GENERATED from prisma/schema.prisma by scripts/derive-postgresql-schema.ts: do not edit.\n' + out
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync('prisma/postgresql', { recursive: true });
  writeFileSync(
    'prisma/postgresql/schema.prisma',
    derivePostgresqlSchema(readFileSync('prisma/schema.prisma', 'utf8')),
  );
}
