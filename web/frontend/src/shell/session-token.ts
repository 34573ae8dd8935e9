import type { HostWindow } from './host-window';

/**
 * The one token adapter. Inside the Shopify admin App Bridge hands out session tokens (`shopify.idToken()`,
 * which refreshes itself). Outside it, only a host page that injected a token source (the demo server's) makes
 * the panel usable; without either there is no token, and the panel says to open it from the admin.
 */
export interface SessionTokens {
  /** Where the tokens come from: the admin's App Bridge, or the token source the host page injected. */
  source: 'app-bridge' | 'injected';
  /** The host page's shop, when it named one (the injected source does). */
  shop: string | null;
  token(): Promise<string>;
  /** A token not taken from any cache: after the API answered 401. */
  freshToken(): Promise<string>;
}

/** Tokens are reused until this long before they expire, so none runs out between fetch and arrival. */
export const EXPIRY_MARGIN_MS = 60_000;

export function sessionTokens(
  host: Pick<HostWindow, 'shopify' | 'loyaltyDemo'>,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
  now: () => number = Date.now,
): SessionTokens | null {
  const { shopify, loyaltyDemo } = host;
  if (shopify) {
    const token = () => shopify.idToken();
    return { source: 'app-bridge', shop: null, token, freshToken: token };
  }
  if (loyaltyDemo) {
    const cache = cachedToken(async () => {
      const response = await fetchImpl(loyaltyDemo.tokenUrl, { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`The session token source answered ${response.status}.`);
      const body = (await response.json()) as { token?: unknown };
      if (typeof body.token !== 'string') throw new Error('The session token source sent no token.');
      return body.token;
    }, now);
    return { source: 'injected', shop: loyaltyDemo.shop, ...cache };
  }
  return null;
}

/**
 * Keeps the last token until EXPIRY_MARGIN_MS before its `exp`; a token whose `exp` cannot be read is not kept.
 * Concurrent callers share one fetch.
 */
export function cachedToken(fetchToken: () => Promise<string>, now: () => number = Date.now) {
  let kept: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;
  const fetchNew = () => {
    inFlight ??= fetchToken()
      .then((token) => {
        const expiresAt = tokenExpiry(token);
        kept = expiresAt === null ? null : { token, expiresAt };
        return token;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  return {
    token: () =>
      kept && now() < kept.expiresAt - EXPIRY_MARGIN_MS ? Promise.resolve(kept.token) : fetchNew(),
    freshToken: () => {
      kept = null;
      return fetchNew();
    },
  };
}

/** The `exp` claim of a JWT, in epoch milliseconds; null when the token is not a readable JWT. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as {
      exp?: unknown;
    };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}
