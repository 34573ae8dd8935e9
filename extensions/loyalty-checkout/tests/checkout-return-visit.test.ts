import { expect, test, vi } from 'vitest';
import { extension, setUpCheckout } from './checkout-harness';
import { account, all, customerMetafield, deferred, json, returnVisit, routes } from './helpers';

setUpCheckout();

const text = () => document.body.textContent ?? '';
const DAY = '2099-12-31T00:00:00.000Z'; // the tester's formatDate prints the ISO string
const WITHOUT_NUMBER = `returnVisit.discount(date=${DAY})`;
const WITH_NUMBER = `returnVisit.percentRegular(percentage=0.15,date=${DAY})`;
const metafield = (value: string) =>
  (extension.shopify.appMetafields.value = [customerMetafield('return_visit', value)]);
const eligible = JSON.stringify({ eligibleUntil: '2099-12-31', tier: null });

test('from the metafield alone the offer shows without a number, then with the percentage', async () => {
  metafield(eligible);
  const pending = deferred<Response>();
  extension.fetch = routes({ 'GET /api/storefront/balance': () => pending.promise });
  const formatDate = vi.spyOn(extension.shopify.i18n, 'formatDate');
  await extension.render();
  expect(text()).toContain(WITHOUT_NUMBER);
  expect(text()).not.toContain('percentRegular');
  expect(formatDate).toHaveBeenCalledWith(new Date(Date.UTC(2099, 11, 31)), {
    dateStyle: 'long',
    timeZone: 'UTC',
  });

  pending.resolve(json(200, account({ returnVisit })));
  await vi.waitFor(() => expect(text()).toContain(WITH_NUMBER));
  expect(text()).not.toContain('returnVisit.discount');
  expect(text()).toContain('returnVisit.minimumRegular(amount=30)');
  expect(all('s-banner').filter((b) => b.textContent?.includes('percentRegular'))).toHaveLength(1);
});

test('a discount on every item says so, and its minimum applies to the order', async () => {
  metafield(eligible);
  extension.fetch = routes({
    'GET /api/storefront/balance': () =>
      json(200, account({ returnVisit: { ...returnVisit, regularPriceOnly: false, percentage: 12.5 } })),
  });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain(`returnVisit.percentAll(percentage=0.125,date=${DAY})`));
  expect(text()).toContain('returnVisit.minimumAll(amount=30)');
});

test('no minimum line when the minimum is zero', async () => {
  metafield(eligible);
  extension.fetch = routes({
    'GET /api/storefront/balance': () =>
      json(
        200,
        account({
          returnVisit: { ...returnVisit, minimumSubtotal: { amount: '0.00', currencyCode: 'EUR' } },
        }),
      ),
  });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain(WITH_NUMBER));
  expect(text()).not.toContain('minimum');
});

test('a failed balance call keeps the line without the number', async () => {
  metafield(eligible);
  extension.fetch = routes({
    'GET /api/storefront/balance': () => json(500, { code: 'internal', message: '' }),
  });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('errors.unexpected'));
  expect(text()).toContain(WITHOUT_NUMBER);
});

test('a malformed returnVisit in the balance keeps the line without the number', async () => {
  metafield(eligible);
  extension.fetch = routes({
    'GET /api/storefront/balance': () =>
      json(200, account({ returnVisit: { ...returnVisit, percentage: '15' as unknown as number } })),
  });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('balance.withValue'));
  expect(text()).toContain(WITHOUT_NUMBER);
  expect(text()).not.toContain('percentRegular');
});

test('when the backend says there is none (used, withdrawn), the metafield not yet removed is not shown', async () => {
  metafield(eligible);
  const pending = deferred<Response>();
  extension.fetch = routes({ 'GET /api/storefront/balance': () => pending.promise });
  await extension.render();
  expect(text()).toContain(WITHOUT_NUMBER);
  pending.resolve(json(200, account({ returnVisit: null })));
  await vi.waitFor(() => expect(text()).toContain('balance.withValue'));
  expect(text()).not.toContain('returnVisit.');
});

test('without the metafield nothing is shown, even if the backend names an offer: the Function would not apply it', async () => {
  extension.fetch = routes({ 'GET /api/storefront/balance': () => json(200, account({ returnVisit })) });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('balance.withValue'));
  expect(text()).not.toContain('returnVisit.');
});

test('a metafield past its last day is not shown', async () => {
  metafield(JSON.stringify({ eligibleUntil: '2020-01-31', tier: null }));
  extension.fetch = routes({ 'GET /api/storefront/balance': () => json(200, account()) });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('balance.withValue'));
  expect(text()).not.toContain('returnVisit.');
});

test.each([
  ['not JSON', '{eligibleUntil'],
  ['not a date', JSON.stringify({ eligibleUntil: 'soon', tier: null })],
  ['no such day', JSON.stringify({ eligibleUntil: '2099-02-30', tier: null })],
  ['no tier key (the Function refuses it)', JSON.stringify({ eligibleUntil: '2099-12-31' })],
  ['a tier that is not text', JSON.stringify({ eligibleUntil: '2099-12-31', tier: 3 })],
  ['an array', JSON.stringify([{ eligibleUntil: '2099-12-31', tier: null }])],
  ['JSON null', 'null'],
])('a malformed metafield (%s) shows nothing and the block still works', async (_name, value) => {
  metafield(value);
  extension.fetch = routes({ 'GET /api/storefront/balance': () => json(200, account({ returnVisit })) });
  await extension.render();
  await vi.waitFor(() => expect(text()).toContain('balance.withValue'));
  expect(text()).not.toContain('returnVisit.');
});
