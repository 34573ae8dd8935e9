/**
 * What the page that hosts the panel provides, read from `window` in this one place: App Bridge's `shopify`
 * global inside the Shopify admin (the CDN script defines it), or a token source the host page injected
 * (`loyaltyDemo`, which only the demo server writes into its page). Everything else gets these as parameters.
 */
export interface AppBridgeGlobal {
  idToken(): Promise<string>;
  config?: { locale?: string };
}

export interface InjectedTokenSource {
  /** Same-origin URL answering `{ token }`: a session token for `shop`. */
  tokenUrl: string;
  shop: string;
}

export interface HostWindow {
  shopify?: AppBridgeGlobal;
  loyaltyDemo?: InjectedTokenSource;
  location: { search: string };
  navigator: { language?: string };
}

export function hostWindow(): HostWindow {
  const win = window as unknown as Record<string, unknown>;
  const shopify = win.shopify as AppBridgeGlobal | undefined;
  const injected = win.loyaltyDemo as InjectedTokenSource | undefined;
  return {
    ...(typeof shopify?.idToken === 'function' && { shopify }),
    ...(typeof injected?.tokenUrl === 'string' && { loyaltyDemo: injected }),
    location: window.location,
    navigator: window.navigator,
  };
}
