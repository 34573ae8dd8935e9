import { redactShop } from '../use-cases/redact-shop.js';
import { defineHandler } from './handler.js';

// Mandatory compliance webhook, sent 48 hours after uninstall: https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance
export default defineHandler({
  topic: 'shop/redact',
  parse: () => undefined,
  handle: (repos, _input, { shop }) => redactShop(repos, shop),
});
