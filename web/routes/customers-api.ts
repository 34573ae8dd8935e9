import { Router } from 'express';
import { parseCursor, parseCustomerQuery } from '../loyalty/customer-search.js';
import { LoyaltyError } from '../loyalty/errors.js';
import type { CustomerView, HistoryEntry } from '../db/repositories/customer-view-repository.js';
import type { Store } from '../db/store.js';
import { orderAdminUrl } from '../shopify/admin-links.js';
import { getCustomer } from '../use-cases/get-customer.js';
import { listCustomers } from '../use-cases/list-customers.js';

/**
 * The panel's customer list and customer page (design.md 4.2), mounted by the admin API behind its session-token
 * check and its read settling. The shop comes from the verified session token (res.locals.shop).
 */
export function customersApi(deps: { store: Store; now: () => Date }): Router {
  const router = Router();

  router.get('/customers', async (req, res) => {
    const search = parseCustomerQuery(req.query.query);
    const cursor = parseCursor(req.query.cursor);
    const shop = res.locals.shop as string;
    const page = await listCustomers(deps.store, shop, { search, ...(cursor && { cursor }) }, deps.now());
    res.json({ customers: page.customers.map(customerSummary), nextCursor: page.nextCursor });
  });

  router.get('/customers/:id', async (req, res) => {
    const shop = res.locals.shop as string;
    const id = customerIdParam(req.params.id);
    const cursor = parseCursor(req.query.cursor);
    const found = await getCustomer(deps.store, shop, id, { ...(cursor && { cursor }) }, deps.now());
    res.json({
      ...customerSummary(found.customer),
      entries: found.entries.map((entry) => historyEntry(shop, entry)),
      nextCursor: found.nextCursor,
    });
  });

  return router;
}

export function customerIdParam(id: string | undefined): string {
  if (!id || !/^\d{1,20}$/.test(id))
    throw new LoyaltyError('invalid_customer_id', 'The customer id must be the numeric Shopify id.', 400);
  return id;
}

function customerSummary(customer: CustomerView) {
  const numeric = Number(customer.shopifyId);
  return {
    id: Number.isSafeInteger(numeric) ? numeric : customer.shopifyId,
    displayName: customer.displayName,
    email: customer.email,
    balance: { available: customer.available, pending: customer.pending },
    tier: customer.tier,
    lastActivityAt: customer.lastActivityAt?.toISOString() ?? null,
  };
}

function historyEntry(shop: string, entry: HistoryEntry) {
  return {
    id: entry.id,
    kind: entry.kind,
    points: entry.points,
    balanceAfter: entry.balanceAfter,
    occurredAt: entry.occurredAt.toISOString(),
    createdAt: entry.createdAt.toISOString(),
    orderId: entry.orderId,
    orderAdminUrl: entry.orderId === null ? null : orderAdminUrl(shop, entry.orderId),
    refundId: entry.refundId,
    redemptionId: entry.redemptionId,
    adjustmentId: entry.adjustmentId,
    reason: entry.reason,
    programVersion: entry.programVersion,
  };
}
