import express, { Router } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';
import type { ShopifyApp } from '../shopify/shopify-app.js';
import type { IncomingDelivery } from '../db/repositories/delivery-repository.js';
import type { WebhookHandler } from '../webhooks/handler.js';
import type { AcceptResult } from '../webhooks/inbox.js';

/**
 * POST /api/webhooks, every topic. Mounted before express.json(): the HMAC is computed over the raw bytes.
 * 401 for a missing or wrong HMAC (nothing written), 400 for missing headers or a malformed body, 413 above the
 * size limit, 200 for unknown topics (nothing stored); otherwise 200 once the delivery is committed to the
 * inbox (web/webhooks/inbox.ts), which then runs its flow.
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook
 */
export function webhooksRoute(deps: {
  shopify: ShopifyApp;
  bodyLimit: string;
  handlers: ReadonlyMap<string, WebhookHandler>;
  accept: (delivery: IncomingDelivery) => Promise<AcceptResult>;
}): Router {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: deps.bodyLimit }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    if (!req.get('X-Shopify-Hmac-Sha256')) {
      throw new LoyaltyError('invalid_hmac', 'The X-Shopify-Hmac-Sha256 header is missing.', 401);
    }
    const check = await deps.shopify.api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    if (!check.valid) {
      if (check.reason === 'invalid_hmac' || check.reason === 'missing_hmac') {
        throw new LoyaltyError('invalid_hmac', 'The webhook signature does not match.', 401);
      }
      const missing = 'missingHeaders' in check ? check.missingHeaders.join(', ') : '';
      throw new LoyaltyError(
        check.reason === 'missing_body' ? 'missing_body' : 'missing_headers',
        check.reason === 'missing_body' ? 'The webhook has no body.' : `Missing webhook headers: ${missing}.`,
        400,
      );
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch {
      throw new LoyaltyError('invalid_json', 'The webhook body is not valid JSON.', 400);
    }
    // The validated result carries the topic in storage form (ORDERS_PAID); the header has the real name.
    const topic = (req.get('X-Shopify-Topic') ?? '').trim().toLowerCase();
    const handler = deps.handlers.get(topic);
    if (!handler) {
      res.status(200).json({ status: 'ignored' });
      return;
    }
    handler.parse(payload); // a payload its flow cannot read is refused now (400), not accepted and failed later
    const status = await deps.accept({
      shop: check.domain.toLowerCase(),
      topic,
      dedupeKey: ('eventId' in check && check.eventId) || check.webhookId,
      webhookId: check.webhookId,
      payload: rawBody,
    });
    res.status(200).json({ status });
  });
  return router;
}
