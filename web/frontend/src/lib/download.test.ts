import { describe, expect, it } from 'vitest';
import { attachmentName, headerFileName } from './download';

describe('attachmentName', () => {
  it('reads quoted, bare and UTF-8 file names', () => {
    expect(attachmentName('attachment; filename="balances-2026-03-01.csv"', 'x.csv')).toBe(
      'balances-2026-03-01.csv',
    );
    expect(attachmentName('attachment; filename=ledger.csv', 'x.csv')).toBe('ledger.csv');
    expect(attachmentName(`attachment; filename="a.csv"; filename*=UTF-8''K%C3%BCnden.csv`, 'x.csv')).toBe(
      'Künden.csv',
    );
  });

  it('falls back without a usable header', () => {
    expect(attachmentName(null, 'balances.csv')).toBe('balances.csv');
    expect(attachmentName('attachment', 'balances.csv')).toBe('balances.csv');
  });
});

describe('headerFileName', () => {
  it('percent-encodes the name, so any name fits in a header and decodes back', () => {
    expect(headerFileName('Kunden für März 100%.csv')).toBe('Kunden%20f%C3%BCr%20M%C3%A4rz%20100%25.csv');
    expect(decodeURIComponent(headerFileName('smile-export.csv'))).toBe('smile-export.csv');
  });

  it('cuts at 200 characters without splitting a character', () => {
    expect(decodeURIComponent(headerFileName('a'.repeat(250)))).toHaveLength(200);
    const emoji = decodeURIComponent(headerFileName(`${'a'.repeat(199)}😀.csv`));
    expect(emoji).toBe('a'.repeat(199));
  });
});
