import { describe, expect, test, vi } from 'vitest';
import { extension, redeemButton, setUpCheckout } from './checkout-harness';
import { account, all, click, find, header, json, redeemed, routes } from './helpers';

setUpCheckout();

describe('redeeming', () => {
  function backend(redeem: () => Response | Promise<Response>) {
    return (extension.fetch = routes({
      'GET /api/storefront/balance': () => json(200, account()),
      'POST /api/storefront/redemptions': redeem,
    }));
  }

  test('success applies the code through applyDiscountCodeChange and says so', async () => {
    const fetch = backend(() => json(201, redeemed));
    const apply = vi.fn().mockResolvedValue({ type: 'success' });
    extension.shopify.applyDiscountCodeChange = apply;
    await extension.render();
    await vi.waitFor(() => expect(redeemButton()).toBeDefined());
    click(redeemButton());

    await vi.waitFor(() => expect(find('s-banner', 'result.applied')).toBeDefined());
    expect(apply).toHaveBeenCalledWith({ type: 'addDiscountCode', code: 'LOYAL-ABCD-EFGH' });
    expect(find('s-banner', 'result.applied')?.getAttribute('tone')).toBe('success');
    expect(document.body.textContent).toContain('code=LOYAL-ABCD-EFGH');
    const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST')![1]!;
    expect(JSON.parse(String(post.body))).toEqual({ optionId: 'five-off' });
    expect(header(post, 'Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(header(post, 'Authorization')).toBe('Bearer mock-session-token');
    expect(all('s-clipboard-item')).toHaveLength(0);
  });

  test('an error result from applyDiscountCodeChange (accelerated checkout) shows the code to copy', async () => {
    backend(() => json(201, redeemed));
    extension.shopify.applyDiscountCodeChange = vi
      .fn()
      .mockResolvedValue({ type: 'error', message: 'Apple Pay refused' });
    await extension.render();
    await vi.waitFor(() => expect(redeemButton()).toBeDefined());
    click(redeemButton());

    await vi.waitFor(() => expect(all('s-clipboard-item')).toHaveLength(1));
    expect(all('s-clipboard-item')[0]!.getAttribute('text')).toBe('LOYAL-ABCD-EFGH');
    const copy = find('s-button', 'result.copy')!;
    expect(copy.getAttribute('command')).toBe('--copy');
    expect(copy.getAttribute('commandFor')).toBe(all('s-clipboard-item')[0]!.id);
    expect(find('s-banner', 'result.applied')).toBeUndefined();
    expect(document.body.textContent).not.toContain('Apple Pay refused');
  });

  test('when the instructions forbid discount codes, the code is shown and not applied', async () => {
    backend(() => json(201, redeemed));
    const apply = vi.fn();
    extension.shopify.applyDiscountCodeChange = apply;
    extension.shopify.instructions.value = {
      ...extension.shopify.instructions.value,
      discounts: { canUpdateDiscountCodes: false },
    };
    await extension.render();
    await vi.waitFor(() => expect(redeemButton()).toBeDefined());
    click(redeemButton());

    await vi.waitFor(() => expect(document.body.textContent).toContain('result.copyHint'));
    expect(all('s-clipboard-item')[0]!.getAttribute('text')).toBe('LOYAL-ABCD-EFGH');
    expect(apply).not.toHaveBeenCalled();
  });

  test('409 insufficient_points says there are not enough points and offers no retry', async () => {
    backend(() => json(409, { code: 'insufficient_points', message: '' }));
    await extension.render();
    await vi.waitFor(() => expect(redeemButton()).toBeDefined());
    click(redeemButton());

    await vi.waitFor(() => expect(find('s-banner', 'errors.insufficientPoints')).toBeDefined());
    expect(find('s-banner', 'errors.insufficientPoints')!.getAttribute('tone')).toBe('warning');
    expect(find('s-button', 'errors.retry')).toBeUndefined();
  });

  test('502 shows an error banner, and its retry resends the same Idempotency-Key', async () => {
    const answers = [json(502, { code: 'shopify_unavailable', message: '' }), json(201, redeemed)];
    const fetch = backend(() => answers.shift()!);
    await extension.render();
    await vi.waitFor(() => expect(redeemButton()).toBeDefined());
    click(redeemButton());

    await vi.waitFor(() => expect(find('s-banner', 'errors.shopifyUnavailable')).toBeDefined());
    expect(find('s-banner', 'errors.shopifyUnavailable')!.getAttribute('tone')).toBe('critical');
    click(find('s-button', 'errors.retry'));
    await vi.waitFor(() => expect(find('s-banner', 'result.applied')).toBeDefined());

    const keys = fetch.mock.calls
      .filter(([, i]) => i?.method === 'POST')
      .map(([, i]) => header(i, 'Idempotency-Key'));
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  test('a new click after a failure is a new attempt with a new Idempotency-Key', async () => {
    const fetch = backend(() => json(502, { code: 'shopify_unavailable', message: '' }));
    await extension.render();
    await vi.waitFor(() => expect(redeemButton()).toBeDefined());
    click(redeemButton());
    await vi.waitFor(() => expect(find('s-banner', 'errors.shopifyUnavailable')).toBeDefined());
    click(redeemButton());
    await vi.waitFor(() => expect(fetch.mock.calls.filter(([, i]) => i?.method === 'POST')).toHaveLength(2));

    const keys = fetch.mock.calls
      .filter(([, i]) => i?.method === 'POST')
      .map(([, i]) => header(i, 'Idempotency-Key'));
    expect(keys[1]).not.toBe(keys[0]);
  });
});

test('pay with points sends the chosen multiple of the step', async () => {
  const pay = {
    id: 'pay',
    kind: 'pay_with_points' as const,
    title: 'Pay with points',
    pointsCost: 100,
    pointsStep: 100,
    value: { amount: '1.00', currencyCode: 'EUR' },
    affordable: true,
    pointsNeeded: 0,
  };
  const fetch = (extension.fetch = routes({
    'GET /api/storefront/balance': () => json(200, account({ options: [pay] })),
    'POST /api/storefront/redemptions': () => json(201, { ...redeemed, pointsSpent: 300 }),
  }));
  await extension.render();
  await vi.waitFor(() => expect(all('s-number-field')).toHaveLength(1));
  const field = all('s-number-field')[0]! as HTMLElement & { value: string };
  expect(field.getAttribute('step')).toBe('100');
  expect(field.getAttribute('max')).toBe('1200');
  field.value = '340';
  field.dispatchEvent(new Event('change'));
  await vi.waitFor(() => expect(find('s-button', 'count=300')).toBeDefined());
  expect(find('s-button', 'count=300')!.textContent).toContain('value=3');
  click(find('s-button', 'payWithPoints.redeemFor'));

  await vi.waitFor(() => expect(fetch.mock.calls.filter(([, i]) => i?.method === 'POST')).toHaveLength(1));
  const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST')![1]!;
  expect(JSON.parse(String(post.body))).toEqual({ optionId: 'pay', points: 300 });
});
