import { expect, test, vi } from 'vitest';
import { kindKey } from '../src/components/history-section';
import { orderIdFromGid, RETRY_DELAYS_MS } from '../src/order-points';
import { fetchStorefrontUrl, shareLink, SHOP_DOMAIN_QUERY } from '../src/storefront-url';
import { missingKeys } from './helpers';

test('the storefront URL comes from the Storefront API, without a trailing slash', async () => {
  const query = vi
    .fn()
    .mockResolvedValue({ data: { shop: { primaryDomain: { url: 'https://shop.example.com/' } } } });
  expect(await fetchStorefrontUrl(query)).toBe('https://shop.example.com');
  expect(query).toHaveBeenCalledWith(SHOP_DOMAIN_QUERY);
});

test('no usable storefront URL is null, never a broken link', async () => {
  expect(await fetchStorefrontUrl(vi.fn().mockResolvedValue({ data: undefined }))).toBeNull();
  expect(await fetchStorefrontUrl(vi.fn().mockResolvedValue({ data: { shop: {} } }))).toBeNull();
  expect(await fetchStorefrontUrl(vi.fn().mockRejectedValue(new Error('no api_access')))).toBeNull();
  const insecure = { data: { shop: { primaryDomain: { url: 'javascript:alert(1)' } } } };
  expect(await fetchStorefrontUrl(vi.fn().mockResolvedValue(insecure))).toBeNull();
});

test('the shareable link applies the code on the storefront', () => {
  expect(shareLink('https://shop.example.com', 'LOYAL-ABCD-EFGH')).toBe(
    'https://shop.example.com/discount/LOYAL-ABCD-EFGH',
  );
  expect(shareLink('https://shop.example.com', 'A B/C')).toBe('https://shop.example.com/discount/A%20B%2FC');
});

test('the order id is the number in the confirmation gid', () => {
  expect(orderIdFromGid('gid://shopify/Order/5550001')).toBe('5550001');
  expect(orderIdFromGid('gid://shopify/Customer/1')).toBeNull();
  expect(orderIdFromGid('')).toBeNull();
});

test('the thank-you block asks a few times with growing delays', () => {
  expect(RETRY_DELAYS_MS.length).toBeGreaterThan(1);
  expect(RETRY_DELAYS_MS.every((d, i) => i === 0 || d > RETRY_DELAYS_MS[i - 1]!)).toBe(true);
});

test('every ledger kind has a text in both locales, and unknown kinds fall back to "other"', () => {
  const kinds = ['earn', 'signup', 'birthday', 'reverse_refund', 'reverse_cancel', 'redeem', 'redeem_refund'];
  const keys = [...kinds, 'expire', 'adjust', 'import'].map(kindKey);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).not.toContain('history.kinds.other');
  expect(kindKey('brand_new')).toBe('history.kinds.other');
  expect(missingKeys([...keys, 'history.kinds.other'])).toEqual([]);
});
