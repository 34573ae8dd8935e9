// The files `shopify app deploy` reads: the toml (API version, target, input query, export, build section),
// the files it names, the schema copy, the extension's package.json and the committed generated types.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import {
  CONFIGURATION_METAFIELD_KEY,
  METAFIELD_NAMESPACE,
  RETURN_VISIT_METAFIELD_KEY,
} from '../src/contract.js';
import { EXTENSION_DIR, SCHEMA_PATH } from './paths.js';
import { readToml } from './toml.js';

// sha256 of /work/shared/shopify/discount-function-schema-2026-07.graphql (Shopify's Discount Function API
// 2026-07, printed from @shopify/dev-mcp 1.16.0's functions_discount_2026-07.json.gz, see SOURCE.md there),
// taken with `sha256sum` when the copy was made; that shared folder is not part of a clone.
const SCHEMA_SHA256 = 'd724b42a19a17f8981429ebec003d9d0774fe02cdb53df0aa93a0dd07a937adb';

const read = (path: string) => readFileSync(`${EXTENSION_DIR}${path}`, 'utf8');

describe('shopify.extension.toml', () => {
  const toml = readToml();

  it('is one function extension on API 2026-07 with the template’s build section', () => {
    expect(toml.api_version).toBe('2026-07');
    expect(toml.extensions).toHaveLength(1);
    const [extension] = toml.extensions;
    expect(extension).toMatchObject({
      name: 'return-visit-discount',
      handle: 'return-visit-discount',
      type: 'function',
    });
    expect(extension?.build).toEqual({ command: '', path: 'dist/function.wasm' });
  });

  it('has the cart-lines target, its input query and its export', () => {
    expect(toml.extensions[0]?.targeting).toEqual([
      {
        target: 'cart.lines.discounts.generate.run',
        input_query: 'src/cart_lines_discounts_generate_run.graphql',
        export: 'cart-lines-discounts-generate-run',
      },
    ]);
  });

  it('names files that exist, next to the entry the CLI requires', () => {
    for (const targeting of toml.extensions[0]?.targeting ?? []) {
      expect(existsSync(`${EXTENSION_DIR}${targeting.input_query}`)).toBe(true);
    }
    // "Could not find your function entry point. It must be in src/index.js or src/index.ts" (CLI 3.92).
    expect(existsSync(`${EXTENSION_DIR}src/index.ts`)).toBe(true);
    expect(existsSync(`${EXTENSION_DIR}src/cart_lines_discounts_generate_run.ts`)).toBe(true);
  });
});

describe('schema.graphql', () => {
  it('is byte for byte the shared copy of the 2026-07 Discount Function schema', () => {
    expect(createHash('sha256').update(readFileSync(SCHEMA_PATH)).digest('hex')).toBe(SCHEMA_SHA256);
  });
});

describe('input query', () => {
  it('reads the metafields of the contract with the app', () => {
    const query = read('src/cart_lines_discounts_generate_run.graphql');
    const metafield = (key: string) => `metafield(namespace: "${METAFIELD_NAMESPACE}", key: "${key}")`;
    expect(query).toContain(metafield(CONFIGURATION_METAFIELD_KEY));
    expect(query).toContain(metafield(RETURN_VISIT_METAFIELD_KEY));
  });
});

describe('package.json and generated/api.ts', () => {
  const manifest = JSON.parse(read('package.json'));

  it('carry the template’s codegen block and the function library', () => {
    expect(manifest.name).toBe('return-visit-discount');
    expect(manifest.codegen).toEqual({
      schema: 'schema.graphql',
      documents: 'src/*.graphql',
      generates: { './generated/api.ts': { plugins: ['typescript', 'typescript-operations'] } },
      config: { omitOperationSuffix: true },
    });
    expect(manifest.dependencies).toEqual({ '@shopify/shopify_function': '2.0.1' });
  });

  it('generated/api.ts is what typegen writes for the current schema and query', async () => {
    // `shopify app function typegen` runs graphql-code-generator with this block (CLI 3.92); this is the
    // same package (a dependency of @shopify/shopify_function), called directly.
    const [file] = await generate({ ...manifest.codegen, cwd: EXTENSION_DIR, silent: true }, false);
    expect(file?.filename).toBe('./generated/api.ts');
    const stale =
      'generated/api.ts is stale: npx shopify app function typegen --path extensions/return-visit-discount';
    expect(file?.content === read('generated/api.ts'), stale).toBe(true);
  });
});
