/**
 * The thank-you block's wait for the order's points. The page can render before the orders/paid webhook has
 * reached the app, when the backend answers 404 order_not_found: the block says the points will appear shortly
 * and asks again after each of these delays, then stops (the shopper sees them in their account later).
 */
export const RETRY_DELAYS_MS = [2_000, 4_000, 8_000, 16_000];

/** The numeric id the backend knows orders by, from the confirmation's `gid://shopify/Order/123`. */
export function orderIdFromGid(gid: string): string | null {
  return /^gid:\/\/shopify\/Order\/(\d+)$/.exec(gid)?.[1] ?? null;
}
