import type { HostWindow } from './host-window';

export type Language = 'en' | 'de';

/**
 * The panel's language follows the admin user's: App Bridge's `shopify.config.locale` when embedded, else the
 * `locale` query parameter the admin adds to the app URL, else the browser's language. German for any `de*`,
 * English for everything else.
 */
export function pickLanguage(host: Pick<HostWindow, 'shopify' | 'location' | 'navigator'>): Language {
  const fromQuery = new URLSearchParams(host.location.search).get('locale');
  const locale = host.shopify?.config?.locale || fromQuery || host.navigator.language || 'en';
  return locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}
