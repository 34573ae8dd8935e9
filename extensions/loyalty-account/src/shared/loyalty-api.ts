/**
 * The app backend's storefront API (docs/design.md §4.4), as the extensions call it. Every request carries the
 * extension's session token, fetched on each call because `sessionToken.get()` caches and refreshes it itself:
 * https://shopify.dev/docs/api/customer-account-ui-extensions/latest/target-apis/platform-apis/session-token-api
 *
 * This file is kept identical in every extension folder (a test compares the copies): each extension is
 * bundled and deployed on its own, so none imports from another.
 */
export interface Money {
  amount: string;
  currencyCode: string;
}

export interface Balance {
  available: number;
  pending: number;
}

export type OptionKind = 'fixed_amount' | 'percentage' | 'free_shipping' | 'pay_with_points';

export interface RedemptionOption {
  id: string;
  kind: OptionKind;
  title: string;
  /** For pay with points: the cheapest redemption, one step. */
  pointsCost: number;
  /** Pay with points only: any multiple of it can be redeemed. */
  pointsStep?: number;
  /** What pointsCost buys; null when the cart decides (free shipping, uncapped percentage). */
  value: Money | null;
  affordable: boolean;
  pointsNeeded: number;
}

export interface Redemption {
  redemptionId: number;
  code: string;
  pointsSpent: number;
  value: Money | null;
  expiresAt: string;
  status: string;
}

export interface HistoryEntry {
  kind: string;
  points: number;
  occurredAt: string;
  orderId: string | null;
}

/** The return-visit discount while the customer may use it (shared/return-visit.ts checks the shape). */
export interface ReturnVisitOffer {
  percentage: number;
  /** Last day, inclusive, in the shop's time zone. */
  eligibleUntil: string;
  minimumSubtotal: Money;
  /** Only items without a compare-at price above their price count, towards the minimum too. */
  regularPriceOnly: boolean;
}

export interface LoyaltyAccount {
  customerId: string;
  balance: Balance;
  value: Money;
  tier: string | null;
  options: RedemptionOption[];
  redemptions: Redemption[];
  history: HistoryEntry[];
  /** Absent from backends older than the return-visit discount. */
  returnVisit?: ReturnVisitOffer | null;
}

export interface RedeemResult {
  redemptionId: number;
  code: string;
  pointsSpent: number;
  value: Money | null;
  expiresAt: string;
  balance: Balance;
}

export interface CancelResult {
  redemptionId: number;
  status: 'cancelled';
  balance: Balance;
}

export interface OrderPoints {
  orderId: string;
  points: number;
  pending: boolean;
  value: Money;
}

export type ApiErrorCode =
  | 'not_logged_in'
  | 'insufficient_points'
  | 'order_not_found'
  | 'shopify_unavailable'
  | 'redemption_in_progress'
  | 'rate_limited'
  | 'network'
  | 'unexpected';

export interface ApiError {
  code: ApiErrorCode;
  /** HTTP status, 0 when no response arrived. */
  status: number;
  /** Worth the same request again (with the same Idempotency-Key for a redemption). */
  retryable: boolean;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** The translation key that explains each error to the shopper (in every extension's locales). */
export const ERROR_KEYS: Record<ApiErrorCode, string> = {
  not_logged_in: 'errors.notLoggedIn',
  insufficient_points: 'errors.insufficientPoints',
  order_not_found: 'errors.orderNotFound',
  shopify_unavailable: 'errors.shopifyUnavailable',
  redemption_in_progress: 'errors.redemptionInProgress',
  rate_limited: 'errors.rateLimited',
  network: 'errors.network',
  unexpected: 'errors.unexpected',
};

const KNOWN: readonly ApiErrorCode[] = [
  'not_logged_in',
  'insufficient_points',
  'order_not_found',
  'shopify_unavailable',
  'redemption_in_progress',
];

/** Maps a failed response (status and its `{ code, message }` body, if any) to what the UI acts on. */
export function toApiError(status: number, body: unknown): ApiError {
  const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
  const known = KNOWN.find((k) => k === code);
  // the first request with this key is still waiting for Shopify: the same key again gets its answer
  if (known)
    return {
      code: known,
      status,
      retryable: known === 'shopify_unavailable' || known === 'redemption_in_progress',
    };
  if (status === 401) return { code: 'not_logged_in', status, retryable: false };
  if (status === 429) return { code: 'rate_limited', status, retryable: true };
  if (status === 0) return { code: 'network', status, retryable: true };
  return { code: 'unexpected', status, retryable: status >= 500 };
}

export interface LoyaltyApi {
  account(): Promise<ApiResult<LoyaltyAccount>>;
  redeem(
    optionId: string,
    points: number | undefined,
    idempotencyKey: string,
  ): Promise<ApiResult<RedeemResult>>;
  cancel(redemptionId: number): Promise<ApiResult<CancelResult>>;
  orderPoints(orderId: string): Promise<ApiResult<OrderPoints>>;
}

/** `getToken` is called for every request; `fetch` is looked up per call so tests can replace the global. */
export function createLoyaltyApi(baseUrl: string, getToken: () => Promise<string>): LoyaltyApi {
  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    let response: Response;
    try {
      const token = await getToken();
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return { ok: false, error: toApiError(0, null) } as ApiResult<T>;
    }
    const json: unknown = await response.json().catch(() => null);
    if (response.ok && typeof json === 'object' && json !== null)
      return { ok: true, data: json as T } as ApiResult<T>;
    return { ok: false, error: toApiError(response.status, json) } as ApiResult<T>;
  }
  return {
    account: () => call('GET', '/api/storefront/balance'),
    redeem: (optionId, points, idempotencyKey) =>
      call(
        'POST',
        '/api/storefront/redemptions',
        points === undefined ? { optionId } : { optionId, points },
        {
          'Idempotency-Key': idempotencyKey,
        },
      ),
    cancel: (redemptionId) =>
      call('POST', `/api/storefront/redemptions/${encodeURIComponent(redemptionId)}/cancel`),
    orderPoints: (orderId) => call('GET', `/api/storefront/orders/${encodeURIComponent(orderId)}/points`),
  };
}
