import type { RequestHandler } from 'express';
import { LoyaltyError } from '../loyalty/errors.js';
import { type SessionTokenKeys, verifyExtensionSessionToken } from './session-token-shop.js';

/**
 * Storefront API requests (checkout, customer account, thank-you extensions) carry the extension's session token.
 * The shop comes from its `dest`, the customer from its `sub`, never from the request; no `sub` means the shopper
 * is not logged in (401 not_logged_in), which the extensions turn into a sign-in hint.
 */
export function authenticateExtension(keys: SessionTokenKeys): RequestHandler {
  return async (req, res, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '')?.[1];
    if (!token)
      throw new LoyaltyError(
        'missing_session_token',
        "Send the extension's session token as a Bearer token.",
        401,
      );
    const session = await verifyExtensionSessionToken(keys, token);
    if (!session.customerGid)
      throw new LoyaltyError('not_logged_in', 'Sign in to your customer account to use your points.', 401);
    res.locals.shop = session.shop;
    res.locals.customerGid = session.customerGid;
    next();
  };
}
