// `npm run db:migrate`: applies pending migrations to DATABASE_URL (default: the embedded SQLite file).
import { resolveDatabaseUrl } from '../config/database-url.js';
import { migrate } from './migrate.js';

// eslint-disable-next-line no-restricted-syntax -- a CLI that needs only the database, not the app's config
const target = resolveDatabaseUrl(process.env.DATABASE_URL);
const { applied } = await migrate(target);
console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date.');
