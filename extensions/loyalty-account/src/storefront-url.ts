/**
 * The shop's storefront address, for the shareable `https://<shop>/discount/<CODE>` link (the link applies the
 * code and opens the store). The customer-account StandardApi has no `shop` (only order-status targets do),
 * so it comes from the Storefront API through `shopify.query`, which needs `api_access`:
 * https://shopify.dev/docs/api/customer-account-ui-extensions/latest/configuration#api-access
 */
export const SHOP_DOMAIN_QUERY = 'query LoyaltyShopDomain { shop { primaryDomain { url } } }';

interface ShopDomain {
  shop?: { primaryDomain?: { url?: string } };
}

type Query = (query: string) => Promise<{ data?: unknown }>;

/** Null when the query fails: the page then shows the code without a link. */
export async function fetchStorefrontUrl(query: Query): Promise<string | null> {
  try {
    const url = ((await query(SHOP_DOMAIN_QUERY)).data as ShopDomain | undefined)?.shop?.primaryDomain?.url;
    return url && /^https:\/\//.test(url) ? url.replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

export function shareLink(storefrontUrl: string, code: string): string {
  return `${storefrontUrl}/discount/${encodeURIComponent(code)}`;
}
