import { programAt, type ProgramSettings, validateProgramSettings } from '../loyalty/program.js';
import { LoyaltyError } from '../loyalty/errors.js';
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
] as const satisfies ReadonlyArray<keyof ProgramSettings>;

/** The program in force now, and its version. */
export async function getProgram(store: Store, shop: string, now: Date) {
  const versions = await store.read((repos) => repos.shops.programVersions(shop));
  return programView(programAt(versions, now));
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
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new LoyaltyError('invalid_program', 'The program must be a JSON object of settings.', 422);
    const given = input as Record<string, unknown>;
    const merged = Object.fromEntries(
      SETTINGS_KEYS.map((key) => [key, key in given ? given[key] : current[key]]),
    ) as unknown as ProgramSettings;
    const settings = validateProgramSettings(merged);
    const version = await repos.shops.addProgramVersion(shop, settings, now, { by: changedBy, at: now });
    // the automatic discount in Shopify follows the settings (jobs/sync-return-visits)
    await repos.shops.markReturnVisitSyncDue(shop);
    return programView({ ...settings, version, effectiveFrom: now });
  });
}

function programView(program: ProgramSettings & { version: number; effectiveFrom: Date }) {
  return {
    version: program.version,
    effectiveFrom: program.effectiveFrom.toISOString(),
    ...Object.fromEntries(SETTINGS_KEYS.map((key) => [key, program[key]])),
  };
}
