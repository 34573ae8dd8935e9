/**
 * One click on a redeem button is one attempt with its own Idempotency-Key; "Try again" after a failure resends
 * the same attempt, so a request that did reach the backend (but whose answer was lost, or Shopify failed
 * after the points were taken) is not redeemed twice. A new click is a new attempt with a new key.
 *
 * Kept identical in every extension folder (a test compares the copies).
 */
export interface RedeemAttempt {
  optionId: string;
  /** Pay with points only. */
  points?: number;
  idempotencyKey: string;
}

export function newAttempt(
  optionId: string,
  points?: number,
  randomKey: () => string = () => crypto.randomUUID(),
): RedeemAttempt {
  return points === undefined
    ? { optionId, idempotencyKey: randomKey() }
    : { optionId, points, idempotencyKey: randomKey() };
}
