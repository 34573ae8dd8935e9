/**
 * What the simulated Admin remembers about one shop, and the helpers its resolvers share. Records are plain data;
 * the resolvers turn them into objects shaped like the schema's types when a document asks for them.
 */

export interface CombinesWith {
  orderDiscounts: boolean;
  productDiscounts: boolean;
  shippingDiscounts: boolean;
}

/** Who may use a discount: everyone, or the listed customers (gids). */
export type Buyers = 'all' | string[];

export interface SimulatedCodeDiscount {
  id: string;
  kind: 'basic' | 'freeShipping';
  title: string;
  code: string;
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  buyers: Buyers;
  combinesWith: CombinesWith;
  /** Basic codes only; free shipping has none. */
  value: { percentage: number } | { amount: string; appliesOnEachItem: boolean } | null;
  minimumRequirement: { subtotal: string } | { quantity: string } | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface SimulatedAutomaticDiscount {
  id: string;
  title: string;
  functionHandle: string | null;
  functionId: string | null;
  discountClasses: string[];
  combinesWith: CombinesWith;
  buyers: Buyers;
  startsAt: string;
  endsAt: string | null;
  appliesOnOneTimePurchase: boolean;
  appliesOnSubscription: boolean;
  recurringCycleLimit: number;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface SimulatedMetafield {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface ShopState {
  shop: string;
  currencyCode: string;
  ianaTimezone: string;
  codeDiscounts: Map<string, SimulatedCodeDiscount>;
  automaticDiscounts: Map<string, SimulatedAutomaticDiscount>;
  /** By metafieldKey(). */
  metafields: Map<string, SimulatedMetafield>;
  /** Customer.numberOfOrders by customer gid (1 when not set). */
  customerOrders: Map<string, number>;
  /** The query-cost bucket: points left at `at` (ms). */
  bucket: { available: number; at: number };
  lastId: number;
}

/** What every resolver gets: the shop's state and the simulation's clock. */
export interface ResolverContext {
  state: ShopState;
  now: Date;
}

export const BUCKET_SIZE = 2000;
export const RESTORE_RATE = 100;

export function newShopState(shop: string, nowMs: number): ShopState {
  return {
    shop,
    // The demo shop sells in euros (web/demo/start-demo.ts); tests can change it with configureShop().
    currencyCode: 'EUR',
    ianaTimezone: 'Europe/Berlin',
    codeDiscounts: new Map(),
    automaticDiscounts: new Map(),
    metafields: new Map(),
    customerOrders: new Map(),
    bucket: { available: BUCKET_SIZE, at: nowMs },
    lastId: 1000,
  };
}

export function nextGid(state: ShopState, type: string): string {
  state.lastId += 1;
  return `gid://shopify/${type}/${state.lastId}`;
}

export const metafieldKey = (ownerId: string, namespace: string, key: string) =>
  `${ownerId}|${namespace}|${key}`;

/** Shopify derives a discount's status from its dates; deactivating one sets its end to now. */
export function discountStatus(d: { startsAt: string; endsAt: string | null }, now: Date) {
  if (d.endsAt !== null && Date.parse(d.endsAt) <= now.getTime()) return 'EXPIRED';
  if (Date.parse(d.startsAt) > now.getTime()) return 'SCHEDULED';
  return 'ACTIVE';
}

/** A userError as every payload in the schema spells it; `field` holds strings, list indexes included. */
export function userError(field: Array<string | number> | null, code: string, message: string) {
  return { field: field?.map(String) ?? null, code, message };
}

export type UserErrorShape = ReturnType<typeof userError>;

export const money = (state: ShopState, amount: string) => ({ amount, currencyCode: state.currencyCode });

export function combinesWith(input: Partial<CombinesWith> | null | undefined): CombinesWith {
  return {
    orderDiscounts: input?.orderDiscounts ?? false,
    productDiscounts: input?.productDiscounts ?? false,
    shippingDiscounts: input?.shippingDiscounts ?? false,
  };
}

/** DiscountContextInput, or the deprecated DiscountCustomerSelectionInput (whose `all` is a Boolean). */
export interface ContextInput {
  all?: unknown;
  customers?: { add?: string[]; remove?: string[] };
  customerSegments?: unknown;
  markets?: unknown;
}

export const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/[1-9]\d*$/;

/**
 * Buyers from a `context` (or the deprecated `customerSelection`) input, or the userError for what this simulation
 * does not model (segments, markets) or Shopify refuses (ids that are not customers).
 */
export function buyersFrom(
  input: ContextInput | null | undefined,
  field: string[],
  previous: Buyers = 'all',
): Buyers | UserErrorShape {
  if (!input) return previous;
  if (input.customerSegments !== undefined || input.markets !== undefined)
    return userError(field, 'INVALID', 'The simulated Admin supports all buyers or listed customers only.');
  if (!input.customers) return 'all';
  const current = previous === 'all' ? [] : previous;
  const added = input.customers.add ?? [];
  const bad = added.find((id) => !CUSTOMER_GID.test(id));
  if (bad !== undefined)
    return userError([...field, 'customers', 'add'], 'INVALID', `${bad} is not a customer id.`);
  const removed = new Set(input.customers.remove ?? []);
  return [...new Set([...current, ...added])].filter((id) => !removed.has(id));
}

/** The schema's DiscountContext union for stored buyers. */
export function contextView(buyers: Buyers) {
  return buyers === 'all'
    ? { __typename: 'DiscountBuyerSelectionAll', all: 'ALL' }
    : { __typename: 'DiscountCustomers', customers: buyers.map((id) => ({ __typename: 'Customer', id })) };
}

/** The deprecated DiscountCustomerSelection union, for documents that still read it. */
export function customerSelectionView(buyers: Buyers) {
  return buyers === 'all'
    ? { __typename: 'DiscountCustomerAll', allCustomers: true }
    : { __typename: 'DiscountCustomers', customers: buyers.map((id) => ({ __typename: 'Customer', id })) };
}

/** A connection of `items` for a `first`/`last` page (no cursors beyond the page itself). */
export function connection<T>(
  items: T[],
  args: { first?: number; last?: number },
  cursor: (item: T) => string,
) {
  const page =
    args.first !== undefined ? items.slice(0, args.first) : items.slice(-(args.last ?? items.length));
  return {
    nodes: page,
    edges: page.map((node) => ({ node, cursor: cursor(node) })),
    pageInfo: {
      hasNextPage: args.first !== undefined && items.length > page.length,
      hasPreviousPage: args.last !== undefined && items.length > page.length,
      startCursor: page[0] ? cursor(page[0]) : null,
      endCursor: page.length > 0 ? cursor(page[page.length - 1]!) : null,
    },
  };
}
