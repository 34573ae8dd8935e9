// Production entry point: configuration from the environment, migrations, then the HTTP server.
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createRequestListener } from './app.js';
import { answerClientError } from './http/client-error.js';
import { type Config, ConfigError, loadConfig } from './config/config.js';
import { connect } from './db/client.js';
import { createInboxWriter } from './db/inbox-writer.js';
import { migrate } from './db/migrate.js';
import { createStore, type Store } from './db/store.js';
import { createLogger, type Log } from './logger.js';
import { storefrontRateLimit } from './http/storefront-rate-limit.js';
import { expireRedemptionsJob } from './jobs/expire-redemptions.js';
import { importBalancesJob } from './jobs/import-balances.js';
import { createJobRunner, type JobRunner } from './jobs/job-runner.js';
import { syncBalanceMetafieldsJob } from './jobs/sync-balance-metafields.js';
import { syncReturnVisitsJob } from './jobs/sync-return-visits.js';
import { createAdminGraphql } from './shopify/admin-graphql-client.js';
import type { PanelOptions } from './routes/panel-page.js';
import { createShopifyApp, type ShopifyApp } from './shopify/shopify-app.js';
import { buyerKeyFor } from './webhooks/buyer-key.js';
import { WebhookInbox } from './webhooks/inbox.js';
import { webhookHandlers } from './webhooks/registry.js';

export interface RunningServer {
  server: Server;
  url: string;
  store: Store;
  shopify: ShopifyApp;
  inbox: WebhookInbox;
  jobs: JobRunner;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  log: Log = createLogger(),
  clock: { now: () => Date } = { now: () => new Date() },
  /** Where the merchant panel's build is and who hosts it (app.ts AppDeps.panel); production passes none. */
  panel?: PanelOptions,
): Promise<RunningServer> {
  await migrate(config.database);
  const connection = await connect(config.database);
  const store = createStore(connection);
  const shopify = createShopifyApp(config, connection);
  const { now } = clock;
  const writer = createInboxWriter(config.database, log);
  const buyerKey = buyerKeyFor(config.shopify.apiSecret);
  const inbox = new WebhookInbox({ store, writer, handlers: webhookHandlers, log, now, buyerKey });
  inbox.start();
  const rateLimit = await storefrontRateLimit({ ...config.storefrontRateLimit, log });
  const admin = createAdminGraphql(shopify, { timeoutMs: config.shopify.adminTimeoutMs });
  const random = (count: number) => randomBytes(count);
  const jobs = createJobRunner({
    store,
    now,
    log,
    jobs: [
      syncBalanceMetafieldsJob({ store, admin, log }),
      syncReturnVisitsJob({ store, admin, log }),
      expireRedemptionsJob({ store, admin, now, randomBytes: random, log }),
      importBalancesJob({ store, log }),
    ],
  });
  if (config.jobs) jobs.start();
  const listener = createRequestListener({
    config,
    store,
    shopify,
    handlers: webhookHandlers,
    inbox,
    log,
    now,
    admin,
    storefrontRateLimit: rateLimit.middleware,
    randomBytes: random,
    ...(panel && { panel }),
  });
  const server = createServer(
    {
      // A client must send its headers, and then its whole request, within these (else 408 and the socket is
      // closed), so slow senders cannot hold connections and buffers. Checked every second, not node's 30 s.
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.http.headersTimeoutMs),
    },
    listener,
  );
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  server.maxConnections = config.http.maxConnections; // further connections are closed on arrival
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    server,
    url: `http://${urlHost(config.host)}:${port}`,
    store,
    shopify,
    inbox,
    jobs,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections(); // keep-alive sockets would otherwise hold close() open
      await closed;
      await jobs.close();
      await inbox.close();
      await rateLimit.close();
      await connection.close();
    },
  };
}

/** Where a client on this machine reaches the server: loopback when it listens on every interface. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '127.0.0.1') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger();
  const running = await startServer(config, log);
  log('listening', { url: running.url, host: config.host, database: config.database.kind });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void running.close().then(() => process.exit(0)));
  }
}

// Run only as the entry point (tests import startServer). realpath: deployments often start it through a symlink.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();
