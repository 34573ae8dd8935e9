import { useCallback, useEffect, useRef, useState } from 'react';
import { usePanel } from './panel-context';

export interface ApiData<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload(): void;
}

/** GETs `path` (again whenever it changes, or on reload); null waits. An answer for an older path is dropped. */
export function useApiData<T>(path: string | null): ApiData<T> {
  const { api } = usePanel();
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({
    data: null,
    error: null,
    loading: path !== null,
  });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    api.get<T>(path).then(
      (data) => ticket === latest.current && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        ticket === latest.current &&
        setState((s) => ({
          ...s,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
        })),
    );
  }, [api, path, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
