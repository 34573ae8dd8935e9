import { describe, expect, it } from 'vitest';
import { LoyaltyError } from './errors.js';
import { parseDecimal } from './money.js';
import {
  minimumPoints,
  priceRedemption,
  type RedemptionOption,
  validateRedemptionOptions,
} from './redemption-options.js';

const base = { title: 'Reward', minimumSubtotal: null, combinesWithOtherDiscounts: false };
const fixed: RedemptionOption = {
  ...base,
  id: 'five-off',
  kind: 'fixed_amount',
  pointsCost: 500,
  amount: '5.00',
};
const percent: RedemptionOption = {
  ...base,
  id: 'ten-percent',
  kind: 'percentage',
  pointsCost: 800,
  percentage: 10,
  maximumAmount: '20',
};
const shipping: RedemptionOption = { ...base, id: 'ship', kind: 'free_shipping', pointsCost: 300 };
const pay: RedemptionOption = {
  ...base,
  id: 'pay',
  kind: 'pay_with_points',
  pointsStep: 100,
  stepValue: '1.00',
  maxShareOfSubtotal: 50,
};

function problems(input: unknown): string[] {
  try {
    validateRedemptionOptions(input);
  } catch (error) {
    expect(error).toBeInstanceOf(LoyaltyError);
    expect((error as LoyaltyError).status).toBe(422);
    return (error as LoyaltyError).message.split('; ');
  }
  return [];
}

describe('redemption options', () => {
  it('accepts one option of every kind and keeps only the known fields', () => {
    const options = validateRedemptionOptions([{ ...fixed, extra: 'dropped' }, percent, shipping, pay]);
    expect(options).toEqual([fixed, percent, shipping, pay]);
  });

  it('lists every problem of every option in one error', () => {
    expect(
      problems([
        { ...fixed, id: 'five-off', amount: '-5' },
        { ...fixed, id: 'five-off' },
        { ...pay, id: 'p', pointsStep: 0, maxShareOfSubtotal: 101, stepValue: 'x' },
        { ...base, id: 'x', kind: 'gift' },
      ]),
    ).toEqual([
      'redemptionOptions[0].amount must be a decimal > 0 with at most 2 decimals',
      'redemptionOptions[1].id "five-off" is used twice',
      'redemptionOptions[2].pointsStep must be a whole number from 1 to 1000000000',
      'redemptionOptions[2].stepValue must be a decimal > 0 with at most 2 decimals',
      'redemptionOptions[2].maxShareOfSubtotal must be a whole number from 1 to 100',
      'redemptionOptions[3].kind must be fixed_amount, percentage, free_shipping or pay_with_points',
    ]);
  });

  it('refuses amounts a code cannot carry exactly: a third decimal, signs, spaces', () => {
    for (const amount of ['0.001', '-0', ' 1 ', '+5', '5.']) {
      expect(problems([{ ...fixed, amount }])).toEqual([
        'redemptionOptions[0].amount must be a decimal > 0 with at most 2 decimals',
      ]);
    }
    expect(problems([{ ...pay, stepValue: '0.005' }])).toEqual([
      'redemptionOptions[0].stepValue must be a decimal > 0 with at most 2 decimals',
    ]);
  });

  it('refuses a percentage above 100 and a non-list', () => {
    expect(problems([{ ...percent, percentage: 150 }])).toEqual([
      'redemptionOptions[0].percentage must be a whole number from 1 to 100',
    ]);
    expect(problems({})).toEqual(['redemptionOptions must be a list']);
  });

  it("names each problem by the option's position and field, for the panel to show inline", () => {
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ ...fixed, id: `o${i}` }));
    tooMany[3] = { ...fixed, id: 'o0', pointsCost: 0 };
    try {
      validateRedemptionOptions(tooMany);
      expect.unreachable('the options are invalid');
    } catch (error) {
      expect((error as LoyaltyError).details).toEqual({
        problems: [
          { field: 'redemptionOptions', message: 'at most 20 redemption options' },
          { field: 'redemptionOptions.3.id', message: '"o0" is used twice' },
          { field: 'redemptionOptions.3.pointsCost', message: 'must be a whole number from 1 to 1000000000' },
        ],
      });
      expect((error as LoyaltyError).message).toBe(
        'at most 20 redemption options; redemptionOptions[3].id "o0" is used twice; ' +
          'redemptionOptions[3].pointsCost must be a whole number from 1 to 1000000000',
      );
    }
  });

  it('prices a fixed amount at its cost, with its minimum subtotal', () => {
    const priced = priceRedemption({ ...fixed, minimumSubtotal: '25' }, undefined);
    expect(priced).toEqual({
      pointsCost: 500,
      value: parseDecimal('5'),
      discount: { type: 'amount', amount: parseDecimal('5') },
      minimumSubtotal: parseDecimal('25'),
    });
  });

  it('refuses points for an option with a fixed cost unless they equal it', () => {
    expect(priceRedemption(fixed, 500).pointsCost).toBe(500);
    expect(() => priceRedemption(fixed, 400)).toThrow(/costs 500 points/);
  });

  it('prices pay with points by its steps and sets the minimum subtotal so points pay at most their share', () => {
    const priced = priceRedemption(pay, 700);
    expect(priced.pointsCost).toBe(700);
    expect(priced.value).toBe(parseDecimal('7'));
    expect(priced.minimumSubtotal).toBe(parseDecimal('14')); // 7.00 is at most 50 % of 14.00
    expect(priceRedemption({ ...pay, minimumSubtotal: '30' }, 700).minimumSubtotal).toBe(parseDecimal('30'));
  });

  it.each([undefined, 0, -100, 150, 100.5])('refuses pay with points of %s points', (points) => {
    expect(() => priceRedemption(pay, points)).toThrow(/positive multiple of 100/);
  });

  it('rounds a share minimum up, never down (a third of 1.00 needs 3.000001 or more, not 2.99)', () => {
    const third = priceRedemption({ ...pay, maxShareOfSubtotal: 33 }, 100);
    expect(third.minimumSubtotal! * 33n).toBeGreaterThanOrEqual(parseDecimal('1') * 100n);
  });

  it('gives percentage and free shipping codes their kind of discount', () => {
    expect(priceRedemption(percent, undefined).discount).toEqual({ type: 'percentage', percentage: 10 });
    expect(priceRedemption(shipping, undefined)).toMatchObject({
      value: null,
      discount: { type: 'free_shipping' },
    });
  });

  it('names the cheapest redemption of each option', () => {
    expect([fixed, percent, shipping, pay].map(minimumPoints)).toEqual([500, 800, 300, 100]);
  });
});
