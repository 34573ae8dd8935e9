import { describe, expect, it } from 'vitest';
import { cachedToken, EXPIRY_MARGIN_MS, sessionTokens, tokenExpiry } from './session-token';

const jwt = (claims: object) =>
  ['{"alg":"HS256"}', JSON.stringify(claims)]
    .map((part) => Buffer.from(part).toString('base64url'))
    .join('.') + '.sig';

describe('tokenExpiry', () => {
  it('reads exp from a base64url JWT payload in milliseconds', () => {
    expect(tokenExpiry(jwt({ exp: 1_700_000_000, sub: 'ü?>' }))).toBe(1_700_000_000_000);
  });

  it('answers null for anything that is not a JWT with a numeric exp', () => {
    expect(tokenExpiry('opaque')).toBeNull();
    expect(tokenExpiry('a.!!!.c')).toBeNull();
    expect(tokenExpiry(jwt({ exp: '1700000000' }))).toBeNull();
  });
});

describe('cachedToken', () => {
  const setup = (lifetimeSeconds: number) => {
    let clock = 1_000_000_000_000;
    let fetched = 0;
    const cache = cachedToken(
      async () => jwt({ exp: Math.floor(clock / 1000) + lifetimeSeconds, n: ++fetched }),
      () => clock,
    );
    return { cache, fetched: () => fetched, advance: (ms: number) => (clock += ms) };
  };

  it('reuses a token until the margin before its expiry, then fetches a new one', async () => {
    const { cache, fetched, advance } = setup(300);
    const first = await cache.token();
    advance(300_000 - EXPIRY_MARGIN_MS - 1);
    expect(await cache.token()).toBe(first);
    expect(fetched()).toBe(1);
    advance(1);
    expect(await cache.token()).not.toBe(first);
    expect(fetched()).toBe(2);
  });

  it('never keeps a token that expires within the margin', async () => {
    const { cache, fetched } = setup(30);
    await cache.token();
    await cache.token();
    expect(fetched()).toBe(2);
  });

  it('freshToken bypasses the cache and replaces what is kept', async () => {
    const { cache, fetched } = setup(300);
    const first = await cache.token();
    const fresh = await cache.freshToken();
    expect(fresh).not.toBe(first);
    expect(await cache.token()).toBe(fresh);
    expect(fetched()).toBe(2);
  });

  it('shares one fetch between concurrent callers', async () => {
    const { cache, fetched } = setup(300);
    const [a, b] = await Promise.all([cache.token(), cache.token()]);
    expect(a).toBe(b);
    expect(fetched()).toBe(1);
  });
});

describe('sessionTokens', () => {
  it("prefers App Bridge's idToken when the shopify global is there", async () => {
    const tokens = sessionTokens({
      shopify: { idToken: async () => 'from-app-bridge' },
      loyaltyDemo: { tokenUrl: '/demo/session-token', shop: 'x.myshopify.com' },
    });
    expect(tokens?.source).toBe('app-bridge');
    expect(await tokens?.token()).toBe('from-app-bridge');
  });

  it('fetches from the injected token source otherwise', async () => {
    const token = jwt({ exp: Math.floor(Date.now() / 1000) + 600 });
    const urls: string[] = [];
    const tokens = sessionTokens(
      { loyaltyDemo: { tokenUrl: '/demo/session-token', shop: 'demo.myshopify.com' } },
      async (url) => {
        urls.push(String(url));
        return new Response(JSON.stringify({ token }), { status: 200 });
      },
    );
    expect(tokens).toMatchObject({ source: 'injected', shop: 'demo.myshopify.com' });
    expect(await tokens?.token()).toBe(token);
    expect(urls).toEqual(['/demo/session-token']);
  });

  it('is null without either, so the panel can say to open it from the admin', () => {
    expect(sessionTokens({})).toBeNull();
  });
});
