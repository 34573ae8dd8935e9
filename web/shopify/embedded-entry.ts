import { RequestedTokenType } from '@shopify/shopify-api';
import type { RequestHandler } from 'express';
import type { Store } from '../db/store.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { installShop } from '../use-cases/install-shop.js';
import { shopFromSessionToken } from './session-token-shop.js';
import type { ShopifyApp } from './shopify-app.js';

/**
 * The embedded app's entry (GET /). With Shopify-managed installation the admin loads the app with an `id_token`
 * (a session token) in the query: verify it and, when the shop has no usable offline token yet, exchange it for
 * one (token exchange) and record the shop as installed. Without an id_token (legacy installs), fall back to the
 * OAuth redirect flow of @shopify/shopify-app-express.
 * The page may be framed only by the admin of the shop the token names (CSP frame-ancestors), never by whatever
 * `?shop=` says; until a token verifies, by nobody. (The OAuth fallback sets its own header, from `?shop=`, when
 * it serves the page for a shop it finds installed.)
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange
 * https://shopify.dev/docs/apps/build/security/set-up-iframe-protection
 */
export function embeddedEntry(deps: { shopify: ShopifyApp; store: Store; now: () => Date }): RequestHandler {
  const { shopify } = deps;
  const oauthFallback = shopify.ensureInstalledOnShop();
  return async (req, res, next) => {
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none';");
    const idToken = typeof req.query.id_token === 'string' ? req.query.id_token : undefined;
    if (!idToken) return oauthFallback(req, res, next);
    const shop = await shopFromSessionToken(shopify, idToken);
    // A checked <handle>.myshopify.com (shop-domain.ts): nothing in it can break out of the header value.
    res.setHeader('Content-Security-Policy', `frame-ancestors https://${shop} https://admin.shopify.com;`);
    const storage = shopify.config.sessionStorage;
    const existing = await storage.loadSession(shopify.api.session.getOfflineId(shop));
    if (!existing?.isActive(shopify.api.config.scopes)) {
      const { session } = await shopify.api.auth
        .tokenExchange({
          shop,
          sessionToken: idToken,
          requestedTokenType: RequestedTokenType.OfflineAccessToken,
        })
        .catch(() => {
          throw new LoyaltyError(
            'token_exchange_failed',
            'Shopify did not grant an access token; please retry.',
            502,
          );
        });
      await storage.storeSession(session);
      await deps.store.transaction((repos) => installShop(repos, shop, deps.now()));
    }
    next();
  };
}
