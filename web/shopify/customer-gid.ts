/**
 * Customers in Shopify's GraphQL APIs and session tokens are gids (`gid://shopify/Customer/<id>`); webhooks and
 * our rows use the numeric id. One place converts between them.
 */
export const customerGid = (shopifyId: string): string => `gid://shopify/Customer/${shopifyId}`;

/** The numeric id of a customer gid (the extension token's `sub`, already checked by its verifier). */
export const shopifyCustomerId = (gid: string): string => gid.slice(gid.lastIndexOf('/') + 1);
