import { divideRounded, formatAmount, type Micros } from './money.js';

/**
 * Breakage: the share of issued points that will never be redeemed, and the provision for outstanding points it
 * implies (liability × (1 − breakage)).
 *
 * Measured from lots whose expiry date has passed, since only those have had their whole chance to be spent:
 * unspent = what is still in them plus what `expire` entries took from them, issued = the points they were opened
 * with, counting only lots that issued points (a refunded redemption's lot returns points issued before, and
 * counting it again would halve the rate of a code that lapsed and then expired). Points taken back by refunds
 * and cancellations count as spent, so the rate errs low and the provision high: the cautious side for a
 * liability. Below MIN_HISTORY_POINTS of such lots the rate would swing with a few customers' choices, so the
 * merchant's own assumption (`breakageAssumption`, whole percent) is used instead.
 */
export const MIN_HISTORY_POINTS = 1_000;

export interface ExpiredLots {
  /** points the expired lots were opened with (lots that issued points) */
  issued: number;
  /** points in expired lots still unspent, plus points `expire` entries took */
  unspent: number;
}

export interface Breakage {
  rate: number; // 0..1, 4 decimals
  basis: 'history' | 'assumption';
}

const BASIS_POINTS = 10_000n; // a rate in ten-thousandths: the 4 decimals it is shown with

/** The breakage rate, from the shop's expired lots once there are enough of them, else from the assumption. */
export function breakageRate(expired: ExpiredLots, assumptionPercent: number): Breakage {
  const ratio = breakageBasisPoints(expired, assumptionPercent);
  return {
    rate: Number(ratio.basisPoints) / Number(BASIS_POINTS),
    basis: ratio.basis,
  };
}

/**
 * liability × (1 − rate) in shop currency, rounded half up to cents once (from the exact liability, not the
 * rounded one); the rate is the one shown, to 4 decimals, so the panel's figures agree with each other.
 */
export function provisionAmount(liability: Micros, breakage: Breakage): string {
  const keep = BASIS_POINTS - BigInt(Math.round(breakage.rate * Number(BASIS_POINTS)));
  const centMicros = 10_000n; // micros in a cent
  const magnitude = divideRounded(
    (liability < 0n ? -liability : liability) * keep,
    BASIS_POINTS * centMicros,
  );
  return formatAmount((liability < 0n ? -magnitude : magnitude) * centMicros);
}

function breakageBasisPoints(expired: ExpiredLots, assumptionPercent: number) {
  if (expired.issued < MIN_HISTORY_POINTS)
    return { basis: 'assumption' as const, basisPoints: BigInt(assumptionPercent) * 100n };
  // refunded redemptions' lots can leave more unspent than the issuing lots held: never above 100 %
  const unspent = BigInt(Math.min(Math.max(expired.unspent, 0), expired.issued));
  return {
    basis: 'history' as const,
    basisPoints: divideRounded(unspent * BASIS_POINTS, BigInt(expired.issued)),
  };
}
