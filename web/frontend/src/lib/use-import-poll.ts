import { useEffect, useState } from 'react';
import { usePanel } from '../shell/panel-context';
import type { ImportView } from './api-types';

export const POLL_MS = 1000;

export const isFinished = (view: ImportView) => view.status === 'done' || view.status === 'failed';

/** Follows an import (GET /api/imports/:id every second) until it is done or failed. */
export function useImportPoll(started: ImportView | null) {
  const { api } = usePanel();
  const [view, setView] = useState<ImportView | null>(started);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    setView(started);
    setError(null);
    if (!started || isFinished(started)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const poll = () => {
      timer = setTimeout(() => {
        api.get<{ import: ImportView }>(`/api/imports/${encodeURIComponent(String(started.id))}`).then(
          ({ import: next }) => {
            if (!live) return;
            setView(next);
            setError(null);
            if (!isFinished(next)) poll();
          },
          (failure: unknown) => {
            if (!live) return;
            setError(failure instanceof Error ? failure : new Error(String(failure)));
            poll(); // keep following: the import runs on the server whatever this request met
          },
        );
      }, POLL_MS);
    };
    poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, started]);
  return { view, error };
}
