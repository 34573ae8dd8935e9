// Prisma CLI configuration: the JS schema engine over driver adapters, so `migrate deploy`, `migrate diff` and
// `generate` never download an engine binary. The database follows DATABASE_URL exactly as the app does.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { defineConfig } from 'prisma/config';
import { resolveDatabaseUrl } from './web/config/database-url.js';

// eslint-disable-next-line no-restricted-syntax -- the CLI config has no app config to ask; it reads only this key
const target = resolveDatabaseUrl(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: target.kind === 'postgresql' ? 'prisma/postgresql/schema.prisma' : 'prisma/schema.prisma',
  async adapter() {
    if (target.kind === 'postgresql') return new PrismaPg({ connectionString: target.url });
    mkdirSync(dirname(target.file), { recursive: true });
    return new PrismaBetterSQLite3({ url: target.url });
  },
});
