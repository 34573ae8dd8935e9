/**
 * metafieldsSet, metafieldsDelete and reading metafields back, with the checks Shopify makes that the app's writes
 * could trip: at most 25 per call, owners that exist, key and namespace formats, a type for a new metafield that
 * stays the same afterwards, a value of that type, compare-and-set digests. A call with any error changes nothing.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsSet
 */
import { createHash } from 'node:crypto';
import {
  CUSTOMER_GID,
  connection,
  metafieldKey,
  nextGid,
  userError,
  type ResolverContext,
  type ShopState,
  type SimulatedMetafield,
  type UserErrorShape,
} from './shop-state.js';

const MAX_PER_CALL = 25;
const KEY = /^[A-Za-z0-9_-]{2,64}$/;
const NAMESPACE = /^(\$app(:[A-Za-z0-9_-]+)?|[A-Za-z0-9_-]{3,255})$/;
/** The namespace Shopify uses when a metafield input leaves it out. */
const APP_NAMESPACE = '$app';

const VALUE_CHECKS: Record<string, (value: string) => boolean> = {
  number_integer: (v) => /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)),
  number_decimal: (v) => /^-?\d+(\.\d+)?$/.test(v),
  json: (v) => {
    try {
      JSON.parse(v);
      return true;
    } catch {
      return false;
    }
  },
  single_line_text_field: (v) => !/[\r\n]/.test(v),
  multi_line_text_field: () => true,
  boolean: (v) => v === 'true' || v === 'false',
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
};

export interface MetafieldWrite {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
  compareDigest?: string | null;
}

type OwnerType = 'CUSTOMER' | 'DISCOUNT';

/** Customers are taken to exist for any numeric id (the simulation has no customer list); discounts must. */
function ownerType(state: ShopState, ownerId: string): OwnerType | null {
  if (CUSTOMER_GID.test(ownerId)) return 'CUSTOMER';
  if (state.automaticDiscounts.has(ownerId) || state.codeDiscounts.has(ownerId)) return 'DISCOUNT';
  return null;
}

const digest = (m: SimulatedMetafield) => createHash('sha256').update(`${m.type}\n${m.value}`).digest('hex');

/** The first problem with one write, or null; `field` is where the write sits in the mutation's input. */
export function checkMetafieldWrite(
  state: ShopState,
  input: MetafieldWrite,
  field: Array<string | number>,
  ownerBeingCreated = false,
): UserErrorShape | null {
  const namespace = input.namespace ?? APP_NAMESPACE;
  if (!ownerBeingCreated && ownerType(state, input.ownerId) === null)
    return userError([...field, 'ownerId'], 'INVALID', `Owner ${input.ownerId} does not exist.`);
  if (!KEY.test(input.key)) return userError([...field, 'key'], 'INVALID', 'Key is invalid.');
  if (!NAMESPACE.test(namespace))
    return userError([...field, 'namespace'], 'INVALID', 'Namespace is invalid.');
  const existing = state.metafields.get(metafieldKey(input.ownerId, namespace, input.key));
  const type = input.type ?? existing?.type;
  if (!type) return userError([...field, 'type'], 'BLANK', "Type can't be blank.");
  const check = VALUE_CHECKS[type];
  if (!check) return userError([...field, 'type'], 'INVALID_TYPE', `Type ${type} is not simulated.`);
  if (existing && existing.type !== type)
    return userError(
      [...field, 'type'],
      'INVALID_TYPE',
      `Type cannot change from ${existing.type} to ${type}.`,
    );
  if (!check(input.value))
    return userError(
      [...field, 'value'],
      'INVALID_VALUE',
      `Value ${JSON.stringify(input.value)} is not a ${type}.`,
    );
  if ('compareDigest' in input && input.compareDigest !== undefined) {
    const current = existing ? digest(existing) : null;
    if (input.compareDigest !== current)
      return userError(
        [...field, 'compareDigest'],
        'STALE_OBJECT',
        'The metafield was changed since it was read.',
      );
  }
  return null;
}

/** Stores a write that checkMetafieldWrite accepted. */
export function storeMetafield(state: ShopState, input: MetafieldWrite, now: Date): SimulatedMetafield {
  const namespace = input.namespace ?? APP_NAMESPACE;
  const key = metafieldKey(input.ownerId, namespace, input.key);
  const existing = state.metafields.get(key);
  const stored: SimulatedMetafield = {
    id: existing?.id ?? nextGid(state, 'Metafield'),
    ownerId: input.ownerId,
    namespace,
    key: input.key,
    type: input.type ?? existing!.type,
    value: input.value,
    createdAt: existing?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  state.metafields.set(key, stored);
  return stored;
}

export function metafieldView(state: ShopState, m: SimulatedMetafield) {
  const jsonValue =
    m.type === 'json' ? JSON.parse(m.value) : m.type === 'number_integer' ? Number(m.value) : m.value;
  return {
    __typename: 'Metafield',
    ...m,
    jsonValue,
    compareDigest: digest(m),
    ownerType: ownerType(state, m.ownerId),
    owner: ownerView(m.ownerId),
    legacyResourceId: m.id.split('/').pop(),
    sizeInBytes: Buffer.byteLength(m.value),
    definition: null,
    description: null,
    reference: null,
  };
}

const ownerView = (id: string) => ({ __typename: id.split('/')[3], id });

/** Customer.metafield / DiscountAutomaticNode.metafield and their `metafields` connections, for one owner. */
export function metafieldFields(ownerId: string) {
  return {
    metafield: ({ namespace, key }: { namespace?: string; key: string }, { state }: ResolverContext) => {
      const m = state.metafields.get(metafieldKey(ownerId, namespace ?? APP_NAMESPACE, key));
      return m ? metafieldView(state, m) : null;
    },
    metafields: (
      args: { first?: number; last?: number; namespace?: string; keys?: string[] },
      { state }: ResolverContext,
    ) => {
      const owned = [...state.metafields.values()].filter(
        (m) =>
          m.ownerId === ownerId &&
          (args.namespace === undefined || m.namespace === args.namespace) &&
          (args.keys === undefined || args.keys.includes(`${m.namespace}.${m.key}`)),
      );
      return connection(
        owned.map((m) => metafieldView(state, m)),
        args,
        (m) => m.id,
      );
    },
  };
}

export const metafieldResolvers = {
  metafieldsSet({ metafields }: { metafields: MetafieldWrite[] }, { state, now }: ResolverContext) {
    if (metafields.length > MAX_PER_CALL)
      return {
        metafields: [],
        userErrors: [
          userError(
            ['metafields'],
            'LESS_THAN_OR_EQUAL_TO',
            `Exceeds the maximum of ${MAX_PER_CALL} metafields.`,
          ),
        ],
      };
    const errors = metafields
      .map((input, i) => {
        const error = checkMetafieldWrite(state, input, ['metafields', i]);
        return error && { ...error, elementIndex: i };
      })
      .filter((e) => e !== null);
    if (errors.length > 0) return { metafields: [], userErrors: errors };
    return {
      metafields: metafields.map((input) => metafieldView(state, storeMetafield(state, input, now))),
      userErrors: [],
    };
  },

  metafieldsDelete(
    { metafields }: { metafields: Array<{ ownerId: string; namespace: string; key: string }> },
    { state }: ResolverContext,
  ) {
    const bad = metafields.findIndex((m) => ownerType(state, m.ownerId) === null);
    if (bad >= 0)
      return {
        deletedMetafields: [],
        userErrors: [userError(['metafields', bad, 'ownerId'], 'INVALID', 'Owner does not exist.')],
      };
    // Shopify answers null in place of a metafield that did not exist.
    const deletedMetafields = metafields.map((m) =>
      state.metafields.delete(metafieldKey(m.ownerId, m.namespace, m.key))
        ? { ownerId: m.ownerId, namespace: m.namespace, key: m.key }
        : null,
    );
    return { deletedMetafields, userErrors: [] };
  },

  customer({ id }: { id: string }) {
    if (!CUSTOMER_GID.test(id)) return null;
    return {
      __typename: 'Customer',
      id,
      legacyResourceId: id.split('/').pop(),
      // The simulation has no order list: a customer has one order unless a test or the demo says otherwise
      // (configureCustomer), which is what the return-visit discount's first-order check asks about.
      numberOfOrders: (_args: unknown, { state }: ResolverContext) =>
        String(state.customerOrders.get(id) ?? 1),
      ...metafieldFields(id),
    };
  },
};
