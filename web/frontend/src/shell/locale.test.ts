import { describe, expect, it } from 'vitest';
import { pickLanguage } from './locale';

const host = (opts: { appBridge?: string; query?: string; browser?: string }) => ({
  ...(opts.appBridge !== undefined && {
    shopify: { idToken: async () => 't', config: { locale: opts.appBridge } },
  }),
  location: { search: opts.query ?? '' },
  navigator: { language: opts.browser ?? 'en-US' },
});

describe('pickLanguage', () => {
  it("takes App Bridge's locale over the query and the browser", () => {
    expect(pickLanguage(host({ appBridge: 'de-DE', query: '?locale=en', browser: 'en-US' }))).toBe('de');
    expect(pickLanguage(host({ appBridge: 'en', query: '?locale=de', browser: 'de' }))).toBe('en');
  });

  it('takes the locale query parameter when App Bridge is absent', () => {
    expect(pickLanguage(host({ query: '?shop=x&locale=de-AT', browser: 'en-US' }))).toBe('de');
    expect(pickLanguage(host({ query: '?locale=fr', browser: 'de-DE' }))).toBe('en');
  });

  it("falls back to the browser's language", () => {
    expect(pickLanguage(host({ browser: 'de-CH' }))).toBe('de');
    expect(pickLanguage(host({ browser: 'nl-NL' }))).toBe('en');
  });

  it('treats any de* tag as German, case-insensitively, and everything else as English', () => {
    expect(pickLanguage(host({ query: '?locale=DE' }))).toBe('de');
    expect(pickLanguage(host({ query: '?locale=da' }))).toBe('en');
  });
});
