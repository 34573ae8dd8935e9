import cors from 'cors';
import express, { type RequestHandler, Router } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';
import { checkRequestKey } from '../loyalty/redemption.js';
import { authenticateExtension } from '../shopify/authenticate-extension.js';
import type { SessionTokenKeys } from '../shopify/session-token-shop.js';
import { cancelRedemption } from '../use-cases/cancel-redemption.js';
import { getOrderPoints } from '../use-cases/get-order-points.js';
import { getStorefrontBalance } from '../use-cases/get-storefront-balance.js';
import { redeemPoints } from '../use-cases/redeem-points.js';
import type { StorefrontDeps } from '../use-cases/storefront.js';

/**
 * The storefront API (docs/design.md 4.4): what the checkout, customer-account and thank-you extensions
 * call. They run on Shopify's origins, so CORS is open (the session token, not a cookie, authorizes); a preflight
 * needs no token. The shop and customer come from the token only.
 */
export function storefrontApi(
  deps: StorefrontDeps & { keys: SessionTokenKeys; rateLimit: RequestHandler },
): Router {
  const router = Router();
  router.use(
    cors({
      origin: '*',
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      exposedHeaders: ['Retry-After', 'RateLimit', 'RateLimit-Policy'],
      maxAge: 600,
    }),
    express.json({ limit: '16kb' }),
    authenticateExtension(deps.keys),
    deps.rateLimit,
  );
  const caller = (locals: Record<string, unknown>) => ({
    shop: locals.shop as string,
    customerGid: locals.customerGid as string,
  });

  router.get('/balance', async (_req, res) => {
    res.json(await getStorefrontBalance(deps, caller(res.locals)));
  });

  router.post('/redemptions', async (req, res) => {
    const requestKey = checkRequestKey(req.get('Idempotency-Key'));
    const body = (req.body ?? {}) as { optionId?: unknown; points?: unknown };
    if (typeof body.optionId !== 'string' || !body.optionId)
      throw new LoyaltyError('invalid_request', 'optionId must be the id of a redemption option.', 422);
    if (body.points !== undefined && !Number.isSafeInteger(body.points))
      throw new LoyaltyError('invalid_points', 'points must be a whole number.', 422);
    const answer = await redeemPoints(deps, {
      ...caller(res.locals),
      requestKey,
      optionId: body.optionId,
      ...(body.points !== undefined && { points: body.points as number }),
    });
    res.status(201).json(answer);
  });

  router.post('/redemptions/:id/cancel', async (req, res) => {
    res.json(await cancelRedemption(deps, { ...caller(res.locals), redemptionId: numericId(req.params.id) }));
  });

  router.get('/orders/:orderId/points', async (req, res) => {
    const orderId = req.params.orderId ?? '';
    if (!/^[1-9]\d{0,19}$/.test(orderId))
      throw new LoyaltyError('invalid_order_id', 'The order id must be the numeric Shopify id.', 400);
    res.json(await getOrderPoints(deps, { ...caller(res.locals), orderId }));
  });

  router.use((_req, _res, next) => next(new LoyaltyError('not_found', 'No such storefront endpoint.', 404)));
  return router;
}

function numericId(value: string | undefined): number {
  const id = Number(value);
  if (!value || !/^\d{1,15}$/.test(value) || !Number.isSafeInteger(id))
    throw new LoyaltyError('redemption_not_found', 'No such redemption for this customer.', 404);
  return id;
}
