import { Router } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';
import type { Store } from '../db/store.js';
import type { CustomerRecord } from '../db/repositories/customer-repository.js';
import { adjustPoints } from '../use-cases/adjust-points.js';
import { getCustomer } from '../use-cases/get-customer.js';
import { getStats } from '../use-cases/get-stats.js';
import { listCustomers } from '../use-cases/list-customers.js';
import { listProgramVersions } from '../use-cases/list-program-versions.js';
import { getProgram, updateProgram } from '../use-cases/update-program.js';

/** How long an admin read waits for its shop's acknowledged webhooks to be credited. */
export const ADMIN_READ_WAIT_MS = 2000;
export const PENDING_HEADER = 'X-Loyalty-Pending-Deliveries';

/**
 * The embedded admin panel's API. The shop comes from the verified session token (res.locals.shop), and so does
 * the staff user who makes changes (res.locals.staffUserId, the token's `sub`).
 */
export function adminApi(deps: {
  store: Store;
  now: () => Date;
  settle: (shop: string, maxWaitMs: number) => Promise<{ pending: number }>;
}): Router {
  const router = Router();
  // Webhooks of this shop acknowledged before this request are processed before it reads, so what was accepted
  // is visible; other shops' traffic is not waited for. A backlog that takes longer than the bound is not waited
  // out either: the answer is what is committed, and the header says how many deliveries are still pending.
  router.use(async (_req, res, next) => {
    const { pending } = await deps.settle(res.locals.shop as string, ADMIN_READ_WAIT_MS);
    if (pending > 0) res.set(PENDING_HEADER, String(pending));
    next();
  });

  router.get('/program', async (_req, res) => {
    res.json(await getProgram(deps.store, res.locals.shop as string, deps.now()));
  });

  router.put('/program', async (req, res) => {
    const staffUserId = res.locals.staffUserId as string | null;
    res.json(await updateProgram(deps.store, res.locals.shop as string, req.body, deps.now(), staffUserId));
  });

  router.get('/program/versions', async (_req, res) => {
    res.json(await listProgramVersions(deps.store, res.locals.shop as string));
  });

  router.get('/stats', async (req, res) => {
    const { from, to } = req.query;
    res.json(await getStats(deps.store, res.locals.shop as string, { from, to }, deps.now()));
  });

  router.post('/customers/:id/adjustments', async (req, res) => {
    const body = await adjustPoints(
      deps.store,
      {
        shop: res.locals.shop as string,
        shopifyId: customerIdParam(req.params.id),
        staffUserId: res.locals.staffUserId as string | null,
        requestKey: req.get('Idempotency-Key'),
        body: req.body,
      },
      deps.now(),
    );
    res.status(201).json(body);
  });

  router.get('/customers', async (req, res) => {
    const query = typeof req.query.query === 'string' ? req.query.query.trim() : '';
    const cursor =
      typeof req.query.cursor === 'string' && req.query.cursor ? Number(req.query.cursor) : undefined;
    if (query && !/^\d+$/.test(query))
      throw new LoyaltyError('invalid_query', 'query must be a numeric customer id prefix.', 400);
    if (cursor !== undefined && !Number.isSafeInteger(cursor))
      throw new LoyaltyError('invalid_cursor', 'cursor is not valid.', 400);
    const shop = res.locals.shop as string;
    const page = await listCustomers(deps.store, shop, { query, ...(cursor && { cursor }) }, deps.now());
    res.json({ customers: page.customers.map(customerSummary), nextCursor: page.nextCursor });
  });

  router.get('/customers/:id', async (req, res) => {
    const id = customerIdParam(req.params.id);
    const found = await getCustomer(deps.store, res.locals.shop as string, id, deps.now());
    res.json({
      ...customerSummary({ ...found.customer, ...found.balance }),
      entries: found.entries.map((entry) => ({
        id: entry.id,
        kind: entry.kind,
        points: entry.points,
        occurredAt: entry.occurredAt.toISOString(),
        createdAt: entry.createdAt.toISOString(),
        orderId: entry.orderId ?? null,
        refundId: entry.refundId ?? null,
        redemptionId: entry.redemptionId ?? null,
        adjustmentId: entry.adjustmentId ?? null,
      })),
    });
  });

  router.get('/data-requests', async (_req, res) => {
    const requests = await deps.store.read((repos) => repos.gdpr.dataRequests(res.locals.shop as string));
    res.json({ dataRequests: requests.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() })) });
  });

  return router;
}

function customerIdParam(id: string | undefined): string {
  if (!id || !/^\d{1,20}$/.test(id))
    throw new LoyaltyError('invalid_customer_id', 'The customer id must be the numeric Shopify id.', 400);
  return id;
}

function customerSummary(customer: CustomerRecord) {
  const numeric = Number(customer.shopifyId);
  return {
    id: Number.isSafeInteger(numeric) ? numeric : customer.shopifyId,
    balance: { available: customer.available, pending: customer.pending },
    tier: customer.tier,
  };
}
