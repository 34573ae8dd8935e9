import { afterEach, describe, expect, test, vi } from 'vitest';
import { createLoyaltyApi, ERROR_KEYS, toApiError } from '../src/shared/loyalty-api';
import { account, header, json, missingKeys } from './helpers';

describe('errors', () => {
  test('map to what the shopper can do about them', () => {
    expect(toApiError(409, { code: 'insufficient_points' })).toEqual({
      code: 'insufficient_points',
      status: 409,
      retryable: false,
    });
    expect(toApiError(502, { code: 'shopify_unavailable' }).retryable).toBe(true);
    // the first request with the key is still waiting for Shopify: worth the same key again, not a new click
    expect(toApiError(409, { code: 'redemption_in_progress' })).toEqual({
      code: 'redemption_in_progress',
      status: 409,
      retryable: true,
    });
    expect(toApiError(401, null).code).toBe('not_logged_in');
    expect(toApiError(429, { code: 'rate_limited' })).toMatchObject({
      code: 'rate_limited',
      retryable: true,
    });
    expect(toApiError(0, null)).toMatchObject({ code: 'network', retryable: true });
    expect(toApiError(500, { code: 'internal' })).toMatchObject({ code: 'unexpected', retryable: true });
    expect(toApiError(422, { code: 'idempotency_key_reused' })).toMatchObject({
      code: 'unexpected',
      retryable: false,
    });
  });

  test('every error has a text in both locales', () => {
    expect(missingKeys(Object.values(ERROR_KEYS))).toEqual([]);
  });
});

describe('the storefront client', () => {
  afterEach(() => vi.unstubAllGlobals());

  test('asks for a token on every request and sends it as a bearer token', async () => {
    const fetch = vi.fn(async () => json(200, account()));
    vi.stubGlobal('fetch', fetch);
    const tokens = ['t1', 't2'];
    const api = createLoyaltyApi('https://app.test', async () => tokens.shift()!);
    await api.account();
    await api.account();
    expect(fetch.mock.calls.map((c) => header((c as unknown[])[1] as RequestInit, 'Authorization'))).toEqual([
      'Bearer t1',
      'Bearer t2',
    ]);
    expect(String((fetch.mock.calls[0] as unknown[])[0])).toBe('https://app.test/api/storefront/balance');
  });

  test('posts redemptions with the key, cancels by id, and reads order points', async () => {
    const fetch = vi.fn(async () => json(200, {}));
    vi.stubGlobal('fetch', fetch);
    const api = createLoyaltyApi('https://app.test', async () => 't');
    await api.redeem('pay', 300, 'key-1');
    await api.cancel(7);
    await api.orderPoints('123');
    type Call = [string, RequestInit];
    const [redeem, cancel, order] = fetch.mock.calls as unknown as [Call, Call, Call];
    expect(redeem[0]).toBe('https://app.test/api/storefront/redemptions');
    expect(JSON.parse(String(redeem[1].body))).toEqual({ optionId: 'pay', points: 300 });
    expect(header(redeem[1], 'Idempotency-Key')).toBe('key-1');
    expect([cancel[0], cancel[1].method]).toEqual([
      'https://app.test/api/storefront/redemptions/7/cancel',
      'POST',
    ]);
    expect(order[0]).toBe('https://app.test/api/storefront/orders/123/points');
  });

  test('a failed fetch or token is a retryable network error; a bad body is unexpected', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('offline')));
    expect(await createLoyaltyApi('https://app.test', async () => 't').account()).toEqual({
      ok: false,
      error: { code: 'network', status: 0, retryable: true },
    });
    const noToken = createLoyaltyApi('https://app.test', () => Promise.reject(new Error('no token')));
    expect(await noToken.account()).toMatchObject({ ok: false, error: { code: 'network' } });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>', { status: 503 })),
    );
    expect(await createLoyaltyApi('https://app.test', async () => 't').account()).toMatchObject({
      ok: false,
      error: { code: 'unexpected', status: 503, retryable: true },
    });
  });
});
