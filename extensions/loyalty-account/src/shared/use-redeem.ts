/**
 * The redeem click: one attempt (and one Idempotency-Key) per click, the same attempt again on "Try again",
 * and no second request while one is in flight.
 *
 * Kept identical in every extension folder (a test compares the copies).
 */
import { useRef, useState } from 'preact/hooks';
import type { ApiError, LoyaltyApi, RedeemResult } from './loyalty-api';
import { newAttempt, type RedeemAttempt } from './redeem-attempt';

export interface FailedRedeem {
  attempt: RedeemAttempt;
  error: ApiError;
}

export function useRedeem(
  api: LoyaltyApi,
  onRedeemed: (result: RedeemResult) => Promise<void> | void,
  onFailed?: (error: ApiError) => void,
) {
  const [busy, setBusy] = useState<RedeemAttempt | null>(null);
  const [failed, setFailed] = useState<FailedRedeem | null>(null);
  const inFlight = useRef(false);

  const submit = async (attempt: RedeemAttempt) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(attempt);
    setFailed(null);
    try {
      const result = await api.redeem(attempt.optionId, attempt.points, attempt.idempotencyKey);
      if (result.ok) await onRedeemed(result.data);
      else {
        setFailed({ attempt, error: result.error });
        onFailed?.(result.error);
      }
    } finally {
      inFlight.current = false;
      setBusy(null);
    }
  };

  return {
    busy,
    failed,
    redeem: (optionId: string, points?: number) => void submit(newAttempt(optionId, points)),
    retry: () => void (failed && submit(failed.attempt)),
    dismiss: () => setFailed(null),
  };
}
