import { describe, expect, test, vi } from 'vitest';
import { appliedLoyaltyCode } from '../src/applied-code';
import { readCachedBalance } from '../src/loyalty-metafield';
import { withCancellation, withRedemption } from '../src/shared/account-updates';
import { formatMoney } from '../src/shared/format';
import type { RedemptionOption } from '../src/shared/loyalty-api';
import {
  clampToStep,
  maxPayWithPoints,
  multiplyDecimal,
  payWithPointsValue,
  splitByAffordability,
} from '../src/shared/options';
import { newAttempt } from '../src/shared/redeem-attempt';
import { account, redeemed } from './helpers';

const option = (id: string, pointsCost: number, extra: Partial<RedemptionOption> = {}): RedemptionOption => ({
  id,
  kind: 'fixed_amount',
  title: id,
  pointsCost,
  value: null,
  affordable: false,
  pointsNeeded: 0,
  ...extra,
});
const pay = option('pay', 100, {
  kind: 'pay_with_points',
  pointsStep: 100,
  value: { amount: '0.50', currencyCode: 'EUR' },
});

describe('affordability', () => {
  test('from the balance on screen, not the backend flag', () => {
    const { affordable, unaffordable } = splitByAffordability(
      [option('a', 500, { affordable: false }), option('b', 1500, { affordable: true }), pay],
      1000,
    );
    expect(affordable.map((o) => o.id)).toEqual(['a', 'pay']);
    expect(unaffordable).toEqual([{ option: expect.objectContaining({ id: 'b' }), pointsNeeded: 500 }]);
  });

  test('exactly enough is affordable; a negative balance needs the whole cost', () => {
    expect(splitByAffordability([option('a', 500)], 500).affordable).toHaveLength(1);
    expect(splitByAffordability([option('a', 500)], -200).unaffordable[0]!.pointsNeeded).toBe(500);
    expect(splitByAffordability([pay], 99).unaffordable[0]!.pointsNeeded).toBe(1);
  });
});

describe('pay with points', () => {
  test('the most the balance covers is a multiple of the step', () => {
    expect(maxPayWithPoints(pay, 1250)).toBe(1200);
    expect(maxPayWithPoints(pay, 99)).toBe(0);
  });

  test('typed amounts snap to a multiple of the step within one step and the maximum', () => {
    expect(clampToStep(340, 100, 1200)).toBe(300);
    expect(clampToStep(350, 100, 1200)).toBe(400);
    expect(clampToStep(0, 100, 1200)).toBe(100);
    expect(clampToStep(99_999, 100, 1250)).toBe(1200);
    expect(clampToStep(Number.NaN, 100, 1200)).toBe(100);
  });

  test('the value is exact decimal arithmetic', () => {
    expect(payWithPointsValue(pay, 300)).toEqual({ amount: '1.50', currencyCode: 'EUR' });
    expect(multiplyDecimal('0.10', 3)).toBe('0.30');
    expect(multiplyDecimal('0.05', 1)).toBe('0.05');
    expect(multiplyDecimal('12', 4)).toBe('48');
    expect(payWithPointsValue({ ...pay, value: null }, 300)).toBeNull();
  });
});

describe('the loyalty metafield', () => {
  const entry = (key: string, value: string, namespace = '$app', type = 'customer') => ({
    target: { type },
    metafield: { namespace, key, value },
  });

  test('reads the JSON first, then points_balance', () => {
    const loyalty = JSON.stringify({
      available: 1200,
      pending: 300,
      value: { amount: '12.00', currencyCode: 'EUR' },
    });
    expect(readCachedBalance([entry('points_balance', '5'), entry('loyalty', loyalty)])).toEqual({
      available: 1200,
      pending: 300,
      value: { amount: '12.00', currencyCode: 'EUR' },
    });
    expect(readCachedBalance([entry('loyalty', '{not json'), entry('points_balance', '40')])).toEqual({
      available: 40,
      pending: 0,
      value: null,
    });
  });

  test('ignores other namespaces, other owners and missing values', () => {
    expect(readCachedBalance([entry('points_balance', '5', 'custom')])).toBeNull();
    expect(readCachedBalance([entry('points_balance', '5', '$app', 'shop')])).toBeNull();
    expect(readCachedBalance([entry('loyalty', '{"available":"many"}')])).toBeNull();
    expect(readCachedBalance(undefined)).toBeNull();
  });
});

test('an applied code is ours regardless of case', () => {
  expect(appliedLoyaltyCode([{ code: 'summer' }, { code: 'loyal-x' }], ['LOYAL-X', undefined])).toBe(
    'loyal-x',
  );
  expect(appliedLoyaltyCode([{ code: 'summer' }], ['LOYAL-X'])).toBeNull();
});

test('every click is a new attempt with its own key', () => {
  const keys = ['k1', 'k2'];
  const first = newAttempt('five-off', undefined, () => keys.shift()!);
  const second = newAttempt('pay', 300, () => keys.shift()!);
  expect(first).toEqual({ optionId: 'five-off', idempotencyKey: 'k1' });
  expect(second).toEqual({ optionId: 'pay', points: 300, idempotencyKey: 'k2' });
  expect(newAttempt('x').idempotencyKey).not.toBe(newAttempt('x').idempotencyKey);
});

test('the account after a redemption and after its cancel', () => {
  const after = withRedemption(account(), redeemed);
  expect(after.balance).toEqual({ available: 700, pending: 300 });
  expect(after.redemptions[0]).toMatchObject({ redemptionId: 7, code: 'LOYAL-ABCD-EFGH', status: 'active' });
  const cancelled = withCancellation(after, {
    redemptionId: 7,
    status: 'cancelled',
    balance: { available: 1200, pending: 300 },
  });
  expect(cancelled.balance.available).toBe(1200);
  expect(cancelled.redemptions).toEqual([expect.objectContaining({ redemptionId: 7, status: 'cancelled' })]);
});

test('money is formatted with its own currency', () => {
  const formatCurrency = vi.fn(() => '12,00 €');
  expect(
    formatMoney({ formatCurrency, formatNumber: String }, { amount: '12.00', currencyCode: 'EUR' }),
  ).toBe('12,00 €');
  expect(formatCurrency).toHaveBeenCalledWith(12, { currency: 'EUR' });
});
