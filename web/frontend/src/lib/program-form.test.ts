import { describe, expect, it } from 'vitest';
import { formFields, toBody, toForm } from './program-form';

const program = {
  version: 3,
  effectiveFrom: '2026-01-01T00:00:00.000Z',
  earnRate: '1',
  pointValue: '0.01',
  includeShipping: false,
  pendingDays: 14,
  expiryMonths: 12,
  signupBonus: 100,
  maxPointsPerOrder: 100000,
  redemptionOptions: [
    {
      id: 'five-off',
      kind: 'fixed_amount',
      title: '5 € off',
      minimumSubtotal: null,
      combinesWithOtherDiscounts: false,
      pointsCost: 500,
      amount: '5.00',
    },
    {
      id: 'pay',
      kind: 'pay_with_points',
      title: 'Pay with points',
      minimumSubtotal: '20.00',
      combinesWithOtherDiscounts: true,
      pointsStep: 100,
      stepValue: '1.00',
      maxShareOfSubtotal: 50,
    },
  ],
  codeLifetimeDays: 30,
  breakageAssumption: 20,
  currencyCode: 'EUR',
  returnVisit: {
    enabled: true,
    percentage: 15,
    minimumSubtotal: '30.00',
    windowDays: 30,
    regularPriceOnly: true,
    tierUplift: { gold: 5 },
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
  },
};

describe('program form', () => {
  it('sends back exactly the settings it loaded when nothing was edited, not the read-only facts', () => {
    const { version: _v, effectiveFrom: _e, currencyCode: _c, ...settings } = program;
    expect(toBody(toForm(program))).toEqual(settings);
  });

  it('sends an edited breakage assumption as a whole number', () => {
    const form = toForm(program);
    expect(form.breakageAssumption).toBe('20');
    form.breakageAssumption = '35';
    expect(toBody(form)).toMatchObject({ breakageAssumption: 35 });
  });

  it('sends what is not a whole number as typed, so the server names the problem on its field', () => {
    const form = toForm(program);
    form.pendingDays = ' 7 ';
    form.expiryMonths = 'twelve';
    form.returnVisit.percentage = '12.5';
    expect(toBody(form)).toMatchObject({
      pendingDays: 7,
      expiryMonths: 'twelve',
      returnVisit: { percentage: '12.5' },
    });
  });

  it("sends only the fields of an option's kind, empty amounts as null", () => {
    const form = toForm(program);
    const option = form.redemptionOptions[0]!;
    option.kind = 'percentage';
    option.pointsCost = '300';
    option.percentage = '10';
    option.maximumAmount = '';
    expect(toBody(form).redemptionOptions).toContainEqual({
      id: 'five-off',
      kind: 'percentage',
      title: '5 € off',
      minimumSubtotal: null,
      combinesWithOtherDiscounts: false,
      pointsCost: 300,
      percentage: 10,
      maximumAmount: null,
    });
  });

  it("lists the field paths the form shows, an option's by its index and kind", () => {
    const fields = formFields(toForm(program));
    expect(fields).toContain('earnRate');
    expect(fields).toContain('returnVisit.windowDays');
    expect(fields).toContain('redemptionOptions.0.amount');
    expect(fields).toContain('redemptionOptions.1.maxShareOfSubtotal');
    expect(fields).not.toContain('redemptionOptions.1.amount');
    expect(fields).toContain('breakageAssumption');
  });
});
