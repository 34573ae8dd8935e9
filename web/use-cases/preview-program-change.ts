import { describeProgramChange } from '../loyalty/program-change.js';
import { DEFAULT_PROGRAM, programAt } from '../loyalty/program.js';
import type { Store } from '../db/store.js';
import { nextSettings } from './update-program.js';

/**
 * POST /api/program/preview: what saving this body with PUT /api/program would do to the points customers hold,
 * for the panel's confirmation dialog. Validated exactly like the PUT (the same 422), and nothing is written.
 */
export async function previewProgramChange(store: Store, shop: string, input: unknown, now: Date) {
  const versions = await store.read((repos) => repos.shops.programVersions(shop));
  // a shop that has not reached the database yet has the default program
  const current = versions.length ? programAt(versions, now) : DEFAULT_PROGRAM;
  return { change: describeProgramChange(current, nextSettings(current, input)) };
}
