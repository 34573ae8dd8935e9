// The schema checks in fixtures.test.ts only mean something if they can fail: broken copies of a good
// fixture, of its output and of the query must each be reported.
import { readFileSync } from 'node:fs';
import {
  loadFixture,
  loadInputQuery,
  loadSchema,
  validateFixtureInput,
  validateFixtureOutput,
  validateInputQuery,
} from '@shopify/shopify-function-test-helpers';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR, FIXTURES_DIR, SCHEMA_PATH } from './paths.js';
import { targetings } from './toml.js';

const [targeting] = targetings();
const queryPath = `${EXTENSION_DIR}${targeting?.input_query}`;
const schema = await loadSchema(SCHEMA_PATH);
const inputQuery = await loadInputQuery(queryPath);
const fixture = await loadFixture(`${FIXTURES_DIR}mixed-cart-sale-and-regular.json`);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function brokenInput(edit: (input: Json) => void): Json {
  const input = structuredClone(fixture.input);
  edit(input);
  return input;
}

describe('the input check', () => {
  it('accepts the fixture as it is', () => {
    expect(validateFixtureInput(inputQuery, schema, fixture.input).errors).toEqual([]);
  });

  it.each([
    ['a field the query asks for is missing', (input: Json) => delete input.cart.lines[0].quantity],
    ['a field the query does not ask for', (input: Json) => (input.cart.lines[0].title = 'Shirt')],
    ['an unknown enum value', (input: Json) => (input.localization.language.isoCode = 'GERMAN')],
    ['a string where an Int belongs', (input: Json) => (input.cart.lines[0].quantity = '1')],
  ])('reports %s', (_case, edit) => {
    expect(validateFixtureInput(inputQuery, schema, brokenInput(edit)).errors).not.toEqual([]);
  });
});

describe('the output check', () => {
  it('reports an unknown selection strategy and a missing target list', async () => {
    const output = structuredClone(fixture.expectedOutput);
    output.operations[0].productDiscountsAdd.selectionStrategy = 'BEST';
    const badStrategy = await validateFixtureOutput(output, schema, 'cartLinesDiscountsGenerateRun');
    expect(badStrategy.errors).not.toEqual([]);

    delete output.operations[0].productDiscountsAdd.candidates[0].targets;
    output.operations[0].productDiscountsAdd.selectionStrategy = 'FIRST';
    const noTargets = await validateFixtureOutput(output, schema, 'cartLinesDiscountsGenerateRun');
    expect(noTargets.errors).not.toEqual([]);
  });
});

describe('the query check', () => {
  it('reports a misspelt field', () => {
    const query = readFileSync(queryPath, 'utf8').replace('isGiftCard', 'giftCard');
    expect(validateInputQuery(parse(query), schema)).not.toEqual([]);
  });
});
