import { describe, expect, it } from 'vitest';
import { mapImportColumns, normalizeHeader, sniffDelimiter } from './import-columns.js';

describe('mapImportColumns', () => {
  it.each([
    ['our own export', ['customer_id', 'email', 'name', 'available', 'points', 'tier'], [0, 1, 4, 5]],
    ['Smile-style', ['First Name', 'Last Name', 'Email', 'Points Balance', 'VIP Tier'], [null, 2, 3, 4]],
    [
      'LoyaltyLion-style',
      ['shopify_customer_id', 'email', 'points_approved', 'points_pending'],
      [0, 1, 2, null],
    ],
    ['Yotpo-style', ['Customer Email', 'Points Balance'], [null, 0, 1, null]],
    ['ids only', ['ID', 'BALANCE'], [0, null, 1, null]],
    ['a BOM and spaces', ['\uFEFF customer id ', ' E-Mail', 'loyalty_tier', 'points'], [0, 1, 3, 2]],
  ])('maps the %s header', (_name, header, [customerId, email, points, tier]) => {
    expect(mapImportColumns(header)).toEqual({ customerId, email, points, tier });
  });

  it('prefers the more specific customer id column over a bare id (often the other app’s own id)', () => {
    expect(mapImportColumns(['id', 'shopify_customer_id', 'points']).customerId).toBe(1);
  });

  it('prefers points over points_approved when a file has both', () => {
    expect(mapImportColumns(['email', 'points_approved', 'points']).points).toBe(2);
  });

  it.each([
    ['no points column', ['customer_id', 'email'], /points column/],
    ['neither id nor e-mail', ['name', 'points'], /customer id column .* or an e-mail column/],
    ['an empty header', [], /points column .* and a customer id column/],
  ])('refuses %s with 422 invalid_import naming what is missing', (_name, header, message) => {
    expect(() => mapImportColumns(header)).toThrow(
      expect.objectContaining({
        code: 'invalid_import',
        status: 422,
        message: expect.stringMatching(message),
      }),
    );
  });

  it('normalizes case, spaces, dashes and underscores alike', () => {
    expect(normalizeHeader('  Points  Balance ')).toBe('points_balance');
    expect(normalizeHeader('POINTS-BALANCE')).toBe('points_balance');
  });
});

describe('sniffDelimiter', () => {
  it.each([
    ['customer_id,email,points', ','],
    ['customer_id;email;points', ';'],
    ['customer_id\temail\tpoints', '\t'],
    ['"name, with comma";email;points', ';'],
    ['points', ','],
    ['', ','],
  ])('reads %j as %j', (line, delimiter) => {
    expect(sniffDelimiter(line)).toBe(delimiter);
  });
});
