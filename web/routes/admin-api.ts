import { Router } from 'express';
import type { Store } from '../db/store.js';
import { adjustPoints } from '../use-cases/adjust-points.js';
import { getStats } from '../use-cases/get-stats.js';
import { customerIdParam, customersApi } from './customers-api.js';
import { listProgramVersions } from '../use-cases/list-program-versions.js';
import { previewProgramChange } from '../use-cases/preview-program-change.js';
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

  router.post('/program/preview', async (req, res) => {
    res.json(await previewProgramChange(deps.store, res.locals.shop as string, req.body, deps.now()));
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

  // GET /customers and /customers/:id
  router.use(customersApi(deps));

  router.get('/data-requests', async (_req, res) => {
    const requests = await deps.store.read((repos) => repos.gdpr.dataRequests(res.locals.shop as string));
    res.json({ dataRequests: requests.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() })) });
  });

  return router;
}
