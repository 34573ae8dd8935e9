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
