import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Micros, parseDecimal } from './money.js';
import {
  type AwardState,
  pointsForAmount,
  pointsForOrder,
  reversalForCancel,
  reversalForRefund,
} from './points.js';

const m = (value: string): Micros => parseDecimal(value);

const award = (overrides: Partial<AwardState>): AwardState => ({
  earnedPoints: 0,
  reversedPoints: 0,
  eligibleMicros: 0n,
  refundedMicros: 0n,
  ...overrides,
});

/** A non-negative decimal rate as text: "2", "0.5", "1.250000"; with its value as digits / 10^scale. */
const rateArb = fc
  .tuple(fc.integer({ min: 0, max: 1000 }), fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }))
  .map(([whole, fraction]) => ({
    text: fraction === undefined ? String(whole) : `${whole}.${fraction}`,
    digits: BigInt(`${whole}${fraction ?? ''}`),
    scale: 10n ** BigInt(fraction?.length ?? 0),
  }));

describe('pointsForOrder', () => {
  it('caps an order at the program maximum, however large its amount', () => {
    const program = { earnRate: '1000', maxPointsPerOrder: 100_000 };
    expect(pointsForOrder(m('123456789.12'), program)).toBe(100_000);
  });

  it('earns the uncapped points below the maximum, and exactly the maximum at it', () => {
    expect(pointsForOrder(m('99.99'), { earnRate: '1', maxPointsPerOrder: 100 })).toBe(99);
    expect(pointsForOrder(m('100.00'), { earnRate: '1', maxPointsPerOrder: 100 })).toBe(100);
    expect(pointsForOrder(m('100.99'), { earnRate: '1', maxPointsPerOrder: 100 })).toBe(100);
  });
});

describe('pointsForAmount', () => {
  it.each([
    ['41.00', '1', '1', 41],
    ['19.99', '1', '1', 19], // floor, never round up
    ['0.99', '1', '1', 0],
    ['0.29', '100', '1', 29], // 0.29 * 100 in floating point is 28.999999999999996: must be exact
    ['10.01', '1.5', '2', 30], // 10.01 * 1.5 * 2 = 30.03
    ['99.99', '2.5', '1', 249], // 249.975
    ['33.33', '3', '1', 99], // 99.99
    ['12.00', '0.5', '1.25', 7], // 12 * 0.5 * 1.25 = 7.5
    ['1000000.00', '0.000001', '1', 1], // the smallest rate still earns on a large enough amount
    ['999999.99', '0.000001', '1', 0], // 0.99999999
    ['123456789.12', '1000', '1', 123_456_789_120],
  ])('%s at rate %s x multiplier %s earns %i', (amount, rate, multiplier, expected) => {
    expect(pointsForAmount(m(amount), rate, multiplier)).toBe(expected);
  });

  it('uses a multiplier of 1 when none is given', () => {
    // 25.50 * 2 = 51
    expect(pointsForAmount(m('25.50'), '2')).toBe(51);
  });

  it('earns nothing with a zero rate or a zero multiplier', () => {
    expect(pointsForAmount(m('500.00'), '0')).toBe(0);
    expect(pointsForAmount(m('500.00'), '0.000000')).toBe(0);
    expect(pointsForAmount(m('500.00'), '1', '0')).toBe(0);
  });

  it('earns nothing with a negative rate or multiplier (never a negative award)', () => {
    expect(pointsForAmount(m('500.00'), '-1')).toBe(0);
    expect(pointsForAmount(m('500.00'), '1', '-2')).toBe(0);
  });

  it('earns nothing on a zero or negative amount', () => {
    expect(pointsForAmount(0n, '10')).toBe(0);
    expect(pointsForAmount(m('-5.00'), '10')).toBe(0);
  });

  it('rejects a rate or multiplier that is not a decimal', () => {
    expect(() => pointsForAmount(m('10.00'), 'one')).toThrow(RangeError);
    expect(() => pointsForAmount(m('10.00'), '1.1234567')).toThrow(RangeError);
    expect(() => pointsForAmount(m('10.00'), '1', '2x')).toThrow(RangeError);
  });

  it('equals floor(amount x rate x multiplier) computed from the decimal digits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 14n }), rateArb, rateArb, (eligible, rate, multiplier) => {
        // amount = eligible / 10^6, rate = digits / scale: floor of the exact rational product.
        const expected =
          (eligible * rate.digits * multiplier.digits) / (1_000_000n * rate.scale * multiplier.scale);
        expect(pointsForAmount(eligible, rate.text, multiplier.text)).toBe(Number(expected));
      }),
    );
  });

  it('never gives more points for a smaller amount or a lower rate', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        rateArb,
        rateArb,
        (a, b, r1, r2) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(pointsForAmount(low, r1.text)).toBeLessThanOrEqual(pointsForAmount(high, r1.text));
          const [slow, fast] =
            r1.digits * r2.scale <= r2.digits * r1.scale ? [r1.text, r2.text] : [r2.text, r1.text];
          expect(pointsForAmount(high, slow)).toBeLessThanOrEqual(pointsForAmount(high, fast));
        },
      ),
    );
  });

  it('never earns more for an order split in two than for the whole', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        rateArb,
        (a, b, rate) => {
          const split = pointsForAmount(a, rate.text) + pointsForAmount(b, rate.text);
          const whole = pointsForAmount(a + b, rate.text);
          expect(split).toBeLessThanOrEqual(whole);
          // the two lost fractions add up to less than 2 points, so the whole earns at most one more
          expect(whole - split).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

describe('reversalForRefund', () => {
  it('reverses the refunded share of the award, rounded', () => {
    // 41 earned on 41.00, 10.00 refunded: 41 * 10 / 41 = 10
    expect(reversalForRefund(award({ earnedPoints: 41, eligibleMicros: m('41.00') }), m('10.00'))).toBe(10);
    // 10 earned on 3.00, 1.00 refunded: 3.33 -> 3
    expect(reversalForRefund(award({ earnedPoints: 10, eligibleMicros: m('3.00') }), m('1.00'))).toBe(3);
    // 5 earned on 3.00, 1.00 refunded: 1.67 -> 2
    expect(reversalForRefund(award({ earnedPoints: 5, eligibleMicros: m('3.00') }), m('1.00'))).toBe(2);
    // 10 earned on 4.00, 1.00 refunded: 2.5 -> 3 (half up)
    expect(reversalForRefund(award({ earnedPoints: 10, eligibleMicros: m('4.00') }), m('1.00'))).toBe(3);
    // 1 earned on 3.00, 1.00 refunded: 0.33 -> 0
    expect(reversalForRefund(award({ earnedPoints: 1, eligibleMicros: m('3.00') }), m('1.00'))).toBe(0);
  });

  it('measures against the original award, whatever has been reversed before', () => {
    // 100 earned on 50.00, 20 already reversed for 10.00; another 10.00 refunded: 100 * 10 / 50 = 20 again
    const state = award({
      earnedPoints: 100,
      reversedPoints: 20,
      eligibleMicros: m('50.00'),
      refundedMicros: m('10.00'),
    });
    expect(reversalForRefund(state, m('10.00'))).toBe(20);
  });

  it('takes everything left once the refunds reach the eligible amount, whatever the rounding before', () => {
    // 10 earned on 3.00; two refunds of 1.00 took 3 + 3; the last 1.00 takes the remaining 4 (not 3)
    const state = award({
      earnedPoints: 10,
      reversedPoints: 6,
      eligibleMicros: m('3.00'),
      refundedMicros: m('2.00'),
    });
    expect(reversalForRefund(state, m('1.00'))).toBe(4);
  });

  it('takes everything left when a single refund covers the whole eligible amount or more', () => {
    expect(reversalForRefund(award({ earnedPoints: 37, eligibleMicros: m('37.50') }), m('37.50'))).toBe(37);
    // a refund bigger than the eligible amount (e.g. it included tax) still only takes the award
    expect(reversalForRefund(award({ earnedPoints: 37, eligibleMicros: m('37.50') }), m('44.63'))).toBe(37);
  });

  it('never takes more than is left', () => {
    // 100 earned on 10.00, 95 already gone; half refunded would be 50, only 5 are left
    const state = award({
      earnedPoints: 100,
      reversedPoints: 95,
      eligibleMicros: m('10.00'),
      refundedMicros: m('0'),
    });
    expect(reversalForRefund(state, m('5.00'))).toBe(5);
  });

  it('is zero when nothing is left, nothing is refunded, or nothing was eligible', () => {
    const full = award({ earnedPoints: 10, reversedPoints: 10, eligibleMicros: m('10.00') });
    expect(reversalForRefund(full, m('5.00'))).toBe(0);
    // over-reversed (reversedPoints > earnedPoints) must not give a negative reversal
    expect(reversalForRefund({ ...full, reversedPoints: 12 }, m('10.00'))).toBe(0);
    const fresh = award({ earnedPoints: 10, eligibleMicros: m('10.00') });
    expect(reversalForRefund(fresh, 0n)).toBe(0);
    expect(reversalForRefund(fresh, m('-1.00'))).toBe(0);
    expect(reversalForRefund(award({ earnedPoints: 0, eligibleMicros: m('10.00') }), m('10.00'))).toBe(0);
    expect(reversalForRefund(award({ earnedPoints: 5, eligibleMicros: 0n }), m('10.00'))).toBe(0);
  });

  it('is round-half-up of earned x refunded / eligible for a first partial refund', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.bigInt({ min: 2n, max: 10n ** 12n }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (earned, eligible, share) => {
          const refunded = BigInt(Math.floor(Number(eligible - 1n) * share)); // < eligible
          // Computed another way: quotient, plus one when the remainder is at least half of the divisor.
          const product = BigInt(earned) * refunded;
          const quotient = product / eligible;
          const expected = 2n * (product % eligible) >= eligible ? quotient + 1n : quotient;
          const state = award({ earnedPoints: earned, eligibleMicros: eligible });
          expect(reversalForRefund(state, refunded)).toBe(refunded > 0n ? Number(expected) : 0);
        },
      ),
    );
  });

  /** Applies refunds one after the other, as the ledger does: the award state accumulates. */
  const applyRefunds = (earned: number, eligible: Micros, refunds: readonly Micros[]) => {
    let state = award({ earnedPoints: earned, eligibleMicros: eligible });
    const reversals: number[] = [];
    for (const refunded of refunds) {
      const points = reversalForRefund(state, refunded);
      reversals.push(points);
      state = {
        ...state,
        reversedPoints: state.reversedPoints + points,
        refundedMicros: state.refundedMicros + refunded,
      };
    }
    return { state, reversals };
  };

  /** An eligible amount, a split of it into positive refunds, and an order to apply them in. */
  const splitArb = fc
    .tuple(fc.integer({ min: 0, max: 100_000 }), fc.bigInt({ min: 1n, max: 10n ** 10n }))
    .chain(([earned, eligible]) =>
      fc
        .uniqueArray(fc.bigInt({ min: 1n, max: eligible }), { maxLength: 8 })
        .map((cuts) => {
          const points = [0n, ...cuts.filter((c) => c < eligible).sort((a, b) => (a < b ? -1 : 1)), eligible];
          return points.slice(1).map((end, i) => end - (points[i] ?? 0n));
        })
        .chain((parts) =>
          fc
            .shuffledSubarray(parts, { minLength: parts.length })
            .map((refunds) => ({ earned, eligible, refunds })),
        ),
    );

  it('reverses exactly the award when refunds add up to the eligible amount, in any split and order', () => {
    fc.assert(
      fc.property(splitArb, ({ earned, eligible, refunds }) => {
        expect(refunds.reduce((a, b) => a + b, 0n)).toBe(eligible); // the generator's own promise
        const { state, reversals } = applyRefunds(earned, eligible, refunds);
        for (const points of reversals) expect(points).toBeGreaterThanOrEqual(0);
        expect(state.reversedPoints).toBe(earned);
      }),
    );
  });

  it('never reverses more than the award, whatever the refunds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        // refundedEligibleAmount is never negative, so neither are the refunds here
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 10n }), { maxLength: 10 }),
        (earned, eligible, refunds) => {
          const { state, reversals } = applyRefunds(earned, eligible, refunds);
          let total = 0;
          for (const points of reversals) {
            expect(points).toBeGreaterThanOrEqual(0);
            total += points;
            expect(total).toBeLessThanOrEqual(earned);
          }
          expect(state.reversedPoints).toBe(total);
          // Once the refunds reach the eligible amount, the one that crossed it took all that was left.
          const refundedTotal = refunds.reduce((sum, r) => sum + r, 0n);
          if (refundedTotal >= eligible) {
            expect(state.reversedPoints).toBe(earned);
          }
        },
      ),
    );
  });

  it('leaves points standing when the refunds stay below the eligible amount and the share rounds down', () => {
    // 100 earned on 100.00; refunds of 0.40 and 0.40: each 0.4 point -> 0, total 0, 100 remain
    const { state } = applyRefunds(100, m('100.00'), [m('0.40'), m('0.40')]);
    expect(state.reversedPoints).toBe(0);
  });
});

describe('reversalForCancel', () => {
  it('takes back whatever of the award is left', () => {
    expect(reversalForCancel(award({ earnedPoints: 41 }))).toBe(41);
    expect(reversalForCancel(award({ earnedPoints: 41, reversedPoints: 10 }))).toBe(31);
    expect(reversalForCancel(award({ earnedPoints: 41, reversedPoints: 41 }))).toBe(0);
  });

  it('is never negative', () => {
    expect(reversalForCancel(award({ earnedPoints: 5, reversedPoints: 7 }))).toBe(0);
  });

  it('after any partial refunds, brings the total reversed to exactly the award', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { maxLength: 5 }),
        (earned, eligible, refunds) => {
          let state = award({ earnedPoints: earned, eligibleMicros: eligible });
          for (const refunded of refunds) {
            const points = reversalForRefund(state, refunded);
            state = {
              ...state,
              reversedPoints: state.reversedPoints + points,
              refundedMicros: state.refundedMicros + refunded,
            };
          }
          expect(state.reversedPoints + reversalForCancel(state)).toBe(earned);
        },
      ),
    );
  });
});
