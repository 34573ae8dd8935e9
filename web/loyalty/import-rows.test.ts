import { describe, expect, it } from 'vitest';
import type { ImportColumns } from './import-columns.js';
import { checkImportRow } from './import-rows.js';

const columns: ImportColumns = { customerId: 0, email: 1, points: 2, tier: 3 };
const check = (cells: string[]) => checkImportRow(7, cells, columns);

describe('checkImportRow', () => {
  it('accepts a customer id with points and a tier', () => {
    expect(check(['123', '', '1500', 'Gold'])).toEqual({
      row: 7,
      shopifyId: '123',
      email: null,
      points: 1500,
      tier: 'Gold',
      problem: null,
    });
  });

  it('accepts a customer gid, zero points, and no tier', () => {
    expect(check([' gid://shopify/Customer/987654321 ', '', '0', ''])).toMatchObject({
      shopifyId: '987654321',
      points: 0,
      tier: null,
      problem: null,
    });
  });

  it('matches by e-mail (lower-cased) only when the id cell is empty', () => {
    expect(check(['', ' Ada@Example.COM ', '5', ''])).toMatchObject({
      shopifyId: null,
      email: 'ada@example.com',
      problem: null,
    });
    expect(check(['42', 'ada@example.com', '5', ''])).toMatchObject({ shopifyId: '42', email: null });
  });

  it('accepts the top of the range, 1,000,000,000 points', () => {
    expect(check(['1', '', '1000000000', '']).problem).toBeNull();
  });

  it.each([
    ['negative points', ['1', '', '-5', ''], /must not be negative .*adjustments/],
    ['fractional points', ['1', '', '12.5', ''], /not a whole number from 0 to 1,000,000,000/],
    ['points over the maximum', ['1', '', '1000000001', ''], /not a whole number/],
    ['thousands separators', ['1', '', '1,000', ''], /not a whole number/],
    ['no points', ['1', '', '', ''], /^Points are missing/],
    ['a customer id that is not digits', ['abc', '', '5', ''], /not a Shopify customer id/],
    ['a customer id of 0', ['0', '', '5', ''], /not a Shopify customer id/],
    ['a spreadsheet-rounded id', ['1.23457E+12', '', '5', ''], /scientific notation/],
    ['an implausible e-mail', ['', 'ada@localhost', '5', ''], /not an e-mail address/],
    ['neither id nor e-mail', ['', '', '5', ''], /neither a customer id nor an e-mail/],
    ['a tier over 100 characters', ['1', '', '5', 'x'.repeat(101)], /tier is longer than 100/],
  ])('reports %s', (_name, cells, message) => {
    expect(check(cells).problem).toMatch(message);
  });

  it('reports every problem of a row in one sentence', () => {
    expect(check(['abc', '', '-1', ''])).toMatchObject({
      problem: expect.stringMatching(/^Customer id "abc" .*; points must not be negative .*\.$/),
    });
  });

  it('reads missing cells of a short row as empty', () => {
    expect(checkImportRow(2, ['5'], columns).problem).toMatch(/^Points are missing/);
  });
});
