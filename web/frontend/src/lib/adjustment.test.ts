import { describe, expect, it } from 'vitest';
import { adjustmentBody, missingFields } from './adjustment';

describe('adjustmentBody', () => {
  const draft = (points: string, reason = 'Goodwill', allowNegative = false) => ({
    points,
    reason,
    allowNegative,
  });

  it('reads signed whole numbers and trims the reason', () => {
    expect(adjustmentBody(draft('+50', '  Goodwill  '))).toEqual({ points: 50, reason: 'Goodwill' });
    expect(adjustmentBody(draft('-20'))).toEqual({ points: -20, reason: 'Goodwill' });
  });

  it('sends allowNegative only with a debit', () => {
    expect(adjustmentBody(draft('-20', 'x', true))).toEqual({
      points: -20,
      reason: 'x',
      allowNegative: true,
    });
    expect(adjustmentBody(draft('20', 'x', true))).toEqual({ points: 20, reason: 'x' });
  });

  it('is null for zero, fractions, text or an empty reason', () => {
    for (const bad of [draft('0'), draft('1.5'), draft('ten'), draft(''), draft('5', '   ')])
      expect(adjustmentBody(bad)).toBeNull();
  });
});

describe('missingFields', () => {
  it('names the points without a whole non-zero number and the reason left blank', () => {
    expect(missingFields({ points: '', reason: '', allowNegative: false })).toEqual(['points', 'reason']);
    expect(missingFields({ points: '0', reason: 'Goodwill', allowNegative: false })).toEqual(['points']);
    expect(missingFields({ points: '150', reason: '   ', allowNegative: false })).toEqual(['reason']);
    expect(missingFields({ points: '-5', reason: 'Goodwill', allowNegative: false })).toEqual([]);
  });
});
