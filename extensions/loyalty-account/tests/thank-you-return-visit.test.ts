/// <reference types="@shopify/ui-extensions/purchase.thank-you.block.render" />
import { getExtension } from '@shopify/ui-extensions-tester';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { RETRY_DELAYS_MS } from '../src/order-points';
import {
  account,
  customerMetafield,
  json,
  missingKeys,
  recordingTranslate,
  returnVisit,
  routes,
} from './helpers';

const extension = getExtension('purchase.thank-you.block.render');
let i18n: ReturnType<typeof recordingTranslate>;
const text = () => document.body.textContent ?? '';
const DAY = '2099-12-31T00:00:00.000Z'; // the tester's formatDate prints the ISO string
const WITH_NUMBER = `returnVisit.percentRegular(percentage=0.15,date=${DAY})`;
const earned = {
  orderId: '123',
  points: 120,
  pending: false,
  value: { amount: '1.20', currencyCode: 'EUR' },
};
const balanceCalls = (fetch: ReturnType<typeof routes>) =>
  fetch.mock.calls.filter(([url]) => String(url).endsWith('/api/storefront/balance')).length;

function order(isFirstOrder: boolean) {
  extension.shopify.orderConfirmation.value = { order: { id: 'gid://shopify/Order/123' }, isFirstOrder };
}

beforeEach(() => {
  extension.setUp();
  i18n = recordingTranslate();
  extension.shopify.i18n.translate = i18n.translate as typeof extension.shopify.i18n.translate;
  order(true);
});

afterEach(() => {
  expect(missingKeys(i18n.used)).toEqual([]);
  extension.tearDown();
  vi.useRealTimers();
});

test('after a first order the offer from the balance shows next to the points', async () => {
  extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(200, earned),
    'GET /api/storefront/balance': () => json(200, account({ returnVisit })),
  });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain(WITH_NUMBER));
  expect(text()).toContain('returnVisit.minimumRegular(amount=30)');
  await vi.waitFor(() => expect(text()).toContain('thankYou.earned'));
});

test('before the app has granted it nothing is promised; it shows once the balance names it', async () => {
  vi.useFakeTimers();
  const answers = [account({ returnVisit: null }), account({ returnVisit })];
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(200, earned),
    'GET /api/storefront/balance': () => json(200, answers.shift()),
  }));
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('thankYou.earned'));
  await vi.waitFor(() => expect(balanceCalls(fetch)).toBe(1));
  expect(text()).not.toContain('returnVisit.');

  await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]!);
  await vi.waitFor(() => expect(text()).toContain(WITH_NUMBER));
  expect(balanceCalls(fetch)).toBe(2);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(balanceCalls(fetch)).toBe(2); // found: no more asking
});

test('it stops asking after the last delay when the offer never comes', async () => {
  vi.useFakeTimers();
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(200, earned),
    'GET /api/storefront/balance': () => json(200, account({ returnVisit: null })),
  }));
  await extension.render();
  await vi.waitFor(() => expect(balanceCalls(fetch)).toBe(1));
  for (const delay of RETRY_DELAYS_MS) await vi.advanceTimersByTimeAsync(delay);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(balanceCalls(fetch)).toBe(RETRY_DELAYS_MS.length + 1);
  expect(text()).not.toContain('returnVisit.');
});

test('the metafield, if already there, shows the offer without a number while the balance fails', async () => {
  extension.shopify.appMetafields.value = [
    customerMetafield('return_visit', JSON.stringify({ eligibleUntil: '2099-12-31', tier: null })),
  ];
  extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(200, earned),
    'GET /api/storefront/balance': () => json(500, { code: 'internal', message: '' }),
  });
  await extension.render();
  expect(text()).toContain(`returnVisit.discount(date=${DAY})`);
  await vi.waitFor(() => expect(text()).toContain('thankYou.earned'));
  expect(text()).toContain(`returnVisit.discount(date=${DAY})`);
});

test('a later order shows no offer and does not ask for the balance', async () => {
  order(false);
  extension.shopify.appMetafields.value = [
    customerMetafield('return_visit', JSON.stringify({ eligibleUntil: '2099-12-31', tier: null })),
  ];
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(200, earned),
    'GET /api/storefront/balance': () => json(200, account({ returnVisit })),
  }));
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('thankYou.earned'));
  expect(text()).not.toContain('returnVisit.');
  expect(balanceCalls(fetch)).toBe(0);
});

test.each([
  ['past its last day', { ...returnVisit, eligibleUntil: '2020-01-31' }],
  ['a percentage that is not a number', { ...returnVisit, percentage: '15' }],
  ['no such day', { ...returnVisit, eligibleUntil: '2099-02-30' }],
  ['not an object', 'yes'],
])('a returnVisit %s is not shown', async (_name, value) => {
  extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(200, earned),
    'GET /api/storefront/balance': () => json(200, { ...account(), returnVisit: value }),
  });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('thankYou.earned'));
  expect(text()).not.toContain('returnVisit.');
});

test('a malformed metafield shows nothing and breaks nothing', async () => {
  extension.shopify.appMetafields.value = [customerMetafield('return_visit', '{"eligibleUntil":')];
  extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(200, earned),
    'GET /api/storefront/balance': () => json(200, account({ returnVisit: null })),
  });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('thankYou.earned'));
  expect(text()).not.toContain('returnVisit.');
});

test('a guest (401) sees nothing and the balance is not asked again', async () => {
  vi.useFakeTimers();
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/orders/123/points': () => json(401, { code: 'not_logged_in', message: '' }),
    'GET /api/storefront/balance': () => json(401, { code: 'not_logged_in', message: '' }),
  }));
  await extension.render();
  await vi.waitFor(() => expect(balanceCalls(fetch)).toBe(1));
  await vi.advanceTimersByTimeAsync(60_000);
  expect(balanceCalls(fetch)).toBe(1);
  expect(text()).toBe('');
});
