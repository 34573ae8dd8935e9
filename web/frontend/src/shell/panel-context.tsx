import { createContext, useContext } from 'react';
import type { ApiClient } from './api-client';
import type { Language } from './locale';

export interface Panel {
  api: ApiClient;
  language: Language;
  /** Shown in the admin (App Bridge present): its nav menu and title bar take over. */
  embedded: boolean;
  /** The shop of a host page that injected its own token source (the demo), else null. */
  injectedShop: string | null;
}

export const PanelContext = createContext<Panel | null>(null);

export function usePanel(): Panel {
  const panel = useContext(PanelContext);
  if (!panel) throw new Error('usePanel outside the panel');
  return panel;
}
