import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signSessionToken } from '../demo/session-token.js';
import {
  verifyAdminSession,
  verifyAdminSessionToken,
  verifyExtensionSessionToken,
} from './session-token-shop.js';

const keys = { apiKey: 'test-api-key', apiSecret: 'test-api-secret' };
const SHOP = 'test-shop.myshopify.com';
const now = () => Math.floor(Date.now() / 1000);

const library = shopifyApi({
  apiKey: keys.apiKey,
  apiSecretKey: keys.apiSecret,
  apiVersion: ApiVersion.July26,
  isEmbeddedApp: true,
  hostName: 'loyalty.example.test',
  future: { customerAddressDefaultFix: true, unstable_managedPricingSupport: true },
  logger: { level: LogSeverity.Error },
});

const admin = (extraClaims: Record<string, unknown> = {}, secret = keys.apiSecret) =>
  signSessionToken({ secret, apiKey: keys.apiKey, shop: SHOP, extraClaims });
const extension = (opts: { sub?: string; extraClaims?: Record<string, unknown> } = {}) =>
  signSessionToken({ secret: keys.apiSecret, apiKey: keys.apiKey, shop: SHOP, kind: 'extension', ...opts });

/** A JWT with any header, signed with HMAC-SHA256 unless told otherwise: for algorithm and encoding cases. */
function craft(header: Record<string, unknown>, claims: Record<string, unknown>, hmac = 'sha256'): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part(header)}.${part(claims)}`;
  return `${input}.${createHmac(hmac, keys.apiSecret).update(input).digest('base64url')}`;
}
const adminClaims = () => ({
  iss: `https://${SHOP}/admin`,
  dest: `https://${SHOP}`,
  aud: keys.apiKey,
  sub: '1',
  exp: now() + 60,
  nbf: now() - 5,
});

const refusal = async (verify: Promise<unknown>) => {
  const error = await verify.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return error as { code?: string; status?: number; name?: string } | undefined;
};
const REFUSED = { name: 'LoyaltyError', code: 'invalid_session_token', status: 401 };

describe('verifyAdminSessionToken', () => {
  it('returns the shop of a token shaped like the admin sends it', async () => {
    expect(await verifyAdminSessionToken(keys, admin())).toBe(SHOP);
  });

  it('names the staff user (sub) for the record, and none when the token has no sub', async () => {
    expect(await verifyAdminSession(keys, admin({ sub: '8675309' }))).toEqual({
      shop: SHOP,
      staffUserId: '8675309',
    });
    expect(await verifyAdminSession(keys, admin({ sub: undefined }))).toEqual({
      shop: SHOP,
      staffUserId: null,
    });
  });

  it('allows 10 seconds of clock skew, as @shopify/shopify-api does, and no more', async () => {
    expect(await verifyAdminSessionToken(keys, admin({ nbf: now() + 8 }))).toBe(SHOP);
    expect(await verifyAdminSessionToken(keys, admin({ exp: now() - 8 }))).toBe(SHOP);
    expect(await refusal(verifyAdminSessionToken(keys, admin({ nbf: now() + 30 })))).toMatchObject(REFUSED);
    expect(await refusal(verifyAdminSessionToken(keys, admin({ exp: now() - 30 })))).toMatchObject(REFUSED);
  });

  it('refuses a token without exp, which the library accepts as never expiring', async () => {
    const token = admin({ exp: undefined });
    expect((await library.session.decodeSessionToken(token)).dest).toBe(`https://${SHOP}`);
    expect(await refusal(verifyAdminSessionToken(keys, token))).toMatchObject(REFUSED);
  });

  it.each<[string, Record<string, unknown>]>([
    ['no nbf', { nbf: undefined }],
    ['exp as a string', { exp: String(now() + 60) }],
    ['nbf as null', { nbf: null }],
    ['no dest', { dest: undefined }],
    ['dest as a number', { dest: 42 }],
    ['a dest that is no URL', { dest: 'not a url' }],
    ['a bare dest (the extension form)', { dest: SHOP, iss: `${SHOP}/admin` }],
    ['an http dest', { dest: `http://${SHOP}`, iss: `http://${SHOP}/admin` }],
    [
      'a dest outside myshopify.com',
      { dest: 'https://evil.example.com', iss: 'https://evil.example.com/admin' },
    ],
    [
      'a dest of a shopify.com lookalike',
      { dest: `https://${SHOP}.evil.com`, iss: `https://${SHOP}.evil.com/admin` },
    ],
    ['a dest with a path', { dest: `https://${SHOP}/x`, iss: `https://${SHOP}/x/admin` }],
    ['a dest with userinfo', { dest: `https://a@${SHOP}`, iss: `https://a@${SHOP}/admin` }],
    ['a dest with a port', { dest: `https://${SHOP}:8443`, iss: `https://${SHOP}:8443/admin` }],
    ['no iss', { iss: undefined }],
    ['an iss of another shop', { iss: 'https://other.myshopify.com/admin' }],
    ['an iss that is not the admin', { iss: `https://${SHOP}` }],
    ['aud of another app', { aud: 'other-app' }],
    ['aud as an array', { aud: [keys.apiKey] }],
    ['no aud', { aud: undefined }],
  ])('refuses a token with %s with 401 invalid_session_token', async (_name, claims) => {
    expect(await refusal(verifyAdminSessionToken(keys, admin(claims)))).toMatchObject(REFUSED);
  });

  it.each([
    ['signed with another secret', () => admin({}, 'another-secret')],
    [
      'alg none',
      () => `${craft({ alg: 'none', typ: 'JWT' }, adminClaims()).split('.').slice(0, 2).join('.')}.`,
    ],
    ['HS512', () => craft({ alg: 'HS512', typ: 'JWT' }, adminClaims(), 'sha512')],
    ['HS256 claimed, HS512 signature', () => craft({ alg: 'HS256', typ: 'JWT' }, adminClaims(), 'sha512')],
    ['a critical header', () => craft({ alg: 'HS256', crit: ['x'], x: 1 }, adminClaims())],
    ['an empty string', () => ''],
    ['garbage', () => 'not.a.jwt'],
    ['two parts', () => admin().split('.').slice(0, 2).join('.')],
    ['a payload that is not JSON', () => `${admin().split('.')[0]}.bm90IGpzb24.${admin().split('.')[2]}`],
  ])('refuses a token %s with 401, never a 500', async (_name, token) => {
    expect(await refusal(verifyAdminSessionToken(keys, token()))).toMatchObject(REFUSED);
  });

  it('refuses an extension token: any shopper can get one', async () => {
    expect(
      await refusal(verifyAdminSessionToken(keys, extension({ sub: 'gid://shopify/Customer/7' }))),
    ).toMatchObject(REFUSED);
  });
});

describe('verifyExtensionSessionToken', () => {
  it('returns the shop and the logged-in customer of a checkout token', async () => {
    expect(
      await verifyExtensionSessionToken(
        keys,
        extension({ sub: 'gid://shopify/Customer/820982911946154508' }),
      ),
    ).toEqual({
      shop: SHOP,
      customerGid: 'gid://shopify/Customer/820982911946154508',
    });
  });

  it('returns no customer for an anonymous buyer (no sub)', async () => {
    expect(await verifyExtensionSessionToken(keys, extension())).toEqual({ shop: SHOP, customerGid: null });
  });

  it('accepts dest in the https form too', async () => {
    const token = extension({ extraClaims: { dest: `https://${SHOP}` } });
    expect(await verifyExtensionSessionToken(keys, token)).toEqual({ shop: SHOP, customerGid: null });
  });

  it.each<[string, Record<string, unknown>]>([
    ['no exp', { exp: undefined }],
    ['no nbf', { nbf: undefined }],
    ['an expired exp', { exp: now() - 60 }],
    ['no dest', { dest: undefined }],
    ['a dest outside myshopify.com', { dest: 'evil.example.com' }],
    ['a dest with a path', { dest: `${SHOP}/admin` }],
    ['a sub that is no customer gid', { sub: '1' }],
    ['a sub of another resource', { sub: 'gid://shopify/Order/7' }],
    ['a sub as a number', { sub: 7 }],
    ['a sub as null', { sub: null }],
    ['aud of another app', { aud: 'other-app' }],
  ])('refuses a token with %s with 401 invalid_session_token', async (_name, claims) => {
    expect(
      await refusal(verifyExtensionSessionToken(keys, extension({ extraClaims: claims }))),
    ).toMatchObject(REFUSED);
  });

  it('refuses an admin token (its sub is a staff user id, not a customer)', async () => {
    expect(await refusal(verifyExtensionSessionToken(keys, admin()))).toMatchObject(REFUSED);
  });
});
