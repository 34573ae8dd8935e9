// Metafields hold whatever JSON someone wrote: the function must answer (discount or not) and never throw,
// because a throwing Function is an error in checkout instead of a cart without this discount.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cartLinesDiscountsGenerateRun, parseConfiguration, parseReturnVisit } from '../src/index.js';
import { cartInput, CONFIGURATION, RETURN_VISIT } from './cart-input.js';

// Arbitrary JSON, and objects that look almost right (right keys, arbitrary values).
const json = fc.jsonValue();
const nearConfiguration = fc.record(
  { percentage: json, minimumSubtotal: json, regularPriceOnly: json, tierUplift: json },
  { requiredKeys: [] },
);
const nearReturnVisit = fc.record({ eligibleUntil: json, tier: json }, { requiredKeys: [] });

describe('malformed metafields', () => {
  it('never throw and give at most one operation (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(json, nearConfiguration, fc.constant(CONFIGURATION)),
        fc.oneof(json, nearReturnVisit, fc.constant(RETURN_VISIT)),
        fc.oneof(json, fc.constant('2026-12-01')),
        fc.oneof(json, fc.constant('1.25')),
        (configuration, returnVisit, today, rate) => {
          const result = cartLinesDiscountsGenerateRun(
            cartInput({ configuration, returnVisit, today, rate }),
          );
          expect(result.operations.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('parse to null, not to a half-filled value', () => {
    expect(parseConfiguration({ ...CONFIGURATION, regularPriceOnly: 1 })).toBeNull();
    expect(parseReturnVisit({ ...RETURN_VISIT, eligibleUntil: 20261215 })).toBeNull();
    expect(parseConfiguration(CONFIGURATION)).not.toBeNull();
    expect(parseReturnVisit(RETURN_VISIT)).not.toBeNull();
  });
});
