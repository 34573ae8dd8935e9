import { useEffect, useState } from 'preact/hooks';
import type { ApiError, LoyaltyApi, OrderPoints } from './shared/loyalty-api';
import { RETRY_DELAYS_MS } from './order-points';

export type OrderPointsState =
  | { status: 'loading' }
  | { status: 'waiting' } // the backend does not know the order yet
  | { status: 'ready'; points: OrderPoints }
  | { status: 'error'; error: ApiError };

/** Asks for the order's points, and again after each delay while the order is unknown or the call failed. */
export function useOrderPoints(api: LoyaltyApi, orderId: string | null): OrderPointsState {
  const [state, setState] = useState<OrderPointsState>({ status: 'loading' });
  useEffect(() => {
    if (orderId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async (index: number) => {
      const result = await api.orderPoints(orderId);
      if (stopped) return;
      if (result.ok) return setState({ status: 'ready', points: result.data });
      const again = result.error.code === 'order_not_found' || result.error.retryable;
      setState(
        result.error.code === 'order_not_found'
          ? { status: 'waiting' }
          : { status: 'error', error: result.error },
      );
      const delay = RETRY_DELAYS_MS[index];
      if (again && delay !== undefined) timer = setTimeout(() => void attempt(index + 1), delay);
    };
    void attempt(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, orderId]);
  return state;
}
