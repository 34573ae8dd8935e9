/**
 * Each UI extension bundled as the CLI bundles it (bench/extension-sizes.ts): under Shopify's 64 KB compressed
 * limit, and made of nothing but Preact, its signals, the ui-extensions Preact glue and the extension's own code.
 */
import { relative, resolve } from 'node:path';
import { expect, test } from 'vitest';
import {
  ALL_TARGETS,
  measureExtensions,
  SHOPIFY_LIMIT_GZIP,
  uiExtensions,
} from '../../bench/extension-sizes.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ALLOWED_PACKAGES = [
  'node_modules/preact/',
  'node_modules/@preact/signals/',
  'node_modules/@preact/signals-core/',
  'node_modules/@shopify/ui-extensions/build/esm/preact.mjs',
];

test('every extension bundle is under 64 KB gzipped and holds only Preact, signals and its own code', async () => {
  const sizes = await measureExtensions();
  for (const size of sizes)
    console.log(`${size.handle} ${size.target}: ${size.minified} B minified, ${size.gzipped} B gzipped`);

  const expected = uiExtensions().flatMap(({ handle, targets }) =>
    (targets.length > 1 ? [...targets.map((t) => t.target), ALL_TARGETS] : targets.map((t) => t.target)).map(
      (target) => `${handle} ${target}`,
    ),
  );
  expect(sizes.map((s) => `${s.handle} ${s.target}`)).toEqual(expected);
  for (const size of sizes) {
    expect(size.gzipped, `${size.handle} ${size.target}`).toBeLessThanOrEqual(SHOPIFY_LIMIT_GZIP);
    expect(size.gzipped).toBeGreaterThan(1_000); // a real bundle, not an empty entry
    const own = `${relative(ROOT, uiExtensions().find((e) => e.handle === size.handle)!.dir)}/`;
    const foreign = size.inputs.filter(
      (input) => !input.startsWith(own) && !ALLOWED_PACKAGES.some((p) => input.startsWith(p)),
    );
    expect(foreign, `${size.handle} ${size.target}`).toEqual([]);
  }
});
