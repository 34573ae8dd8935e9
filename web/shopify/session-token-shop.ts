import { LoyaltyError } from '../loyalty/errors.js';
import type { ShopifyApp } from './shopify-app.js';

/**
 * Verifies an App Bridge session token (HS256, signed with the app secret, aud = API key) and returns the shop its
 * `dest` names; nothing else from the request is trusted for the shop. 401 when it does not verify.
 * https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens
 */
export async function shopFromSessionToken(shopify: ShopifyApp, token: string): Promise<string> {
  let dest: string;
  try {
    dest = (await shopify.api.session.decodeSessionToken(token)).dest;
  } catch {
    throw new LoyaltyError('invalid_session_token', 'The session token is invalid or expired.', 401);
  }
  const shop = shopify.api.utils.sanitizeShop(new URL(dest).hostname);
  if (!shop) throw new LoyaltyError('invalid_session_token', 'The session token names no valid shop.', 401);
  return shop;
}
