import { exportCustomerData } from '../use-cases/export-customer-data.js';
import { defineHandler } from './handler.js';
import { parseComplianceCustomer } from './payloads.js';

// Mandatory compliance webhook: https://shopify.dev/docs/apps/build/compliance/privacy-law-compliance
export default defineHandler({
  topic: 'customers/data_request',
  parse: parseComplianceCustomer,
  handle: (repos, request, context) => exportCustomerData(repos, context, request),
});
