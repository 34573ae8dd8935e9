import { programAt, type ProgramSettings, validateProgramSettings } from '../loyalty/program.js';
import { LoyaltyError } from '../loyalty/errors.js';
import { FALLBACK_CURRENCY } from '../loyalty/money.js';
import type { Store } from '../db/store.js';

export const SETTINGS_KEYS = [
  'earnRate',
  'pointValue',
  'includeShipping',
  'pendingDays',
  'expiryMonths',
  'signupBonus',
  'maxPointsPerOrder',
  'redemptionOptions',
  'codeLifetimeDays',
  'returnVisit',
  'breakageAssumption',
] as const satisfies ReadonlyArray<keyof ProgramSettings>;

/** The program in force now, its version, and the shop's currency (what the panel shows amounts in). */
export async function getProgram(store: Store, shop: string, now: Date) {
  const read = await store.read(async (repos) => ({
    shop: await repos.shops.find(shop),
    versions: await repos.shops.programVersions(shop),
  }));
  return programView(programAt(read.versions, now), read.shop?.currency ?? FALLBACK_CURRENCY);
}

/**
 * PUT /api/program: the whole settings object, validated (every problem in one 422), saved as a new version in
 * force from now. Keys left out keep their current value, so older panels do not reset newer settings. The
 * version records the staff user who saved it (the session token's `sub`).
 */
export async function updateProgram(
  store: Store,
  shop: string,
  input: unknown,
  now: Date,
  changedBy: string | null = null,
) {
  return store.transaction(async (repos) => {
    await repos.shops.ensure(shop);
    const current = programAt(await repos.shops.programVersions(shop), now);
    const settings = nextSettings(current, input);
    const version = await repos.shops.addProgramVersion(shop, settings, now, { by: changedBy, at: now });
    // the automatic discount in Shopify follows the settings (jobs/sync-return-visits)
    await repos.shops.markReturnVisitSyncDue(shop);
    const currency = (await repos.shops.find(shop))?.currency ?? FALLBACK_CURRENCY;
    return programView({ ...settings, version, effectiveFrom: now }, currency);
  });
}

/**
 * The settings a PUT body asks for: its keys over the current program's, validated (every problem in one 422).
 * POST /api/program/preview checks a body the same way.
 */
export function nextSettings(current: ProgramSettings, input: unknown): ProgramSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new LoyaltyError('invalid_program', 'The program must be a JSON object of settings.', 422, {
      problems: [],
    });
  const given = input as Record<string, unknown>;
  const merged = Object.fromEntries(
    SETTINGS_KEYS.map((key) => [key, key in given ? given[key] : current[key]]),
  ) as unknown as ProgramSettings;
  return validateProgramSettings(merged);
}

/** `currencyCode` as GET /api/stats finds it: the shop's currency, or the fallback until it is known. */
function programView(
  program: ProgramSettings & { version: number; effectiveFrom: Date },
  currencyCode: string,
) {
  return {
    version: program.version,
    effectiveFrom: program.effectiveFrom.toISOString(),
    ...Object.fromEntries(SETTINGS_KEYS.map((key) => [key, program[key]])),
    currencyCode,
  };
}
