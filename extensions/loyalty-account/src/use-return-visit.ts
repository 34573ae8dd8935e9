/**
 * The thank-you block's return-visit offer after a first order. The app grants it only once the order's
 * orders/paid has arrived and Shopify has the metafield (jobs/sync-return-visits, every few seconds), so the
 * thank-you page usually renders before it exists: the balance is asked for again after each of the order-points
 * delays until it names the offer, then no more.
 */
import { useEffect, useState } from 'preact/hooks';
import { RETRY_DELAYS_MS } from './order-points';
import type { LoyaltyAccount, LoyaltyApi } from './shared/loyalty-api';

/** The last balance answer (null before the first); `enabled` false asks for nothing. */
export function useReturnVisitAccount(api: LoyaltyApi, enabled: boolean): LoyaltyAccount | null {
  const [account, setAccount] = useState<LoyaltyAccount | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async (index: number) => {
      const result = await api.account();
      if (stopped) return;
      if (result.ok) setAccount(result.data);
      // A guest (401) or a refused request will not change; an answer without the offer may, a little later.
      const again = result.ok ? !result.data.returnVisit : result.error.retryable;
      const delay = RETRY_DELAYS_MS[index];
      if (again && delay !== undefined) timer = setTimeout(() => void attempt(index + 1), delay);
    };
    void attempt(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, enabled]);
  return account;
}
