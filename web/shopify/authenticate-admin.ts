import type { RequestHandler } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';
import type { ShopifyApp } from './shopify-app.js';

/**
 * Admin API requests carry the App Bridge session token (HS256, signed with the app secret, aud = API key).
 * The verified `dest` names the shop; nothing else from the request is trusted for it.
 * https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens
 */
export function authenticateAdmin(shopify: ShopifyApp): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('Authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token)
      throw new LoyaltyError(
        'missing_session_token',
        'Send the App Bridge session token as a Bearer token.',
        401,
      );
    let dest: string;
    try {
      dest = (await shopify.api.session.decodeSessionToken(token)).dest;
    } catch {
      throw new LoyaltyError('invalid_session_token', 'The session token is invalid or expired.', 401);
    }
    const shop = shopify.api.utils.sanitizeShop(new URL(dest).hostname);
    if (!shop) throw new LoyaltyError('invalid_session_token', 'The session token names no valid shop.', 401);
    res.locals.shop = shop;
    next();
  };
}
