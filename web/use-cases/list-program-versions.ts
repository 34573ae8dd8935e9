import { settingChanges } from '../loyalty/program-history.js';
import type { Store } from '../db/store.js';
import { SETTINGS_KEYS } from './update-program.js';

/**
 * GET /api/program/versions: every version, newest first, with who saved it, when, and which settings it changed
 * compared with the version before it (the first version, the defaults, changes nothing).
 */
export async function listProgramVersions(store: Store, shop: string) {
  const history = await store.read((repos) => repos.shops.programHistory(shop));
  const versions = history.map((version, i) => {
    const previous = history[i - 1];
    return {
      version: version.version,
      effectiveFrom: version.effectiveFrom.toISOString(),
      changedBy: version.changedBy,
      changedAt: version.changedAt.toISOString(),
      changes: previous ? settingChanges(previous, version, SETTINGS_KEYS) : [],
    };
  });
  return { versions: versions.reverse() };
}
