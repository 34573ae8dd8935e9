import { formatAmount, type Micros } from '../loyalty/money.js';
import type { PricedRedemption } from '../loyalty/redemption-options.js';
import { type AdminGraphql, assertNoUserErrors, type UserError } from './admin-graphql.js';

/**
 * Redemption codes in Shopify: single use, bound to the shopper, expiring. Amount and percentage codes are basic
 * code discounts; free shipping has its own mutation.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/discountCodeBasicCreate
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/discountCodeFreeShippingCreate
 */
export const DISCOUNT_CODE_BASIC_CREATE_MUTATION = `#graphql
  mutation LoyaltyCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`;

export const DISCOUNT_CODE_FREE_SHIPPING_CREATE_MUTATION = `#graphql
  mutation LoyaltyCodeFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`;

export const CODE_DISCOUNT_BY_CODE_QUERY = `#graphql
  query LoyaltyCodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) { id }
  }`;

export const DISCOUNT_CODE_DEACTIVATE_MUTATION = `#graphql
  mutation LoyaltyCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`;

export interface NewDiscountCode {
  code: string;
  title: string;
  customerGid: string;
  startsAt: Date;
  endsAt: Date;
  combinesWithOtherDiscounts: boolean;
  priced: PricedRedemption;
}

interface CreatePayload {
  codeDiscountNode: { id: string } | null;
  userErrors: UserError[];
}

/**
 * Creates the code and returns its discount id. A code that already exists is ours from an earlier attempt whose
 * answer was lost (codes are random and unique per redemption), so its id is looked up instead of failing.
 */
export async function createDiscountCode(
  admin: AdminGraphql,
  shop: string,
  code: NewDiscountCode,
): Promise<string> {
  const common = {
    title: code.title,
    code: code.code,
    startsAt: code.startsAt.toISOString(),
    endsAt: code.endsAt.toISOString(),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    // customerSelection is deprecated in 2026-07: the customers a code is for go in its context
    context: { customers: { add: [code.customerGid] } },
    combinesWith: {
      orderDiscounts: code.combinesWithOtherDiscounts,
      productDiscounts: code.combinesWithOtherDiscounts,
      shippingDiscounts: code.combinesWithOtherDiscounts,
    },
    ...(code.priced.minimumSubtotal !== null && {
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: money(code.priced.minimumSubtotal) } },
    }),
  };
  const { discount } = code.priced;
  let payload: CreatePayload;
  if (discount.type === 'free_shipping') {
    const data = await admin<{ discountCodeFreeShippingCreate: CreatePayload }>(
      shop,
      DISCOUNT_CODE_FREE_SHIPPING_CREATE_MUTATION,
      { freeShippingCodeDiscount: { ...common, destination: { all: true } } },
    );
    payload = data.discountCodeFreeShippingCreate;
  } else {
    const value =
      discount.type === 'amount'
        ? { discountAmount: { amount: money(discount.amount), appliesOnEachItem: false } }
        : { percentage: discount.percentage / 100 };
    const data = await admin<{ discountCodeBasicCreate: CreatePayload }>(
      shop,
      DISCOUNT_CODE_BASIC_CREATE_MUTATION,
      {
        basicCodeDiscount: { ...common, customerGets: { value, items: { all: true } } },
      },
    );
    payload = data.discountCodeBasicCreate;
  }
  if (payload.userErrors.some((error) => error.code === 'TAKEN')) {
    const existing = await findDiscountCode(admin, shop, code.code);
    if (existing) return existing;
  }
  assertNoUserErrors('the discount code', payload.userErrors);
  if (!payload.codeDiscountNode)
    assertNoUserErrors('the discount code', [{ message: 'no discount returned' }]);
  return payload.codeDiscountNode!.id;
}

export async function findDiscountCode(
  admin: AdminGraphql,
  shop: string,
  code: string,
): Promise<string | null> {
  const data = await admin<{ codeDiscountNodeByCode: { id: string } | null }>(
    shop,
    CODE_DISCOUNT_BY_CODE_QUERY,
    {
      code,
    },
  );
  return data.codeDiscountNodeByCode?.id ?? null;
}

/** Deactivates a code (expired unused, cancelled by the shopper): it stays visible to the merchant, unusable. */
export async function deactivateDiscountCode(admin: AdminGraphql, shop: string, id: string): Promise<void> {
  const data = await admin<{ discountCodeDeactivate: { userErrors: UserError[] } }>(
    shop,
    DISCOUNT_CODE_DEACTIVATE_MUTATION,
    { id },
  );
  assertNoUserErrors('deactivating the discount code', data.discountCodeDeactivate.userErrors);
}

const money = (micros: Micros) => formatAmount(micros);
