import { describe, expect, it } from 'vitest';
import { sameJson, settingChanges } from './program-history.js';

describe('settingChanges', () => {
  const before = { earnRate: '1', options: [{ id: 'a', amount: '5.00' }], nested: { a: 1, b: { c: 2 } } };
  const keys = ['earnRate', 'options', 'nested'] as const;

  it('names only the top-level settings that differ, with both values', () => {
    const after = { ...before, options: [{ id: 'a', amount: '6.00' }] };
    expect(settingChanges(before, after, keys)).toEqual([
      { setting: 'options', from: before.options, to: after.options },
    ]);
  });

  it('compares deeply and ignores key order', () => {
    const reordered = {
      nested: { b: { c: 2 }, a: 1 },
      options: [{ amount: '5.00', id: 'a' }],
      earnRate: '1',
    };
    expect(settingChanges(before, reordered, keys)).toEqual([]);
    expect(settingChanges(before, { ...before, nested: { a: 1, b: { c: 3 } } }, keys)).toHaveLength(1);
  });
});

describe('sameJson', () => {
  it.each([
    [[1, 2], [2, 1], false],
    [[1], [1, 1], false],
    [{ a: null }, {}, false],
    [{ a: undefined }, {}, true],
    [null, {}, false],
    ['1', 1, false],
    [[{ x: [1] }], [{ x: [1] }], true],
  ])('%j vs %j: %s', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });
});
