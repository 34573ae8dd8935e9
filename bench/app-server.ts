/**
 * The app under test: the production build (web/dist) started as `npm start` documents, configured only through
 * its public environment variables, on a database of the bench's own.
 */
import type { BenchDatabase } from './databases.js';
import { API_KEY, SECRET } from './load.js';
import type { Options } from './options.js';
import { type Command, freePort, type Server, start, stop, waitHealthy } from './processes.js';
import type { Report } from './report.js';

export interface BenchContext {
  root: string;
  /** Temp directory: logs, SQLite files. */
  dir: string;
  options: Options;
  app: Command;
  report: Report;
}

export interface RunningApp {
  server: Server;
  /** Spawn to the first 200 from /healthz (includes migrations on a fresh database). */
  bootMs: number;
  spawnedAt: number;
}

let starts = 0;

/** Spawns the app; `healthy` resolves with the boot time (or rejects, the app then killed). */
export async function spawnApp(ctx: BenchContext, db: BenchDatabase) {
  const port = await freePort();
  const spawnedAt = Date.now();
  const server = start(`app-${db.kind}-${++starts}`, ctx.app, {
    root: ctx.root,
    dir: ctx.dir,
    port,
    env: {
      NODE_ENV: 'production',
      // Loopback only: the bench's traffic never leaves the machine (a tree without HOST ignores it).
      HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    },
  });
  const healthy = waitHealthy(server, spawnedAt).catch(async (error: unknown) => {
    await stop(server, 'kill');
    throw error;
  });
  healthy.catch(() => undefined); // the caller awaits it; never an unhandled rejection meanwhile
  return { server, spawnedAt, healthy };
}

export async function startApp(ctx: BenchContext, db: BenchDatabase): Promise<RunningApp> {
  const { server, spawnedAt, healthy } = await spawnApp(ctx, db);
  return { server, spawnedAt, bootMs: await healthy };
}

/** A fresh database gets its schema the way production does: the server applies migrations at start. */
export async function migrateByStarting(ctx: BenchContext, db: BenchDatabase): Promise<number> {
  const app = await startApp(ctx, db);
  await stop(app.server);
  return app.bootMs;
}
