import { type AdminGraphql, assertNoUserErrors, type UserError } from './admin-graphql.js';

/**
 * The app-owned customer metafields declared in shopify.app.toml ($app namespace), so the checkout and thank-you
 * extensions can show the balance without calling the app. metafieldsSet takes at most 25 metafields per call.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsSet
 */
export const METAFIELDS_SET_MUTATION = `#graphql
  mutation LoyaltyMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key namespace }
      userErrors { field message code }
    }
  }`;

export const METAFIELDS_PER_CALL = 25;

export interface LoyaltyMetafields {
  customerGid: string;
  available: number;
  pending: number;
  value: { amount: string; currencyCode: string };
  tier: string | null;
}

/** Writes `points_balance` and `loyalty` for each customer (at most 12 customers per call). */
export async function setLoyaltyMetafields(
  admin: AdminGraphql,
  shop: string,
  customers: readonly LoyaltyMetafields[],
): Promise<void> {
  if (customers.length * 2 > METAFIELDS_PER_CALL)
    throw new RangeError('too many customers for one metafieldsSet');
  const metafields = customers.flatMap((customer) => [
    {
      ownerId: customer.customerGid,
      namespace: '$app',
      key: 'points_balance',
      type: 'number_integer',
      value: String(customer.available),
    },
    {
      ownerId: customer.customerGid,
      namespace: '$app',
      key: 'loyalty',
      type: 'json',
      value: JSON.stringify({
        available: customer.available,
        pending: customer.pending,
        value: customer.value,
        tier: customer.tier,
      }),
    },
  ]);
  const data = await admin<{ metafieldsSet: { userErrors: UserError[] } }>(shop, METAFIELDS_SET_MUTATION, {
    metafields,
  });
  assertNoUserErrors('the loyalty metafields', data.metafieldsSet.userErrors);
}

/** How many orders Shopify counts for a customer: the return-visit discount is for customers with exactly one. */
export const CUSTOMER_ORDER_COUNT_QUERY = `#graphql
  query LoyaltyCustomerOrderCount($id: ID!) {
    customer(id: $id) { numberOfOrders }
  }`;

export const METAFIELDS_DELETE_MUTATION = `#graphql
  mutation LoyaltyMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields { key namespace ownerId }
      userErrors { field message }
    }
  }`;

/** Shopify's order count for the customer; null when Shopify knows no such customer. */
export async function customerOrderCount(admin: AdminGraphql, shop: string, customerGid: string) {
  const data = await admin<{ customer: { numberOfOrders: string } | null }>(
    shop,
    CUSTOMER_ORDER_COUNT_QUERY,
    {
      id: customerGid,
    },
  );
  return data.customer ? Number(data.customer.numberOfOrders) : null;
}

/** The `return_visit` metafield the Discount Function reads: `{ eligibleUntil, tier }` (docs/design.md 4.5). */
export async function setReturnVisitMetafield(
  admin: AdminGraphql,
  shop: string,
  customerGid: string,
  value: { eligibleUntil: string; tier: string | null },
): Promise<void> {
  const data = await admin<{ metafieldsSet: { userErrors: UserError[] } }>(shop, METAFIELDS_SET_MUTATION, {
    metafields: [
      {
        ownerId: customerGid,
        namespace: '$app',
        key: 'return_visit',
        type: 'json',
        value: JSON.stringify(value),
      },
    ],
  });
  assertNoUserErrors('the return-visit metafield', data.metafieldsSet.userErrors);
}

/** Removes the `return_visit` metafield (used, or its window is over). Deleting a missing one is not an error. */
export async function deleteReturnVisitMetafield(admin: AdminGraphql, shop: string, customerGid: string) {
  const data = await admin<{ metafieldsDelete: { userErrors: UserError[] } }>(
    shop,
    METAFIELDS_DELETE_MUTATION,
    {
      metafields: [{ ownerId: customerGid, namespace: '$app', key: 'return_visit' }],
    },
  );
  assertNoUserErrors('removing the return-visit metafield', data.metafieldsDelete.userErrors);
}
