import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceedsJsonDepth as exceedsJsonDepthOfBytes, MAX_JSON_DEPTH } from './json-depth.js';

/** The scan reads UTF-8 bytes, as the webhook route has them. */
const exceedsJsonDepth = (text: string, maxDepth?: number) =>
  exceedsJsonDepthOfBytes(Buffer.from(text), maxDepth);

/** Depth of a parsed value, the reference the scan must agree with. */
const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object'
    ? 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf))
    : 0;

const nested = (depth: number, open = '[', close = ']') => open.repeat(depth) + close.repeat(depth);

describe('exceedsJsonDepth', () => {
  it('allows exactly the limit and refuses one level more, for arrays and objects', () => {
    expect(exceedsJsonDepth(nested(3), 3)).toBe(false);
    expect(exceedsJsonDepth(nested(4), 3)).toBe(true);
    const objects = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
    expect(JSON.parse(objects(3))).toEqual({ a: { a: {} } });
    expect(exceedsJsonDepth(objects(3), 3)).toBe(false);
    expect(exceedsJsonDepth(objects(4), 3)).toBe(true);
  });

  it('counts mixed arrays and objects together', () => {
    expect(exceedsJsonDepth('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(exceedsJsonDepth('{"a":[{"b":[[1]]}]}', 4)).toBe(true);
  });

  it('measures depth, not the number of brackets: siblings do not add up', () => {
    const wide = JSON.stringify(Array.from({ length: 1000 }, () => [[1], { a: [2] }]));
    expect(exceedsJsonDepth(wide, 4)).toBe(false); // [ [ { [2] } ] ]: four levels, however many items
    expect(exceedsJsonDepth(wide, 3)).toBe(true);
  });

  it('ignores brackets inside strings', () => {
    const text = JSON.stringify({ note: '[[[[[[{{{{{{', tags: ['}}}]]]'] });
    expect(exceedsJsonDepth(text, 2)).toBe(false);
    expect(exceedsJsonDepth(JSON.stringify({ a: '[' + ']'.repeat(5) }), 1)).toBe(false);
  });

  it('honours escaped quotes: a \\" does not end the string, so the brackets after it stay inside', () => {
    const text = JSON.stringify({ note: 'say "[[[[" and {{{{' });
    expect(text).toContain('\\"[[[[\\"');
    expect(exceedsJsonDepth(text, 1)).toBe(false);
  });

  it('honours an escaped backslash before a closing quote: the string ends there', () => {
    // "a\\" is the string a\ ; the brackets after it are structure again
    const text = '{"k":"a\\\\","deep":[[[1]]]}';
    expect(JSON.parse(text)).toEqual({ k: 'a\\', deep: [[[1]]] });
    expect(exceedsJsonDepth(text, 4)).toBe(false);
    expect(exceedsJsonDepth(text, 3)).toBe(true);
  });

  it('refuses a 400,000-level body early, without a stack overflow', () => {
    expect(exceedsJsonDepth(nested(400_000))).toBe(true);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('sees multi-byte UTF-8 characters inside strings as string content, escapes and brackets beside them', () => {
    const text = JSON.stringify({ name: 'Jürgen „[[[“ 🎁 \\', note: ['€ {', 'ß]"'] });
    expect(exceedsJsonDepth(text, 2)).toBe(false);
    expect(exceedsJsonDepth(text, 1)).toBe(true);
  });

  it('agrees with the depth of the parsed value for any JSON (fast-check, 2,000 values)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, maxDepth) => {
        const text = JSON.stringify(value);
        expect(exceedsJsonDepth(text, maxDepth)).toBe(depthOf(value) > maxDepth);
      }),
      { numRuns: 2000 },
    );
  });

  it('treats scalars and empty text as depth 0', () => {
    for (const text of ['', '1', '"[{"', 'null']) expect(exceedsJsonDepth(text, 0)).toBe(false);
    expect(exceedsJsonDepth('[]', 0)).toBe(true);
  });
});
