import express, { Router } from 'express';
import type { IncomingDelivery } from '../db/repositories/delivery-repository.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { verifyWebhook } from '../shopify/verify-webhook.js';
import type { WebhookHandler } from '../webhooks/handler.js';
import type { AcceptResult } from '../webhooks/inbox.js';

/**
 * POST /api/webhooks, every topic. Mounted before express.json(): the HMAC is computed over the raw bytes.
 * 401 for a missing or wrong HMAC (nothing written), 400 for missing headers or a malformed body, 413 above the
 * size limit, 200 for unknown topics (nothing stored); otherwise 200 once the delivery is committed to the
 * inbox (web/webhooks/inbox.ts), which then runs its flow.
 */
export function webhooksRoute(deps: {
  secret: string;
  bodyLimit: string;
  handlers: ReadonlyMap<string, WebhookHandler>;
  accept: (delivery: IncomingDelivery) => Promise<AcceptResult>;
}): Router {
  const router = Router();
  router.post('/', express.raw({ type: () => true, limit: deps.bodyLimit }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const webhook = verifyWebhook(deps.secret, rawBody, (name) => req.get(name));
    const handler = deps.handlers.get(webhook.topic);
    if (!handler) {
      res.status(200).json({ status: 'ignored' });
      return;
    }
    const text = rawBody.toString('utf8');
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      throw new LoyaltyError('invalid_json', 'The webhook body is not valid JSON.', 400);
    }
    handler.parse(payload); // a payload its flow cannot read is refused now (400), not accepted and failed later
    const status = await deps.accept({
      shop: webhook.shop,
      topic: webhook.topic,
      // The event id names the event; the topic is part of the key in case one event ever feeds two topics.
      dedupeKey: `${webhook.topic}:${webhook.eventId ?? webhook.webhookId}`,
      webhookId: webhook.webhookId,
      payload: text,
    });
    res.status(200).json({ status });
  });
  return router;
}
