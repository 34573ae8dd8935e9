/**
 * Test helpers for the extension tests (kept identical in every extension folder; a test compares the copies).
 * The tester's translate returns the bare key; this one also records every key and prints the replacements,
 * `key(name=value,...)`, so a test can assert on both and check that each key exists in both locales.
 */
import { vi } from 'vitest';
import de from '../locales/de.json';
import en from '../locales/en.default.json';
import type { LoyaltyAccount, ReturnVisitOffer } from '../src/shared/loyalty-api';

export function recordingTranslate() {
  const used = new Set<string>();
  const translate = (key: string, options?: Record<string, unknown>) => {
    used.add(key);
    if (!options) return key;
    return `${key}(${Object.entries(options)
      .map(([name, value]) => `${name}=${String(value)}`)
      .join(',')})`;
  };
  return { translate, used };
}

/** Keys that are neither a text nor a plural group (`one`/`other`) in one of the locale files. */
export function missingKeys(keys: Iterable<string>): string[] {
  const resolves = (messages: unknown, key: string) => {
    const found = key
      .split('.')
      .reduce<unknown>((at, part) => (at as Record<string, unknown>)?.[part], messages);
    return typeof found === 'string' || (typeof found === 'object' && found !== null && 'other' in found);
  };
  return [...keys].filter((key) => !resolves(en, key) || !resolves(de, key));
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

type Handler = (init: RequestInit) => Response | Promise<Response>;

/** A fetch mock answering by "METHOD /path" (the app URL stripped); anything else is a 404 the test sees. */
export function routes(table: Record<string, Handler>) {
  return vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const handler = table[`${init.method ?? 'GET'} ${url.pathname}`];
    return handler ? handler(init) : json(404, { code: 'no_route', message: url.pathname });
  });
}

export function header(init: RequestInit | undefined, name: string): string | null {
  return new Headers(init?.headers).get(name);
}

/** A promise the test resolves itself, to look at the screen while a request is still in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

export const all = (selector: string) => [...document.body.querySelectorAll<HTMLElement>(selector)];

/** The first element matching `selector` whose text contains `text`. */
export function find(selector: string, text: string): HTMLElement | undefined {
  return all(selector).find((element) => element.textContent?.includes(text));
}

/** The first element matching `selector` whose `attribute` starts with `prefix` (a banner's heading, say). */
export function withAttribute(selector: string, attribute: string, prefix: string): HTMLElement | undefined {
  return all(selector).find((element) => element.getAttribute(attribute)?.startsWith(prefix));
}

export function click(element: Element | undefined) {
  if (!element) throw new Error('nothing to click');
  element.dispatchEvent(new Event('click', { bubbles: true }));
}

export function account(overrides: Partial<LoyaltyAccount> = {}): LoyaltyAccount {
  return {
    customerId: 'gid://shopify/Customer/1',
    balance: { available: 1200, pending: 300 },
    value: { amount: '12.00', currencyCode: 'EUR' },
    tier: null,
    options: [
      {
        id: 'five-off',
        kind: 'fixed_amount',
        title: '5 € off',
        pointsCost: 500,
        value: { amount: '5.00', currencyCode: 'EUR' },
        affordable: true,
        pointsNeeded: 0,
      },
      {
        id: 'twenty-off',
        kind: 'fixed_amount',
        title: '20 € off',
        pointsCost: 2000,
        value: { amount: '20.00', currencyCode: 'EUR' },
        affordable: false,
        pointsNeeded: 800,
      },
    ],
    redemptions: [],
    history: [],
    ...overrides,
  };
}

export const redeemed = {
  redemptionId: 7,
  code: 'LOYAL-ABCD-EFGH',
  pointsSpent: 500,
  value: { amount: '5.00', currencyCode: 'EUR' },
  expiresAt: '2027-01-31T00:00:00.000Z',
  balance: { available: 700, pending: 300 },
};

/** An open return-visit discount as the balance names it; far in the future so the tests do not age. */
export const returnVisit: ReturnVisitOffer = {
  percentage: 15,
  eligibleUntil: '2099-12-31',
  minimumSubtotal: { amount: '30.00', currencyCode: 'EUR' },
  regularPriceOnly: true,
};

/** An app-owned customer metafield entry as appMetafields delivers it (`value` as Shopify sends it). */
export function customerMetafield(key: string, value: string) {
  return {
    target: { type: 'customer' as const, id: 'gid://shopify/Customer/1' },
    metafield: { namespace: '$app', key, type: 'json', valueType: 'json_string' as const, value },
  };
}
