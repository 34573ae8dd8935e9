import express, { type Express, type RequestHandler } from 'express';
import type { RequestListener } from 'node:http';
import { byteSize } from './config/byte-size.js';
import type { Config } from './config/config.js';
import type { Store } from './db/store.js';
import { errorMiddleware } from './http/error-middleware.js';
import type { Log } from './logger.js';
import { LoyaltyError } from './loyalty/errors.js';
import { adminApi } from './routes/admin-api.js';
import { importExportApi } from './routes/import-export-api.js';
import { panelPage, type PanelOptions } from './routes/panel-page.js';
import { storefrontApi } from './routes/storefront-api.js';
import type { AdminGraphql } from './shopify/admin-graphql.js';
import { sessionTokenKeys } from './shopify/session-token-shop.js';
import { isWebhookRequest, webhooksRoute } from './routes/webhooks-route.js';
import { authenticateAdmin } from './shopify/authenticate-admin.js';
import { embeddedEntry } from './shopify/embedded-entry.js';
import { installShop } from './use-cases/install-shop.js';
import type { ShopifyApp } from './shopify/shopify-app.js';
import type { WebhookHandler } from './webhooks/handler.js';
import type { WebhookInbox } from './webhooks/inbox.js';

export interface AppDeps {
  config: Config;
  store: Store;
  shopify: ShopifyApp;
  handlers: ReadonlyMap<string, WebhookHandler>;
  inbox: WebhookInbox;
  log: Log;
  now: () => Date;
  /** The shops' Admin GraphQL API (web/shopify/admin-graphql-client.ts; simulated in tests and demo). */
  admin: AdminGraphql;
  /** The storefront API's per-customer rate limit (web/http/storefront-rate-limit.ts). */
  storefrontRateLimit: RequestHandler;
  randomBytes: (count: number) => Uint8Array;
  /** The merchant panel's build and host (routes/panel-page.ts); production leaves it out. */
  panel?: PanelOptions;
}

/**
 * The server's 'request' listener, the whole HTTP surface (design.md section 3). Webhooks take a plain node:http
 * fast path (routes/webhooks-route.ts) with none of Express' general middleware: Shopify times the
 * acknowledgement, and the HMAC needs the raw bytes anyway. Everything else goes to the Express app.
 */
export function createRequestListener(deps: AppDeps): RequestListener {
  const webhooks = webhooksRoute({
    secret: deps.config.shopify.apiSecret,
    bodyLimit: byteSize(deps.config.webhookBodyLimit),
    unverifiedLimit: byteSize(deps.config.webhookUnverifiedLimit),
    handlers: deps.handlers,
    accept: (delivery) => deps.inbox.accept(delivery),
    log: deps.log,
  });
  const app = createApp(deps);
  return (req, res) => (isWebhookRequest(req) ? webhooks(req, res) : app(req, res));
}

/** Everything but webhooks: health, OAuth, the admin API, the embedded page. */
export function createApp(deps: AppDeps): Express {
  const { shopify, store, log } = deps;
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_req, res) => {
    await store.read((repos) => repos.shops.find('healthz.invalid'));
    res.json({ status: 'ok' });
  });

  app.get(shopify.config.auth.path, shopify.auth.begin());
  app.get(
    shopify.config.auth.callbackPath,
    shopify.auth.callback(),
    markInstalled(store, deps.now),
    shopify.redirectToShopifyOrAppRoot(),
  );

  // Before the admin API's /api mount: extension tokens are not admin tokens.
  app.use(
    '/api/storefront',
    storefrontApi({
      store,
      admin: deps.admin,
      now: deps.now,
      randomBytes: deps.randomBytes,
      log,
      keys: sessionTokenKeys(shopify),
      rateLimit: deps.storefrontRateLimit,
    }),
  );
  // Before the JSON body parser below: an import's body is a CSV file of up to IMPORT_BODY_LIMIT, streamed.
  app.use(
    '/api',
    importExportApi({
      store,
      now: deps.now,
      log,
      authenticate: authenticateAdmin(shopify),
      settle: (shop, maxWaitMs) => deps.inbox.settle(shop, maxWaitMs),
      imports: { bodyLimit: byteSize(deps.config.imports.bodyLimit), maxRows: deps.config.imports.maxRows },
    }),
  );
  app.use(
    '/api',
    express.json({ limit: '100kb' }),
    authenticateAdmin(shopify),
    adminApi({ store, now: deps.now, settle: (shop, maxWaitMs) => deps.inbox.settle(shop, maxWaitMs) }),
  );
  app.use('/api', (_req, _res, next) => next(new LoyaltyError('not_found', 'No such API endpoint.', 404)));

  // embeddedEntry sets the CSP frame-ancestors from the verified id_token's shop, not from ?shop=.
  app.use(
    panelPage({
      apiKey: deps.config.shopify.apiKey,
      entry: embeddedEntry({ shopify, store, now: deps.now }),
      ...(deps.panel && { options: deps.panel }),
    }),
  );

  app.use(errorMiddleware(log));
  return app;
}

/** After OAuth stores the offline session: the shop exists (with its default program) and counts as installed. */
function markInstalled(store: Store, now: () => Date): RequestHandler {
  return async (_req, res, next) => {
    const shop = (res.locals.shopify as { session: { shop: string } }).session.shop;
    await store.transaction((repos) => installShop(repos, shop, now()));
    next();
  };
}
