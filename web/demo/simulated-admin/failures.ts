/**
 * Failures a test asks the simulated Admin for, served in the order they were asked for to the requests they match.
 *
 * - http500: HTTP 500 with Shopify's error body; nothing runs.
 * - throttle: HTTP 200 with a THROTTLED error and an empty bucket (10 points needed at 100 a second); nothing runs.
 * - hang: the request waits until releaseHangs() (then it runs normally, as a slow Shopify would) or until its
 *   signal aborts (then it rejects as fetch does, and nothing runs).
 * - network: fetch rejects with TypeError('fetch failed'), as for a refused or dropped connection; nothing runs.
 * - userErrors: a mutation answers with a userError and changes nothing (queries are not matched).
 * - lostAnswer: the request RUNS, then its answer is lost (HTTP 502): Shopify made the change, the app cannot know.
 */
export type FailureMode = 'http500' | 'userErrors' | 'throttle' | 'hang' | 'network' | 'lostAnswer';

export interface FailureFilter {
  /** Only requests whose operation has this root field, e.g. 'discountCodeBasicCreate'. */
  operation?: string;
  /** Only requests for this shop. */
  shop?: string;
}

interface Pending extends FailureFilter {
  mode: FailureMode;
  left: number;
}

export function createFailures() {
  const pending: Pending[] = [];
  const hung = new Set<() => void>();

  return {
    add(n: number, mode: FailureMode, filter: FailureFilter = {}) {
      if (!Number.isInteger(n) || n < 1) throw new Error(`failNext needs a positive count, got ${n}`);
      pending.push({ mode, left: n, ...filter });
    },

    /** The failure for this request, if one matches; it counts as served. */
    take(request: { shop: string; rootFields: string[]; isMutation: boolean }): FailureMode | null {
      const match = pending.find(
        (p) =>
          (p.operation === undefined || request.rootFields.includes(p.operation)) &&
          (p.shop === undefined || p.shop === request.shop) &&
          (p.mode !== 'userErrors' || request.isMutation),
      );
      if (!match) return null;
      match.left -= 1;
      if (match.left === 0) pending.splice(pending.indexOf(match), 1);
      return match.mode;
    },

    /** Resolves when released; rejects with the signal's reason when it aborts first. */
    hang(signal: AbortSignal | null): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const release = () => {
          hung.delete(release);
          signal?.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          hung.delete(release);
          reject(signal!.reason);
        };
        hung.add(release);
        signal?.addEventListener('abort', abort, { once: true });
      });
    },

    releaseHangs() {
      for (const release of [...hung]) release();
    },

    get hanging() {
      return hung.size;
    },

    clear() {
      pending.length = 0;
      this.releaseHangs();
    },
  };
}

export type Failures = ReturnType<typeof createFailures>;
