/**
 * The balance Shopify already has at checkout: the app-owned customer metafields `$app:loyalty` (JSON) and
 * `$app:points_balance`, requested in shopify.extension.toml and delivered with the page, so the block can show
 * the balance before the backend answers. App-owned namespaces arrive as "$app":
 * https://shopify.dev/docs/api/checkout-ui-extensions/latest/apis/metafields
 */
import type { Money } from './shared/loyalty-api';

export interface CachedBalance {
  available: number;
  pending: number;
  value: Money | null;
}

export interface AppMetafieldEntryLike {
  target: { type: string };
  metafield: { namespace: string; key: string; value: string | number };
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

function isMoney(value: unknown): value is Money {
  const m = value as Money | null;
  return (
    typeof m === 'object' && m !== null && typeof m.amount === 'string' && typeof m.currencyCode === 'string'
  );
}

/** The shopper's balance from the metafields, or null when there is none (or it cannot be read). */
export function readCachedBalance(
  entries: readonly AppMetafieldEntryLike[] | undefined,
): CachedBalance | null {
  const find = (key: string) =>
    entries?.find(
      (e) => e.target.type === 'customer' && e.metafield.namespace === '$app' && e.metafield.key === key,
    )?.metafield.value;
  const json = find('loyalty');
  if (typeof json === 'string') {
    try {
      const parsed = JSON.parse(json) as Record<string, unknown>;
      if (isCount(parsed.available))
        return {
          available: parsed.available,
          pending: isCount(parsed.pending) ? parsed.pending : 0,
          value: isMoney(parsed.value) ? parsed.value : null,
        };
    } catch {
      // A malformed value falls through to points_balance.
    }
  }
  const raw = find('points_balance');
  const plain = Number(raw);
  return raw !== undefined && raw !== '' && Number.isSafeInteger(plain)
    ? { available: plain, pending: 0, value: null }
    : null;
}
