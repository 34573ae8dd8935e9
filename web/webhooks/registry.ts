import appUninstalled from './app-uninstalled.js';
import customersCreate from './customers-create.js';
import customersDataRequest from './customers-data-request.js';
import customersRedact from './customers-redact.js';
import type { WebhookHandler } from './handler.js';
import ordersCancelled from './orders-cancelled.js';
import ordersPaid from './orders-paid.js';
import refundsCreate from './refunds-create.js';
import shopRedact from './shop-redact.js';

/** Every topic the app subscribes to in shopify.app.toml, by the topic name of the X-Shopify-Topic header. */
const handlers: WebhookHandler<never>[] = [
  ordersPaid,
  ordersCancelled,
  refundsCreate,
  customersCreate,
  appUninstalled,
  customersDataRequest,
  customersRedact,
  shopRedact,
] as WebhookHandler<never>[];

export const webhookHandlers: ReadonlyMap<string, WebhookHandler> = new Map(
  handlers.map((handler) => [handler.topic, handler as WebhookHandler]),
);
