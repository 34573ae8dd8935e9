import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReceivedDelivery } from '../db/repositories/delivery-repository.js';
import { createByteBudget } from '../http/byte-budget.js';
import { errorReply } from '../http/error-middleware.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../http/json-depth.js';
import { readBody } from '../http/read-body.js';
import type { Log } from '../logger.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { verifyWebhook, type VerifiedWebhook } from '../shopify/verify-webhook.js';
import type { WebhookHandler } from '../webhooks/handler.js';
import type { AcceptResult } from '../webhooks/inbox.js';

export const WEBHOOK_PATH = '/api/webhooks';

/** POST /api/webhooks (a trailing slash or a query string allowed, as Express allowed them). */
export function isWebhookRequest(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || !req.url) return false;
  const path = req.url.split('?', 1)[0];
  return path === WEBHOOK_PATH || path === `${WEBHOOK_PATH}/`;
}

/**
 * POST /api/webhooks, every topic, as a plain node:http handler: the server calls it before the Express app, so
 * no general middleware runs on the path Shopify times. 401 for a missing or wrong HMAC of the raw bytes (nothing
 * written), 400 for missing headers, malformed or too deeply nested JSON or a payload its flow cannot read, 413
 * above the size limit, 503 while too many unverified bytes are in flight, 200 for unknown topics (nothing
 * stored); otherwise 200 once the delivery is committed to the inbox (web/webhooks/inbox.ts).
 */
export function webhooksRoute(deps: {
  secret: string;
  bodyLimit: number;
  /** Body bytes read before their HMAC is checked, summed over all webhook requests. */
  unverifiedLimit: number;
  handlers: ReadonlyMap<string, WebhookHandler>;
  accept: (delivery: ReceivedDelivery) => Promise<AcceptResult>;
  log: Log;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const budget = createByteBudget(deps.unverifiedLimit);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const hold = budget.hold();
    let rawBody: Buffer;
    let webhook: VerifiedWebhook;
    try {
      rawBody = await readBody(req, deps.bodyLimit, hold);
      webhook = verifyWebhook(deps.secret, rawBody, (name) => header(req, name));
    } finally {
      hold.release(); // checked (or refused): these bytes no longer count as unauthenticated
    }
    const handler = deps.handlers.get(webhook.topic);
    if (!handler) return sendJson(res, 200, { status: 'ignored' });
    const status = await deps.accept(checkedDelivery(webhook, rawBody, handler));
    sendJson(res, 200, { status });
  }

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const { status, body, headers } = errorReply(error, deps.log);
      // Answered before the body was read (413, 503): close the connection rather than read the rest.
      sendJson(res, status, body, req.complete ? headers : { ...headers, Connection: 'close' });
    });
  };
}

/**
 * The delivery to store, once its body is JSON within the depth limit that its flow can read (else a 400). A
 * function of its own so the parsed tree is garbage before the handler awaits the commit: an async function keeps
 * its locals alive across an await, and every waiting request's tree would survive young-generation collections.
 */
function checkedDelivery(
  webhook: VerifiedWebhook,
  rawBody: Buffer,
  handler: WebhookHandler,
): ReceivedDelivery {
  if (exceedsJsonDepth(rawBody, MAX_JSON_DEPTH))
    throw new LoyaltyError(
      'json_too_deep',
      `The webhook body nests deeper than ${MAX_JSON_DEPTH} levels.`,
      400,
    );
  const text = rawBody.toString('utf8');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw new LoyaltyError('invalid_json', 'The webhook body is not valid JSON.', 400);
  }
  // a payload its flow cannot read is refused now (400), not accepted and failed later
  if (!handler.surelyParses?.(payload)) handler.parse(payload);
  return {
    shop: webhook.shop,
    topic: webhook.topic,
    // The event id names the event; the topic is part of the key in case one event ever feeds two topics.
    dedupeKey: `${webhook.topic}:${webhook.eventId ?? webhook.webhookId}`,
    webhookId: webhook.webhookId,
    payload: text,
    // The same text as bytes, for a writer that can take them without a copy: only when they decode to exactly
    // that text (valid UTF-8) and are a buffer of their own (small bodies share node's buffer pool).
    ...(rawBody.byteOffset === 0 && rawBody.byteLength === rawBody.buffer.byteLength && isUtf8(rawBody)
      ? { payloadBytes: rawBody }
      : {}),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return; // the client is gone, or a timeout already answered
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
