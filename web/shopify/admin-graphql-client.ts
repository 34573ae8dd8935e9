import pRetry, { AbortError } from 'p-retry';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AdminGraphql, NoOfflineSessionError, ShopifyUnavailableError } from './admin-graphql.js';
import type { ShopifyApp } from './shopify-app.js';

/**
 * The production AdminGraphql: @shopify/shopify-api's GraphQL client with the shop's offline session, a timeout per
 * attempt, and retries for what Shopify says is worth retrying.
 *
 * Retrying cannot double anything on our side: this client is only transport, it writes nothing of ours, and the
 * caller persists what the answer means only once it has one. What a retry can repeat is the request at Shopify, and
 * only after an answer that leaves it open whether Shopify ran it (HTTP 5xx, a dropped connection); THROTTLED means
 * Shopify did not run it. Gateways therefore send mutations that are safe to repeat (a unique code comes back TAKEN,
 * metafieldsSet sets); discountAutomaticAppCreate is the exception: a lost answer can leave a second
 * automatic discount (see the note in shopify/return-visit-discount.ts). A timed-out attempt is not retried: it may still be running at Shopify, and a merchant or
 * shopper is waiting for the answer.
 */
export interface AdminGraphqlOptions {
  /** Per attempt; past it the attempt is abandoned (default 10 s). */
  timeoutMs?: number;
  /** Retries after the first attempt for throttling, HTTP 5xx / 429 and network errors (default 3). */
  retries?: number;
  /** First backoff, doubled on each retry (default 500 ms); a throttled retry waits at least what Shopify says. */
  minBackoffMs?: number;
}

export function createAdminGraphql(shopify: ShopifyApp, opts: AdminGraphqlOptions = {}): AdminGraphql {
  const { timeoutMs = 10_000, retries = 3, minBackoffMs = 500 } = opts;

  return async <T>(shop: string, document: string, variables?: Record<string, unknown>): Promise<T> => {
    const session = await shopify.config.sessionStorage.loadSession(shopify.api.session.getOfflineId(shop));
    if (!session?.accessToken) throw new NoOfflineSessionError(shop);
    const client = new shopify.api.clients.Graphql({ session });

    const attempt = async (): Promise<T> => {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        // The library passes the signal down to fetch, so an abandoned attempt does not keep its connection.
        const response = await client.request(document, { variables, signal });
        return response.data as T;
      } catch (error) {
        if (signal.aborted)
          throw new AbortError(
            new ShopifyUnavailableError(`Shopify did not answer ${shop} within ${timeoutMs} ms`),
          );
        const failure = classify(shop, error);
        throw failure instanceof RetryableFailure ? failure : new AbortError(failure);
      }
    };

    try {
      return await pRetry(attempt, {
        retries,
        // All waiting happens in onFailedAttempt, where the throttle cost is known.
        minTimeout: 0,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft === 0 || !(error instanceof RetryableFailure)) return;
          const backoffMs = minBackoffMs * 2 ** (attemptNumber - 1);
          await sleep(Math.max(backoffMs, error.waitMs));
        },
      });
    } catch (error) {
      if (error instanceof RetryableFailure)
        throw new ShopifyUnavailableError(`${error.message} (gave up after ${retries + 1} attempts)`);
      throw error;
    }
  };
}

/** A failure another attempt may get past; waitMs is how long Shopify asked us to wait, if it said. */
class RetryableFailure extends ShopifyUnavailableError {
  constructor(
    message: string,
    readonly waitMs = 0,
  ) {
    super(message);
  }
}

interface GraphqlErrorBody {
  errors?: { graphQLErrors?: Array<{ message?: string; extensions?: { code?: string } }> };
  extensions?: { cost?: QueryCost };
}

interface QueryCost {
  requestedQueryCost?: number;
  throttleStatus?: { currentlyAvailable?: number; restoreRate?: number };
}

/**
 * What request() threw, as our error. The library signals failures by shape, not by a class we can test with
 * instanceof (the app's shopify.api is the library's CommonJS build, this file would import its ESM build):
 * - HTTP 200 with `errors` (GraphqlQueryError): `.body` is the whole answer, `.body.errors.graphQLErrors` the list;
 * - another HTTP status (HttpResponseError and subclasses): `.response.code`; the body is not read for 4xx/5xx;
 * - no response at all (HttpRequestError): neither, the fetch error's text is in the message.
 */
function classify(shop: string, error: unknown): ShopifyUnavailableError {
  const failure = error as { body?: GraphqlErrorBody; response?: { code?: unknown }; message?: string };
  const graphQLErrors = failure.body?.errors?.graphQLErrors;
  if (Array.isArray(graphQLErrors)) {
    if (graphQLErrors.some((e) => e.extensions?.code === 'THROTTLED'))
      return new RetryableFailure(
        `Shopify throttled ${shop}`,
        throttleWaitMs(failure.body?.extensions?.cost),
      );
    const messages = graphQLErrors.map((e) => e.message ?? e.extensions?.code ?? 'unknown error').join('; ');
    return new ShopifyUnavailableError(`Shopify refused the document for ${shop}: ${messages}`);
  }
  const status = failure.response?.code;
  if (typeof status === 'number') {
    const message = `Shopify answered HTTP ${status} for ${shop}`;
    return status === 429 || status >= 500
      ? new RetryableFailure(message)
      : new ShopifyUnavailableError(message);
  }
  return new RetryableFailure(
    `Shopify could not be reached for ${shop}: ${failure.message ?? String(error)}`,
  );
}

/** Until the bucket holds the requested cost again: (requested - available) / restoreRate seconds. */
function throttleWaitMs(cost: QueryCost | undefined): number {
  const requested = cost?.requestedQueryCost;
  const available = cost?.throttleStatus?.currentlyAvailable;
  const rate = cost?.throttleStatus?.restoreRate;
  if (requested === undefined || available === undefined || !rate) return 0;
  return Math.max(0, Math.ceil(((requested - available) / rate) * 1000));
}
