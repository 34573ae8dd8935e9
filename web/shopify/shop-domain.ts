/**
 * A shop's permanent domain, `<handle>.myshopify.com`, lower case: the one name for a shop in webhooks, session
 * tokens and our tables. 255 is the longest DNS name, and keeps the (shop, ...) unique indexes well inside
 * PostgreSQL's btree row limit.
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook
 */
export const MAX_SHOP_DOMAIN_LENGTH = 255;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export function isShopDomain(value: string): boolean {
  return value.length <= MAX_SHOP_DOMAIN_LENGTH && SHOP_DOMAIN.test(value);
}
