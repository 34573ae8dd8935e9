/**
 * What the shopper can redeem now. Affordability is computed from the balance on screen rather than taken from
 * the backend's `affordable` flag, so it stays right after a redemption or a cancel changed the balance.
 *
 * Kept identical in every extension folder (a test compares the copies).
 */
import type { Money, RedemptionOption } from './loyalty-api';

/** The cheapest redemption of an option: its cost, or one step of pay with points. */
export function minimumPoints(option: RedemptionOption): number {
  return option.kind === 'pay_with_points' ? (option.pointsStep ?? option.pointsCost) : option.pointsCost;
}

export interface OptionsByAffordability {
  affordable: RedemptionOption[];
  /** With how many more points each would become affordable. */
  unaffordable: { option: RedemptionOption; pointsNeeded: number }[];
}

export function splitByAffordability(options: RedemptionOption[], available: number): OptionsByAffordability {
  const result: OptionsByAffordability = { affordable: [], unaffordable: [] };
  for (const option of options) {
    const needed = minimumPoints(option) - Math.max(0, available);
    if (needed <= 0) result.affordable.push(option);
    else result.unaffordable.push({ option, pointsNeeded: needed });
  }
  return result;
}

/** The most points of a pay-with-points option the balance covers: a multiple of the step (0 if none). */
export function maxPayWithPoints(option: RedemptionOption, available: number): number {
  const step = minimumPoints(option);
  return step > 0 ? Math.floor(Math.max(0, available) / step) * step : 0;
}

/** Whatever was typed, the nearest valid amount: a multiple of the step, from one step up to `max`. */
export function clampToStep(input: number, step: number, max: number): number {
  if (!Number.isFinite(input) || step <= 0 || max < step) return step;
  const steps = Math.round(input / step);
  return Math.min(Math.max(steps, 1) * step, Math.floor(max / step) * step);
}

/** The money value of `points` of a pay-with-points option whose `value` is one step's worth (exact). */
export function payWithPointsValue(option: RedemptionOption, points: number): Money | null {
  const step = minimumPoints(option);
  if (!option.value || step <= 0) return null;
  return {
    amount: multiplyDecimal(option.value.amount, points / step),
    currencyCode: option.value.currencyCode,
  };
}

/** "2.50" × 3 = "7.50", in integers (exact below 2^53) so no float rounding shows up in a price. */
export function multiplyDecimal(amount: string, factor: number): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!match || !Number.isInteger(factor)) return String(Number(amount) * factor);
  const decimals = match[2] ?? '';
  const product = String(Number(match[1] + decimals) * factor).padStart(decimals.length + 1, '0');
  return decimals ? `${product.slice(0, -decimals.length)}.${product.slice(-decimals.length)}` : product;
}
