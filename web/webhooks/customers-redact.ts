import { redactCustomer } from '../use-cases/redact-customer.js';
import { defineHandler } from './handler.js';
import { parseComplianceCustomer } from './payloads.js';

// Mandatory compliance webhook: https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance
export default defineHandler({
  topic: 'customers/redact',
  parse: parseComplianceCustomer,
  handle: (repos, request, { shop, now, buyerKey }) => redactCustomer(repos, shop, request, buyerKey, now),
});
