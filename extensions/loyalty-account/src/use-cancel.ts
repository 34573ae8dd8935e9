/** Cancelling an unused code: one at a time, with the error kept for the banner. */
import { useState } from 'preact/hooks';
import type { ApiError, CancelResult } from './shared/loyalty-api';
import { api } from './api';

export function useCancel(onCancelled: (result: CancelResult) => void) {
  const [cancelling, setCancelling] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const cancel = async (redemptionId: number) => {
    if (cancelling !== null) return;
    setCancelling(redemptionId);
    setError(null);
    const result = await api.cancel(redemptionId);
    setCancelling(null);
    if (result.ok) onCancelled(result.data);
    else setError(result.error);
  };
  return { cancelling, error, cancel: (redemptionId: number) => void cancel(redemptionId) };
}
