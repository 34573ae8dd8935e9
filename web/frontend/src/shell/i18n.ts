import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from '../locales/de.json';
import en from '../locales/en.json';
import type { Language } from './locale';

/** The panel's own strings (English and German; locales.test.ts keeps their keys the same). */
export async function startI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: { en: { translation: en }, de: { translation: de } },
    lng: language,
    fallbackLng: 'en',
    // React escapes what it renders; escaping here too would show &amp; in the page
    interpolation: { escapeValue: false },
  });
  return instance;
}

/** Polaris' own strings for its components (pagination, filters, the save bar's defaults ...). */
export async function polarisTranslations(language: Language) {
  const strings =
    language === 'de'
      ? await import('@shopify/polaris/locales/de.json')
      : await import('@shopify/polaris/locales/en.json');
  return strings.default;
}
