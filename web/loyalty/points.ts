import { divideRounded, type Micros, MICROS_PER_UNIT, minBigint, parseDecimal } from './money.js';

/** points = floor(eligible amount x earn rate x tier multiplier), exact in integer arithmetic. */
export function pointsForAmount(eligible: Micros, earnRate: string, multiplier = '1'): number {
  if (eligible <= 0n) return 0;
  const rate = parseDecimal(earnRate);
  const factor = parseDecimal(multiplier);
  if (rate <= 0n || factor <= 0n) return 0;
  return Number((eligible * rate * factor) / (MICROS_PER_UNIT * MICROS_PER_UNIT * MICROS_PER_UNIT));
}

/** An order's points: pointsForAmount, capped by the program's per-order maximum. */
export function pointsForOrder(
  eligible: Micros,
  program: { earnRate: string; maxPointsPerOrder: number },
  multiplier = '1',
): number {
  return Math.min(pointsForAmount(eligible, program.earnRate, multiplier), program.maxPointsPerOrder);
}

/** What an order's award stands at: the basis every reversal is measured against. */
export interface AwardState {
  earnedPoints: number;
  reversedPoints: number;
  eligibleMicros: Micros;
  refundedMicros: Micros; // eligible amount refunded so far
}

/**
 * Points to take back for a refund: round(earned x refunded / eligible), never more than is left. When the refunds
 * together reach the whole eligible amount, everything left goes, so partial refunds of a whole order end at zero
 * whatever their rounding. The rate is implicit: it is the proportion of the original award.
 */
export function reversalForRefund(award: AwardState, refunded: Micros): number {
  const left = award.earnedPoints - award.reversedPoints;
  if (left <= 0 || refunded <= 0n || award.eligibleMicros <= 0n) return 0;
  if (award.refundedMicros + refunded >= award.eligibleMicros) return left;
  const proportional = divideRounded(BigInt(award.earnedPoints) * refunded, award.eligibleMicros);
  return Number(minBigint(proportional, BigInt(left)));
}

/** A cancellation takes back whatever of the order's award is left. */
export function reversalForCancel(award: AwardState): number {
  return Math.max(0, award.earnedPoints - award.reversedPoints);
}
