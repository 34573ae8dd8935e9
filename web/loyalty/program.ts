import { LoyaltyError } from './errors.js';
import { isDecimal } from './money.js';
import { checkRedemptionOptions, type RedemptionOption } from './redemption-options.js';
import { invalidProgram, type SettingProblem } from './setting-problems.js';
import {
  DEFAULT_RETURN_VISIT,
  normalizeReturnVisit,
  returnVisitProblems,
  type ReturnVisitSettings,
} from './return-visit.js';

/** The merchant's settings at one point in time. A change creates a new version from `effectiveFrom` on. */
export interface ProgramSettings {
  earnRate: string; // points per unit of shop currency
  pointValue: string; // shop-currency value of one point
  includeShipping: boolean;
  pendingDays: number;
  expiryMonths: number; // 0 = points never expire
  signupBonus: number;
  maxPointsPerOrder: number; // no order earns more, whatever its amount (a mistyped price cannot mint millions)
  redemptionOptions: RedemptionOption[];
  codeLifetimeDays: number; // a redemption's discount code expires after this many days
  returnVisit: ReturnVisitSettings;
  // whole percent of issued points the merchant expects never to be redeemed; the dashboard's breakage estimate
  // until the shop has enough expired points of its own to measure it (web/loyalty/breakage.ts)
  breakageAssumption: number;
}

export interface ProgramVersion extends ProgramSettings {
  version: number;
  effectiveFrom: Date;
}

export const DEFAULT_PROGRAM: ProgramSettings = {
  earnRate: '1',
  pointValue: '0.01',
  includeShipping: false,
  pendingDays: 0,
  expiryMonths: 0,
  signupBonus: 0,
  maxPointsPerOrder: 100_000,
  redemptionOptions: [],
  codeLifetimeDays: 30,
  returnVisit: DEFAULT_RETURN_VISIT,
  breakageAssumption: 20,
};

export const MAX_CODE_LIFETIME_DAYS = 365;

/** Upper bound for the cap itself: points are stored as 32-bit integers. */
export const MAX_POINTS_PER_ORDER_LIMIT = 1_000_000_000;

/**
 * The version that applies to something that happened at `at`: the latest one in effect then. Events from before
 * the first version use the first one. Choosing by the event's own time (not by arrival) keeps awards independent
 * of webhook delivery order.
 */
export function programAt(versions: readonly ProgramVersion[], at: Date): ProgramVersion {
  let chosen: ProgramVersion | undefined;
  for (const candidate of versions) {
    if (candidate.effectiveFrom.getTime() <= at.getTime()) {
      if (!chosen || candidate.version > chosen.version) chosen = candidate;
    }
  }
  const first = [...versions].sort((a, b) => a.version - b.version)[0];
  const result = chosen ?? first;
  if (!result) throw new LoyaltyError('program_missing', 'The shop has no loyalty program configured.', 409);
  return result;
}

/**
 * Checks the settings as the merchant sent them (from JSON: anything may be of the wrong type). Every problem is
 * listed in one 422 `invalid_program`, by field (web/loyalty/setting-problems.ts).
 */
export function validateProgramSettings(settings: ProgramSettings): ProgramSettings {
  const problems: SettingProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  // isDecimal trims, so the sign check must too: " -1" is a negative decimal.
  const decimal = (value: unknown) =>
    typeof value === 'string' && isDecimal(value) && !value.trim().startsWith('-');
  const whole = (value: number, min: number, max: number) =>
    Number.isInteger(value) && value >= min && value <= max;
  if (!decimal(settings.earnRate)) problem('earnRate', 'must be a non-negative decimal');
  if (!decimal(settings.pointValue)) problem('pointValue', 'must be a non-negative decimal');
  if (typeof settings.includeShipping !== 'boolean') problem('includeShipping', 'must be true or false');
  for (const key of ['pendingDays', 'expiryMonths', 'signupBonus'] as const) {
    if (!Number.isInteger(settings[key]) || settings[key] < 0) problem(key, 'must be a whole number >= 0');
  }
  if (!whole(settings.maxPointsPerOrder, 1, MAX_POINTS_PER_ORDER_LIMIT))
    problem('maxPointsPerOrder', `must be a whole number from 1 to ${MAX_POINTS_PER_ORDER_LIMIT}`);
  if (!whole(settings.codeLifetimeDays, 1, MAX_CODE_LIFETIME_DAYS))
    problem('codeLifetimeDays', `must be a whole number from 1 to ${MAX_CODE_LIFETIME_DAYS}`);
  if (!whole(settings.breakageAssumption, 0, 100))
    problem('breakageAssumption', 'must be a whole percent from 0 to 100');
  const options = checkRedemptionOptions(settings.redemptionOptions);
  problems.push(...options.problems);
  problems.push(...returnVisitProblems(settings.returnVisit));
  if (problems.length) throw invalidProgram(problems);
  return {
    ...settings,
    redemptionOptions: options.options,
    returnVisit: normalizeReturnVisit(settings.returnVisit),
  };
}
