import type { RequestHandler } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';
import { sessionTokenKeys, verifyAdminSession } from './session-token-shop.js';
import type { ShopifyApp } from './shopify-app.js';

/**
 * Admin API requests carry the App Bridge session token as a Bearer token; the shop comes from it alone, and the
 * staff user from its `sub`.
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
    const session = await verifyAdminSession(sessionTokenKeys(shopify), token);
    res.locals.shop = session.shop;
    // who did it, for adjustments and program versions; never used to choose the shop
    res.locals.staffUserId = session.staffUserId;
    next();
  };
}
