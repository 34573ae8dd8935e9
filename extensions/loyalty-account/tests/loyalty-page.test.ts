/// <reference types="@shopify/ui-extensions/customer-account.page.render" />
import { getExtension } from '@shopify/ui-extensions-tester';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SHOP_DOMAIN_QUERY } from '../src/storefront-url';
import {
  account,
  all,
  click,
  find,
  header,
  json,
  missingKeys,
  recordingTranslate,
  redeemed,
  returnVisit,
  routes,
  withAttribute,
} from './helpers';

const extension = getExtension('customer-account.page.render');
let i18n: ReturnType<typeof recordingTranslate>;

const history = [
  { kind: 'earn', points: 120, occurredAt: '2026-11-02T10:00:00.000Z', orderId: '123' },
  { kind: 'redeem', points: -500, occurredAt: '2026-11-05T10:00:00.000Z', orderId: null },
  { kind: 'something_new', points: 5, occurredAt: '2026-11-06T10:00:00.000Z', orderId: null },
];
const text = () => document.body.textContent ?? '';

beforeEach(() => {
  extension.setUp();
  i18n = recordingTranslate();
  extension.shopify.i18n.translate = i18n.translate as typeof extension.shopify.i18n.translate;
  extension.shopify.query = vi.fn().mockResolvedValue({
    data: { shop: { primaryDomain: { url: 'https://shop.example.com' } } },
  }) as unknown as typeof extension.shopify.query;
});

afterEach(() => {
  expect(missingKeys(i18n.used)).toEqual([]);
  extension.tearDown();
});

test('shows a spinner, then balance, money value, tier, rewards and history', async () => {
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/balance': () => json(200, account({ tier: 'Gold', history })),
  }));
  await extension.render();
  expect(all('s-spinner')).toHaveLength(1);

  await vi.waitFor(() => expect(text()).toContain('balance.available'));
  expect(header(fetch.mock.calls[0]![1], 'Authorization')).toBe('Bearer mock-session-token');
  expect(text()).toContain('balance.available(points=points(count=1200,points=1200),value=12)');
  expect(text()).toContain('balance.pending(points=points(count=300,points=300))');
  expect(find('s-badge', 'balance.tier')?.textContent).toBe('balance.tier(tier=Gold)');
  expect(find('s-button', 'options.redeem')).toBeDefined();
  expect(text()).toContain('options.needed(title=20 € off,points=points(count=800,points=800))');
  expect(text()).toContain('history.entry(date=2026-11-02T10:00:00.000Z,kind=history.kinds.earn)');
  expect(text()).toContain('history.order(order=123)');
  expect(text()).toContain('history.kinds.redeem');
  expect(text()).toContain('history.kinds.other');
  expect(find('s-text', 'points=-500')?.getAttribute('tone')).toBe('critical');
  expect(text()).toContain('codes.none');
});

test('an error loading the account is a banner whose retry loads again', async () => {
  const answers = [json(503, { code: 'unavailable', message: '' }), json(200, account())];
  const fetch = (extension.fetch = routes({ 'GET /api/storefront/balance': () => answers.shift()! }));
  await extension.render();
  await vi.waitFor(() => expect(find('s-banner', 'errors.unexpected')).toBeDefined());
  click(find('s-button', 'errors.retry'));
  await vi.waitFor(() => expect(text()).toContain('balance.available'));
  expect(fetch).toHaveBeenCalledTimes(2);
});

test('redeeming shows the new code with a copy button and the shareable store link', async () => {
  let state = account();
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/balance': () => json(200, state),
    'POST /api/storefront/redemptions': () => {
      state = { ...state, balance: redeemed.balance, redemptions: [{ ...redeemed, status: 'active' }] };
      return json(201, redeemed);
    },
  }));
  await extension.render();
  await vi.waitFor(() => expect(find('s-button', 'options.redeem')).toBeDefined());
  click(find('s-button', 'options.redeem'));

  const ready = () => withAttribute('s-banner', 'heading', 'codes.ready(points=points(count=500');
  await vi.waitFor(() => expect(ready()).toBeDefined());
  const banner = ready()!;
  expect(banner.getAttribute('tone')).toBe('success');
  expect(banner.textContent).toContain('LOYAL-ABCD-EFGH');
  const clipboard = banner.querySelector('s-clipboard-item')!;
  expect(clipboard.getAttribute('text')).toBe('LOYAL-ABCD-EFGH');
  const copy = find('s-button', 'codes.copy')!;
  expect([copy.getAttribute('command'), copy.getAttribute('commandFor')]).toEqual(['--copy', clipboard.id]);
  expect(banner.querySelector('s-link')!.getAttribute('href')).toBe(
    'https://shop.example.com/discount/LOYAL-ABCD-EFGH',
  );
  expect(extension.shopify.query).toHaveBeenCalledWith(SHOP_DOMAIN_QUERY);
  const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST')![1]!;
  expect(JSON.parse(String(post.body))).toEqual({ optionId: 'five-off' });
  expect(header(post, 'Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
  // The balance the redemption answered with, and the code listed once (in the banner, not again below).
  await vi.waitFor(() => expect(text()).toContain('points(count=700,points=700)'));
  expect(all('s-clipboard-item').filter((c) => c.getAttribute('text') === 'LOYAL-ABCD-EFGH')).toHaveLength(1);
});

test('without the shop domain the code is still shown, without a link', async () => {
  extension.shopify.query = vi.fn().mockRejectedValue(new Error('no api access')) as never;
  extension.fetch = routes({
    'GET /api/storefront/balance': () =>
      json(200, account({ redemptions: [{ ...redeemed, status: 'active' }] })),
  });
  await extension.render();
  await vi.waitFor(() => expect(find('s-button', 'codes.copy')).toBeDefined());
  expect(all('s-link')).toHaveLength(0);
  expect(find('s-button', 'codes.copyLink')).toBeUndefined();
});

test('cancelling an unused code calls the cancel endpoint and gives the points back', async () => {
  let state = account({
    balance: { available: 700, pending: 300 },
    redemptions: [{ ...redeemed, status: 'active' }],
  });
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/balance': () => json(200, state),
    'POST /api/storefront/redemptions/7/cancel': () => {
      const balance = { available: 1200, pending: 300 };
      state = { ...state, balance, redemptions: [{ ...redeemed, status: 'cancelled' }] };
      return json(200, { redemptionId: 7, status: 'cancelled', balance });
    },
  }));
  const toast = vi.spyOn(extension.shopify.toast, 'show');
  await extension.render();
  await vi.waitFor(() => expect(find('s-button', 'codes.cancel')).toBeDefined());
  expect(text()).toContain('points(count=700,points=700)');
  click(find('s-button', 'codes.cancel'));

  await vi.waitFor(() => expect(text()).toContain('codes.none'));
  expect(
    fetch.mock.calls.some(
      ([url, init]) => String(url).endsWith('/redemptions/7/cancel') && init?.method === 'POST',
    ),
  ).toBe(true);
  expect(text()).toContain('points(count=1200,points=1200)');
  expect(find('s-button', 'codes.cancel')).toBeUndefined();
  expect(toast).toHaveBeenCalledWith('codes.cancelled');
});

test('a refused cancel (the code was used meanwhile) is shown and the code stays', async () => {
  extension.fetch = routes({
    'GET /api/storefront/balance': () =>
      json(200, account({ redemptions: [{ ...redeemed, status: 'active' }] })),
    'POST /api/storefront/redemptions/7/cancel': () => json(409, { code: 'redemption_used', message: '' }),
  });
  await extension.render();
  await vi.waitFor(() => expect(find('s-button', 'codes.cancel')).toBeDefined());
  click(find('s-button', 'codes.cancel'));
  await vi.waitFor(() => expect(find('s-banner', 'errors.unexpected')).toBeDefined());
  expect(find('s-button', 'codes.cancel')).toBeDefined();
});

describe('the return-visit discount', () => {
  const DAY = '2099-12-31T00:00:00.000Z'; // the tester's formatDate prints the ISO string
  const show = async (body: unknown) => {
    extension.fetch = routes({ 'GET /api/storefront/balance': () => json(200, body) });
    await extension.render();
    await vi.waitFor(() => expect(text()).toContain('balance.available'));
  };

  test('shows the offer from the balance answer, with its minimum', async () => {
    await show(account({ returnVisit }));
    const banner = find('s-banner', 'returnVisit.percentRegular');
    expect(banner?.textContent).toContain(`returnVisit.percentRegular(percentage=0.15,date=${DAY})`);
    expect(banner?.textContent).toContain('returnVisit.minimumRegular(amount=30)');
    expect(banner?.getAttribute('tone')).toBe('info');
  });

  test.each([
    ['null', null],
    ['past its last day', { ...returnVisit, eligibleUntil: '2020-01-31' }],
    ['without a percentage', { ...returnVisit, percentage: undefined }],
    ['with a date that is not one', { ...returnVisit, eligibleUntil: 'next week' }],
    ['not an object', 15],
  ])('shows nothing when returnVisit is %s', async (_name, value) => {
    await show({ ...account(), returnVisit: value });
    expect(text()).not.toContain('returnVisit.');
  });

  test('shows nothing when the answer has no returnVisit at all', async () => {
    await show(account());
    expect(text()).not.toContain('returnVisit.');
  });
});
