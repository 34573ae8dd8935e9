// Fixtures in the shape of Shopify's function runner ({ payload: { export, target, input, output } }). Each
// input is checked against the input query and schema.graphql, each output against the target's result type
// (`cartLinesDiscountsGenerateRun(result: CartLinesDiscountsGenerateRunResult!)`), with Shopify's
// @shopify/shopify-function-test-helpers; then the function must turn the input into exactly the output.
import { readdirSync } from 'node:fs';
import {
  loadFixture,
  loadInputQuery,
  loadSchema,
  validateTestAssets,
} from '@shopify/shopify-function-test-helpers';
import { describe, expect, it } from 'vitest';
import { cartLinesDiscountsGenerateRun } from '../src/index.js';
import type { Input } from './cart-input.js';
import { EXTENSION_DIR, FIXTURES_DIR, SCHEMA_PATH } from './paths.js';
import { targetings } from './toml.js';

// The cases the issue asks for; a fixture lost or renamed fails the first test.
const FIXTURES = [
  'all-regular-lines',
  'below-minimum',
  'customer-not-logged-in',
  'customer-without-metafield',
  'discount-without-product-class',
  'gift-card-line',
  'last-valid-day',
  'malformed-configuration',
  'mixed-cart-sale-and-regular',
  'no-customer',
  'only-sale-items',
  'percentage-above-100-clamped',
  'presentment-currency-missed-in-shop-currency',
  'presentment-currency-reached-in-shop-currency',
  'tier-uplift',
  'window-expired',
];

const [targeting] = targetings();
const schema = await loadSchema(SCHEMA_PATH);
const inputQuery = await loadInputQuery(`${EXTENSION_DIR}${targeting?.input_query}`);

describe('fixtures', () => {
  it('are exactly the expected cases', () => {
    const files = readdirSync(FIXTURES_DIR).filter((file) => file.endsWith('.json'));
    expect(files.map((file) => file.replace(/\.json$/, '')).sort()).toEqual(FIXTURES);
  });

  it.each(FIXTURES)(
    '%s: valid against the query and the schema, and the function returns its output',
    async (name) => {
      const fixture = await loadFixture(`${FIXTURES_DIR}${name}.json`);
      expect({ export: fixture.export, target: fixture.target }).toEqual({
        export: targeting?.export,
        target: targeting?.target,
      });

      const validation = await validateTestAssets({ schema, fixture, inputQueryAST: inputQuery });
      expect(validation.error).toBeUndefined();
      expect(validation.inputQuery.errors).toEqual([]);
      expect(validation.inputFixture.errors).toEqual([]);
      expect(validation.outputFixture.errors).toEqual([]);
      expect(validation.outputFixture.mutationName).toBe('cartLinesDiscountsGenerateRun');

      expect(cartLinesDiscountsGenerateRun(fixture.input as Input)).toEqual(fixture.expectedOutput);
    },
  );

  it('discount and no-discount cases are both covered', async () => {
    const outputs = await Promise.all(
      FIXTURES.map(async (name) => (await loadFixture(`${FIXTURES_DIR}${name}.json`)).expectedOutput),
    );
    const discounted = outputs.filter((output) => (output.operations as unknown[]).length > 0);
    expect(discounted).toHaveLength(7);
  });
});
