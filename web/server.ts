// Production entry point: configuration from the environment, migrations, then the HTTP server.
import { realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config/config.js';
import { connect } from './db/client.js';
import { createInboxWriter } from './db/inbox-writer.js';
import { migrate } from './db/migrate.js';
import { createStore, type Store } from './db/store.js';
import { createLogger, type Log } from './logger.js';
import { createShopifyApp, type ShopifyApp } from './shopify/shopify-app.js';
import { WebhookInbox } from './webhooks/inbox.js';
import { webhookHandlers } from './webhooks/registry.js';

export interface RunningServer {
  server: Server;
  url: string;
  store: Store;
  shopify: ShopifyApp;
  inbox: WebhookInbox;
  close(): Promise<void>;
}

export async function startServer(
  config: Config,
  log: Log = createLogger(),
  clock: { now: () => Date } = { now: () => new Date() },
): Promise<RunningServer> {
  await migrate(config.database);
  const connection = await connect(config.database);
  const store = createStore(connection);
  const shopify = createShopifyApp(config, connection);
  const { now } = clock;
  const writer = createInboxWriter(config.database, log);
  const inbox = new WebhookInbox({ store, writer, handlers: webhookHandlers, log, now });
  inbox.start();
  const app = createApp({ config, store, shopify, handlers: webhookHandlers, inbox, log, now });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(config.port, () => resolve(listening));
  });
  server.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeout
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    store,
    shopify,
    inbox,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections(); // keep-alive sockets would otherwise hold close() open
      await closed;
      await inbox.close();
      await connection.close();
    },
  };
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
  log('listening', { url: running.url, database: config.database.kind });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void running.close().then(() => process.exit(0)));
  }
}

// Run only as the entry point (tests import startServer). realpath: deployments often start it through a symlink.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();
