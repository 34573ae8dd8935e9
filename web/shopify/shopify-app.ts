import { ApiVersion, LogSeverity } from '@shopify/shopify-api';
import { shopifyApp } from '@shopify/shopify-app-express';
import { PrismaSessionStorage } from '@shopify/shopify-app-session-storage-prisma';
import type { Config } from '../config/config.js';
import type { Connection } from '../db/client.js';
import { sessionTableClient } from '../db/session-table.js';

export const API_VERSION = ApiVersion.July26;

const LOG_LEVELS = {
  production: LogSeverity.Warning,
  development: LogSeverity.Info,
  test: LogSeverity.Error,
};

/**
 * The Shopify side of the app: OAuth and token exchange, session-token checks, per-shop CSP and webhook
 * validation, with offline sessions stored through Prisma in our own database.
 */
export function createShopifyApp(config: Config, connection: Connection) {
  return shopifyApp({
    api: {
      apiKey: config.shopify.apiKey,
      apiSecretKey: config.shopify.apiSecret,
      scopes: config.shopify.scopes,
      hostName: config.shopify.appUrl.host,
      hostScheme: config.shopify.appUrl.protocol === 'http:' ? 'http' : 'https',
      apiVersion: API_VERSION,
      isEmbeddedApp: true,
      // Opting in to the library's announced behaviour changes also keeps their notices out of the log.
      future: { customerAddressDefaultFix: true, unstable_managedPricingSupport: true },
      logger: { level: LOG_LEVELS[config.env] },
    },
    auth: { path: '/api/auth', callbackPath: '/api/auth/callback' },
    webhooks: { path: '/api/webhooks' },
    sessionStorage: new PrismaSessionStorage(sessionTableClient(connection), { connectionRetries: 1 }),
  });
}

export type ShopifyApp = ReturnType<typeof createShopifyApp>;
