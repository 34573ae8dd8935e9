// What `shopify app build` does with src/index.ts, minus the Wasm step (Javy is downloaded from GitHub, so it
// cannot run offline; see the README). Shopify CLI 3.92's ExportJavyBuilder bundles, with
// esbuild, a generated entry with one function per toml `export` (kebab-case → camelCase) that hands the
// same-named export of "user-function" (aliased to src/index.ts) to @shopify/shopify_function/run, which
// reads the input from and writes the output to the `ShopifyFunction` global of the Javy runtime. The test
// builds that entry the same way and runs it in a bare node:vm context with a stub `ShopifyFunction`, so a
// missing or renamed export, a broken index or a Node-only API in the bundle fails here, not at deploy.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { build, transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR, FIXTURES_DIR } from './paths.js';
import { camelize, targetings } from './toml.js';

/** The CLI's `entrypointContents` (node_modules/@shopify/cli/dist/index.js, ExportJavyBuilder). */
function entrypointContents(exports: string[]): string {
  const prelude = `\nimport __runFunction from "@shopify/shopify_function/run"`;
  const entries = exports.map((name) => {
    const identifier = camelize(name);
    const alias = camelize(`run-${name}`);
    return (
      `\nimport { ${identifier} as ${alias} } from "user-function"` +
      `\nexport function ${identifier}() { return __runFunction(${alias}) }`
    );
  });
  return `${prelude}\n${entries.join('\n')}`;
}

/** The CLI's esbuild options (`getESBuildOptions`), in memory instead of dist/function.js. */
async function bundle(contents: string): Promise<string> {
  const result = await build({
    stdin: { contents, loader: 'ts', resolveDir: EXTENSION_DIR },
    alias: { 'user-function': `${EXTENSION_DIR}src/index.ts` },
    bundle: true,
    legalComments: 'none',
    target: 'es2022',
    format: 'esm',
    logLevel: 'silent',
    write: false,
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Runs the ESM bundle as a script (node:vm has no stable ESM loader) and returns its exports. */
async function load(bundleText: string, shopifyFunction: unknown): Promise<Record<string, () => void>> {
  const script = await transform(bundleText, { format: 'iife', globalName: '__entry', target: 'es2022' });
  const context = vm.createContext({ ShopifyFunction: shopifyFunction });
  return vm.runInContext(`${script.code}\n__entry`, context) as Record<string, () => void>;
}

const fixture = JSON.parse(readFileSync(`${FIXTURES_DIR}tier-uplift.json`, 'utf8')).payload;

describe('the generated Wasm entry', () => {
  it('takes its export names from the toml', () => {
    expect(targetings().map((targeting) => camelize(targeting.export))).toEqual([
      'cartLinesDiscountsGenerateRun',
    ]);
    expect(camelize('cart-delivery-options-discounts-generate-run')).toBe(
      'cartDeliveryOptionsDiscountsGenerateRun',
    );
  });

  it('bundles src/index.ts and runs each export via ShopifyFunction.readInput / writeOutput', async () => {
    const exports = targetings().map((targeting) => targeting.export);
    const written: unknown[] = [];
    const entry = await load(await bundle(entrypointContents(exports)), {
      readInput: () => structuredClone(fixture.input),
      writeOutput: (output: unknown) => written.push(output),
    });
    for (const name of exports) entry[camelize(name)]?.();
    // JSON round trip: the output crosses from the vm's realm, whose objects have other prototypes.
    expect(JSON.parse(JSON.stringify(written))).toEqual([fixture.output]);
  });

  it('fails to bundle when src/index.ts lacks the export the toml names', async () => {
    const contents = entrypointContents(['cart-lines-discounts-generate-runs']);
    await expect(bundle(contents)).rejects.toThrow(/No matching export .* "cartLinesDiscountsGenerateRuns"/);
  });
});
