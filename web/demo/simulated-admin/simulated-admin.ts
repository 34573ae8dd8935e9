/**
 * A strict stand-in for a shop's Admin GraphQL API, for tests and demo mode only (production never imports
 * web/demo). It answers like Shopify: 401 for a token it did not grant, 404 for another API version, 200 with
 * `errors` for a document the 2026-07 schema refuses, otherwise the real graphql-js execution of the document
 * against that schema over per-shop state, with `extensions.cost`. Every refused document is also kept in
 * `rejected`, so a test can require that the app never sent one; failures (5xx, throttling, hangs, dropped
 * connections, userErrors) come only when a test asks for them.
 */
import { execute, Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { adminSchema, validateAdminDocument } from '../../shopify/admin-schema.js';
import { automaticDiscountResolvers } from './automatic-discounts.js';
import { codeDiscountResolvers } from './code-discounts.js';
import { createFailures, type FailureFilter, type FailureMode } from './failures.js';
import { metafieldResolvers } from './metafields.js';
import { queryCost } from './query-cost.js';
import {
  BUCKET_SIZE,
  metafieldKey,
  newShopState,
  RESTORE_RATE,
  userError,
  type ResolverContext,
  type ShopState,
} from './shop-state.js';

export interface RejectedRequest {
  shop: string;
  /** validation: the schema refused it; unsupported: valid, but not simulated; execution: a resolver or the
   * schema's non-null rules failed while running it (a gap in the simulation or a field it does not fill). */
  kind: 'request' | 'validation' | 'unsupported' | 'execution';
  document: string;
  variables: Record<string, unknown>;
  problems: string[];
}

type Resolver = (args: never, context: ResolverContext) => unknown;

const RESOLVERS: Record<string, Resolver> = {
  ...codeDiscountResolvers,
  ...automaticDiscountResolvers,
  ...metafieldResolvers,
  shop: (_args: never, { state }: ResolverContext) => ({
    __typename: 'Shop',
    id: 'gid://shopify/Shop/1',
    name: state.shop.replace('.myshopify.com', ''),
    myshopifyDomain: state.shop,
    currencyCode: state.currencyCode,
    ianaTimezone: state.ianaTimezone,
  }),
};

export const SIMULATED_API_VERSION = '2026-07';

export function createSimulatedAdmin(opts: {
  /** Whether `token` is an access token granted for `shop`. */
  isGranted: (shop: string, token: string | null) => boolean;
  now?: () => Date;
}) {
  const now = opts.now ?? (() => new Date());
  const shops = new Map<string, ShopState>();
  const failures = createFailures();
  const calls: string[] = [];
  const rejected: RejectedRequest[] = [];
  const stateOf = (shop: string) => {
    let state = shops.get(shop);
    if (!state) shops.set(shop, (state = newShopState(shop, now().getTime())));
    return state;
  };

  async function serve(shop: string, version: string, request: Request): Promise<Response> {
    if (version !== SIMULATED_API_VERSION) return json(404, { errors: 'Not Found' });
    if (!opts.isGranted(shop, request.headers.get('X-Shopify-Access-Token')))
      return json(401, {
        errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
      });
    let body: { query?: unknown; variables?: unknown };
    try {
      body = JSON.parse(await request.text()) as typeof body;
    } catch {
      body = {};
    }
    const document = typeof body.query === 'string' ? body.query : '';
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    const reject = (kind: RejectedRequest['kind'], problems: string[]) => {
      rejected.push({ shop, kind, document, variables, problems });
      return json(200, {
        errors: problems.map((message) => ({ message, extensions: { code: codeFor(kind) } })),
      });
    };
    if (!document) {
      calls.push('(no query)');
      rejected.push({ shop, kind: 'request', document, variables, problems: ['query is missing'] });
      return json(400, { errors: { query: 'Required parameter missing or invalid' } });
    }

    const problems = validateAdminDocument(document, variables);
    const ast = problems.length === 0 ? parse(document) : tryParse(document);
    const operation = ast?.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const rootFields = (operation?.selectionSet.selections ?? []).flatMap((s) =>
      s.kind === Kind.FIELD && s.name.value !== '__typename' ? [s.name.value] : [],
    );
    calls.push(rootFields.join('+') || '(unparsed)');
    if (problems.length > 0) return reject('validation', problems);
    const missing = rootFields.filter((f) => !Object.hasOwn(RESOLVERS, f));
    if (missing.length > 0)
      return reject(
        'unsupported',
        missing.map((f) => `${f} is not simulated`),
      );

    const isMutation = operation!.operation === 'mutation';
    const failure = failures.take({ shop, rootFields, isMutation });
    if (failure === 'network') throw new TypeError('fetch failed');
    if (failure === 'http500')
      return json(500, { errors: 'Internal error. Looks like something went wrong on our end.' });
    if (failure === 'throttle') return json(200, THROTTLED);
    if (failure === 'hang') await failures.hang(request.signal);

    const state = stateOf(shop);
    const rootValue =
      failure === 'userErrors'
        ? Object.fromEntries(
            rootFields.map((f) => [
              f,
              () => ({ userErrors: [userError(null, 'INTERNAL_ERROR', `${f} failed (simulated)`)] }),
            ]),
          )
        : RESOLVERS;
    const result = await execute({
      schema: adminSchema(),
      document: ast!,
      rootValue,
      contextValue: { state, now: now() } satisfies ResolverContext,
      variableValues: variables,
    });
    if (result.errors)
      rejected.push({ shop, kind: 'execution', document, variables, problems: result.errors.map(String) });
    if (failure === 'lostAnswer') return json(502, { errors: 'Bad gateway' });
    return json(200, {
      ...result,
      extensions: { cost: charge(state, queryCost(adminSchema(), ast!, variables)) },
    });
  }

  /** Takes the cost from the shop's bucket, which refills at RESTORE_RATE points a second up to BUCKET_SIZE. */
  function charge(state: ShopState, cost: number) {
    const at = now().getTime();
    const refilled = state.bucket.available + (Math.max(0, at - state.bucket.at) / 1000) * RESTORE_RATE;
    state.bucket = { available: Math.max(0, Math.min(BUCKET_SIZE, refilled) - cost), at };
    return {
      requestedQueryCost: cost,
      actualQueryCost: cost,
      throttleStatus: {
        maximumAvailable: BUCKET_SIZE,
        currentlyAvailable: Math.floor(state.bucket.available),
        restoreRate: RESTORE_RATE,
      },
    };
  }

  return {
    serve,
    /** The next `n` requests matching `filter` fail with `mode` (see failures.ts). */
    failNext: (n: number, mode: FailureMode, filter?: FailureFilter) => failures.add(n, mode, filter),
    /** Lets every hanging request go on (they then run normally). */
    releaseHangs: () => failures.releaseHangs(),
    /** Requests waiting in a `hang` failure right now. */
    get hanging() {
      return failures.hanging;
    },
    /** Every authenticated request, in order, as its root field names joined with '+', whatever became of it. */
    calls,
    /** Every request refused or not fully answered; a test of app code expects this to stay empty. */
    rejected,
    discountCodes: (shop: string) => [...stateOf(shop).codeDiscounts.values()].map((d) => structuredClone(d)),
    automaticDiscounts: (shop: string) =>
      [...stateOf(shop).automaticDiscounts.values()].map((d) => structuredClone(d)),
    metafield: (shop: string, ownerId: string, namespace: string, key: string) => {
      const m = stateOf(shop).metafields.get(metafieldKey(ownerId, namespace, key));
      return m && structuredClone(m);
    },
    /** What `shop { currencyCode ianaTimezone }` answers for this shop (default EUR, Europe/Berlin). */
    configureShop(shop: string, settings: { currencyCode?: string; ianaTimezone?: string }) {
      Object.assign(stateOf(shop), settings);
    },
    /** How many orders Shopify counts for a customer (Customer.numberOfOrders); 1 until set. */
    configureCustomer(shop: string, customerGid: string, settings: { numberOfOrders: number }) {
      stateOf(shop).customerOrders.set(customerGid, settings.numberOfOrders);
    },
    /** Forgets every shop's state, the calls, the rejections and pending failures; hanging requests go on. */
    reset() {
      shops.clear();
      calls.length = 0;
      rejected.length = 0;
      failures.clear();
    },
  };
}

export type SimulatedAdmin = ReturnType<typeof createSimulatedAdmin>;

const THROTTLED = {
  errors: [
    {
      message: 'Throttled',
      extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
    },
  ],
  extensions: {
    cost: {
      requestedQueryCost: 10,
      throttleStatus: { maximumAvailable: BUCKET_SIZE, currentlyAvailable: 0, restoreRate: RESTORE_RATE },
    },
  },
};

const codeFor = (kind: RejectedRequest['kind']) =>
  kind === 'validation'
    ? 'GRAPHQL_VALIDATION_FAILED'
    : kind === 'unsupported'
      ? 'NOT_SIMULATED'
      : 'INTERNAL_SERVER_ERROR';

function tryParse(document: string): DocumentNode | null {
  try {
    return parse(document);
  } catch {
    return null;
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
