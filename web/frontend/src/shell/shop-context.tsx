import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { usePanel } from './panel-context';

export interface ShopFacts {
  /** The current program's value of one point (decimal string), null until known. */
  pointValue: string | null;
  currencyCode: string | null;
  reload(): void;
}

const ShopContext = createContext<ShopFacts>({
  pointValue: null,
  currencyCode: null,
  reload: () => undefined,
});

/** What every page needs to show points in money: the current point value and the shop's currency (GET /api/program). */
export function ShopProvider({ children }: { children: ReactNode }) {
  const { api } = usePanel();
  const [facts, setFacts] = useState<{ pointValue: string | null; currencyCode: string | null }>({
    pointValue: null,
    currencyCode: null,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    api.get<{ pointValue?: string; currencyCode?: string }>('/api/program').then(
      (program) => {
        if (live)
          setFacts({ pointValue: program.pointValue ?? null, currencyCode: program.currencyCode ?? null });
      },
      // the pages that load the program themselves show why it failed; amounts stay in points until then
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, round]);
  const value = useMemo(() => ({ ...facts, reload: () => setRound((n) => n + 1) }), [facts]);
  return <ShopContext.Provider value={value}>{children}</ShopContext.Provider>;
}

export function useShop(): ShopFacts {
  return useContext(ShopContext);
}
