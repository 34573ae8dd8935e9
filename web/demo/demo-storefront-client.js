/* global document, fetch, location, crypto, URL */
// The simulated storefront's talk with the app and with its own demo server, and what the answers mean for the
// shopper. Plain browser JavaScript, no build step (demo-storefront.html).

export class HttpError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    Object.assign(this, { status, code: body && body.code });
  }
}
/** fetch itself failed: the request may or may not have reached the app. */
export class NetworkError extends Error {}

export async function call(url, init = {}) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new NetworkError(`No answer from ${new URL(url, location.href).origin}`);
  }
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { message: text.slice(0, 200) };
  }
  if (!response.ok) throw new HttpError(response.status, body);
  return body;
}

/**
 * The app's storefront API as an extension calls it: cross-origin, with the session token Shopify would give the
 * extension for the logged-in customer (here signed by the page's server, valid 5 minutes, renewed shortly before).
 */
export function storefrontApi(appUrl, customer) {
  let held = null;
  async function token() {
    if (held && held.customer === customer() && Date.parse(held.expiresAt) - Date.now() > 30_000)
      return held.token;
    const fresh = await call(`/token?customer=${customer()}`);
    held = { customer: customer(), ...fresh };
    return fresh.token;
  }
  return async (path, init = {}) => {
    const headers = { Authorization: `Bearer ${await token()}`, ...init.headers };
    return call(`${appUrl}/api/storefront${path}`, { ...init, headers });
  };
}

/** A fresh Idempotency-Key (getRandomValues, unlike randomUUID, also works on a plain-http demo host). */
export function newKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** Whether an error leaves the request's outcome open, so the same click retries it with the same key. */
export const mayHaveHappened = (error) => error instanceof NetworkError || error.status >= 500;

export function errorText(error) {
  if (error instanceof NetworkError)
    return `${error.message}. Click the same button again: it resends the same Idempotency-Key, so points are never spent twice.`;
  if (error.code === 'insufficient_points') return `Not enough points: ${error.message}`;
  if (error.status === 502)
    return `Shopify is unavailable (502): ${error.message} Your points were not spent.`;
  if (error.status === 429) return `Too many requests (429): ${error.message}`;
  if (error.status) return `${error.status} ${error.code || ''}: ${error.message}`;
  return error.message;
}

export const money = (m) => (m ? `${m.amount} ${m.currencyCode}` : 'depends on the cart');

/** The code as the simulated Admin holds it (GET /simulated-admin/codes), as label/value pairs. */
export function adminFacts(d) {
  if (!d) return [['Not found', 'the simulated Admin has no such code']];
  const value =
    d.kind === 'freeShipping'
      ? 'free shipping'
      : 'percentage' in d.value
        ? `${d.value.percentage * 100} %`
        : `${d.value.amount} off`;
  return [
    ['Code', d.code],
    ['Title', d.title],
    ['Value', value],
    ['Usage limit', String(d.usageLimit)],
    ['Once per customer', String(d.appliesOncePerCustomer)],
    ['Customers', d.buyers === 'all' ? 'all' : d.buyers.join(', ')],
    ['Minimum', d.minimumRequirement ? JSON.stringify(d.minimumRequirement) : 'none'],
    ['Starts', d.startsAt],
    ['Ends', d.endsAt || 'never'],
    ['Status', d.status],
  ];
}

export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}
