import { ApiVersion, Session } from '@shopify/shopify-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { installSimulatedShopify, type SimulatedShopify } from '../web/demo/simulated-shopify.js';
import type { AdminGraphql } from '../web/shopify/admin-graphql.js';
import { ShopifyUnavailableError } from '../web/shopify/admin-graphql.js';
import { createAdminGraphql } from '../web/shopify/admin-graphql-client.js';
import { API_KEY, API_SECRET, SHOP, startTestApp, type TestApp } from './support/test-app.js';

// The real client (@shopify/shopify-api with the shop's stored offline session) against the simulated Admin.
const TOKEN = 'shpat_test_simulated_admin';
const CUSTOMER = 'gid://shopify/Customer/7001';

const CREATE_CODE = `#graphql
  mutation Create($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) {
      codeDiscountNode {
        id
        codeDiscount {
          __typename
          ... on DiscountCodeBasic {
            title
            status
            endsAt
            usageLimit
            codes(first: 1) { nodes { code } }
            context { __typename ... on DiscountCustomers { customers { id } } }
            customerGets { value { __typename ... on DiscountAmount { amount { amount currencyCode } } } }
            minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }
          }
        }
      }
      userErrors { field message code }
    }
  }`;

const BY_CODE = `#graphql
  query ByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
      codeDiscount { ... on DiscountCodeBasic { title status codes(first: 5) { nodes { code } } } }
    }
  }`;

const DEACTIVATE = `#graphql
  mutation Deactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { status } } }
      userErrors { field message code }
    }
  }`;

const SET_METAFIELDS = `#graphql
  mutation Set($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key namespace value type ownerType }
      userErrors { field message code elementIndex }
    }
  }`;

const DELETE_METAFIELDS = `#graphql
  mutation Delete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields { ownerId namespace key }
      userErrors { field message }
    }
  }`;

const CUSTOMER_METAFIELD = `#graphql
  query Read($id: ID!, $key: String!) {
    customer(id: $id) { metafield(namespace: "$app", key: $key) { value type jsonValue } }
  }`;

interface UserErrors {
  userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
}
interface CreatePayload extends UserErrors {
  codeDiscountNode: { id: string; codeDiscount: Record<string, unknown> } | null;
}

function codeInput(code: string) {
  return {
    title: `Loyalty reward ${code}`,
    code,
    startsAt: '2026-01-01T00:00:00Z',
    endsAt: '2099-01-01T00:00:00Z',
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: [CUSTOMER] } },
    combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
    customerGets: {
      value: { discountAmount: { amount: '5.00', appliesOnEachItem: false } },
      items: { all: true },
    },
    minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: '20.00' } },
  };
}

describe('the simulated Admin GraphQL API, through the real client', () => {
  let app: TestApp;
  let simulated: SimulatedShopify;
  let admin: AdminGraphql;

  beforeAll(async () => {
    simulated = installSimulatedShopify({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      scopes: ['write_discounts'],
    });
    app = await startTestApp('sqlite');
    await storeSession(TOKEN);
    admin = createAdminGraphql(app.running.shopify, { timeoutMs: 2_000, retries: 2, minBackoffMs: 1 });
  });
  afterAll(async () => {
    simulated.admin.releaseHangs();
    await app?.close();
  });
  beforeEach(() => {
    simulated.admin.reset();
    simulated.grant(SHOP, TOKEN);
  });
  // Tests that expect a refused document take it out of `rejected` themselves.
  afterEach(() => {
    expect(simulated.admin.rejected).toEqual([]);
  });

  async function storeSession(accessToken: string, shop = SHOP) {
    const shopify = app.running.shopify;
    await shopify.config.sessionStorage.storeSession(
      new Session({
        id: shopify.api.session.getOfflineId(shop),
        shop,
        state: 'test',
        isOnline: false,
        accessToken,
        scope: 'write_discounts',
      }),
    );
  }

  const createCode = (code: string, client = admin) =>
    client<{ discountCodeBasicCreate: CreatePayload }>(SHOP, CREATE_CODE, { input: codeInput(code) }).then(
      (data) => data.discountCodeBasicCreate,
    );
  const callsOf = (operation: string) => simulated.admin.calls.filter((c) => c === operation).length;

  it('creates a code that can then be found by its code', async () => {
    const created = await createCode('LOYAL-AAA111');
    expect(created.userErrors).toEqual([]);
    expect(created.codeDiscountNode?.id).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/);
    expect(created.codeDiscountNode?.codeDiscount).toEqual({
      __typename: 'DiscountCodeBasic',
      title: 'Loyalty reward LOYAL-AAA111',
      status: 'ACTIVE',
      endsAt: '2099-01-01T00:00:00Z',
      usageLimit: 1,
      codes: { nodes: [{ code: 'LOYAL-AAA111' }] },
      context: { __typename: 'DiscountCustomers', customers: [{ id: CUSTOMER }] },
      customerGets: {
        value: { __typename: 'DiscountAmount', amount: { amount: '5.00', currencyCode: 'EUR' } },
      },
      minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: '20.00' } },
    });

    const found = await admin<{ codeDiscountNodeByCode: { id: string } | null }>(SHOP, BY_CODE, {
      code: 'loyal-aaa111', // codes are case-insensitive at Shopify
    });
    expect(found.codeDiscountNodeByCode?.id).toBe(created.codeDiscountNode?.id);
    const missing = await admin<{ codeDiscountNodeByCode: null }>(SHOP, BY_CODE, { code: 'NOPE' });
    expect(missing.codeDiscountNodeByCode).toBeNull();

    const [stored] = simulated.admin.discountCodes(SHOP);
    expect(stored).toMatchObject({
      code: 'LOYAL-AAA111',
      usageLimit: 1,
      appliesOncePerCustomer: true,
      buyers: [CUSTOMER],
      value: { amount: '5.00', appliesOnEachItem: false },
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
      minimumRequirement: { subtotal: '20.00' },
    });
    expect(simulated.admin.calls).toEqual([
      'discountCodeBasicCreate',
      'codeDiscountNodeByCode',
      'codeDiscountNodeByCode',
    ]);
  });

  it('answers TAKEN for a code that exists, and creates nothing', async () => {
    expect((await createCode('LOYAL-TWICE')).userErrors).toEqual([]);
    const again = await createCode('LOYAL-TWICE');
    expect(again.codeDiscountNode).toBeNull();
    expect(again.userErrors).toEqual([
      {
        field: ['basicCodeDiscount', 'code'],
        code: 'TAKEN',
        message: 'Code must be unique. Please try a different code.',
      },
    ]);
    expect(simulated.admin.discountCodes(SHOP)).toHaveLength(1);
  });

  it("applies Shopify's business rules to the input", async () => {
    const { title: _title, customerGets: _gets, ...rest } = codeInput('LOYAL-RULES');
    const data = await admin<{ discountCodeBasicCreate: CreatePayload }>(SHOP, CREATE_CODE, {
      input: { ...rest, customerSelection: { all: true } },
    });
    expect(data.discountCodeBasicCreate.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['basicCodeDiscount.title', 'BLANK'],
      ['basicCodeDiscount', 'INVALID'],
      ['basicCodeDiscount.customerGets.value', 'BLANK'],
    ]);
    const percent = await admin<{ discountCodeBasicCreate: CreatePayload }>(SHOP, CREATE_CODE, {
      input: { ...codeInput('LOYAL-PCT'), customerGets: { value: { percentage: 10 }, items: { all: true } } },
    });
    expect(percent.discountCodeBasicCreate.userErrors[0]?.code).toBe('VALUE_OUTSIDE_RANGE');
    expect(simulated.admin.discountCodes(SHOP)).toEqual([]);
  });

  it('deactivates a code: it stays, expired', async () => {
    const { codeDiscountNode } = await createCode('LOYAL-OFF');
    const data = await admin<{ discountCodeDeactivate: UserErrors & { codeDiscountNode: unknown } }>(
      SHOP,
      DEACTIVATE,
      { id: codeDiscountNode!.id },
    );
    expect(data.discountCodeDeactivate).toEqual({
      codeDiscountNode: { codeDiscount: { status: 'EXPIRED' } },
      userErrors: [],
    });
    const unknown = await admin<{ discountCodeDeactivate: UserErrors }>(SHOP, DEACTIVATE, {
      id: 'gid://shopify/DiscountCodeNode/1',
    });
    expect(unknown.discountCodeDeactivate.userErrors).toHaveLength(1);
  });

  it('refuses a document with a typo, records it, and the client reports it without retrying', async () => {
    const typo = `query { shop { currencyCod } }`;
    const error = await admin(SHOP, typo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUnavailableError);
    expect((error as Error).message).toMatch(/Cannot query field "currencyCod" on type "Shop"/);
    expect(simulated.admin.rejected.splice(0)).toEqual([
      expect.objectContaining({ shop: SHOP, kind: 'validation', document: typo }),
    ]);
    expect(simulated.admin.calls).toEqual(['shop']);
  });

  it('says so, and records it, when a valid document asks for something it does not simulate', async () => {
    const products = `query { products(first: 1) { nodes { id } } }`;
    const error = await admin(SHOP, products).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUnavailableError);
    expect((error as Error).message).toMatch(/products is not simulated/);
    expect(simulated.admin.rejected.splice(0).map((r) => r.kind)).toEqual(['unsupported']);
  });

  it('refuses variables of the wrong format before running anything', async () => {
    const error = await admin(SHOP, CREATE_CODE, {
      input: { ...codeInput('LOYAL-DATE'), endsAt: 'in a month' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShopifyUnavailableError);
    expect(simulated.admin.rejected.splice(0).map((r) => r.problems)).toEqual([
      [expect.stringMatching(/"in a month" is not a valid DateTime/)],
    ]);
    expect(simulated.admin.discountCodes(SHOP)).toEqual([]);
  });

  it('sets, reads and deletes customer metafields', async () => {
    const set = await admin<{ metafieldsSet: UserErrors & { metafields: unknown[] } }>(SHOP, SET_METAFIELDS, {
      metafields: [
        { ownerId: CUSTOMER, namespace: '$app', key: 'points_balance', type: 'number_integer', value: '120' },
        { ownerId: CUSTOMER, namespace: '$app', key: 'loyalty', type: 'json', value: '{"available":120}' },
      ],
    });
    expect(set.metafieldsSet).toEqual({
      metafields: [
        {
          key: 'points_balance',
          namespace: '$app',
          value: '120',
          type: 'number_integer',
          ownerType: 'CUSTOMER',
        },
        {
          key: 'loyalty',
          namespace: '$app',
          value: '{"available":120}',
          type: 'json',
          ownerType: 'CUSTOMER',
        },
      ],
      userErrors: [],
    });
    const read = await admin<{ customer: { metafield: unknown } }>(SHOP, CUSTOMER_METAFIELD, {
      id: CUSTOMER,
      key: 'loyalty',
    });
    expect(read.customer.metafield).toEqual({
      value: '{"available":120}',
      type: 'json',
      jsonValue: { available: 120 },
    });
    expect(simulated.admin.metafield(SHOP, CUSTOMER, '$app', 'points_balance')?.value).toBe('120');

    const deleted = await admin<{ metafieldsDelete: UserErrors & { deletedMetafields: unknown[] } }>(
      SHOP,
      DELETE_METAFIELDS,
      {
        metafields: [
          { ownerId: CUSTOMER, namespace: '$app', key: 'points_balance' },
          { ownerId: CUSTOMER, namespace: '$app', key: 'never_set' },
        ],
      },
    );
    expect(deleted.metafieldsDelete).toEqual({
      deletedMetafields: [{ ownerId: CUSTOMER, namespace: '$app', key: 'points_balance' }, null],
      userErrors: [],
    });
    expect(simulated.admin.metafield(SHOP, CUSTOMER, '$app', 'points_balance')).toBeUndefined();
    const after = await admin<{ customer: { metafield: unknown } }>(SHOP, CUSTOMER_METAFIELD, {
      id: CUSTOMER,
      key: 'points_balance',
    });
    expect(after.customer.metafield).toBeNull();
  });

  it('refuses metafield values of the wrong type and more than 25 per call, changing nothing', async () => {
    const bad = await admin<{ metafieldsSet: UserErrors }>(SHOP, SET_METAFIELDS, {
      metafields: [
        { ownerId: CUSTOMER, namespace: '$app', key: 'tier', type: 'single_line_text_field', value: 'Gold' },
        {
          ownerId: CUSTOMER,
          namespace: '$app',
          key: 'points_balance',
          type: 'number_integer',
          value: '12.5',
        },
        { ownerId: 'gid://shopify/Order/1', namespace: '$app', key: 'loyalty', type: 'json', value: '{' },
      ],
    });
    expect(bad.metafieldsSet.userErrors.map((e) => [e.field?.join('.'), e.code])).toEqual([
      ['metafields.1.value', 'INVALID_VALUE'],
      ['metafields.2.ownerId', 'INVALID'],
    ]);
    const many = Array.from({ length: 26 }, (_, i) => ({
      ownerId: `gid://shopify/Customer/${i + 1}`,
      namespace: '$app',
      key: 'points_balance',
      type: 'number_integer',
      value: '1',
    }));
    const tooMany = await admin<{ metafieldsSet: UserErrors }>(SHOP, SET_METAFIELDS, { metafields: many });
    expect(tooMany.metafieldsSet.userErrors.map((e) => e.code)).toEqual(['LESS_THAN_OR_EQUAL_TO']);
    expect(simulated.admin.metafield(SHOP, CUSTOMER, '$app', 'tier')).toBeUndefined();
    expect(
      simulated.admin.metafield(SHOP, 'gid://shopify/Customer/1', '$app', 'points_balance'),
    ).toBeUndefined();
  });

  it('keeps an automatic app discount with its configuration metafield', async () => {
    const CREATE_AUTOMATIC = `#graphql
      mutation Create($discount: DiscountAutomaticAppInput!) {
        discountAutomaticAppCreate(automaticAppDiscount: $discount) {
          automaticAppDiscount { discountId title status discountClasses }
          userErrors { field message code }
        }
      }`;
    const DEACTIVATE_AUTOMATIC = `#graphql
      mutation Off($id: ID!) {
        discountAutomaticDeactivate(id: $id) {
          automaticDiscountNode {
            automaticDiscount { ... on DiscountAutomaticApp { status } }
            metafield(namespace: "$app", key: "function-configuration") { jsonValue }
          }
          userErrors { message }
        }
      }`;
    const created = await admin<{
      discountAutomaticAppCreate: UserErrors & { automaticAppDiscount: { discountId: string } };
    }>(SHOP, CREATE_AUTOMATIC, {
      discount: {
        title: 'Return visit',
        functionHandle: 'return-visit-discount',
        discountClasses: ['ORDER'],
        startsAt: '2026-01-01T00:00:00Z',
        metafields: [
          { namespace: '$app', key: 'function-configuration', type: 'json', value: '{"percentage":10}' },
        ],
      },
    });
    expect(created.discountAutomaticAppCreate).toEqual({
      automaticAppDiscount: {
        discountId: expect.stringMatching(/^gid:\/\/shopify\/DiscountAutomaticNode\/\d+$/),
        title: 'Return visit',
        status: 'ACTIVE',
        discountClasses: ['ORDER'],
      },
      userErrors: [],
    });
    const id = created.discountAutomaticAppCreate.automaticAppDiscount.discountId;
    const off = await admin<{ discountAutomaticDeactivate: unknown }>(SHOP, DEACTIVATE_AUTOMATIC, { id });
    expect(off.discountAutomaticDeactivate).toEqual({
      automaticDiscountNode: {
        automaticDiscount: { status: 'EXPIRED' },
        metafield: { jsonValue: { percentage: 10 } },
      },
      userErrors: [],
    });
    expect(simulated.admin.automaticDiscounts(SHOP)).toEqual([
      expect.objectContaining({ id, functionHandle: 'return-visit-discount', title: 'Return visit' }),
    ]);
  });

  it('answers shop settings, with the cost extensions Shopify adds to every answer', async () => {
    simulated.admin.configureShop(SHOP, { currencyCode: 'CHF', ianaTimezone: 'Europe/Zurich' });
    const data = await admin(SHOP, `query { shop { currencyCode ianaTimezone myshopifyDomain } }`);
    expect(data).toEqual({
      shop: { currencyCode: 'CHF', ianaTimezone: 'Europe/Zurich', myshopifyDomain: SHOP },
    });

    // AdminGraphql hands back `data` only; the library's client shows the extensions.
    const shopify = app.running.shopify;
    const session = await shopify.config.sessionStorage.loadSession(shopify.api.session.getOfflineId(SHOP));
    const client = new shopify.api.clients.Graphql({ session: session! });
    const response =
      await client.request(`mutation { discountCodeDelete(id: "gid://shopify/DiscountCodeNode/1") {
      deletedCodeDiscountId
    } }`);
    expect(response.extensions?.cost).toEqual({
      requestedQueryCost: 10,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 },
    });
    expect(response.extensions?.cost.throttleStatus.currentlyAvailable).toBeLessThanOrEqual(2000 - 10);
  });

  describe('failures', () => {
    it('waits out throttling and then creates exactly one code', async () => {
      simulated.admin.failNext(2, 'throttle', { operation: 'discountCodeBasicCreate' });
      const created = await createCode('LOYAL-THROTTLED');
      expect(created.userErrors).toEqual([]);
      expect(callsOf('discountCodeBasicCreate')).toBe(3);
      expect(simulated.admin.discountCodes(SHOP).map((d) => d.code)).toEqual(['LOYAL-THROTTLED']);
    });

    it('retries HTTP 500 and dropped connections, then succeeds', async () => {
      simulated.admin.failNext(1, 'http500');
      simulated.admin.failNext(1, 'network');
      expect((await createCode('LOYAL-RETRIED')).userErrors).toEqual([]);
      expect(callsOf('discountCodeBasicCreate')).toBe(3);
      expect(simulated.admin.discountCodes(SHOP)).toHaveLength(1);
    });

    it('gives up with ShopifyUnavailableError when HTTP 500 outlasts the retries', async () => {
      simulated.admin.failNext(3, 'http500');
      const error = await createCode('LOYAL-500').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShopifyUnavailableError);
      expect((error as Error).message).toMatch(/HTTP 500 .*gave up after 3 attempts/);
      expect(callsOf('discountCodeBasicCreate')).toBe(3); // the first attempt and two retries
      expect(simulated.admin.discountCodes(SHOP)).toEqual([]);
    });

    it('abandons an attempt that hangs past the timeout, without retrying it', async () => {
      const impatient = createAdminGraphql(app.running.shopify, {
        timeoutMs: 50,
        retries: 2,
        minBackoffMs: 1,
      });
      simulated.admin.failNext(1, 'hang');
      const error = await createCode('LOYAL-HANG', impatient).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShopifyUnavailableError);
      expect((error as Error).message).toMatch(/did not answer .* within 50 ms/);
      expect(simulated.admin.hanging).toBe(0); // the abort reached the request
      expect(callsOf('discountCodeBasicCreate')).toBe(1);
      expect(simulated.admin.discountCodes(SHOP)).toEqual([]);
    });

    it('lets a test answer a mutation with userErrors, changing nothing', async () => {
      simulated.admin.failNext(1, 'userErrors', { operation: 'discountCodeBasicCreate' });
      const failed = await createCode('LOYAL-REFUSED');
      expect(failed.codeDiscountNode).toBeNull();
      expect(failed.userErrors).toHaveLength(1);
      expect(simulated.admin.discountCodes(SHOP)).toEqual([]);
      expect((await createCode('LOYAL-REFUSED')).userErrors).toEqual([]);
    });

    it('refuses a token it did not grant with 401, which the client does not retry', async () => {
      simulated.grant(SHOP, 'shpat_some_other_token');
      const error = await createCode('LOYAL-401').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShopifyUnavailableError);
      expect((error as Error).message).toMatch(/HTTP 401/);
      expect(simulated.admin.calls).toEqual([]);
      expect(simulated.admin.discountCodes(SHOP)).toEqual([]);
    });

    it('has no session to use for a shop that never installed the app', async () => {
      const error = await admin('never-installed.myshopify.com', `query { shop { myshopifyDomain } }`).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ShopifyUnavailableError);
      expect((error as Error).message).toMatch(/no offline session/);
    });

    it('answers 404 for another API version', async () => {
      const shopify = app.running.shopify;
      const session = await shopify.config.sessionStorage.loadSession(shopify.api.session.getOfflineId(SHOP));
      const client = new shopify.api.clients.Graphql({ session: session!, apiVersion: ApiVersion.April26 });
      const error = await client.request(`query { shop { myshopifyDomain } }`).catch((e: unknown) => e);
      expect((error as { response?: { code?: number } }).response?.code).toBe(404);
    });
  });
});
