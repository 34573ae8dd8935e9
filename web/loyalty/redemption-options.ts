import { LoyaltyError } from './errors.js';
import { MICROS_PER_UNIT, type Micros, parseDecimal } from './money.js';
import { invalidProgram, type SettingProblem } from './setting-problems.js';

/**
 * What points buy. Every option has a point cost, a money value in shop currency (none for a percentage without
 * maximum and for free shipping: their worth depends on the cart), a minimum order subtotal, and whether the code
 * combines with other discounts. Options live in the program, so they are versioned with it.
 */
interface OptionBase {
  id: string; // stable within the shop: extensions and stored redemptions refer to it
  title: string;
  minimumSubtotal: string | null; // decimal in shop currency
  combinesWithOtherDiscounts: boolean;
}

export type RedemptionOption =
  | (OptionBase & { kind: 'fixed_amount'; pointsCost: number; amount: string })
  | (OptionBase & {
      kind: 'percentage';
      pointsCost: number;
      percentage: number;
      maximumAmount: string | null;
    })
  | (OptionBase & { kind: 'free_shipping'; pointsCost: number })
  // "pay with points": any multiple of pointsStep, each step worth stepValue, up to maxShareOfSubtotal % of it
  | (OptionBase & {
      kind: 'pay_with_points';
      pointsStep: number;
      stepValue: string;
      maxShareOfSubtotal: number;
    });

export type RedemptionKind = RedemptionOption['kind'];

/** The code a redemption asks Shopify for, decided from the option (and the points, for pay with points). */
export interface PricedRedemption {
  pointsCost: number;
  value: Micros | null; // the code's money value; null when it depends on the cart
  discount:
    | { type: 'amount'; amount: Micros }
    | { type: 'percentage'; percentage: number }
    | { type: 'free_shipping' };
  minimumSubtotal: Micros | null;
}

const ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const MAX_OPTIONS = 20;
const MAX_POINTS = 1_000_000_000;
const MAX_AMOUNT = 1_000_000n * MICROS_PER_UNIT;

/** The cheapest a shopper can redeem this option for: its cost, or one step of pay with points. */
export function minimumPoints(option: RedemptionOption): number {
  return option.kind === 'pay_with_points' ? option.pointsStep : option.pointsCost;
}

/** The money value the option grants for its minimum points (null when the cart decides it). */
export function optionValue(option: RedemptionOption): Micros | null {
  switch (option.kind) {
    case 'fixed_amount':
      return parseDecimal(option.amount);
    case 'percentage':
      return option.maximumAmount === null ? null : parseDecimal(option.maximumAmount);
    case 'free_shipping':
      return null;
    case 'pay_with_points':
      return parseDecimal(option.stepValue);
  }
}

/**
 * Decides what a redemption of `option` costs and grants. `points` is required for pay with points (a positive
 * multiple of its step) and refused for the others. Pay with points may cover at most maxShareOfSubtotal % of the
 * order: the code's minimum subtotal is value / share (or the option's minimum, if higher), which Shopify enforces.
 * A percentage's maximum is shown to shoppers but a basic code cannot cap a percentage; see docs/design.md.
 */
export function priceRedemption(option: RedemptionOption, points: number | undefined): PricedRedemption {
  const minimum = option.minimumSubtotal === null ? null : parseDecimal(option.minimumSubtotal);
  if (option.kind !== 'pay_with_points') {
    if (points !== undefined && points !== option.pointsCost)
      throw new LoyaltyError(
        'invalid_points',
        `The option "${option.id}" costs ${option.pointsCost} points.`,
        422,
      );
    const discount =
      option.kind === 'fixed_amount'
        ? { type: 'amount' as const, amount: parseDecimal(option.amount) }
        : option.kind === 'percentage'
          ? { type: 'percentage' as const, percentage: option.percentage }
          : { type: 'free_shipping' as const };
    return { pointsCost: option.pointsCost, value: optionValue(option), discount, minimumSubtotal: minimum };
  }
  if (
    points === undefined ||
    !Number.isSafeInteger(points) ||
    points <= 0 ||
    points % option.pointsStep !== 0
  )
    throw new LoyaltyError(
      'invalid_points',
      `points must be a positive multiple of ${option.pointsStep} for the option "${option.id}".`,
      422,
    );
  const value = BigInt(points / option.pointsStep) * parseDecimal(option.stepValue);
  const byShare = (value * 100n + BigInt(option.maxShareOfSubtotal) - 1n) / BigInt(option.maxShareOfSubtotal);
  return {
    pointsCost: points,
    value,
    discount: { type: 'amount', amount: value },
    minimumSubtotal: minimum !== null && minimum > byShare ? minimum : byShare,
  };
}

/** Checks a list of options as the merchant sends it; every problem is listed in one 422. */
export function validateRedemptionOptions(input: unknown): RedemptionOption[] {
  const { options, problems } = checkRedemptionOptions(input);
  if (problems.length) throw invalidProgram(problems);
  return options;
}

/** The options, normalized, and every problem found (the program's validation lists them with its own). */
export function checkRedemptionOptions(input: unknown): {
  options: RedemptionOption[];
  problems: SettingProblem[];
} {
  const problems: SettingProblem[] = [];
  if (!Array.isArray(input))
    return { options: [], problems: [{ field: 'redemptionOptions', message: 'must be a list' }] };
  if (input.length > MAX_OPTIONS)
    problems.push({
      field: 'redemptionOptions',
      message: `at most ${MAX_OPTIONS} redemption options`,
      label: '',
    });
  const ids = new Set<string>();
  const options = input.map((raw, index) => {
    const option = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const problem = (key: string, message: string) =>
      problems.push({ field: `redemptionOptions.${index}.${key}`, message });
    if (typeof option.id !== 'string' || !ID.test(option.id))
      problem('id', 'must be 1-40 lowercase letters, digits, - or _');
    else if (ids.has(option.id)) problem('id', `"${option.id}" is used twice`);
    else ids.add(option.id);
    if (typeof option.title !== 'string' || !option.title.trim() || option.title.length > 80)
      problem('title', 'must be 1-80 characters');
    if (option.minimumSubtotal !== null && !isAmount(option.minimumSubtotal, true))
      problem('minimumSubtotal', 'must be null or a decimal >= 0 with at most 2 decimals');
    if (typeof option.combinesWithOtherDiscounts !== 'boolean')
      problem('combinesWithOtherDiscounts', 'must be true or false');
    const count = (key: string, max = MAX_POINTS) => {
      const value = option[key];
      if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max)
        problem(key, `must be a whole number from 1 to ${max}`);
    };
    switch (option.kind) {
      case 'fixed_amount':
        count('pointsCost');
        if (!isAmount(option.amount)) problem('amount', 'must be a decimal > 0 with at most 2 decimals');
        break;
      case 'percentage':
        count('pointsCost');
        count('percentage', 100);
        if (option.maximumAmount !== null && !isAmount(option.maximumAmount))
          problem('maximumAmount', 'must be null or a decimal > 0 with at most 2 decimals');
        break;
      case 'free_shipping':
        count('pointsCost');
        break;
      case 'pay_with_points':
        count('pointsStep');
        if (!isAmount(option.stepValue))
          problem('stepValue', 'must be a decimal > 0 with at most 2 decimals');
        count('maxShareOfSubtotal', 100);
        break;
      default:
        problem('kind', 'must be fixed_amount, percentage, free_shipping or pay_with_points');
    }
    return option as unknown as RedemptionOption;
  });
  return { options: problems.length ? [] : options.map(normalize), problems };
}

function normalize(option: RedemptionOption): RedemptionOption {
  const base = {
    id: option.id,
    title: option.title.trim(),
    minimumSubtotal: option.minimumSubtotal,
    combinesWithOtherDiscounts: option.combinesWithOtherDiscounts,
  };
  switch (option.kind) {
    case 'fixed_amount':
      return { ...base, kind: option.kind, pointsCost: option.pointsCost, amount: option.amount };
    case 'percentage':
      return {
        ...base,
        kind: option.kind,
        pointsCost: option.pointsCost,
        percentage: option.percentage,
        maximumAmount: option.maximumAmount,
      };
    case 'free_shipping':
      return { ...base, kind: option.kind, pointsCost: option.pointsCost };
    case 'pay_with_points':
      return {
        ...base,
        kind: option.kind,
        pointsStep: option.pointsStep,
        stepValue: option.stepValue,
        maxShareOfSubtotal: option.maxShareOfSubtotal,
      };
  }
}

// Amounts of the codes Shopify makes: whole cents (two decimals at most), no sign, no spaces. A third decimal
// would be rounded when the code is created, so what the shopper gets would differ from what was configured.
const AMOUNT = /^\d{1,7}(?:\.\d{1,2})?$/;

function isAmount(value: unknown, zeroAllowed = false): boolean {
  if (typeof value !== 'string' || !AMOUNT.test(value)) return false;
  const micros = parseDecimal(value);
  return (zeroAllowed ? micros >= 0n : micros > 0n) && micros <= MAX_AMOUNT;
}
