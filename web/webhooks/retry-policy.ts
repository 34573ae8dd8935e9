import { describeError } from '../logger.js';

/**
 * When a delivery whose flow failed is tried again: exponential-ish backoff from the failed attempt, so a
 * database hiccup is retried within a second while a bug does not spin; after the last delay's retry fails too,
 * the delivery is parked as `failed` (kept with its payload for a replay, never dropped).
 */
export const RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000] as const;

/** First attempt plus one retry per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The time of the next attempt after `attempts` failed ones, or null when the delivery is to be parked. */
export function nextAttemptAt(attempts: number, failedAt: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return attempts >= MAX_ATTEMPTS || delay === undefined ? null : new Date(failedAt.getTime() + delay);
}

/** What to record for a delivery whose attempt (its attempts so far plus this one) failed at `now`. */
export function failedAttempt(delivery: { attempts: number }, error: unknown, now: Date) {
  return { error: describeError(error), retryAt: nextAttemptAt(delivery.attempts + 1, now) };
}
