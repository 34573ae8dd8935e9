import type { RequestHandler } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';
import { shopFromSessionToken } from './session-token-shop.js';
import type { ShopifyApp } from './shopify-app.js';

/** Admin API requests carry the App Bridge session token as a Bearer token; the shop comes from it alone. */
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
    const shop = await shopFromSessionToken(shopify, token);
    res.locals.shop = shop;
    next();
  };
}
