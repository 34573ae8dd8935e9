import type { Repositories } from '../db/store.js';
import type { WebhookContext } from '../webhooks/handler.js';
import { type Outcome, processed } from './outcome.js';

/**
 * customers/data_request: collect everything stored for the customer, keep it for the merchant (admin API
 * GET /api/data-requests), and log that it was requested. Shopify expects the merchant to pass it on.
 */
export async function exportCustomerData(
  repos: Repositories,
  { shop, now, log }: WebhookContext,
  request: { customerId: string; requestId: string | null },
): Promise<Outcome> {
  const data = await repos.gdpr.exportCustomer(shop, request.customerId, now);
  await repos.gdpr.saveDataRequest(shop, request.customerId, request.requestId, data);
  log('customer data request', { shop, customerId: request.customerId, entries: data.ledger.length });
  return processed(`export of ${data.ledger.length} ledger entries prepared`);
}
