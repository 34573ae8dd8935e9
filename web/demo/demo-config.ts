import { type Config, loadDemoConfig } from '../config/config.js';
import type { DatabaseTarget } from '../config/database-url.js';
import { DEMO_API_KEY, DEMO_API_SECRET } from './demo-shop.js';

type Env = Record<string, string | undefined>;

/**
 * Demo mode's configuration (`npm run demo`): the public demo credentials unless SHOPIFY_* are set, its own
 * database (DEMO_DATABASE_URL, default data/demo.sqlite; DATABASE_URL is ignored, so demo sessions never reach
 * production's database), and 127.0.0.1 unless HOST is set, since anyone knowing the public secret could use it.
 * `source` defaults to the environment, which web/config/config.ts reads.
 */
export function demoServerConfig(source?: Env): Config {
  return loadDemoConfig(
    (env) => ({
      SHOPIFY_API_KEY: DEMO_API_KEY,
      SHOPIFY_API_SECRET: DEMO_API_SECRET,
      SHOPIFY_APP_URL: `http://localhost:${env.PORT || 3000}`,
      HOST: '127.0.0.1',
    }),
    source,
  );
}

/** The shell command that opens the demo's database (never printing a PostgreSQL password). */
export function databaseCommand(database: DatabaseTarget): string {
  return database.kind === 'sqlite'
    ? `sqlite3 ${database.file.replace(/^\.\//, '')}`
    : 'psql "$DEMO_DATABASE_URL"';
}
