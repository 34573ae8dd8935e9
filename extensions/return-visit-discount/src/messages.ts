// The candidate's message is shown to the buyer, so it follows `localization.language.isoCode` ("Shopify
// provides the current locale to function input queries as part of the Localization object",
// https://shopify.dev/docs/apps/build/functions/localization-practices-shopify-functions). No Intl: Javy
// offers ES2023 plus a few listed APIs (https://bytecodealliance.github.io/javy/using/js-api-support/), and
// Intl (ECMA-402) is not among them.
import type { LanguageCode } from '../generated/api.js';

/** "Welcome back: 15% off", "Willkommen zurück: 12,5 % Rabatt"; English for languages without a text. */
export function discountMessage(percentage: number, isoCode: LanguageCode | string): string {
  // Regional variants (PT_BR, ZH_CN) share their language's text.
  const language = String(isoCode).split('_')[0];
  if (language === 'DE') return `Willkommen zurück: ${formatNumber(percentage, ',')} % Rabatt`;
  return `Welcome back: ${formatNumber(percentage, '.')}% off`;
}

/** At most two decimals, no trailing zeros: 15, 12.5, 14.25. */
function formatNumber(value: number, decimalSeparator: string): string {
  return String(Math.round(value * 100) / 100).replace('.', decimalSeparator);
}
