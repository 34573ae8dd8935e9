/// <reference types="@shopify/ui-extensions/purchase.thank-you.block.render" />
import { getExtension } from '@shopify/ui-extensions-tester';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { RETRY_DELAYS_MS } from '../src/order-points';
import { all, find, header, json, missingKeys, recordingTranslate, routes } from './helpers';

const extension = getExtension('purchase.thank-you.block.render');
let i18n: ReturnType<typeof recordingTranslate>;
const text = () => document.body.textContent ?? '';
const points = (pending: boolean) => ({
  orderId: '123',
  points: 120,
  pending,
  value: { amount: '1.20', currencyCode: 'EUR' },
});

beforeEach(() => {
  extension.setUp();
  i18n = recordingTranslate();
  extension.shopify.i18n.translate = i18n.translate as typeof extension.shopify.i18n.translate;
  extension.shopify.orderConfirmation.value = {
    order: { id: 'gid://shopify/Order/123' },
    number: 'X1Y2Z3',
    isFirstOrder: false,
  };
});

afterEach(() => {
  expect(missingKeys(i18n.used)).toEqual([]);
  extension.tearDown();
  vi.useRealTimers();
});

test('shows the points earned with the order and their value', async () => {
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(200, points(false)),
  }));
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('thankYou.earned'));
  expect(text()).toContain('thankYou.earned(points=points(count=120,points=120),value=1.2)');
  expect(all('s-badge')).toHaveLength(0);
  expect(header(fetch.mock.calls[0]![1], 'Authorization')).toBe('Bearer mock-session-token');
});

test('pending points are labelled as pending', async () => {
  extension.fetch = routes({ 'GET /api/storefront/orders/123/points': () => json(200, points(true)) });
  await extension.render();
  await vi.waitFor(() => expect(find('s-badge', 'thankYou.pending')).toBeDefined());
  expect(text()).toContain('thankYou.pendingHint');
});

test('an order the backend does not know yet says "shortly" and is asked for again later', async () => {
  vi.useFakeTimers();
  const answers = [json(404, { code: 'order_not_found', message: '' }), json(200, points(false))];
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => answers.shift()!,
  }));
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('thankYou.shortly'));
  expect(fetch).toHaveBeenCalledTimes(1);

  await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]!);
  await vi.waitFor(() => expect(text()).toContain('thankYou.earned'));
  expect(fetch).toHaveBeenCalledTimes(2);
});

test('it stops asking after the last delay and keeps the "shortly" message', async () => {
  vi.useFakeTimers();
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(404, { code: 'order_not_found', message: '' }),
  }));
  await extension.render();
  await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
  for (const delay of RETRY_DELAYS_MS) await vi.advanceTimersByTimeAsync(delay);
  expect(fetch).toHaveBeenCalledTimes(RETRY_DELAYS_MS.length + 1);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(fetch).toHaveBeenCalledTimes(RETRY_DELAYS_MS.length + 1);
  expect(text()).toContain('thankYou.shortly');
});

test('a guest (401 not_logged_in) sees nothing', async () => {
  extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(401, { code: 'not_logged_in', message: '' }),
  });
  await extension.render();
  await vi.waitFor(() => expect(all('s-spinner')).toHaveLength(0));
  expect(text()).toBe('');
});
