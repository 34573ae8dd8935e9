import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateAdminDocument } from '../web/shopify/admin-schema.js';

// Every Admin GraphQL document the app sends is an exported string constant named *_QUERY or *_MUTATION in
// web/shopify/. The folder is read, not a list kept here, so a gateway added later is checked without anyone
// remembering to add it.
const SHOPIFY_DIR = new URL('../web/shopify/', import.meta.url);
const DOCUMENT_NAME = /_(QUERY|MUTATION)$/;

interface Found {
  file: string;
  name: string;
  document: string;
}

async function collectDocuments(): Promise<Found[]> {
  const files = readdirSync(fileURLToPath(SHOPIFY_DIR), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .sort();
  const found: Found[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, SHOPIFY_DIR).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (DOCUMENT_NAME.test(name) && typeof value === 'string') found.push({ file, name, document: value });
    }
  }
  return found;
}

const documents = await collectDocuments();

describe('Admin GraphQL documents in web/shopify', () => {
  it('are found (so the checks below cannot pass by checking nothing)', () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(documents)('$file $name is valid against the Admin API 2026-07 schema', ({ document }) => {
    expect(validateAdminDocument(document)).toEqual([]);
  });
});

describe('the schema check', () => {
  it('refuses a misspelled field', () => {
    const problems = validateAdminDocument(`query { shop { currencyCod } }`);
    expect(problems.join('\n')).toMatch(/Cannot query field "currencyCod" on type "Shop"/);
  });

  it('refuses a value outside an enum', () => {
    const problems = validateAdminDocument(`mutation {
      discountAutomaticAppCreate(automaticAppDiscount: { title: "t", functionHandle: "f", discountClasses: [ORDERS] }) {
        userErrors { message }
      }
    }`);
    expect(problems.join('\n')).toMatch(/Value "ORDERS" does not exist in "DiscountClass" enum/);
  });

  it('refuses a missing required variable, and a variable of the wrong format', () => {
    const document = `mutation Deactivate($id: ID!) { discountCodeDeactivate(id: $id) { userErrors { message } } }`;
    expect(validateAdminDocument(document, {})).toEqual([
      'Variable "$id" of required type "ID!" was not provided.',
    ]);
    expect(validateAdminDocument(document, { id: 'gid://shopify/DiscountCodeNode/1' })).toEqual([]);
    const dated = `mutation Create($input: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { message } }
    }`;
    expect(validateAdminDocument(dated, { input: { endsAt: 'next week' } }).join('\n')).toMatch(
      /"next week" is not a valid DateTime/,
    );
  });

  it('refuses a connection without a page size, as Shopify does', () => {
    const problems = validateAdminDocument(`query {
      codeDiscountNodeByCode(code: "X") { codeDiscount { ... on DiscountCodeBasic { codes { nodes { code } } } } }
    }`);
    expect(problems).toEqual(['codes: you must provide one of first or last']);
  });

  it('refuses an input with both members of a oneOf', () => {
    const document = `mutation Create($input: DiscountCodeBasicInput!) {
      discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { message } }
    }`;
    const context = { all: 'ALL', customers: { add: ['gid://shopify/Customer/1'] } };
    expect(validateAdminDocument(document, { input: { context } }).join('\n')).toMatch(
      /Exactly one key must be specified for OneOf type "DiscountContextInput"/,
    );
  });
});
