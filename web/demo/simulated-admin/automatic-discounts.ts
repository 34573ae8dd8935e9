/**
 * Automatic app discounts (a Discount Function with its configuration metafields): created, updated, deactivated,
 * activated. The function itself is not run; the simulation keeps what Shopify would keep.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/discountAutomaticAppCreate
 */
import { checkMetafieldWrite, metafieldFields, storeMetafield, type MetafieldWrite } from './metafields.js';
import {
  buyersFrom,
  combinesWith,
  contextView,
  discountStatus,
  nextGid,
  userError,
  type Buyers,
  type CombinesWith,
  type ContextInput,
  type ResolverContext,
  type ShopState,
  type SimulatedAutomaticDiscount,
  type UserErrorShape,
} from './shop-state.js';

interface AutomaticAppInput {
  title?: string | null;
  functionHandle?: string | null;
  functionId?: string | null;
  discountClasses?: string[] | null;
  combinesWith?: Partial<CombinesWith> | null;
  context?: ContextInput | null;
  startsAt?: string | null;
  endsAt?: string | null;
  appliesOnOneTimePurchase?: boolean | null;
  appliesOnSubscription?: boolean | null;
  recurringCycleLimit?: number | null;
  tags?: string[] | null;
  metafields?: Array<{
    id?: string | null;
    namespace?: string | null;
    key?: string | null;
    type?: string | null;
    value?: string | null;
  }> | null;
}

const ARG = 'automaticAppDiscount';

/** The input applied over `previous` (or defaults), or the userErrors Shopify would answer with instead. */
function apply(
  state: ShopState,
  input: AutomaticAppInput,
  previous: SimulatedAutomaticDiscount | null,
  now: Date,
): { record: SimulatedAutomaticDiscount; metafields: MetafieldWrite[] } | UserErrorShape[] {
  const errors: UserErrorShape[] = [];
  const title = input.title ?? previous?.title;
  if (!title?.trim()) errors.push(userError([ARG, 'title'], 'BLANK', "Title can't be blank"));
  if (input.functionHandle && input.functionId)
    errors.push(
      userError(
        [ARG],
        'MULTIPLE_FUNCTION_IDENTIFIERS',
        'Only one of functionHandle or functionId is allowed',
      ),
    );
  const functionHandle =
    input.functionHandle ?? (input.functionId ? null : (previous?.functionHandle ?? null));
  const functionId = input.functionId ?? (input.functionHandle ? null : (previous?.functionId ?? null));
  if (!functionHandle && !functionId)
    errors.push(
      userError([ARG, 'functionHandle'], 'MISSING_FUNCTION_IDENTIFIER', 'Function handle or id is required'),
    );
  const buyers = buyersFrom(input.context, [ARG, 'context'], previous?.buyers);
  if (typeof buyers === 'object' && !Array.isArray(buyers)) errors.push(buyers);
  const startsAt = input.startsAt ?? previous?.startsAt ?? now.toISOString();
  const endsAt = input.endsAt !== undefined ? input.endsAt : (previous?.endsAt ?? null);
  if (endsAt && Date.parse(endsAt) <= Date.parse(startsAt))
    errors.push(
      userError([ARG, 'endsAt'], 'END_DATE_BEFORE_START_DATE', 'End date must be after the start date'),
    );
  const id = previous?.id ?? nextGid(state, 'DiscountAutomaticNode');
  const metafields = (input.metafields ?? []).map((m, i) => {
    // A metafield input may name an existing metafield of this discount by id instead of namespace and key.
    const existing = m.id
      ? [...state.metafields.values()].find((f) => f.id === m.id && f.ownerId === id)
      : undefined;
    const write: MetafieldWrite = {
      ownerId: id,
      namespace: m.namespace ?? existing?.namespace,
      key: m.key ?? existing?.key ?? '',
      type: m.type,
      value: m.value ?? '',
    };
    const error = checkMetafieldWrite(state, write, [ARG, 'metafields', i], previous === null);
    if (error) errors.push(error);
    return write;
  });
  if (errors.length > 0) return errors;
  const record: SimulatedAutomaticDiscount = {
    id,
    title: title!,
    functionHandle,
    functionId,
    discountClasses: input.discountClasses ?? previous?.discountClasses ?? ['ORDER'],
    combinesWith: input.combinesWith
      ? combinesWith(input.combinesWith)
      : (previous?.combinesWith ?? combinesWith(null)),
    buyers: buyers as Buyers,
    startsAt,
    endsAt,
    appliesOnOneTimePurchase: input.appliesOnOneTimePurchase ?? previous?.appliesOnOneTimePurchase ?? true,
    appliesOnSubscription: input.appliesOnSubscription ?? previous?.appliesOnSubscription ?? true,
    recurringCycleLimit: input.recurringCycleLimit ?? previous?.recurringCycleLimit ?? 1,
    tags: input.tags ?? previous?.tags ?? [],
    createdAt: previous?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  return { record, metafields };
}

/** DiscountAutomaticApp, as the create and update payloads return it. */
export function automaticAppView(d: SimulatedAutomaticDiscount, now: Date) {
  return {
    __typename: 'DiscountAutomaticApp',
    discountId: d.id,
    title: d.title,
    status: discountStatus(d, now),
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    discountClasses: d.discountClasses,
    discountClass: d.discountClasses[0] ?? 'ORDER',
    combinesWith: { ...d.combinesWith, productDiscountsWithTagsOnSameCartLine: null },
    context: contextView(d.buyers),
    appliesOnOneTimePurchase: d.appliesOnOneTimePurchase,
    appliesOnSubscription: d.appliesOnSubscription,
    recurringCycleLimit: d.recurringCycleLimit,
    asyncUsageCount: 0,
    tags: d.tags,
    errorHistory: null,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

const nodeView = (d: SimulatedAutomaticDiscount, now: Date) => ({
  __typename: 'DiscountAutomaticNode',
  id: d.id,
  automaticDiscount: automaticAppView(d, now),
  ...metafieldFields(d.id),
});

function save(
  input: AutomaticAppInput,
  previous: SimulatedAutomaticDiscount | null,
  { state, now }: ResolverContext,
) {
  const applied = apply(state, input, previous, now);
  if (Array.isArray(applied)) return { automaticAppDiscount: null, userErrors: applied };
  state.automaticDiscounts.set(applied.record.id, applied.record);
  for (const write of applied.metafields) storeMetafield(state, write, now);
  return { automaticAppDiscount: automaticAppView(applied.record, now), userErrors: [] };
}

const unknownId = (id: string) => [userError(['id'], 'INVALID', `Discount ${id} does not exist`)];

export const automaticDiscountResolvers = {
  discountAutomaticAppCreate: (args: { automaticAppDiscount: AutomaticAppInput }, ctx: ResolverContext) =>
    save(args.automaticAppDiscount, null, ctx),

  discountAutomaticAppUpdate(
    args: { id: string; automaticAppDiscount: AutomaticAppInput },
    ctx: ResolverContext,
  ) {
    const previous = ctx.state.automaticDiscounts.get(args.id);
    if (!previous) return { automaticAppDiscount: null, userErrors: unknownId(args.id) };
    return save(args.automaticAppDiscount, previous, ctx);
  },

  discountAutomaticDeactivate({ id }: { id: string }, { state, now }: ResolverContext) {
    const d = state.automaticDiscounts.get(id);
    if (!d) return { automaticDiscountNode: null, userErrors: unknownId(id) };
    if (discountStatus(d, now) !== 'EXPIRED')
      Object.assign(d, { endsAt: now.toISOString(), updatedAt: now.toISOString() });
    return { automaticDiscountNode: nodeView(d, now), userErrors: [] };
  },

  discountAutomaticActivate({ id }: { id: string }, { state, now }: ResolverContext) {
    const d = state.automaticDiscounts.get(id);
    if (!d) return { automaticDiscountNode: null, userErrors: unknownId(id) };
    if (discountStatus(d, now) === 'EXPIRED')
      Object.assign(d, { endsAt: null, updatedAt: now.toISOString() });
    return { automaticDiscountNode: nodeView(d, now), userErrors: [] };
  },

  automaticDiscountNode({ id }: { id: string }, { state, now }: ResolverContext) {
    const d = state.automaticDiscounts.get(id);
    return d ? nodeView(d, now) : null;
  },
};
