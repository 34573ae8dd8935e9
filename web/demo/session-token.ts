/**
 * App Bridge session tokens for scripts and tests: an HS256 JWT signed with the app secret, with the claims Shopify
 * puts in the admin's tokens. Node built-ins only, so the demo scripts run without the app's dependencies.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function signSessionToken(opts: {
  secret: string;
  apiKey: string;
  shop: string;
  sub?: string;
  expiresInSeconds?: number;
  extraClaims?: Record<string, unknown>;
}): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: `https://${opts.shop}/admin`,
    dest: `https://${opts.shop}`,
    aud: opts.apiKey,
    sub: opts.sub ?? '1',
    exp: now + (opts.expiresInSeconds ?? 60),
    // A little in the past, as a verifier allows for clock skew between Shopify and the app.
    nbf: now - 5,
    iat: now - 5,
    jti: randomUUID(),
    sid: randomBytes(16).toString('hex'),
    ...opts.extraClaims,
  };
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  const signature = createHmac('sha256', opts.secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}
