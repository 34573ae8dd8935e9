/**
 * Links into the merchant's Shopify admin. The admin's address names the store by its handle, the permanent
 * domain without `.myshopify.com`: https://admin.shopify.com/store/<handle>/orders/<order id>.
 */
export function orderAdminUrl(shop: string, orderId: string): string {
  const handle = shop.replace(/\.myshopify\.com$/, '');
  return `https://admin.shopify.com/store/${encodeURIComponent(handle)}/orders/${encodeURIComponent(orderId)}`;
}
