import { describe, expect, it } from 'vitest';
import { describeProgramChange } from './program-change.js';
import { DEFAULT_PROGRAM, type ProgramSettings } from './program.js';
import type { RedemptionOption } from './redemption-options.js';

const base = { minimumSubtotal: null, combinesWithOtherDiscounts: false };
const fiveOff: RedemptionOption = {
  ...base,
  id: 'five-off',
  title: '5 off',
  kind: 'fixed_amount',
  pointsCost: 500,
  amount: '5.00',
};
const tenPercent: RedemptionOption = {
  ...base,
  id: 'ten',
  title: '10 %',
  kind: 'percentage',
  pointsCost: 800,
  percentage: 10,
  maximumAmount: null,
};
const pay: RedemptionOption = {
  ...base,
  id: 'pay',
  title: 'Pay',
  kind: 'pay_with_points',
  pointsStep: 100,
  stepValue: '1.00',
  maxShareOfSubtotal: 50,
};
const current: ProgramSettings = { ...DEFAULT_PROGRAM, redemptionOptions: [fiveOff, tenPercent, pay] };
const change = (next: Partial<ProgramSettings>) => describeProgramChange(current, { ...current, ...next });
const withOption = (option: RedemptionOption) =>
  current.redemptionOptions.map((old) => (old.id === option.id ? option : old));

describe('describeProgramChange', () => {
  it('says an earn rate change leaves existing points alone: it applies to new earnings only', () => {
    expect(change({ earnRate: '0.5', expiryMonths: 12, pendingDays: 14, maxPointsPerOrder: 10 })).toEqual({
      devaluesPoints: false,
      pointValue: { from: '0.01', to: '0.01' },
      earnRate: { from: '1', to: '0.5' },
      existingPointsKeepValue: true,
      redemptionOptions: [],
    });
  });

  it('says a lower point value devalues the points customers already hold (it is not versioned with them)', () => {
    expect(change({ pointValue: '0.005' })).toMatchObject({
      devaluesPoints: true,
      pointValue: { from: '0.01', to: '0.005' },
      existingPointsKeepValue: false,
    });
  });

  it('says a higher point value changes existing points too, without devaluing them', () => {
    expect(change({ pointValue: '0.02' })).toMatchObject({
      devaluesPoints: false,
      existingPointsKeepValue: false,
    });
    // the same value written differently is no change
    expect(change({ pointValue: '0.010' })).toMatchObject({
      devaluesPoints: false,
      existingPointsKeepValue: true,
    });
  });

  it('says an option that now costs more points, or grants less for them, devalues existing points', () => {
    expect(change({ redemptionOptions: withOption({ ...fiveOff, pointsCost: 600 }) })).toMatchObject({
      devaluesPoints: true,
      existingPointsKeepValue: false,
      redemptionOptions: [{ id: 'five-off', change: 'worse' }],
    });
    expect(
      change({ redemptionOptions: withOption({ ...pay, stepValue: '0.50' }) }).redemptionOptions,
    ).toEqual([{ id: 'pay', change: 'worse' }]);
    expect(change({ redemptionOptions: withOption({ ...tenPercent, percentage: 5 }) }).devaluesPoints).toBe(
      true,
    );
    expect(
      change({ redemptionOptions: withOption({ ...fiveOff, minimumSubtotal: '50.00' }) }).devaluesPoints,
    ).toBe(true);
  });

  it('compares money per point exactly: the same price for a little more money is better', () => {
    expect(
      change({ redemptionOptions: withOption({ ...fiveOff, amount: '5.01' }) }).redemptionOptions,
    ).toEqual([{ id: 'five-off', change: 'better' }]);
  });

  it('says a higher price in points is worse even at the same money per point: smaller balances lose the option', () => {
    // 500 points for 5.00 becoming 1000 points for 10.00: customers holding 500-999 points can no longer redeem
    expect(
      change({ redemptionOptions: withOption({ ...fiveOff, pointsCost: 1000, amount: '10.00' }) }),
    ).toMatchObject({
      devaluesPoints: true,
      existingPointsKeepValue: false,
      redemptionOptions: [{ id: 'five-off', change: 'worse' }],
    });
    // more money per point as well: better in one term, worse in the other
    expect(
      change({ redemptionOptions: withOption({ ...fiveOff, pointsCost: 1000, amount: '10.01' }) })
        .redemptionOptions,
    ).toEqual([{ id: 'five-off', change: 'mixed' }]);
    expect(
      change({ redemptionOptions: withOption({ ...pay, pointsStep: 200, stepValue: '2.00' }) })
        .redemptionOptions,
    ).toEqual([{ id: 'pay', change: 'worse' }]);
    expect(
      change({ redemptionOptions: withOption({ ...pay, pointsStep: 200, stepValue: '3.00' }) })
        .redemptionOptions,
    ).toEqual([{ id: 'pay', change: 'mixed' }]);
  });

  it('counts a removed option and a changed kind as devaluing, a new or better option as not', () => {
    const removed = change({ redemptionOptions: [tenPercent, pay] });
    expect(removed).toMatchObject({
      devaluesPoints: true,
      redemptionOptions: [{ id: 'five-off', change: 'removed' }],
    });
    const kind = change({
      redemptionOptions: withOption({
        ...base,
        id: 'ten',
        title: '10 %',
        kind: 'free_shipping',
        pointsCost: 800,
      }),
    });
    expect(kind.redemptionOptions).toEqual([{ id: 'ten', change: 'mixed' }]);
    expect(kind.devaluesPoints).toBe(true);
    const added = change({
      redemptionOptions: [...withOption({ ...pay, maxShareOfSubtotal: 80 }), { ...fiveOff, id: 'new' }],
    });
    expect(added).toMatchObject({
      devaluesPoints: false,
      existingPointsKeepValue: false,
      redemptionOptions: [
        { id: 'pay', change: 'better' },
        { id: 'new', change: 'added' },
      ],
    });
  });

  it('treats an option that is better in one term and worse in another as devaluing (mixed)', () => {
    const mixed = change({
      redemptionOptions: withOption({ ...tenPercent, percentage: 20, pointsCost: 900 }),
    });
    expect(mixed).toMatchObject({
      devaluesPoints: true,
      redemptionOptions: [{ id: 'ten', change: 'mixed' }],
    });
  });

  it("ignores what does not change an option's worth: its title, and a percentage's unenforced maximum", () => {
    expect(
      change({
        redemptionOptions: [{ ...fiveOff, title: 'Five off' }, { ...tenPercent, maximumAmount: '1.00' }, pay],
      }),
    ).toMatchObject({ devaluesPoints: false, existingPointsKeepValue: true, redemptionOptions: [] });
  });
});
