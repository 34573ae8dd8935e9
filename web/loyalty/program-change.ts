import { parseDecimal } from './money.js';
import type { ProgramSettings } from './program.js';
import type { RedemptionOption } from './redemption-options.js';

/** How one redemption option's worth to shoppers changes (options that stay as they are not listed). */
export type OptionChange = 'added' | 'removed' | 'better' | 'worse' | 'mixed';

/** What a settings change does to the points customers already hold (the panel's confirmation dialog). */
export interface ProgramChange {
  /** Points already held become worth less: shown at a lower value, or buying less. */
  devaluesPoints: boolean;
  pointValue: { from: string; to: string };
  earnRate: { from: string; to: string };
  /** Points already held are worth exactly what they were: neither their shown value nor what they buy changes. */
  existingPointsKeepValue: boolean;
  redemptionOptions: Array<{ id: string; change: OptionChange }>;
}

/**
 * What changing `current` to `next` does to points already held. Only earning is versioned with the points: an
 * award keeps the rate, pending days and expiry of the version it was made under, and a reversal uses that award's
 * rate, so earnRate, pendingDays, expiryMonths, maxPointsPerOrder and signupBonus affect new earnings only. A
 * point's worth is not stored with it: `pointValue` (the value balances, metafields and the liability show) and
 * the redemption options (what a redemption grants) are read from the program in force when they are used. So
 * changing either re-values every point already held, at once, in either direction; the panel must say so.
 */
export function describeProgramChange(current: ProgramSettings, next: ProgramSettings): ProgramChange {
  const valueSign = compare(parseDecimal(current.pointValue), parseDecimal(next.pointValue));
  const options = optionChanges(current.redemptionOptions, next.redemptionOptions);
  const buysLess = options.some(({ change }) => change !== 'added' && change !== 'better');
  return {
    devaluesPoints: valueSign < 0 || buysLess,
    pointValue: { from: current.pointValue, to: next.pointValue },
    earnRate: { from: current.earnRate, to: next.earnRate },
    existingPointsKeepValue: valueSign === 0 && options.length === 0,
    redemptionOptions: options,
  };
}

/** Options matched by id (redemptions refer to them by it), in the order of `before`, then the new ones. */
function optionChanges(
  before: readonly RedemptionOption[],
  after: readonly RedemptionOption[],
): ProgramChange['redemptionOptions'] {
  const changes: ProgramChange['redemptionOptions'] = [];
  for (const old of before) {
    const kept = after.find((option) => option.id === old.id);
    const change = kept ? optionChange(old, kept) : 'removed';
    if (change !== null) changes.push({ id: old.id, change });
  }
  for (const option of after)
    if (!before.some((old) => old.id === option.id)) changes.push({ id: option.id, change: 'added' });
  return changes;
}

/**
 * Whether an option now gives shoppers more or less for their points; null when its worth is the same (a new
 * title, say). A percentage's maximumAmount does not count: a basic code cannot enforce it (see 3.7), so what the
 * code grants does not change with it. An option whose kind changed cannot be compared: 'mixed'.
 */
function optionChange(old: RedemptionOption, next: RedemptionOption): OptionChange | null {
  if (old.kind !== next.kind) return 'mixed';
  const signs = [
    // a higher minimum subtotal, or none becoming one, makes the option harder to use
    compare(minimumOf(next), minimumOf(old)),
    compare(Number(old.combinesWithOtherDiscounts), Number(next.combinesWithOtherDiscounts)),
    ...worthSigns(old, next),
  ];
  const better = signs.some((sign) => sign > 0);
  const worse = signs.some((sign) => sign < 0);
  if (better && worse) return 'mixed';
  return better ? 'better' : worse ? 'worse' : null;
}

/**
 * For each term of the option's worth: 1 when `next` gives more for the points, -1 when less. A higher price in
 * points is worse on its own even at the same money per point: customers holding fewer points lose the option.
 */
function worthSigns(old: RedemptionOption, next: RedemptionOption): number[] {
  if (old.kind === 'fixed_amount' && next.kind === 'fixed_amount')
    return [
      compare(next.pointsCost, old.pointsCost),
      perPoint(old.amount, old.pointsCost, next.amount, next.pointsCost),
    ];
  if (old.kind === 'percentage' && next.kind === 'percentage')
    return [compare(next.pointsCost, old.pointsCost), compare(old.percentage, next.percentage)];
  if (old.kind === 'free_shipping' && next.kind === 'free_shipping')
    return [compare(next.pointsCost, old.pointsCost)];
  if (old.kind === 'pay_with_points' && next.kind === 'pay_with_points')
    return [
      compare(next.pointsStep, old.pointsStep),
      perPoint(old.stepValue, old.pointsStep, next.stepValue, next.pointsStep),
      compare(old.maxShareOfSubtotal, next.maxShareOfSubtotal),
    ];
  return [];
}

/** 1 when next amount / next points is more money per point than before, -1 when less (exact, no division). */
function perPoint(oldAmount: string, oldPoints: number, nextAmount: string, nextPoints: number): number {
  return compare(parseDecimal(oldAmount) * BigInt(nextPoints), parseDecimal(nextAmount) * BigInt(oldPoints));
}

function minimumOf(option: RedemptionOption): bigint {
  return option.minimumSubtotal === null ? 0n : parseDecimal(option.minimumSubtotal);
}

/** 1 when `to` is larger than `from`, -1 when smaller, 0 when equal. */
function compare<T extends number | bigint>(from: T, to: T): number {
  return to > from ? 1 : to < from ? -1 : 0;
}
