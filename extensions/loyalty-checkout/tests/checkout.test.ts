import { expect, test, vi } from 'vitest';
import { buyer, extension, loyaltyMetafield, redeemButton, setUpCheckout } from './checkout-harness';
import { account, all, deferred, header, json, redeemed, routes } from './helpers';

setUpCheckout();

test('an anonymous buyer sees the sign-in hint and nothing is fetched', async () => {
  buyer(undefined);
  const fetch = (extension.fetch = routes({}));
  await extension.render();
  expect(document.body.textContent).toContain('signIn');
  expect(all('s-button')).toHaveLength(0);
  expect(fetch).not.toHaveBeenCalled();
});

test('a 401 not_logged_in from the backend also shows the sign-in hint', async () => {
  extension.fetch = routes({
    'GET /api/storefront/balance': () => json(401, { code: 'not_logged_in', message: '' }),
  });
  await extension.render();
  await vi.waitFor(() => expect(document.body.textContent).toContain('signIn'));
});

test('the balance from the loyalty metafield shows before the backend answers, then the fresh one', async () => {
  loyaltyMetafield(900);
  const pending = deferred<Response>();
  const fetch = (extension.fetch = routes({ 'GET /api/storefront/balance': () => pending.promise }));
  await extension.render();
  expect(document.body.textContent).toContain(
    'balance.withValue(points=points(count=900,points=900),value=9)',
  );
  expect(all('s-spinner')).toHaveLength(1);
  await vi.waitFor(() => expect(fetch).toHaveBeenCalledOnce());
  expect(header(fetch.mock.calls[0]![1], 'Authorization')).toBe('Bearer mock-session-token');

  pending.resolve(json(200, account()));
  await vi.waitFor(() => expect(document.body.textContent).toContain('points(count=1200,points=1200)'));
  expect(document.body.textContent).not.toContain('count=900');
  expect(all('s-spinner')).toHaveLength(0);
});

test('affordable options get a redeem button, the others say how many points are missing', async () => {
  extension.fetch = routes({ 'GET /api/storefront/balance': () => json(200, account()) });
  await extension.render();
  await vi.waitFor(() => expect(redeemButton()).toBeDefined());
  expect(all('s-button')).toHaveLength(1);
  expect(document.body.textContent).toContain(
    'options.cost(title=5 € off,points=points(count=500,points=500))',
  );
  expect(document.body.textContent).toContain(
    'options.needed(title=20 € off,points=points(count=800,points=800))',
  );
});

test('a code of ours already in the discount codes is reported as applied, and no other is offered', async () => {
  extension.fetch = routes({
    'GET /api/storefront/balance': () =>
      json(200, account({ redemptions: [{ ...redeemed, status: 'active' }] })),
  });
  extension.shopify.discountCodes.value = [{ code: 'loyal-abcd-efgh' }];
  await extension.render();
  await vi.waitFor(() => expect(document.body.textContent).toContain('alreadyApplied(code=loyal-abcd-efgh)'));
  expect(all('s-button')).toHaveLength(0);
});

test('someone else’s code in the discount codes does not hide the rewards', async () => {
  extension.fetch = routes({ 'GET /api/storefront/balance': () => json(200, account()) });
  extension.shopify.discountCodes.value = [{ code: 'SUMMER10' }];
  await extension.render();
  await vi.waitFor(() => expect(redeemButton()).toBeDefined());
  expect(document.body.textContent).not.toContain('alreadyApplied');
});
