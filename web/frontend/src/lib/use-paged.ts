import { useCallback, useEffect, useRef, useState } from 'react';
import { usePanel } from '../shell/panel-context';

type Cursor = string | number | null | undefined;

/**
 * A cursor-paged list: the first page of `path` (again whenever it changes), then `loadMore()` appends the
 * next page (`cursor=` from the answer's `nextCursor`). Answers for an older path are dropped.
 */
export function usePaged<Page extends { nextCursor?: Cursor }, Item>(
  path: string,
  items: (page: Page) => Item[],
) {
  const { api } = usePanel();
  const [state, setState] = useState<{
    first: Page | null;
    items: Item[];
    next: Cursor;
    loading: boolean;
    error: Error | null;
  }>({ first: null, items: [], next: null, loading: true, error: null });
  const ticket = useRef(0);
  const pick = useRef(items);
  pick.current = items;

  const load = useCallback(
    (cursor: Cursor, append: boolean) => {
      const mine = ++ticket.current;
      setState((s) => ({ ...s, loading: true, error: null, ...(!append && { items: [], first: null }) }));
      const separator = path.includes('?') ? '&' : '?';
      const url = cursor === null || cursor === undefined ? path : `${path}${separator}cursor=${cursor}`;
      api.get<Page>(url).then(
        (page) =>
          mine === ticket.current &&
          setState((s) => ({
            first: append ? s.first : page,
            items: append ? [...s.items, ...pick.current(page)] : pick.current(page),
            next: page.nextCursor,
            loading: false,
            error: null,
          })),
        (error: unknown) =>
          mine === ticket.current &&
          setState((s) => ({
            ...s,
            loading: false,
            error: error instanceof Error ? error : new Error(String(error)),
          })),
      );
    },
    [api, path],
  );
  useEffect(() => load(null, false), [load]);
  return {
    ...state,
    hasMore: state.next !== null && state.next !== undefined,
    loadMore: () => load(state.next, true),
    reload: () => load(null, false),
  };
}
