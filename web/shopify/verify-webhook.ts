import { createHmac, timingSafeEqual } from 'node:crypto';
import { LoyaltyError } from '../loyalty/errors.js';

export interface VerifiedWebhook {
  topic: string;
  shop: string;
  webhookId: string;
  eventId: string | null;
  apiVersion: string;
}

const REQUIRED = [
  'X-Shopify-Topic',
  'X-Shopify-Shop-Domain',
  'X-Shopify-API-Version',
  'X-Shopify-Webhook-Id',
];
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * Checks a webhook delivery the way Shopify documents it: HMAC-SHA256 of the raw body bytes with the app secret,
 * base64, compared in constant time; then the headers every delivery carries. Missing or wrong signature: 401
 * (checked first, so an unsigned request learns nothing else); missing headers or an empty body: 400.
 * This does what `shopify.api.webhooks.validate()` does (a test holds the two to the same verdicts) in a few
 * microseconds instead of its ~0.4 ms per request, which mattered on the webhook hot path.
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook
 */
export function verifyWebhook(
  secret: string,
  rawBody: Buffer,
  header: (name: string) => string | undefined,
): VerifiedWebhook {
  const signature = header('X-Shopify-Hmac-Sha256');
  if (!signature) throw new LoyaltyError('invalid_hmac', 'The X-Shopify-Hmac-Sha256 header is missing.', 401);
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new LoyaltyError('invalid_hmac', 'The webhook signature does not match.', 401);
  }
  const missing = REQUIRED.filter((name) => !header(name));
  if (missing.length)
    throw new LoyaltyError('missing_headers', `Missing webhook headers: ${missing.join(', ')}.`, 400);
  if (rawBody.length === 0) throw new LoyaltyError('missing_body', 'The webhook has no body.', 400);
  const shop = header('X-Shopify-Shop-Domain')!.trim().toLowerCase();
  if (!SHOP_DOMAIN.test(shop))
    throw new LoyaltyError('invalid_shop_domain', 'X-Shopify-Shop-Domain is not a shop domain.', 400);
  return {
    topic: header('X-Shopify-Topic')!.trim().toLowerCase(),
    shop,
    webhookId: header('X-Shopify-Webhook-Id')!,
    eventId: header('X-Shopify-Event-Id') ?? null,
    apiVersion: header('X-Shopify-API-Version')!,
  };
}
