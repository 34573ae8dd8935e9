import { describe, expect, it } from 'vitest';
import { messagesUnder, normalizeField, problemsByField } from './problems';

describe('problemsByField', () => {
  const fields = new Set([
    'earnRate',
    'pointValue',
    'returnVisit.percentage',
    'redemptionOptions.1.pointsCost',
    'redemptionOptions.1.title',
  ]);

  it('puts each problem on the field its path names', () => {
    const { byField, unmatched } = problemsByField(
      [
        { field: 'earnRate', message: 'must be a non-negative decimal' },
        { field: 'returnVisit.percentage', message: 'must be a whole number from 1 to 100' },
        { field: 'redemptionOptions.1.pointsCost', message: 'must be a whole number' },
      ],
      fields,
    );
    expect(byField).toEqual({
      earnRate: 'must be a non-negative decimal',
      'returnVisit.percentage': 'must be a whole number from 1 to 100',
      'redemptionOptions.1.pointsCost': 'must be a whole number',
    });
    expect(unmatched).toEqual([]);
  });

  it('accepts bracketed indexes as the same path', () => {
    expect(normalizeField('redemptionOptions[1].title')).toBe('redemptionOptions.1.title');
    const { byField } = problemsByField(
      [{ field: 'redemptionOptions[1].title', message: 'too long' }],
      fields,
    );
    expect(byField).toEqual({ 'redemptionOptions.1.title': 'too long' });
  });

  it('leaves problems without a matching field for the banner, in their order', () => {
    const problems = [
      { field: 'redemptionOptions', message: 'at most 20 redemption options' },
      { field: 'pointValue', message: 'must be a decimal' },
      { field: 'returnVisit.tierUplift', message: 'must be an object' },
    ];
    const { byField, unmatched } = problemsByField(problems, fields);
    expect(byField).toEqual({ pointValue: 'must be a decimal' });
    expect(unmatched).toEqual([problems[0], problems[2]]);
  });

  it('joins several problems of one field', () => {
    const { byField } = problemsByField(
      [
        { field: 'earnRate', message: 'is required.' },
        { field: 'earnRate', message: 'must be a decimal.' },
      ],
      fields,
    );
    expect(byField.earnRate).toBe('is required. must be a decimal.');
  });
});

describe('messagesUnder', () => {
  it("collects one option's messages, not those of an option whose index starts the same", () => {
    const byField = {
      'redemptionOptions.1.pointsCost': 'a',
      'redemptionOptions.1.title': 'b',
      'redemptionOptions.11.title': 'c',
    };
    expect(messagesUnder(byField, 'redemptionOptions.1')).toEqual(['a', 'b']);
  });
});
