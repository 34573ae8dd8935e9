import { LoyaltyError } from '../loyalty/errors.js';

/**
 * How the app talks to a shop's Admin GraphQL API: one call per document, for a shop whose offline session the app
 * holds. Gateways in web/shopify take this as a parameter and check `userErrors` themselves; transport problems
 * (network, HTTP 5xx, throttling that outlasts the retries, a timeout, GraphQL `errors`) come out as
 * ShopifyUnavailableError, so a use case can compensate and answer 502.
 */
export type AdminGraphql = <T>(
  shop: string,
  document: string,
  variables?: Record<string, unknown>,
) => Promise<T>;

export class ShopifyUnavailableError extends LoyaltyError {
  constructor(message: string) {
    super('shopify_unavailable', message, 502);
    this.name = 'ShopifyUnavailableError';
  }
}

/** The app holds no offline session for the shop (never installed, or uninstalled): no call can reach it. */
export class NoOfflineSessionError extends ShopifyUnavailableError {
  constructor(shop: string) {
    super(`no offline session for ${shop}`);
    this.name = 'NoOfflineSessionError';
  }
}

/** Shopify answered and refused (userErrors): a definite answer, nothing was made. */
export class ShopifyRefusedError extends ShopifyUnavailableError {
  constructor(message: string) {
    super(message);
    this.name = 'ShopifyRefusedError';
  }
}

/** A mutation's `userErrors`, as every Admin mutation returns them. */
export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

/** Throws ShopifyRefusedError when Shopify refused the mutation (userErrors), naming what it said. */
export function assertNoUserErrors(operation: string, userErrors: readonly UserError[] | undefined): void {
  if (userErrors && userErrors.length > 0)
    throw new ShopifyRefusedError(
      `Shopify refused ${operation}: ${userErrors.map((e) => e.message).join('; ')}`,
    );
}
