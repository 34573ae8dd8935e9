import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';

/** Every key path of a nested translation object, plural suffixes included. */
function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: unknown): string[] {
  return [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

const at = (object: unknown, path: string) =>
  path.split('.').reduce<unknown>((inner, key) => (inner as Record<string, unknown>)[key], object);

describe('locales', () => {
  it('English and German have the same keys', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });

  it('every German string uses the same placeholders as its English one', () => {
    for (const key of keys(en)) expect(placeholders(at(de, key)), key).toEqual(placeholders(at(en, key)));
  });

  it('no string is empty', () => {
    for (const [name, strings] of [
      ['en', en],
      ['de', de],
    ] as const)
      for (const key of keys(strings)) expect(String(at(strings, key)).trim(), `${name} ${key}`).not.toBe('');
  });

  it('has every key the source names literally (t("...")), plurals by their base key', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? files(join(dir, entry.name))
          : /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts')
            ? [join(dir, entry.name)]
            : [],
      );
    const known = new Set(keys(en).map((key) => key.replace(/_(one|other)$/, '')));
    const used = files(src).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)].map((m) => m[1]!),
    );
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((key) => !known.has(key))).toEqual([]);
  });
});
