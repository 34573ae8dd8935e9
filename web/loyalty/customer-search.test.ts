import { describe, expect, it } from 'vitest';
import { escapeLike, parseCursor, parseCustomerQuery } from './customer-search.js';

const refused = (code: string) => expect.objectContaining({ name: 'LoyaltyError', code, status: 400 });

describe('parseCustomerQuery', () => {
  it.each([
    [undefined, { kind: 'all' }],
    ['   ', { kind: 'all' }],
    [' 4007 ', { kind: 'id', pattern: '4007%' }],
    ['Anna.Schmidt@Example', { kind: 'email', pattern: '%anna.schmidt@example%' }],
    ['  MÜLLER ', { kind: 'text', pattern: '%müller%' }],
    ['50%_off\\', { kind: 'text', pattern: '%50\\%\\_off\\\\%' }],
  ])('%j searches %j', (query, search) => {
    expect(parseCustomerQuery(query)).toEqual(search);
  });

  it('refuses a query over 100 characters, or one given twice, with 400 invalid_query', () => {
    expect(parseCustomerQuery(` ${'a'.repeat(100)} `)).toEqual({
      kind: 'text',
      pattern: `%${'a'.repeat(100)}%`,
    });
    expect(() => parseCustomerQuery('a'.repeat(101))).toThrow(refused('invalid_query'));
    expect(() => parseCustomerQuery(['a', 'b'])).toThrow(refused('invalid_query'));
  });
});

describe('escapeLike', () => {
  it('escapes the wildcards and the escape character, nothing else', () => {
    expect(escapeLike('a%b_c\\d.e*')).toBe('a\\%b\\_c\\\\d.e*');
  });
});

describe('parseCursor', () => {
  it('reads an id and refuses anything else with 400 invalid_cursor', () => {
    expect(parseCursor(undefined)).toBeUndefined();
    expect(parseCursor('')).toBeUndefined();
    expect(parseCursor('4711')).toBe(4711);
    for (const garbage of ['abc', '-5', '0', '1.5', '007', '99999999999999999', ['1']])
      expect(() => parseCursor(garbage), String(garbage)).toThrow(refused('invalid_cursor'));
  });
});
