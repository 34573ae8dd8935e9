/**
 * App Bridge session tokens for scripts and tests: an HS256 JWT signed with the app secret, with the claims Shopify
 * puts in the admin's tokens. Node built-ins only, so the demo scripts run without the app's dependencies.
 * `kind: 'extension'` signs a checkout / customer-account extension token instead: bare `dest`, no `iss`, and a
 * `sub` (the customer gid) only when given.
 * https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/apis/session-token
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function signSessionToken(opts: {
  secret: string;
  apiKey: string;
  shop: string;
  kind?: 'admin' | 'extension';
  sub?: string;
  expiresInSeconds?: number;
  /** Added or replaced claims; a claim set to `undefined` is left out (JSON drops it). */
  extraClaims?: Record<string, unknown>;
}): string {
  const now = Math.floor(Date.now() / 1000);
  const common = {
    aud: opts.apiKey,
    exp: now + (opts.expiresInSeconds ?? 60),
    // A little in the past, as a verifier allows for clock skew between Shopify and the app.
    nbf: now - 5,
    iat: now - 5,
    jti: randomUUID(),
  };
  const claims =
    opts.kind === 'extension'
      ? { dest: opts.shop, ...(opts.sub !== undefined && { sub: opts.sub }), ...common, ...opts.extraClaims }
      : {
          iss: `https://${opts.shop}/admin`,
          dest: `https://${opts.shop}`,
          sub: opts.sub ?? '1',
          ...common,
          sid: randomBytes(16).toString('hex'),
          ...opts.extraClaims,
        };
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  const signature = createHmac('sha256', opts.secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}
