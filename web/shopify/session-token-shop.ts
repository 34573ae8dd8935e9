import { errors, jwtVerify, type JWTPayload } from 'jose';
import { LoyaltyError } from '../loyalty/errors.js';
import { isShopDomain } from './shop-domain.js';
import type { ShopifyApp } from './shopify-app.js';

/** What a session token is checked against: it must be signed with the app secret and addressed to the API key. */
export interface SessionTokenKeys {
  apiKey: string;
  apiSecret: string;
}

/** A checkout or customer-account extension's caller: the shop, and the customer when one is logged in. */
export interface ExtensionSession {
  shop: string;
  customerGid: string | null;
}

// @shopify/shopify-api's decodeSessionToken allows 10 s of clock skew between Shopify and the app; so do we.
const CLOCK_TOLERANCE_SECONDS = 10;
// The admin's tokens name the shop as an https origin (`dest`) and its admin (`iss`); extensions' tokens as a bare
// domain, without `iss`; the `https://` form is accepted there too.
const ADMIN_DEST = /^https:\/\/([^/?#:@\\]+)$/;
const EXTENSION_DEST = /^(?:https:\/\/)?([^/?#:@\\]+)$/;
const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/[1-9][0-9]{0,19}$/;

const refuse = (message: string) => new LoyaltyError('invalid_session_token', message, 401);

export const sessionTokenKeys = (shopify: ShopifyApp): SessionTokenKeys => ({
  apiKey: shopify.api.config.apiKey,
  apiSecret: shopify.api.config.apiSecretKey,
});

/**
 * Verifies an App Bridge session token and returns the shop its `dest` names; nothing else from the request is
 * trusted for the shop. Stricter than the library's decodeSessionToken, which accepts tokens without exp (they
 * never expire) and leaves dest unchecked: here exp, nbf, dest and iss must be there, dest must be
 * `https://<shop>.myshopify.com` and iss `<dest>/admin`, so an extension's token (any shopper can get one) never
 * opens the admin API. Anything else is 401 invalid_session_token.
 * https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens#anatomy-of-a-session-token
 */
export async function shopFromSessionToken(shopify: ShopifyApp, token: string): Promise<string> {
  return verifyAdminSessionToken(sessionTokenKeys(shopify), token);
}

export async function verifyAdminSessionToken(keys: SessionTokenKeys, token: string): Promise<string> {
  return (await verifyAdminSession(keys, token)).shop;
}

/** The admin caller: the shop, and the staff user (`sub`) that adjustments and program changes are recorded under. */
export async function verifyAdminSession(
  keys: SessionTokenKeys,
  token: string,
): Promise<{ shop: string; staffUserId: string | null }> {
  const claims = await verifyClaims(keys, token);
  const shop = shopOf(claims.dest, ADMIN_DEST);
  if (claims.iss !== `${claims.dest as string}/admin`)
    throw refuse('The session token was not issued by the shop admin.');
  const sub = typeof claims.sub === 'string' && claims.sub ? claims.sub : null;
  return { shop, staffUserId: sub };
}

/**
 * Verifies a checkout / customer-account extension's session token: the same signature, aud, exp and nbf rules,
 * `dest` the shop's domain, and `sub` the logged-in customer's gid or absent. An admin token (its sub is a staff
 * user id) does not pass. 401 invalid_session_token otherwise.
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/apis/session-token
 * https://shopify.dev/docs/api/customer-account-ui-extensions/latest/apis/session-token
 */
export async function verifyExtensionSessionToken(
  keys: SessionTokenKeys,
  token: string,
): Promise<ExtensionSession> {
  const claims = await verifyClaims(keys, token);
  const shop = shopOf(claims.dest, EXTENSION_DEST);
  const sub: unknown = claims.sub;
  if (sub === undefined) return { shop, customerGid: null };
  if (typeof sub !== 'string' || !CUSTOMER_GID.test(sub))
    throw refuse('The session token names no valid customer.');
  return { shop, customerGid: sub };
}

/** Signature (HS256 only), aud, exp and nbf (both required, with the skew tolerance), through jose. */
async function verifyClaims(keys: SessionTokenKeys, token: string): Promise<JWTPayload> {
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, new TextEncoder().encode(keys.apiSecret), {
      algorithms: ['HS256'],
      audience: keys.apiKey,
      requiredClaims: ['exp', 'nbf', 'dest'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    if (error instanceof errors.JOSEError) throw refuse('The session token is invalid or expired.');
    throw error;
  }
  // jose also accepts an aud array that contains the key; Shopify sends the key itself.
  if (claims.aud !== keys.apiKey) throw refuse('The session token is for another app.');
  return claims;
}

function shopOf(dest: unknown, form: RegExp): string {
  const shop = typeof dest === 'string' ? form.exec(dest)?.[1]?.toLowerCase() : undefined;
  if (!shop || !isShopDomain(shop)) throw refuse('The session token names no valid shop.');
  return shop;
}
