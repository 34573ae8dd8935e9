import { describe, expect, it } from 'vitest';
import { orderAdminUrl } from './admin-links.js';

describe('orderAdminUrl', () => {
  it("links to the order in the store's admin, named by the shop's handle", () => {
    expect(orderAdminUrl('kaffee-haus.myshopify.com', '5100000000001')).toBe(
      'https://admin.shopify.com/store/kaffee-haus/orders/5100000000001',
    );
  });
});
