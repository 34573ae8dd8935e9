/**
 * Loads the shopper's account from the backend once `enabled` (a known or possibly logged-in buyer) and keeps
 * it on screen across later failures: a refresh that fails shows its error next to the last good data.
 *
 * Kept identical in every extension folder (a test compares the copies).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError, LoyaltyAccount, LoyaltyApi } from './loyalty-api';

export interface AccountState {
  loading: boolean;
  account: LoyaltyAccount | null;
  error: ApiError | null;
}

export function useAccount(api: LoyaltyApi, enabled: boolean, reloadKey?: unknown) {
  const [state, setState] = useState<AccountState>({ loading: enabled, account: null, error: null });
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);

  const load = useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    const result = await api.account();
    if (!mounted.current) return;
    setState((s) =>
      result.ok
        ? { loading: false, account: result.data, error: null }
        : { loading: false, account: s.account, error: result.error },
    );
  }, [api]);

  useEffect(() => {
    if (enabled) void load();
  }, [enabled, reloadKey, load]);

  const update = useCallback((change: (account: LoyaltyAccount) => LoyaltyAccount) => {
    setState((s) => (s.account ? { ...s, account: change(s.account) } : s));
  }, []);

  return { ...state, reload: load, update };
}
