/**
 * Code discounts: basic (percentage or amount off) and free shipping, created, (de)activated, deleted and found by
 * code or id, with the business rules Shopify applies to the inputs the app sends.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/discountCodeBasicCreate
 */
import {
  buyersFrom,
  combinesWith,
  connection,
  contextView,
  customerSelectionView,
  discountStatus,
  money,
  nextGid,
  userError,
  type CombinesWith,
  type ContextInput,
  type ResolverContext,
  type ShopState,
  type SimulatedCodeDiscount,
  type UserErrorShape,
} from './shop-state.js';
import { metafieldFields } from './metafields.js';

interface CodeDiscountInput {
  title?: string | null;
  code?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  usageLimit?: number | null;
  appliesOncePerCustomer?: boolean | null;
  context?: ContextInput | null;
  customerSelection?: ContextInput | null;
  combinesWith?: Partial<CombinesWith> | null;
  minimumRequirement?: {
    subtotal?: { greaterThanOrEqualToSubtotal?: string | number | null } | null;
    quantity?: { greaterThanOrEqualToQuantity?: string | number | null } | null;
  } | null;
  tags?: string[] | null;
  customerGets?: {
    value?: {
      percentage?: number | null;
      discountAmount?: { amount?: string | number | null; appliesOnEachItem?: boolean | null } | null;
      discountOnQuantity?: unknown;
    } | null;
  } | null;
}

export const TAKEN_MESSAGE = 'Code must be unique. Please try a different code.';

const findByCode = (state: ShopState, code: string) =>
  [...state.codeDiscounts.values()].find((d) => d.code.toLowerCase() === code.toLowerCase());

/** The record for a create input, or the userErrors Shopify would answer with instead. */
function build(
  state: ShopState,
  kind: SimulatedCodeDiscount['kind'],
  input: CodeDiscountInput,
  arg: string,
  now: Date,
): SimulatedCodeDiscount | UserErrorShape[] {
  const errors: UserErrorShape[] = [];
  if (!input.title?.trim()) errors.push(userError([arg, 'title'], 'BLANK', "Title can't be blank"));
  if (!input.code?.trim()) errors.push(userError([arg, 'code'], 'BLANK', "Code can't be blank"));
  else if (findByCode(state, input.code)) errors.push(userError([arg, 'code'], 'TAKEN', TAKEN_MESSAGE));
  if (input.context && input.customerSelection)
    errors.push(userError([arg], 'INVALID', 'Only one of context or customerSelection can be provided.'));
  const buyers = buyersFrom(input.context ?? input.customerSelection, [
    arg,
    input.context ? 'context' : 'customerSelection',
  ]);
  if (typeof buyers === 'object' && !Array.isArray(buyers)) errors.push(buyers);
  const value = kind === 'basic' ? valueOf(input, arg) : null;
  if (value && 'field' in value) errors.push(value);
  const startsAt = input.startsAt ?? now.toISOString();
  if (input.endsAt && Date.parse(input.endsAt) <= Date.parse(startsAt))
    errors.push(
      userError([arg, 'endsAt'], 'END_DATE_BEFORE_START_DATE', 'End date must be after the start date'),
    );
  if (input.usageLimit != null && input.usageLimit < 1)
    errors.push(userError([arg, 'usageLimit'], 'GREATER_THAN', 'Usage limit must be greater than 0'));
  if (errors.length > 0) return errors;
  const subtotal = input.minimumRequirement?.subtotal?.greaterThanOrEqualToSubtotal;
  const quantity = input.minimumRequirement?.quantity?.greaterThanOrEqualToQuantity;
  return {
    id: nextGid(state, 'DiscountCodeNode'),
    kind,
    title: input.title!,
    code: input.code!,
    startsAt,
    endsAt: input.endsAt ?? null,
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
    buyers: buyers as SimulatedCodeDiscount['buyers'],
    combinesWith: combinesWith(input.combinesWith),
    value: value as SimulatedCodeDiscount['value'],
    minimumRequirement:
      subtotal != null
        ? { subtotal: String(subtotal) }
        : quantity != null
          ? { quantity: String(quantity) }
          : null,
    tags: input.tags ?? [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** customerGets.value: exactly one of a percentage in (0, 1] or a positive amount. */
function valueOf(input: CodeDiscountInput, arg: string): SimulatedCodeDiscount['value'] | UserErrorShape {
  const field = [arg, 'customerGets', 'value'];
  const value = input.customerGets?.value;
  if (!value) return userError(field, 'BLANK', "Customer gets value can't be blank");
  const given = [value.percentage, value.discountAmount, value.discountOnQuantity].filter((v) => v != null);
  if (given.length !== 1) return userError(field, 'INVALID', 'Exactly one discount value must be given');
  if (value.discountOnQuantity != null)
    return userError(field, 'INVALID', 'discountOnQuantity is for buy-X-get-Y discounts');
  if (value.percentage != null) {
    if (!(value.percentage > 0 && value.percentage <= 1))
      return userError([...field, 'percentage'], 'VALUE_OUTSIDE_RANGE', 'Value must be between 0.0 and 1.0');
    return { percentage: value.percentage };
  }
  const amount = Number(value.discountAmount!.amount);
  if (!(amount > 0))
    return userError([...field, 'discountAmount', 'amount'], 'GREATER_THAN', 'Amount must be greater than 0');
  return {
    amount: String(value.discountAmount!.amount),
    appliesOnEachItem: value.discountAmount!.appliesOnEachItem ?? false,
  };
}

/** DiscountCodeNode for a stored code, shaped like the schema (unions carry __typename). */
export function codeNodeView(state: ShopState, d: SimulatedCodeDiscount, now: Date) {
  const common = {
    title: d.title,
    status: discountStatus(d, now),
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    usageLimit: d.usageLimit,
    appliesOncePerCustomer: d.appliesOncePerCustomer,
    asyncUsageCount: 0,
    combinesWith: { ...d.combinesWith, productDiscountsWithTagsOnSameCartLine: null },
    context: contextView(d.buyers),
    customerSelection: customerSelectionView(d.buyers),
    minimumRequirement: !d.minimumRequirement
      ? null
      : 'subtotal' in d.minimumRequirement
        ? {
            __typename: 'DiscountMinimumSubtotal',
            greaterThanOrEqualToSubtotal: money(state, d.minimumRequirement.subtotal),
          }
        : {
            __typename: 'DiscountMinimumQuantity',
            greaterThanOrEqualToQuantity: d.minimumRequirement.quantity,
          },
    codes: (args: { first?: number; last?: number }) =>
      connection(
        [
          {
            id: `${d.id.replace('DiscountCodeNode', 'DiscountRedeemCode')}`,
            code: d.code,
            asyncUsageCount: 0,
          },
        ],
        args,
        (c) => c.id,
      ),
    codesCount: { count: 1, precision: 'EXACT' },
    recurringCycleLimit: null,
    hasTimelineComment: false,
    shareableUrls: [],
    tags: d.tags,
    totalSales: null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
  const codeDiscount =
    d.kind === 'basic'
      ? {
          __typename: 'DiscountCodeBasic',
          ...common,
          discountClass: 'ORDER',
          discountClasses: ['ORDER'],
          customerGets: {
            appliesOnOneTimePurchase: true,
            appliesOnSubscription: false,
            items: { __typename: 'AllDiscountItems', allItems: true },
            value:
              d.value && 'percentage' in d.value
                ? { __typename: 'DiscountPercentage', percentage: d.value.percentage }
                : {
                    __typename: 'DiscountAmount',
                    amount: money(state, d.value!.amount),
                    appliesOnEachItem: d.value!.appliesOnEachItem,
                  },
          },
        }
      : {
          __typename: 'DiscountCodeFreeShipping',
          ...common,
          discountClass: 'SHIPPING',
          discountClasses: ['SHIPPING'],
          appliesOnOneTimePurchase: true,
          appliesOnSubscription: false,
          destinationSelection: { __typename: 'DiscountCountryAll', allCountries: true },
          maximumShippingPrice: null,
        };
  return { __typename: 'DiscountCodeNode', id: d.id, codeDiscount, ...metafieldFields(d.id) };
}

function create(
  kind: SimulatedCodeDiscount['kind'],
  arg: string,
  input: CodeDiscountInput,
  { state, now }: ResolverContext,
) {
  const built = build(state, kind, input, arg, now);
  if (Array.isArray(built)) return { codeDiscountNode: null, userErrors: built };
  state.codeDiscounts.set(built.id, built);
  return { codeDiscountNode: codeNodeView(state, built, now), userErrors: [] };
}

const unknownId = (id: string) => [userError(['id'], 'INVALID', `Discount ${id} does not exist`)];

export const codeDiscountResolvers = {
  discountCodeBasicCreate: (args: { basicCodeDiscount: CodeDiscountInput }, ctx: ResolverContext) =>
    create('basic', 'basicCodeDiscount', args.basicCodeDiscount, ctx),

  discountCodeFreeShippingCreate: (
    args: { freeShippingCodeDiscount: CodeDiscountInput },
    ctx: ResolverContext,
  ) => create('freeShipping', 'freeShippingCodeDiscount', args.freeShippingCodeDiscount, ctx),

  discountCodeDeactivate({ id }: { id: string }, { state, now }: ResolverContext) {
    const d = state.codeDiscounts.get(id);
    if (!d) return { codeDiscountNode: null, userErrors: unknownId(id) };
    if (discountStatus(d, now) !== 'EXPIRED')
      Object.assign(d, { endsAt: now.toISOString(), updatedAt: now.toISOString() });
    return { codeDiscountNode: codeNodeView(state, d, now), userErrors: [] };
  },

  discountCodeActivate({ id }: { id: string }, { state, now }: ResolverContext) {
    const d = state.codeDiscounts.get(id);
    if (!d) return { codeDiscountNode: null, userErrors: unknownId(id) };
    if (discountStatus(d, now) === 'EXPIRED')
      Object.assign(d, { endsAt: null, updatedAt: now.toISOString() });
    return { codeDiscountNode: codeNodeView(state, d, now), userErrors: [] };
  },

  discountCodeDelete({ id }: { id: string }, { state }: ResolverContext) {
    if (!state.codeDiscounts.delete(id)) return { deletedCodeDiscountId: null, userErrors: unknownId(id) };
    for (const [key, m] of state.metafields) if (m.ownerId === id) state.metafields.delete(key);
    return { deletedCodeDiscountId: id, userErrors: [] };
  },

  codeDiscountNodeByCode({ code }: { code: string }, { state, now }: ResolverContext) {
    const d = findByCode(state, code);
    return d ? codeNodeView(state, d, now) : null;
  },

  codeDiscountNode({ id }: { id: string }, { state, now }: ResolverContext) {
    const d = state.codeDiscounts.get(id);
    return d ? codeNodeView(state, d, now) : null;
  },
};
